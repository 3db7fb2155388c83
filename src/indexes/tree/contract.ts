import type * as vscode from 'vscode';
import type { RefreshResult } from '../results';

/**
 * What other features may do to the Indexes view, and what they may add to it. Other features see
 * only this file (re-exported by `indexes/index.ts`), never the tree's implementation.
 */

/** A node another feature shows under an index (an upload's task). */
export interface ContributedNode extends vscode.TreeItem {
  readonly kind: 'contributed';
  readonly indexId: string;
}

/** Nodes another feature adds above an index's videos, e.g. the uploads' task nodes. */
export interface IndexChildContributor {
  childrenOf(indexId: string): ContributedNode[];
  /** Fires when any contributed node changed; the view re-reads them without a request. */
  readonly onDidChange: vscode.Event<void>;
}

/** What other features may do to the Indexes view. */
export interface IndexTreeHooks {
  setChildContributor(contributor: IndexChildContributor): vscode.Disposable;
  /** Reload page 1 now (one request), e.g. after a video was added. */
  refresh(): Promise<RefreshResult>;
  /** Reload if the view is visible, otherwise on its next showing. */
  invalidate(): void;
  reveal(indexId: string): Promise<boolean>;
}
