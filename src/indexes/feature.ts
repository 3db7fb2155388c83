import type * as vscode from 'vscode';
import type { IndexFeatureDeps } from './deps';
import type { Notifier } from './notifier';
import type { IndexesTree } from './tree/indexesTree';
import type { RefreshResult } from './results';
import type { ContributedNode, TreeNode } from './tree/treeNode';
import type { ActiveInput } from './wizard/multiStepInput';

/** Everything the index commands share, built once by `registerIndexFeatures`. */
export interface IndexFeature {
  deps: IndexFeatureDeps;
  tree: IndexesTree;
  view: vscode.TreeView<TreeNode>;
  notifier: Notifier;
  /** Told which wizard input is on screen (undefined when none), for the test API. */
  onWizardInput(active: ActiveInput | undefined): void;
}

export const INDEXES_VIEW_ID = 'twelvelabs.indexes';

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
