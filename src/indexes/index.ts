import vscode = require('vscode');
import { videoChooser } from './commands/chooseVideo';
import { registerClearIndexFilter } from './commands/clearIndexFilter';
import { registerCopyCodeSnippet } from './commands/copyCodeSnippet';
import { registerCopyIndexId } from './commands/copyIndexId';
import { registerCopyVideoId } from './commands/copyVideoId';
import { registerCreateIndex, type CreateIndex } from './commands/createIndex';
import type { CatalogueModel } from './catalogue';
import { currentCatalogue } from './defaultCatalogue';
import { registerDeleteIndex } from './commands/deleteIndex';
import { registerDeleteVideo } from './commands/deleteVideo';
import { registerEditVideoMetadata } from './commands/editVideoMetadata';
import { registerFilterIndexes } from './commands/filterIndexes';
import { registerLoadMore } from './commands/loadMore';
import { registerOpenIndexInPlayground } from './commands/openIndexInPlayground';
import { registerRefreshIndexes } from './commands/refreshIndexes';
import { registerRenameIndex } from './commands/renameIndex';
import { registerShowIndexDetails } from './commands/showIndexDetails';
import { registerShowVideoDetails } from './commands/showVideoDetails';
import { IndexContextKeys } from './contextKeys';
import type { IndexFeatureDeps } from './deps';
import type { IndexFeature } from './feature';
import { KeyChangeWatcher } from './keyWatcher';
import { INDEXES_VIEW_ID } from '../common/commandIds';
import type { Notifier } from '../common/notifier';
import type { WindowPort } from '../common/windowPort';
import { IndexesTree } from './tree/indexesTree';
import type { TreeNode } from './tree/treeNode';

export type { IndexFeatureDeps } from './deps';
export type { ContributedNode, IndexChildContributor, IndexTreeHooks } from './tree/contract';
export type { CreateIndex } from './commands/createIndex';
export type { CatalogueModel } from './catalogue';

/** What the index features hand back to the composition root. */
export interface IndexFeatures {
  tree: IndexesTree;
  view: vscode.TreeView<TreeNode>;
  contextKeys: IndexContextKeys;
  /** The video a command of another feature acts on: named by its argument, else picked (index, then video). */
  chooseVideo: (arg: unknown, title: string) => Promise<{ indexId: string; videoId: string } | undefined>;
  /** Create Index with its arguments given (no wizard), as the agent's tool calls it. */
  createIndex: CreateIndex;
  /** The models Create Index offers now (built in, plus `twelveLabs.indexModels`). */
  catalogue: () => CatalogueModel[];
}

/**
 * The Indexes view and its commands. Nothing here touches the network during activation: the first
 * request happens when VS Code asks the tree for its children, i.e. when the view is shown.
 */
export function registerIndexFeatures(
  context: vscode.ExtensionContext,
  deps: IndexFeatureDeps,
  ui: { notifier: Notifier; window: WindowPort },
): IndexFeatures {
  const contextKeys = new IndexContextKeys();
  const tree = new IndexesTree(deps, contextKeys);
  const view = vscode.window.createTreeView(INDEXES_VIEW_ID, { treeDataProvider: tree, showCollapseAll: true });
  tree.attach(view);
  const feature: IndexFeature = { deps, tree, view, notifier: ui.notifier, window: ui.window };

  context.subscriptions.push(
    view,
    tree,
    view.onDidChangeVisibility((event) => {
      if (event.visible) {
        tree.onBecameVisible();
      }
    }),
    new KeyChangeWatcher(deps.keyStore, () => tree.invalidate()),
    deps.settings.onDidChange((affects) => {
      if (affects('apiUrl')) {
        tree.invalidate();
      }
    }),
  );

  const createIndex = registerCreateIndex(context, feature);
  registerRefreshIndexes(context, feature);
  registerFilterIndexes(context, feature);
  registerClearIndexFilter(context, feature);
  registerRenameIndex(context, feature);
  registerDeleteIndex(context, feature);
  registerShowIndexDetails(context, feature);
  registerCopyIndexId(context, feature);
  registerCopyCodeSnippet(context, feature);
  registerOpenIndexInPlayground(context, feature);
  registerLoadMore(context, feature);
  registerShowVideoDetails(context, feature);
  registerCopyVideoId(context, feature);
  registerEditVideoMetadata(context, feature);
  registerDeleteVideo(context, feature);

  return { tree, view, contextKeys, chooseVideo: videoChooser(feature), createIndex, catalogue: () => currentCatalogue(deps.settings) };
}
