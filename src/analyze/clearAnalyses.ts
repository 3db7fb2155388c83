import vscode = require('vscode');
import { CommandIds } from '../common/commandIds';
import type { AnalyzeFeature } from './feature';

export type ClearAnalysesResult = { outcome: 'cleared'; count: number } | { outcome: 'cancelled' } | { outcome: 'none' };

/** Removes every kept analysis, after asking: the results cost a request each to get again. */
export function registerClearAnalyses(feature: AnalyzeFeature): vscode.Disposable {
  return vscode.commands.registerCommand(CommandIds.clearCachedAnalyses, async (): Promise<ClearAnalysesResult> => {
    await feature.cache.load();
    const count = feature.cache.all().length;
    if (count === 0) {
      void feature.notifier.show('info', vscode.l10n.t('No analyses are kept.'));
      return { outcome: 'none' };
    }
    const remove = vscode.l10n.t('Clear');
    const answer = await feature.notifier.confirm(
      count === 1 ? vscode.l10n.t('Clear the kept analysis?') : vscode.l10n.t('Clear the {0} kept analyses?', count),
      vscode.l10n.t('Opening one again will then need a new request. Documents you saved to the workspace stay.'),
      remove,
    );
    if (answer !== remove) {
      return { outcome: 'cancelled' };
    }
    const cleared = await feature.cache.clear();
    vscode.window.setStatusBarMessage(vscode.l10n.t('Cleared {0} kept analyses', cleared), 4000);
    return { outcome: 'cleared', count: cleared };
  });
}
