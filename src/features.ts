import vscode = require('vscode');
import { insecureUrlConsent } from './api/insecureUrlConsent';
import { ApiClientProvider } from './api/provider';
import { Settings } from './common/settings';
import { registerIndexFeatures } from './indexes';
import { registerKeyHygiene } from './keyHygiene';
import { registerKeyFeatures } from './keys';
import { FaultInjectingSecretStorage } from './keys/faultInjectingSecrets';
import { KeyStore } from './common/keyStore';
import { createChannelLogger } from './common/logging/outputChannelLogger';
import { Redactor } from './common/logging/redact';
import { createReliabilityTestApi } from './reliabilityTestApi';
import type { ShellServices } from './shell/contract';
import type { ExtensionTestApi } from './testApi';
import { registerUploadFeatures } from './upload';
import { recordingLimit } from './util/recording';

declare const EXTENSION_VERSION: string;

/**
 * The features' composition root, run by the activation shell the first time something needs them
 * (a command, the Indexes view, a stored key, an open document). The HTTP stack is still not loaded
 * here: `ApiClientProvider` loads dist/client.js on the first request.
 */
export function startFeatures(context: vscode.ExtensionContext, shell: ShellServices): ExtensionTestApi | undefined {
  const redactor = new Redactor();
  const { logger, channel } = createChannelLogger(redactor, recordingLimit(context.extensionMode, 1000));
  context.subscriptions.push(channel);
  logger.info(`Twelve Labs ${EXTENSION_VERSION} in VS Code ${vscode.version}: starting (${shell.reason})`);
  const settings = new Settings();

  // Test mode only: a port the reliability suite can make fail; users get VS Code's storage untouched.
  const testSecrets = context.extensionMode === vscode.ExtensionMode.Test ? new FaultInjectingSecretStorage(context.secrets) : undefined;
  const keyStore = new KeyStore(testSecrets ?? context.secrets, context.globalState, redactor, logger);
  context.subscriptions.push(keyStore);

  const api = new ApiClientProvider({
    baseUrl: () => settings.apiUrl,
    keySource: keyStore,
    logger,
    userAgent: `twelvelabs-vscode/${EXTENSION_VERSION} (VS Code ${vscode.version}; ${process.platform})`,
    onUnauthorized: (keyUsed) => keyStore.markRejected(keyUsed),
    confirmInsecureUrl: insecureUrlConsent(context.globalState),
  });

  const keys = registerKeyFeatures(context, { keyStore, api, settings, logger });
  const indexes = registerIndexFeatures(context, { keyStore, api, settings, logger }, { view: shell.indexesView, provide: (tree) => shell.provideIndexes(tree) });
  const uploads = registerUploadFeatures(context, {
    api,
    logger,
    apiUrl: () => settings.apiUrl,
    onApiUrlChange: (listener) => settings.onDidChange((affects) => affects('apiUrl') && listener()),
    tree: indexes.tree,
  });
  const keyHygiene = registerKeyHygiene(context, { keyStore, logger });

  if (context.extensionMode === vscode.ExtensionMode.Test) {
    return {
      logLines: () => [...logger.recentLines()],
      keys: keys.testApi,
      indexes: indexes.testApi,
      uploads: uploads.testApi,
      keyHygiene: keyHygiene.testApi,
      reliability: createReliabilityTestApi(context, api, testSecrets ?? new FaultInjectingSecretStorage(context.secrets), logger),
    };
  }
  return undefined;
}
