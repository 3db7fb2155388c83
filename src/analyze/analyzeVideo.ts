import vscode = require('vscode');
import { CommandIds } from '../common/commandIds';
import type { AnalyzeVideoResult } from './results';
import type { AnalyzeFeature } from './feature';

/**
 * "Analyze Video…": on a video node, from a search result or the player (`{ indexId, videoId,
 * start?, end? }`, which only preselect), or from the palette (which picks the index and video).
 * The questions and the run live in analyzeFlow.js, loaded on first use.
 */
export function registerAnalyzeVideo(feature: AnalyzeFeature): vscode.Disposable {
  return vscode.commands.registerCommand(CommandIds.analyzeVideo, async (arg?: unknown): Promise<AnalyzeVideoResult> => {
    const flow = await import('./analyzeFlow.js');
    return flow.analyzeVideo(feature, arg);
  });
}
