import type * as vscode from 'vscode';
import type { RefreshResult } from '../results';

/**
 * What other features may do to the Indexes view, and what they may add to it. Other features see
 * only this file (re-exported by `indexes/index.ts`), never the tree's implementation.
 */

/** A node another feature shows under an index (an upload's task), under one of its videos, or under another such node. */
export interface ContributedNode extends vscode.TreeItem {
  readonly kind: 'contributed';
  readonly indexId: string;
  /** Set when the node is shown under this video of the index (from `childrenOfVideo`). */
  readonly videoId?: string;
  /** Set when the node is shown under this node of the same contributor (from `childrenOfNode`). */
  readonly parentNode?: ContributedNode;
}

/** Nodes another feature adds above an index's videos, e.g. the uploads' task nodes. */
export interface IndexChildContributor {
  childrenOf(indexId: string): ContributedNode[];
  /**
   * Indexed-asset ids that this contributor's own nodes under the index already stand for (an upload
   * still indexing): the view leaves them out of the index's listed videos, so that one video is
   * never shown twice. Read on every render, like `childrenOf`; fire `onDidChange` when it changes.
   */
  covers?(indexId: string): ReadonlySet<string>;
  /** Nodes under a listed video (e.g. its kept analyses); a video with some can be expanded. Read on every render. */
  childrenOfVideo?(indexId: string, videoId: string): ContributedNode[];
  /** Nodes under one of this contributor's own collapsible nodes; [] for another's. */
  childrenOfNode?(node: ContributedNode): ContributedNode[];
  /** Fires when any contributed node changed; the view re-reads them without a request. */
  readonly onDidChange: vscode.Event<void>;
}

/** What other features may do to the Indexes view. */
export interface IndexTreeHooks {
  /** Adds the contributor's nodes to the view; disposing removes them. Several contributors may be set. */
  setChildContributor(contributor: IndexChildContributor): vscode.Disposable;
  /** Reload page 1 now (one request), e.g. after a video was added. */
  refresh(): Promise<RefreshResult>;
  /** Reload if the view is visible, otherwise on its next showing. */
  invalidate(): void;
  /** Selects the index; `expand` also opens it, so what another feature put under it is in view. */
  reveal(indexId: string, options?: { expand?: boolean }): Promise<boolean>;
  /**
   * The indexes the view has loaded (page by page, under its name filter), for another feature's
   * picker without a request of its own; undefined while nothing is loaded.
   */
  loadedIndexes(): { id: string; name: string }[] | undefined;
  /** Fires when what the view shows changed (loaded, refreshed, edited). */
  readonly onDidChangeTreeData: vscode.Event<unknown>;
  /** The index of what is selected in the view (an index, or a video of it), if anything. */
  selectedIndexId(): string | undefined;
  /** Opens the index and selects the video, loading further pages of its videos if need be. */
  revealVideo(indexId: string, videoId: string): Promise<boolean>;
}
