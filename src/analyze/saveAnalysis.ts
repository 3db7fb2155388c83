import vscode = require('vscode');
import { CommandIds } from '../common/commandIds';
import type { AnalyzeFeature } from './feature';
import type { SaveAnalysisResult } from './results';

/** "Save Analysis to Workspace…": a kept analysis (its node) or the analysis in the editor, to a file the user names. */
export function registerSaveAnalysis(feature: AnalyzeFeature): vscode.Disposable {
  return vscode.commands.registerCommand(CommandIds.saveAnalysis, async (arg?: unknown): Promise<SaveAnalysisResult> => {
    const flow = await import('./analyzeFlow.js');
    return flow.saveAnalysis(feature, arg);
  });
}
