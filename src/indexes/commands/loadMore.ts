import vscode = require('vscode');
import { CommandIds } from '../../common/commandIds';
import { presentError } from '../../common/presentError';
import type { IndexFeature } from '../feature';
import type { LoadMoreResult } from '../results';
import type { LoadMoreScope } from '../tree/indexListing';

/** The "Load more…" nodes: the next page of indexes, or of one index's videos. */
export function registerLoadMore(context: vscode.ExtensionContext, feature: IndexFeature): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(CommandIds.loadMore, async (arg?: unknown): Promise<LoadMoreResult> => {
      const scope = toScope(arg);
      if (!scope) {
        return { outcome: 'noTarget' };
      }
      const result = await feature.tree.loadMore(scope);
      if (result.outcome === 'failed') {
        const what = scope.kind === 'indexes' ? vscode.l10n.t('Could not load more indexes') : vscode.l10n.t('Could not load videos');
        feature.notifier.showError(
          presentError(what, result.error, { title: vscode.l10n.t('Retry'), command: CommandIds.loadMore, arguments: [scope] }),
        );
      }
      return result;
    }),
  );
}

function toScope(arg: unknown): LoadMoreScope | undefined {
  if (typeof arg !== 'object' || arg === null) {
    return undefined;
  }
  const candidate = (arg as { scope?: unknown }).scope ?? arg;
  const scope = candidate as { kind?: unknown; indexId?: unknown };
  if (scope.kind === 'indexes') {
    return { kind: 'indexes' };
  }
  if (scope.kind === 'videos' && typeof scope.indexId === 'string') {
    return { kind: 'videos', indexId: scope.indexId };
  }
  return undefined;
}
