import vscode = require('vscode');
import type { ApiClientProvider } from '../api/provider';
import { type Clock, systemClock } from '../common/clock';
import { CommandIds } from '../common/commandIds';
import { ContextKeys } from '../common/contextKeys';
import { localeDateFormatters } from '../common/dateFormat';
import type { KeyState, KeyStore } from '../common/keyStore';
import type { Logger } from '../common/logging/logger';
import type { Notifier } from '../common/notifier';
import type { Settings } from '../common/settings';
import type { WindowPort } from '../common/windowPort';
import { registerClearApiKey } from './clearApiKey';
import type { KeyFeatureDeps, SaveKeyResult } from './deps';
import { environmentKey, registerImportApiKeyFromEnvironment } from './envImport';
import { API_KEY_ENV_VARIABLE } from '../common/storageKeys';
import { openApiKeysPage } from './keyFlow';
import { registerGetStarted } from './getStarted';
import { registerOpenDashboard } from './openDashboard';
import { AccountReminders } from './accountReminders';
import { registerAddAccount } from './addAccount';
import { AUTH_PROVIDER_ID, TwelveLabsAuthenticationProvider } from './authProvider';
import { registerChooseWorkspaceAccount } from './chooseWorkspaceAccount';
import { registerRenameAccount } from './renameAccount';
import { registerSetAccountApiUrl } from './setAccountApiUrl';
import { registerSwitchAccount } from './switchAccount';
import type { Accounts } from '../common/accounts';
import type { ApiUrlSource } from '../common/apiUrlSource';
import { notificationText } from '../common/untrustedText';
import { ReminderBook } from './reminders';
import { registerRotateApiKey } from './rotateApiKey';
import { registerSetApiKey } from './setApiKey';
import { registerShowKeyStatus } from './showKeyStatus';
import { KeyStatusBar } from './statusBar';
import { registerValidateApiKey } from './validateApiKey';

export interface KeyFeatureServices {
  /** The active account's key. */
  keyStore: KeyStore;
  accounts: Accounts;
  apiUrl: ApiUrlSource;
  /** Only `get().validateKey` is used; the client module itself loads lazily behind it. */
  api: Pick<ApiClientProvider, 'get' | 'getFor'>;
  settings: Settings;
  logger: Logger;
  notifier: Notifier;
  window: Pick<WindowPort, 'createStatusBarItem' | 'createInputBox' | 'createQuickPick'>;
  clock?: Clock;
  /** Where TWELVE_LABS_API_KEY is read; the process environment unless a test says otherwise. */
  environment?: NodeJS.ProcessEnv;
}

/** What the key features hand back to the composition root. */
export interface KeyFeatures {
  statusBar: KeyStatusBar;
  deps: KeyFeatureDeps;
  authentication: TwelveLabsAuthenticationProvider;
  /** Set (or Rotate, when a key is stored) with the key already known, e.g. found in code: the user still sees the check and picks the expiry. */
  storeFoundKey: (key: string) => Promise<SaveKeyResult>;
}

/**
 * The API key lifecycle: commands, status bar countdown, reminders, the 401 notice, the context key
 * and the environment import. Nothing here waits on SecretStorage: the first read starts in the
 * background and everything updates when it lands.
 */
export function registerKeyFeatures(context: vscode.ExtensionContext, services: KeyFeatureServices): KeyFeatures {
  const { keyStore, accounts, api, settings, logger, notifier } = services;
  const clock = services.clock ?? systemClock;
  const dates = localeDateFormatters(vscode.env.language);
  const deps: KeyFeatureDeps = {
    keyStore,
    validate: async (key, signal) => (await api.get()).validateKey(key, signal),
    validatorFor: (apiUrl) => async (key, signal) => (await api.getFor(apiUrl ?? settings.apiUrl)).validateKey(key, signal),
    accounts,
    unnamed: vscode.l10n.t('Default'),
    settings,
    logger,
    notifier,
    clock,
    formatDateTime: dates.dateTime,
    formatDate: dates.date,
    formatLongDate: dates.longDate,
    locale: vscode.env.language,
    window: services.window,
  };

  const importable = environmentKey(deps, services.environment);
  const statusBar = new KeyStatusBar(services.window, keyStore, accounts, settings, clock, deps.formatDateTime, importable === undefined ? undefined : API_KEY_ENV_VARIABLE);
  const reminders = new AccountReminders(accounts, new ReminderBook(context.globalState), notifier, clock, deps.formatDate, logger);
  const addAccount = async () => (await import('./keyInputFlow.js')).runKeyFlow({ ...deps, validate: deps.validatorFor(undefined) }, 'add');
  const authentication = new TwelveLabsAuthenticationProvider(accounts, addAccount);
  context.subscriptions.push(
    statusBar,
    reminders,
    authentication,
    vscode.authentication.registerAuthenticationProvider(AUTH_PROVIDER_ID, 'Twelve Labs', authentication, { supportsMultipleAccounts: true }),
    registerAddAccount(deps),
    registerSwitchAccount(deps),
    registerChooseWorkspaceAccount(deps),
    registerRenameAccount(deps),
    registerSetAccountApiUrl(deps, () => settings.apiUrl),
    accounts.onDidChange(() => {
      if (accounts.isLoaded) {
        void vscode.commands.executeCommand('setContext', ContextKeys.severalAccounts, accounts.list().length > 1);
      }
    }),
    registerSetApiKey(deps),
    registerImportApiKeyFromEnvironment(deps, importable),
    registerRotateApiKey(deps),
    registerClearApiKey(deps),
    registerShowKeyStatus(deps),
    registerValidateApiKey(deps),
    registerOpenDashboard(),
    registerGetStarted(),
    keyStore.onDidChange((state) => updateContextKeys(state, importable !== undefined)),
    keyStore.onDidReject((state) => {
      const rotate = vscode.l10n.t('Rotate Key');
      const openPage = vscode.l10n.t('Open API Keys Page');
      const name = accounts.list().length > 1 ? accounts.get(state.account?.id ?? '')?.name : undefined;
      const message = vscode.l10n.t('Twelve Labs rejected your API key {0}: it is invalid or expired. Create a new key and rotate.', state.masked);
      void notifier
        .show('error', name === undefined ? message : notificationText(`${name}: ${message}`), rotate, openPage)
        .then((choice) => {
          if (choice === rotate) {
            // The account whose key was refused, which need not be the one in use by now.
            void vscode.commands.executeCommand(CommandIds.rotateApiKey, state.account ? { accountId: state.account.id } : undefined);
          } else if (choice === openPage) {
            void openApiKeysPage();
          }
        });
    }),
  );

  void keyStore.refresh().catch((error: unknown) => logger.warn('The first read of the API key failed.', error));

  const storeFoundKey = async (key: string): Promise<SaveKeyResult> => {
    await accounts.settled();
    if ((await accounts.keys()).some((account) => account.key === key)) {
      return { status: 'sameKey' };
    }
    return (await import('./keyInputFlow.js')).runFoundKeyFlow(deps, key);
  };
  return { statusBar, deps, storeFoundKey, authentication };
}

function updateContextKeys(state: KeyState, environmentKeyAvailable: boolean): void {
  if (state.kind !== 'loading') {
    void vscode.commands.executeCommand('setContext', ContextKeys.hasApiKey, state.kind === 'present');
    void vscode.commands.executeCommand('setContext', ContextKeys.environmentKeyImportable, environmentKeyAvailable && state.kind === 'none');
  }
}
