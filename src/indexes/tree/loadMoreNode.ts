import vscode = require('vscode');
import { CommandIds } from '../../common/commandIds';
import type { LoadMoreScope } from './indexListing';

/** "Load more…" at the end of a partly loaded list; clicking it runs `twelvelabs.loadMore` with itself. */
export class LoadMoreNode extends vscode.TreeItem {
  readonly kind = 'loadMore';

  constructor(
    readonly scope: LoadMoreScope,
    shown: number,
    total: number,
  ) {
    super(vscode.l10n.t('Load more…'), vscode.TreeItemCollapsibleState.None);
    this.id = scope.kind === 'indexes' ? 'loadMore:indexes' : `${scope.indexId}/loadMore`;
    this.contextValue = 'twelvelabs.loadMore';
    this.iconPath = new vscode.ThemeIcon('ellipsis');
    this.description = vscode.l10n.t('{0} of {1}', shown, total);
    this.command = { command: CommandIds.loadMore, title: vscode.l10n.t('Load More'), arguments: [scope] };
  }
}
