import vscode = require('vscode');
import { CommandIds } from '../../common/commandIds';
import type { IndexFeature } from '../feature';
import type { FilterResult, RefreshResult } from '../results';

/**
 * "Filter by Name": the server's `index_name` filter, shown in the view's description. An empty
 * answer clears it. Programmatic use: `{ name }` or a string, no prompt.
 */
export function registerFilterIndexes(context: vscode.ExtensionContext, feature: IndexFeature): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(CommandIds.filterIndexes, async (arg?: unknown): Promise<FilterResult> => {
      let text = typeof arg === 'string' ? arg : isNameArg(arg) ? arg.name : undefined;
      if (text === undefined) {
        text = await vscode.window.showInputBox({
          title: vscode.l10n.t('Filter Indexes by Name'),
          prompt: vscode.l10n.t('Show the indexes whose name contains this text. Leave empty to show all.'),
          value: feature.tree.filter ?? '',
          ignoreFocusOut: true,
        });
        if (text === undefined) {
          return { outcome: 'cancelled' };
        }
      }
      return asFiltered(await feature.tree.setFilter(text));
    }),
  );
}

function asFiltered(result: RefreshResult): FilterResult {
  return result.outcome === 'loaded' ? { ...result, outcome: 'filtered' } : result;
}

function isNameArg(arg: unknown): arg is { name: string } {
  return typeof arg === 'object' && arg !== null && typeof (arg as { name?: unknown }).name === 'string';
}
