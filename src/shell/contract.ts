import type * as vscode from 'vscode';
import type { TreeNode } from '../indexes/tree/treeNode';
import type { ExtensionTestApi, StatusBarSnapshot } from '../testApi';

/**
 * What the activation shell (dist/extension.js) hands to the features (dist/features.js) when they
 * load. They are separate bundles: only instances cross, so nothing may rely on the identity of a
 * class or module both contain.
 */
export interface ShellServices {
  /** Created at activation, so VS Code can show the view before the features exist. */
  indexesView: vscode.TreeView<TreeNode>;
  /** Gives the view its real data: the shell forwards to `provider` from now on. */
  provideIndexes(provider: vscode.TreeDataProvider<TreeNode>): vscode.Disposable;
  /** What made the shell load the features, for the log. */
  reason: string;
}

/** dist/features.js */
export interface FeaturesModule {
  startFeatures(context: vscode.ExtensionContext, shell: ShellServices): ExtensionTestApi | undefined;
}

/** dist/idle.js: what a window with no key and nothing to do shows. */
export interface IdleModule {
  showNoKeyStatus(): vscode.Disposable & { snapshot(): StatusBarSnapshot };
}
