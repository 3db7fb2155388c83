import type * as vscode from 'vscode';
import type { IndexFeatureDeps } from './deps';
import type { Notifier } from '../common/notifier';
import type { IndexesTree } from './tree/indexesTree';
import type { TreeNode } from './tree/treeNode';
import type { WindowPort } from '../common/windowPort';

/** Everything the index commands share, built once by `registerIndexFeatures`. */
export interface IndexFeature {
  deps: IndexFeatureDeps;
  tree: IndexesTree;
  view: vscode.TreeView<TreeNode>;
  notifier: Notifier;
  /** Where the wizard's inputs come from. */
  window: WindowPort;
}
