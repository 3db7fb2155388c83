import vscode = require('vscode');
import { oneLine } from '../../common/untrustedText';
import type { IndexContextKeys } from '../contextKeys';
import type { IndexListing, ListingChange } from './indexListing';
import type { TreeNode } from './treeNode';

/**
 * Everything about the Indexes view that is not a node: `TreeView.message` for a failed load, the
 * filter in `TreeView.description`, and the context keys that pick menus and `viewsWelcome` content.
 */
export class IndexesViewChrome implements vscode.Disposable {
  private view: vscode.TreeView<TreeNode> | undefined;
  private readonly subscription: { dispose(): void };
  /** How many indexes the account has, from the last page 1 loaded without a filter. */
  private unfilteredTotal: number | undefined;

  constructor(
    private readonly listing: IndexListing,
    private readonly contextKeys: IndexContextKeys,
  ) {
    this.subscription = listing.onDidChange((change) => this.onListingChange(change));
  }

  attach(view: vscode.TreeView<TreeNode>): void {
    this.view = view;
  }

  dispose(): void {
    this.subscription.dispose();
  }

  private onListingChange(change: ListingChange): void {
    if (change.kind === 'videos') {
      return;
    }
    const filter = this.listing.filter;
    this.contextKeys.set('indexFilterActive', filter !== undefined);
    const state = this.listing.indexes;
    if (state.kind === 'stale') {
      // Keep what the last settled page 1 showed until the next one lands: the welcome content would flash otherwise.
      return;
    }
    this.contextKeys.set('indexesLoaded', state.kind === 'loaded');
    this.contextKeys.set('hasIndexes', state.kind === 'loaded' && (state.items.length > 0 || state.pageInfo.total_results > 0 || filter !== undefined));
    if (state.kind === 'loaded' && filter === undefined) {
      this.unfilteredTotal = state.pageInfo.total_results;
    }
    if (this.view) {
      this.view.message = state.kind === 'error' ? state.presentation.message : undefined;
      this.view.description = filter !== undefined && state.kind === 'loaded' ? this.filterDescription(filter, state.pageInfo.total_results) : undefined;
    }
  }

  /** "Filtered: “abc” — 3 of 56", so that a filter is never on unseen. */
  private filterDescription(filter: string, matches: number): string {
    const name = oneLine(filter);
    return this.unfilteredTotal === undefined
      ? vscode.l10n.t('Filtered: “{0}” — {1}', name, matches)
      : vscode.l10n.t('Filtered: “{0}” — {1} of {2}', name, matches, this.unfilteredTotal);
  }
}
