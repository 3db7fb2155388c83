import vscode = require('vscode');
import { CommandIds } from '../common/commandIds';
import type { AnalyzeFeature } from './feature';
import { templateLabel } from './templates';

export type OpenAnalysisResult = { outcome: 'opened'; uri: string } | { outcome: 'gone' };

/** Opens a kept analysis (its tree node's click) from the cache: no request. */
export function registerOpenAnalysis(feature: AnalyzeFeature): vscode.Disposable {
  return vscode.commands.registerCommand(CommandIds.openAnalysis, async (arg?: unknown): Promise<OpenAnalysisResult> => {
    const id = analysisIdFrom(arg);
    const summary = id === undefined ? undefined : feature.cache.find(id);
    if (!summary) {
      void feature.notifier.show('warning', vscode.l10n.t('This analysis is no longer kept. Run "Analyze Video…" again to get it.'));
      return { outcome: 'gone' };
    }
    const uri = feature.documents.keptUri(summary.id, vscode.l10n.t('{0} – {1}', templateLabel(summary.template, vscode.l10n), summary.videoName), summary.language);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: true });
    return { outcome: 'opened', uri: uri.toString() };
  });
}

/** `{ analysisId }`, or an analysis node (which carries it in its summary). */
export function analysisIdFrom(arg: unknown): string | undefined {
  if (typeof arg !== 'object' || arg === null) {
    return undefined;
  }
  const candidate = arg as { analysisId?: unknown; analysis?: { id?: unknown } };
  const id = candidate.analysisId ?? candidate.analysis?.id;
  return typeof id === 'string' && /^[0-9a-f]{32}$/.test(id) ? id : undefined;
}
