import type * as vscode from 'vscode';
import type { IndexFeatureDeps } from './deps';
import type { Notifier } from '../common/notifier';
import type { IndexesTree } from './tree/indexesTree';
import type { TreeNode } from './tree/treeNode';
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
