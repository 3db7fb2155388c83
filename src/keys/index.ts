import vscode = require('vscode');
import { recordingLimit } from '../util/recording';
import type { ApiClientProvider } from '../api/provider';
import { CommandIds } from '../common/commandIds';
import type { Settings } from '../common/settings';
import { ContextKeys } from '../common/contextKeys';
import type { Logger } from '../common/logging/logger';
import { Redactor } from '../common/logging/redact';
import type { KeyFeaturesTestApi, KeyStateSnapshot } from '../testApi';
import { registerClearApiKey } from './clearApiKey';
import type { KeyFeatureDeps } from './deps';
import { offerEnvironmentImport } from './envImport';
import { type Clock, systemClock } from '../common/clock';
import { openApiKeysPage } from './keyFlow';
import { type KeyState, KeyStore } from '../common/keyStore';
import { Notifications } from './notifications';
import { registerOpenDashboard } from './openDashboard';
import { ExpiryReminders } from './reminderNotifier';
import { ReminderBook } from './reminders';
import { registerRotateApiKey } from './rotateApiKey';
import { registerSetApiKey } from './setApiKey';
import { registerShowKeyStatus } from './showKeyStatus';
import { KeyStatusBar } from './statusBar';
import { registerValidateApiKey } from './validateApiKey';

export interface KeyFeatureServices {
  keyStore: KeyStore;
  /** Only `get().validateKey` is used; the client module itself loads lazily behind it. */
  api: Pick<ApiClientProvider, 'get'>;
  settings: Settings;
  logger: Logger;
  clock?: Clock;
}

/**
 * The API key lifecycle: commands, status bar countdown, reminders, the 401 notice, the context key
 * and the environment import. Nothing here waits on SecretStorage: the first read starts in the
 * background and everything updates when it lands.
 */
export function registerKeyFeatures(context: vscode.ExtensionContext, services: KeyFeatureServices): { testApi: KeyFeaturesTestApi } {
  const { keyStore, api, settings, logger } = services;
  const clock = services.clock ?? systemClock;
  const notifications = new Notifications(recordingLimit(context.extensionMode, 100));
  const deps: KeyFeatureDeps = {
    keyStore,
    validate: async (key, signal) => (await api.get()).validateKey(key, signal),
    settings,
    logger,
    notifications,
    clock,
    formatDateTime: dateFormatter({ dateStyle: 'medium', timeStyle: 'short' }),
    formatDate: dateFormatter({ dateStyle: 'medium' }),
  };

  const statusBar = new KeyStatusBar(keyStore, settings, clock, deps.formatDateTime);
  const reminders = new ExpiryReminders(keyStore, new ReminderBook(context.globalState), notifications, clock, deps.formatDate, logger);
  context.subscriptions.push(
    statusBar,
    reminders,
    registerSetApiKey(deps),
    registerRotateApiKey(deps),
    registerClearApiKey(deps),
    registerShowKeyStatus(deps),
    registerValidateApiKey(deps),
    registerOpenDashboard(),
    keyStore.onDidChange(updateContextKey),
    keyStore.onDidReject((state) => {
      const rotate = vscode.l10n.t('Rotate Key');
      const openPage = vscode.l10n.t('Open API Keys Page');
      void notifications
        .show('error', vscode.l10n.t('Twelve Labs rejected your API key {0}: it is invalid or expired. Create a new key and rotate.', state.masked), rotate, openPage)
        .then((choice) => {
          if (choice === rotate) {
            void vscode.commands.executeCommand(CommandIds.rotateApiKey);
          } else if (choice === openPage) {
            void openApiKeysPage();
          }
        });
    }),
  );

  void keyStore.refresh().then(() => offerEnvironmentImport(deps, context.globalState)).catch((error: unknown) => logger.warn('Key import offer failed.', error));

  const testApi: KeyFeaturesTestApi = {
    statusBar: () => statusBar.snapshot(),
    statusBarNextUpdateAt: () => statusBar.nextUpdateAt(),
    keyState: () => snapshot(keyStore.getState()),
    notifications: () => notifications.recentMessages(),
    settled: async () => {
      await keyStore.settled();
    },
    changeKeyAsAnotherWindow: async (change) => {
      // A second store over the same SecretStorage is exactly what another window runs.
      const other = new KeyStore(context.secrets, context.globalState, new Redactor(), logger);
      try {
        if (change) {
          keyStore.protect(change.key);
          await other.set(change.key, { expiresAt: change.expiresAt });
        } else {
          await other.clear();
        }
      } finally {
        other.dispose();
      }
    },
  };
  return { testApi };
}

function updateContextKey(state: KeyState): void {
  if (state.kind !== 'loading') {
    void vscode.commands.executeCommand('setContext', ContextKeys.hasApiKey, state.kind === 'present');
  }
}

function snapshot(state: KeyState): KeyStateSnapshot {
  if (state.kind !== 'present') {
    return { kind: state.kind, rejected: false };
  }
  return {
    kind: 'present',
    masked: state.masked,
    ...(state.setAt !== undefined ? { setAt: state.setAt } : {}),
    ...(state.expiresAt !== undefined ? { expiresAt: state.expiresAt } : {}),
    rejected: state.rejectedAt !== undefined,
    ...(state.lastValidation ? { lastValidation: state.lastValidation.outcome } : {}),
  };
}

/** Built on first use: the first Intl.DateTimeFormat loads locale data, ~20 ms that activation need not pay. */
function dateFormatter(options: Intl.DateTimeFormatOptions): (instant: number) => string {
  let format: Intl.DateTimeFormat | undefined;
  return (instant) => {
    if (!format) {
      try {
        format = new Intl.DateTimeFormat(vscode.env.language, options);
      } catch {
        // VS Code's display language may be a tag Intl does not know; the runtime default is close enough.
        format = new Intl.DateTimeFormat(undefined, options);
      }
    }
    return format.format(instant);
  };
}
