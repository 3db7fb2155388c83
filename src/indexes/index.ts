import vscode = require('vscode');
import { recordingLimit } from '../util/recording';
import type { IndexFeaturesTestApi, QuickInputProbe, TreeNodeSnapshot } from '../testApi';
import { registerClearIndexFilter } from './commands/clearIndexFilter';
import { registerCopyCodeSnippet } from './commands/copyCodeSnippet';
import { registerCopyIndexId } from './commands/copyIndexId';
import { registerCreateIndex } from './commands/createIndex';
import { registerDeleteIndex } from './commands/deleteIndex';
import { registerFilterIndexes } from './commands/filterIndexes';
import { registerLoadMore } from './commands/loadMore';
import { registerOpenIndexInPlayground } from './commands/openIndexInPlayground';
import { registerRefreshIndexes } from './commands/refreshIndexes';
import { registerRenameIndex } from './commands/renameIndex';
import { registerShowIndexDetails } from './commands/showIndexDetails';
import { IndexContextKeys } from './contextKeys';
import type { IndexFeatureDeps } from './deps';
import type { IndexFeature } from './feature';
import type { IndexTreeHooks } from './tree/contract';
import { KeyChangeWatcher } from './keyWatcher';
import { Notifier } from '../common/notifier';
import { IndexesTree } from './tree/indexesTree';
import type { TreeNode } from './tree/treeNode';
import type { ActiveInput } from './wizard/multiStepInput';

export type { IndexFeatureDeps } from './deps';

export type { ContributedNode, IndexChildContributor, IndexTreeHooks } from './tree/contract';

/** The view is the activation shell's (it exists before this code loads); the tree becomes its data. */
export interface IndexesViewHost {
  view: vscode.TreeView<TreeNode>;
  provide(tree: vscode.TreeDataProvider<TreeNode>): vscode.Disposable;
}

/**
 * The Indexes view and its commands. Nothing here touches the network during activation: the first
 * request happens when VS Code asks the tree for its children, i.e. when the view is shown.
 */
export function registerIndexFeatures(
  context: vscode.ExtensionContext,
  deps: IndexFeatureDeps,
  host: IndexesViewHost,
): { testApi: IndexFeaturesTestApi; tree: IndexTreeHooks } {
  const contextKeys = new IndexContextKeys();
  const tree = new IndexesTree(deps, contextKeys);
  const { view } = host;
  tree.attach(view);
  const notifier = new Notifier(recordingLimit(context.extensionMode, 50));
  const wizard = new WizardTracker();
  const feature: IndexFeature = { deps, tree, view, notifier, onWizardInput: (active) => wizard.set(active) };

  context.subscriptions.push(
    tree,
    host.provide(tree),
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

  registerCreateIndex(context, feature);
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

  return { testApi: createTestApi(feature, contextKeys, wizard), tree };
}

/** Which wizard input is on screen, for the test API. */
class WizardTracker {
  private active: ActiveInput | undefined;

  set(active: ActiveInput | undefined): void {
    this.active = active;
  }

  probe(): QuickInputProbe | undefined {
    const active = this.active;
    if (!active) {
      return undefined;
    }
    return {
      kind: active.kind,
      input: active.input,
      title: active.title,
      step: active.step,
      totalSteps: active.totalSteps,
    };
  }
}

function createTestApi(feature: IndexFeature, contextKeys: IndexContextKeys, wizard: WizardTracker): IndexFeaturesTestApi {
  const { tree, view } = feature;
  return {
    rootNodes: async () => (await tree.getChildren()).map(snapshot),
    childNodes: async (indexId) => {
      const node = tree.indexNode(indexId);
      return node ? (await tree.getChildren(node)).map(snapshot) : [];
    },
    viewMessage: () => view.message || undefined,
    viewDescription: () => (typeof view.description === 'string' ? view.description : undefined),
    viewVisible: () => view.visible,
    contextKeys: () => contextKeys.snapshot(),
    notifications: () => feature.notifier.records().map((record) => ({ ...record, actions: [...record.actions] })),
    activeQuickInput: () => wizard.probe(),
  };
}

function snapshot(node: TreeNode): TreeNodeSnapshot {
  const label = typeof node.label === 'string' ? node.label : (node.label?.label ?? '');
  const tooltip = typeof node.tooltip === 'string' ? node.tooltip : node.tooltip?.value;
  return {
    id: node.id,
    label,
    description: typeof node.description === 'string' ? node.description : undefined,
    contextValue: node.contextValue,
    tooltip,
    icon: node.iconPath instanceof vscode.ThemeIcon ? node.iconPath.id : undefined,
    command: node.command ? { command: node.command.command, arguments: node.command.arguments } : undefined,
    collapsible: node.collapsibleState !== undefined && node.collapsibleState !== vscode.TreeItemCollapsibleState.None,
  };
}
