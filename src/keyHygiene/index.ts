import vscode = require('vscode');
import type { Notifier } from '../common/notifier';
import { type Settings, TERMINAL_VARIABLE_SETTING } from '../common/settings';
import type { Accounts } from '../common/accounts';
import type { KeyStore } from '../common/keyStore';
import type { Logger } from '../common/logging/logger';
import { KeyDiagnostics } from './diagnostics';
import { DocumentScanner } from './documentScanner';
import { KeyQuickFixes } from './quickFixes';
import { SCANNED_SCHEMES } from './schemes';
import { registerScanWorkspace } from './scanWorkspace';
import { StoredKeyTracker } from './storedKey';
import { type StoreFoundKey, registerStoreKeyFromCode } from './storeKeyFromCode';
import { TerminalEnvironment } from './terminalEnvironment';
import { TerminalOffer } from './terminalOffer';

export interface KeyHygieneServices {
  keyStore: KeyStore;
  /** Every account's key is a stored key to the detectors, not only the active one's. */
  accounts: Pick<Accounts, 'onDidChange' | 'keys'>;
  logger: Logger;
  notifier: Notifier;
  settings: Settings;
  /** The key features' Set flow with a key found in code. */
  storeFoundKey: StoreFoundKey;
}

/** What the key-hygiene features hand back to the composition root. */
export interface KeyHygieneFeatures {
  diagnostics: KeyDiagnostics;
  documents: DocumentScanner;
  terminal: TerminalEnvironment;
  storedKey: StoredKeyTracker;
}

/**
 * Keeping the key out of code: the terminal environment (and its one-time offer), warnings where a
 * key is written into a document, their quick fixes, and the workspace scan. Activation only wires
 * listeners; the first scans run once the key store's background read lands.
 */
export function registerKeyHygiene(context: vscode.ExtensionContext, services: KeyHygieneServices): KeyHygieneFeatures {
  const { keyStore, logger, notifier, settings } = services;
  const variableName = () => settings.terminalVariableName;
  const storedKey = new StoredKeyTracker(keyStore, (error) => logger.warn('Could not read the stored keys for the key-hygiene checks.', error), {
    onDidChange: services.accounts.onDidChange,
    keys: () => services.accounts.keys(),
  });
  const diagnostics = new KeyDiagnostics();
  const documents = new DocumentScanner(diagnostics, storedKey, variableName, logger);
  const terminal = new TerminalEnvironment(
    context.environmentVariableCollection,
    storedKey,
    settings,
    { isTrusted: () => vscode.workspace.isTrusted, onDidGrant: (listener) => vscode.workspace.onDidGrantWorkspaceTrust(listener) },
    (message) => void notifier.show('info', message),
    logger,
  );
  const offer = new TerminalOffer({
    memento: context.globalState,
    isEnabled: () => settings.injectApiKey,
    ask: async () => {
      const enable = vscode.l10n.t('Enable');
      const choice = await notifier.show(
        'info',
        vscode.l10n.t(
          'Give new terminals your Twelve Labs key as {0}? The SDK examples then run as they are, without the key in your code. It is kept in memory only.',
          settings.terminalVariableName,
        ),
        enable,
        vscode.l10n.t('Not Now'),
      );
      return choice === enable;
    },
    enable: () => settings.enableInjection(),
    onError: (error) => logger.warn('The terminal environment offer failed.', error),
  });

  context.subscriptions.push(
    storedKey,
    diagnostics,
    documents,
    terminal,
    keyStore.onDidChange((state) => void offer.observe(state)),
    settings.onDidChange((affects) => affects(TERMINAL_VARIABLE_SETTING) && documents.rescanAll()),
    watchDeletions(diagnostics),
    vscode.languages.registerCodeActionsProvider(
      SCANNED_SCHEMES.map((scheme) => ({ scheme })),
      new KeyQuickFixes(storedKey, variableName),
      KeyQuickFixes.metadata,
    ),
    registerScanWorkspace({ diagnostics, documents, storedKey, variableName, notifier, logger }),
    registerStoreKeyFromCode({ storeKey: services.storeFoundKey, variableName, notifier }),
  );

  return { diagnostics, documents, terminal, storedKey };
}

/**
 * Warnings for files that are gone would linger in the Problems panel. Only deletions are watched,
 * and only while some file has findings, so a workspace without keys pays for no watcher.
 */
function watchDeletions(diagnostics: KeyDiagnostics): vscode.Disposable {
  let watcher: vscode.FileSystemWatcher | undefined;
  const update = () => {
    const needed = diagnostics.summary().some((row) => row.uri.startsWith('file:') || row.uri.startsWith('vscode-remote:'));
    if (needed && !watcher) {
      watcher = vscode.workspace.createFileSystemWatcher('**/*', true, true, false);
      watcher.onDidDelete((uri) => diagnostics.deleted(uri));
    } else if (!needed && watcher) {
      watcher.dispose();
      watcher = undefined;
    }
  };
  const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
    if (event.uris.some((uri) => diagnostics.collection.has(uri)) || watcher) {
      update();
    }
  });
  return new vscode.Disposable(() => {
    subscription.dispose();
    watcher?.dispose();
  });
}
