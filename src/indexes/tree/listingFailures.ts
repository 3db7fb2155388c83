import vscode = require('vscode');
import { CommandIds } from '../../common/commandIds';
import { presentError, type ErrorPresentation } from '../../common/presentError';
import type { ListingLoad } from './indexListing';

/** How the listing's failures read in the view and in notifications, each with the Retry that repeats it. */
export function presentListingFailure(load: ListingLoad, error: unknown): ErrorPresentation {
  const retry = vscode.l10n.t('Retry');
  switch (load.kind) {
    case 'firstPage':
      return presentError(vscode.l10n.t('Could not load indexes'), error, { title: retry, command: CommandIds.refreshIndexes });
    case 'indexes':
      return presentError(vscode.l10n.t('Could not load more indexes'), error, { title: retry, command: CommandIds.loadMore, arguments: [{ kind: 'indexes' }] });
    case 'videos':
      return presentError(vscode.l10n.t('Could not load videos'), error, {
        title: retry,
        command: CommandIds.loadMore,
        arguments: [{ kind: 'videos', indexId: load.indexId }],
      });
  }
}
