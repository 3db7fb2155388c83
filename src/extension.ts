import vscode = require('vscode');
import { allCommandIds, INDEXES_VIEW_ID } from './common/commandIds';

import type { TreeNode } from './indexes/tree/treeNode';
import { registerCommandStubs } from './shell/commandStubs';
import type { FeaturesModule, IdleModule } from './shell/contract';
import { FeatureLoader } from './shell/featureLoader';
import { LazyTreeProvider } from './shell/lazyTreeProvider';
import { featuresNeededAtStartup, isCheckedDocument } from './shell/startupNeeds';
import { StorageKeys } from './common/storageKeys';
import type { ShellTestApi, StatusBarSnapshot } from './testApi';

/**
 * The activation shell: every command and the Indexes view, as stand-ins that load the features
 * (dist/features.js) on first need. Anything that needs the features at startup (a key, an open
 * document, an upload to resume) loads them as soon as it is known; a window with none of that gets
 * only the "Set key" item (dist/idle.js). Nothing here touches the network or waits on SecretStorage.
 */
function activate(context: vscode.ExtensionContext): ShellTestApi | undefined {
  // Test mode times its own activation for the benchmark; production does not pay for the clock.
  const testMode = context.extensionMode === vscode.ExtensionMode.Test;
  const startedAt = testMode ? performance.now() : 0;
  const indexesProvider = new LazyTreeProvider<TreeNode>((): boolean => features.ensure('the Indexes view was shown'));
  const indexesView = vscode.window.createTreeView(INDEXES_VIEW_ID, { treeDataProvider: indexesProvider, showCollapseAll: true });
  const features: FeatureLoader = new FeatureLoader(
    context,
    { indexesView, provideIndexes: (provider) => indexesProvider.attach(provider) },
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first need, never at activation.
    () => require('./features.js') as FeaturesModule,
  );
  context.subscriptions.push(indexesView, indexesProvider, features);

  features.addStandIn(registerCommandStubs(allCommandIds, (reason) => features.ensure(reason)));
  features.addStandIn(
    vscode.workspace.onDidOpenTextDocument((document) => {
      if (isCheckedDocument(document)) {
        features.ensure('a document to check for keys was opened');
      }
    }),
  );
  features.addStandIn(
    context.secrets.onDidChange((event) => {
      if (event.key === StorageKeys.apiKey) {
        features.ensure('a key was stored in another window');
      }
    }),
  );

  let noKeyStatus: { snapshot(): StatusBarSnapshot } | undefined;
  void featuresNeededAtStartup({ context, documents: vscode.workspace.textDocuments }).then((reason) => {
    if (reason) {
      features.ensure(reason);
    } else if (!features.loadedBecause) {
      try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- only windows with nothing to do need it.
        const status = (require('./idle.js') as IdleModule).showNoKeyStatus();
        noKeyStatus = status;
        features.addStandIn(status);
      } catch {
        // The features show the same item, and report a damaged install if they cannot load either.
        features.ensure('the "Set key" item could not be loaded');
      }
    }
  });

  if (testMode) {
    const activateMs = performance.now() - startedAt;
    return {
      activateMs: () => activateMs,
      featuresLoadedBecause: () => features.loadedBecause,
      shellStatusBar: () => (features.loadedBecause ? undefined : noKeyStatus?.snapshot()),
      loadFeatures: () => {
        features.ensure('the test API asked');
        const testApi = features.testApi;
        return testApi ? Promise.resolve(testApi) : Promise.reject(new Error('the features did not start; see the log'));
      },
    };
  }
  return undefined;
}

function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}

// `export =` bundles to a plain `module.exports`: ES exports would cost a getter-defining helper at load.
export = { activate, deactivate };
