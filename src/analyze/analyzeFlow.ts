import vscode = require('vscode');
import type { IndexedAsset } from '../api/assetTypes';
import { presentError } from '../common/presentError';
import { oneLine } from '../common/untrustedText';
import type { AnalyzeFeature } from './feature';
import { fileSafe } from './documents';
import { renderKept } from './keptContent';
import { modelOptions } from './modelChoice';
import { analysisIdFrom } from './openAnalysis';
import { titleOf } from './plan';
import type { AnalyzeVideoResult, SaveAnalysisResult } from './results';
import { runPlan } from './runner';
import { templateLabel } from './templates';
import { askAnswers } from './wizard';

/**
 * What Analyze Video… and Save Analysis to Workspace… do once run, in a bundle of their own
 * (`dist/analyzeFlow.js`), loaded the first time one of them runs: the questions, the streaming
 * writer and the task polling add nothing to activation. The commands register in their own files.
 */

/** How long reading the video (its asset id and duration) may take before the command gives up. */
const LOOKUP_TIMEOUT_MS = 15_000;

export async function analyzeVideo(feature: AnalyzeFeature, arg: unknown): Promise<AnalyzeVideoResult> {
  const chosen = await feature.chooseVideo(arg, vscode.l10n.t('Analyze Video'));
  if (!chosen) {
    return { outcome: 'cancelled' };
  }
  const { indexId, videoId } = chosen;
  let video: IndexedAsset;
  try {
    const client = await feature.api.get();
    video = await client.getIndexedAsset(indexId, videoId, {}, { signal: AbortSignal.timeout(LOOKUP_TIMEOUT_MS) });
  } catch (error) {
    const presentation = presentError(vscode.l10n.t('Could not read the video to analyze'), error);
    feature.notifier.showError(presentation);
    return { outcome: 'failed', error: presentation.info };
  }
  const videoName = nameOf(video);
  const facts = { videoId, assetId: video.asset_id, durationSeconds: video.system_metadata?.duration };
  const choice = modelOptions(facts, vscode.l10n);
  if (choice.kind === 'refused') {
    void feature.notifier.show('error', vscode.l10n.t('Cannot analyze “{0}”: {1}', videoName, choice.message));
    return { outcome: 'refused', code: choice.code, message: choice.message };
  }
  const answers = await askAnswers({ window: feature.window, videoName, options: choice.options, clip: clipFrom(arg) });
  if (!answers) {
    return { outcome: 'cancelled' };
  }
  return runPlan(feature, { ...answers, indexId, videoId, videoName, facts });
}

/** The kept analysis of the argument (a node, `{ analysisId }`), else the analysis in the editor, to a workspace file. */
export async function saveAnalysis(feature: AnalyzeFeature, arg: unknown, pickTarget: (options: vscode.SaveDialogOptions) => Thenable<vscode.Uri | undefined> = vscode.window.showSaveDialog): Promise<SaveAnalysisResult> {
  const source = await contentToSave(feature, arg);
  if (!source) {
    void feature.notifier.show('info', vscode.l10n.t('Open an analysis, or pick one under its video in the Indexes view, to save it.'));
    return { outcome: 'nothing' };
  }
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const extension = source.language === 'json' ? 'json' : 'md';
  const target = await pickTarget({
    title: vscode.l10n.t('Save Analysis to Workspace'),
    saveLabel: vscode.l10n.t('Save'),
    defaultUri: folder ? vscode.Uri.joinPath(folder, `${fileSafe(source.title)}.${extension}`) : undefined,
    filters: source.language === 'json' ? { JSON: ['json'] } : { Markdown: ['md'] },
  });
  if (!target) {
    return { outcome: 'cancelled' };
  }
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(source.content));
  await vscode.window.showTextDocument(target, { preview: true });
  return { outcome: 'saved', uri: target.toString() };
}

async function contentToSave(feature: AnalyzeFeature, arg: unknown): Promise<{ title: string; content: string; language: 'markdown' | 'json' } | undefined> {
  const id = analysisIdFrom(arg);
  if (id !== undefined) {
    const kept = await feature.cache.read(id);
    return kept ? { title: titleOf(kept), content: renderKept(kept), language: kept.language } : undefined;
  }
  const document = vscode.window.activeTextEditor?.document;
  if (!document || !feature.documents.targetOf(document.uri)) {
    return undefined;
  }
  // By its name, not its language: a result is plain text until its stream ends.
  const name = document.uri.path.split('/').pop() ?? templateLabel('summary', vscode.l10n);
  return { title: name.replace(/\.(md|json)$/, ''), content: document.getText(), language: name.endsWith('.json') ? 'json' : 'markdown' };
}

function nameOf(video: IndexedAsset): string {
  const filename = video.system_metadata?.filename;
  return filename !== undefined && oneLine(filename).trim() !== '' ? oneLine(filename) : video._id;
}

/** A search result's or the player's clip, when the argument names a sensible one. */
function clipFrom(arg: unknown): { start: number; end: number } | undefined {
  if (typeof arg !== 'object' || arg === null) {
    return undefined;
  }
  const { start, end } = arg as { start?: unknown; end?: unknown };
  const valid = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value >= 0 && value < 86_400;
  return valid(start) && valid(end) && end - start >= 4 ? { start, end } : undefined;
}
