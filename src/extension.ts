import vscode = require('vscode');
import type { UploadLimits } from './api/assetTypes';
import { registerAgentFeatures } from './agent';
import { ApiClientProvider, type NetworkTiming } from './api/provider';
import { CommandIds } from './common/commandIds';
import { insecureUrlConsent } from './common/insecureUrlConsent';
import { onActiveAccountChange, onKeyPresence } from './common/keyPresence';
import { Accounts, ActiveKeyStore } from './common/accounts';
import { apiUrlSource } from './common/apiUrlSource';
import type { LogSink } from './common/logging/logger';
import { createChannelLogger } from './common/logging/outputChannelLogger';
import { Redactor } from './common/logging/redact';
import { Notifier } from './common/notifier';
import { Settings } from './common/settings';
import type { WebviewTap } from './common/webviewHtml';
import type { WindowPort } from './common/windowPort';
import { registerAnalyzeFeatures, type AppendTiming } from './analyze';
import { registerIndexFeatures } from './indexes';
import { registerKeyHygiene } from './keyHygiene';
import { registerKeyFeatures } from './keys';
import { registerPlayerFeatures } from './player';
import { registerSearchFeatures } from './search';
import { registerUploadFeatures } from './upload';

declare const EXTENSION_VERSION: string;

export function activate(context: vscode.ExtensionContext): void {
  composeExtension(context, { secrets: context.secrets, window: vscode.window });
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}

/**
 * What the host gives the extension to talk through. The extension passes VS Code's own; the test
 * build (test/build/extension.ts) wraps them to record and to inject faults.
 */
export interface HostPorts {
  secrets: vscode.SecretStorage;
  window: WindowPort;
  /** Where redacted log lines go besides the channel; nothing by default. */
  logTee?: LogSink;
  /** Shorter timeouts and retry waits; VS Code's defaults when absent. */
  networkTiming?: () => NetworkTiming | undefined;
  /** Sees every message to and from the webviews (the test build's leak scan); none by default. */
  webviewTap?: WebviewTap;
  /** Smaller upload size limits (matching the test fake's); the API's when absent. */
  uploadLimits?: () => UploadLimits | undefined;
  /** Sees each edit a streamed analysis makes to its document (the test build's benchmark); none by default. */
  analyzeTap?: (timing: AppendTiming) => void;
}

/**
 * The composition root: the shared services first, then each feature, in the order they depend on
 * each other. Nothing here waits on SecretStorage or the network: the key store's first read runs in
 * the background, and `ApiClientProvider` loads the HTTP stack (dist/client.js) on the first request.
 */
export function composeExtension(context: vscode.ExtensionContext, ports: HostPorts) {
  const redactor = new Redactor();
  const { logger, channel } = createChannelLogger(redactor, ports.logTee);
  context.subscriptions.push(
    channel,
    vscode.commands.registerCommand(CommandIds.showLog, () => channel.show(true)),
  );
  logger.info(`Twelve Labs ${EXTENSION_VERSION} in VS Code ${vscode.version}`);
  const settings = new Settings();
  const notifier = new Notifier(ports.window, redactor);

  const unnamed = vscode.l10n.t('Default');
  const accounts = new Accounts(ports.secrets, context.globalState, context.workspaceState, redactor, logger, { unnamed });
  const keyStore = new ActiveKeyStore(accounts, redactor, unnamed);
  context.subscriptions.push(accounts, keyStore);
  const apiUrl = apiUrlSource(settings, keyStore);

  const api = new ApiClientProvider({
    baseUrl: apiUrl.get,
    keySource: keyStore,
    logger,
    userAgent: `twelvelabs-vscode/${EXTENSION_VERSION} (VS Code ${vscode.version}; ${process.platform})`,
    onUnauthorized: (keyUsed) => keyStore.markRejected(keyUsed),
    confirmInsecureUrl: insecureUrlConsent(context.globalState, notifier),
    timing: ports.networkTiming,
  });

  const keys = registerKeyFeatures(context, { keyStore, accounts, api, apiUrl, settings, logger, notifier, window: ports.window });
  const indexes = registerIndexFeatures(context, { keyStore, api, settings, logger }, { notifier, window: ports.window });
  const uploads = registerUploadFeatures(context, {
    api,
    logger,
    notifier,
    getKey: () => keyStore.getKey(),
    window: ports.window,
    apiUrl: apiUrl.get,
    settings: () => ({ enableVideoStream: settings.uploadEnableVideoStream, parallelChunks: settings.uploadParallelChunks }),
    uploadLimits: ports.uploadLimits,
    onApiUrlChange: apiUrl.onDidChange,
    onKeyPresence: (listener) => onKeyPresence(keyStore, listener),
    tree: indexes.tree,
  });
  const search = registerSearchFeatures(context, {
    api,
    apiUrl: apiUrl.get,
    resultsPerPage: () => settings.searchResultsPerPage,
    hasKey: async () => (await keyStore.getKey()) !== undefined,
    onKeyPresence: (listener) => onActiveAccountChange(keyStore, listener),
    onApiUrlChange: apiUrl.onDidChange,
    tree: indexes.tree,
    notifier,
    logger,
    tap: ports.webviewTap,
  });
  const player = registerPlayerFeatures(context, { api, notifier, logger, chooseVideo: indexes.chooseVideo, tap: ports.webviewTap });
  const analyze = registerAnalyzeFeatures(context, {
    api,
    apiUrl: apiUrl.get,
    notifier,
    logger,
    window: ports.window,
    chooseVideo: indexes.chooseVideo,
    tree: indexes.tree,
    tap: ports.analyzeTap,
  });
  const keyHygiene = registerKeyHygiene(context, { keyStore, accounts, logger, notifier, settings, storeFoundKey: keys.storeFoundKey });
  const agent = registerAgentFeatures(context, {
    api,
    logger,
    redact: (text) => redactor.redact(text),
    apiUrl: apiUrl.get,
    uploads: { records: () => uploads.book.all(), tasks: () => uploads.store.all(), upload: uploads.upload },
    indexes: { create: indexes.createIndex, catalogue: indexes.catalogue },
    keyStore,
    settings,
    version: EXTENSION_VERSION,
    ask: async (title, message, action) => (await notifier.modal('warning', title, message, action)) === action,
  });

  return { logger, accounts, keyStore, api, keys, indexes, uploads, search, player, analyze, keyHygiene, agent };
}

export type ComposedExtension = ReturnType<typeof composeExtension>;
