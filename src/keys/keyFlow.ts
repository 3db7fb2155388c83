import vscode = require('vscode');
import { Links } from '../common/contextKeys';
import { CommandIds } from '../common/commandIds';
import type { KeyFeatureDeps, SaveKeyResult } from './deps';
import { PLATFORM_DEFAULT_LIFETIME_DAYS, calendarDaysLeft, expiryFromCreationDate, expiryFromExpiryDate, expiryFromLifetime } from './expiry';
import { KeyStorageError, type ValidationRecord, maskKey } from '../common/keyStore';
import { checkCreationDateInput, checkExpiryDateInput, checkKeyInput } from './validation';
import { type ValidationResult, runValidation } from './validationOutcome';

/**
 * The steps Set, Rotate and the environment import share: ask for the key, ask when it expires,
 * validate it, store it. Everything the user must act on is explained where it happens.
 */

export async function promptForKey(deps: KeyFeatureDeps, title: string, currentKey?: string): Promise<string | undefined> {
  const l10n = vscode.l10n;
  const raw = await vscode.window.showInputBox({
    title,
    prompt: l10n.t('Paste the API key from the Twelve Labs API Keys page. It is stored in VS Code\'s secret storage.'),
    placeHolder: 'tlk_…',
    password: true,
    ignoreFocusOut: true,
    validateInput: (value) => {
      if (value.trim() === '') {
        // Not an error before the user has typed anything; accepting an empty box is caught below.
        return undefined;
      }
      const check = checkKeyInput(value, l10n);
      if (!check.ok) {
        return check.reason;
      }
      if (currentKey !== undefined && check.key === currentKey) {
        return l10n.t('This is the key already stored. Paste the new key you created on the API Keys page.');
      }
      return check.warning ? { message: check.warning, severity: vscode.InputBoxValidationSeverity.Warning } : undefined;
    },
  });
  if (raw === undefined) {
    return undefined;
  }
  const check = checkKeyInput(raw, l10n);
  if (!check.ok) {
    void deps.notifier.show('error', check.reason);
    return undefined;
  }
  return check.key;
}

type ExpiryChoice = { kind: 'lifetime'; days: number } | { kind: 'expiryDate' } | { kind: 'creationDate' };

/** Asks when the key expires, the default first so that one Enter accepts it. Undefined when cancelled. */
export async function promptForExpiry(deps: KeyFeatureDeps, title: string): Promise<number | undefined> {
  const l10n = vscode.l10n;
  const now = deps.clock.now();
  const lifetime = deps.settings.keyLifetimeDays;
  const items: (vscode.QuickPickItem & { choice: ExpiryChoice })[] = [];
  if (lifetime !== PLATFORM_DEFAULT_LIFETIME_DAYS) {
    items.push({
      label: l10n.t('{0} days from today (your key lifetime setting)', lifetime),
      description: deps.formatDate(expiryFromLifetime(now, lifetime)),
      choice: { kind: 'lifetime', days: lifetime },
    });
  }
  items.push(
    {
      label: l10n.t('{0} days from today (platform default)', PLATFORM_DEFAULT_LIFETIME_DAYS),
      description: deps.formatDate(expiryFromLifetime(now, PLATFORM_DEFAULT_LIFETIME_DAYS)),
      choice: { kind: 'lifetime', days: PLATFORM_DEFAULT_LIFETIME_DAYS },
    },
    {
      label: l10n.t('On a date I enter'),
      description: l10n.t('the expiry date shown on the API Keys page'),
      choice: { kind: 'expiryDate' },
    },
    {
      label: l10n.t('It was created on a date I enter'),
      description: l10n.t('counts {0} days from that date', lifetime),
      choice: { kind: 'creationDate' },
    },
  );
  const picked = await vscode.window.showQuickPick(items, {
    title,
    placeHolder: l10n.t('When does this key expire? No API reports it, so the countdown starts from your answer.'),
    ignoreFocusOut: true,
  });
  if (!picked) {
    return undefined;
  }
  switch (picked.choice.kind) {
    case 'lifetime':
      return expiryFromLifetime(deps.clock.now(), picked.choice.days);
    case 'expiryDate': {
      const text = await vscode.window.showInputBox({
        title,
        prompt: l10n.t('The date the key expires, as YYYY-MM-DD.'),
        placeHolder: 'YYYY-MM-DD',
        ignoreFocusOut: true,
        validateInput: (value) => {
          const check = checkExpiryDateInput(value, deps.clock.now(), l10n);
          return check.ok ? undefined : check.reason;
        },
      });
      const check = text === undefined ? undefined : checkExpiryDateInput(text, deps.clock.now(), l10n);
      return check?.ok ? expiryFromExpiryDate(check.date) : undefined;
    }
    case 'creationDate': {
      const text = await vscode.window.showInputBox({
        title,
        prompt: l10n.t('The date the key was created, as YYYY-MM-DD. The countdown runs {0} days from it.', lifetime),
        placeHolder: 'YYYY-MM-DD',
        ignoreFocusOut: true,
        validateInput: (value) => {
          const check = checkCreationDateInput(value, deps.clock.now(), lifetime, l10n);
          if (!check.ok) {
            return check.reason;
          }
          return check.warning ? { message: check.warning, severity: vscode.InputBoxValidationSeverity.Warning } : undefined;
        },
      });
      const check = text === undefined ? undefined : checkCreationDateInput(text, deps.clock.now(), lifetime, l10n);
      return check?.ok ? expiryFromCreationDate(check.date, lifetime) : undefined;
    }
  }
}

/** One authenticated call, with a cancellable progress notification. */
export async function validateWithProgress(deps: KeyFeatureDeps, key: string): Promise<ValidationResult> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Checking the API key with Twelve Labs…'), cancellable: true },
    async (_progress, token) => {
      const controller = new AbortController();
      const subscription = token.onCancellationRequested(() => controller.abort());
      try {
        const result = await runValidation(deps.validate, key, controller.signal);
        deps.logger.info(`Validation of ${maskKey(key)}: ${result.kind}`);
        return result;
      } finally {
        subscription.dispose();
      }
    },
  );
}

/** Says what went wrong with the keyring and how to fix it. Never suggests storing the key elsewhere. */
export function explainStorageError(deps: KeyFeatureDeps, error: KeyStorageError): void {
  const l10n = vscode.l10n;
  const howToFix = l10n.t('How to Fix');
  const timedOut = error.reason === 'timeout';
  const messages: Record<KeyStorageError['operation'], string> = {
    read: timedOut
      ? l10n.t('VS Code\'s secret storage did not answer in time, so the change to the API key was not saved. On Linux this usually means no keyring is running, or it is locked.')
      : l10n.t('VS Code\'s secret storage could not be read, so the change to the API key was not saved: {0}', error.message),
    store: timedOut
      ? l10n.t('VS Code\'s secret storage did not answer in time, so the API key was not saved. On Linux this usually means no keyring is running, or it is locked. The key is never stored in plain text instead.')
      : l10n.t('VS Code\'s secret storage could not save the API key: {0} The key is never stored in plain text instead.', error.message),
    delete: timedOut
      ? l10n.t('VS Code\'s secret storage did not answer in time, so the API key may not have been removed. On Linux this usually means no keyring is running, or it is locked.')
      : l10n.t('VS Code\'s secret storage could not remove the API key: {0}', error.message),
  };
  const message = messages[error.operation];
  void deps.notifier.show('error', message, howToFix).then((choice) => {
    if (choice === howToFix) {
      void vscode.env.openExternal(vscode.Uri.parse(Links.secretStorageTroubleshooting));
    }
  });
}

export function openApiKeysPage(): Thenable<boolean> {
  return vscode.env.openExternal(vscode.Uri.parse(Links.apiKeysPage));
}

/** A key to store: already checked for shape, with its expiry decided. */
export interface KeyToStore {
  key: string;
  /** Epoch ms. */
  expiresAt: number;
  /** When the API cannot confirm the key: ask the user, or decide without asking (the user already chose). */
  ifUnconfirmed: 'ask' | 'save' | 'keep';
}

export type KeyFlowMode = 'set' | 'rotate';

/**
 * Set and Rotate as the user runs them: gather the key and its expiry, then validate and store. The
 * old key stays unless the new one is stored. `presetKey` (the environment import) skips the key box.
 */
export async function obtainValidateAndStore(deps: KeyFeatureDeps, mode: KeyFlowMode, presetKey?: string): Promise<SaveKeyResult> {
  const input = await gatherKeyInput(deps, mode, presetKey);
  return 'status' in input ? input : validateAndStore(deps, mode, input);
}

async function gatherKeyInput(deps: KeyFeatureDeps, mode: KeyFlowMode, presetKey: string | undefined): Promise<KeyToStore | SaveKeyResult> {
  const l10n = vscode.l10n;
  const title = mode === 'rotate' ? l10n.t('Rotate Twelve Labs API Key') : l10n.t('Set Twelve Labs API Key');
  const currentKey = await deps.keyStore.getKey();
  if (mode === 'rotate' && currentKey === undefined) {
    const setKey = l10n.t('Set API Key');
    void deps.notifier.show('info', l10n.t('There is no Twelve Labs API key to rotate yet.'), setKey).then((choice) => {
      if (choice === setKey) {
        void vscode.commands.executeCommand(CommandIds.setApiKey);
      }
    });
    return { status: 'noKey' };
  }
  let key = presetKey;
  if (key === undefined) {
    if (mode === 'rotate' && !(await offerDashboardFirst(title))) {
      return { status: 'cancelled' };
    }
    key = await promptForKey(deps, title, mode === 'rotate' ? currentKey : undefined);
  }
  if (key === undefined) {
    return { status: 'cancelled' };
  }
  const expiresAt = await promptForExpiry(deps, title);
  return expiresAt === undefined ? { status: 'cancelled' } : { key, expiresAt, ifUnconfirmed: 'ask' };
}

/** Validates `input.key` with one call and stores it with its expiry; any failure keeps the old key. */
export async function validateAndStore(deps: KeyFeatureDeps, mode: KeyFlowMode, input: KeyToStore): Promise<SaveKeyResult> {
  const l10n = vscode.l10n;
  const { key, expiresAt } = input;
  const currentKey = await deps.keyStore.getKey();
  const previous = deps.keyStore.getState();
  const previousMasked = previous.kind === 'present' ? previous.masked : undefined;
  if (mode === 'rotate' && currentKey === undefined) {
    return { status: 'noKey' };
  }
  if (mode === 'rotate' && key === currentKey) {
    return { status: 'sameKey', reason: l10n.t('This is the key already stored.') };
  }

  const validation = await validateWithProgress(deps, key);
  let record: ValidationRecord;
  switch (validation.kind) {
    case 'cancelled':
      return { status: 'cancelled' };
    case 'valid':
      record = { at: deps.clock.now(), outcome: 'valid' };
      break;
    case 'rejected': {
      const serverMessage = deps.keyStore.redact(validation.message);
      const kept = currentKey !== undefined ? ` ${l10n.t('Your current key ({0}) was kept.', previousMasked ?? '…')}` : '';
      const openPage = l10n.t('Open API Keys Page');
      void deps.notifier
        .show('error', l10n.t('Twelve Labs rejected this key: it is invalid or expired. The API says: "{0}"', serverMessage) + kept, openPage)
        .then((choice) => (choice === openPage ? openApiKeysPage() : undefined));
      return { status: 'rejected', reason: serverMessage };
    }
    case 'unreachable':
    case 'refused': {
      const detail = deps.keyStore.redact(validation.message);
      const proceed = input.ifUnconfirmed === 'ask' ? await askSaveWithoutValidating(deps, validation.kind, detail) : input.ifUnconfirmed === 'save';
      if (!proceed) {
        return { status: validation.kind, reason: detail };
      }
      record = { at: deps.clock.now(), outcome: 'unverified', detail };
      break;
    }
  }

  let stored;
  try {
    stored = await deps.keyStore.set(key, { expiresAt, lastValidation: record });
  } catch (error) {
    if (error instanceof KeyStorageError) {
      explainStorageError(deps, error);
      return { status: 'storageFailed', reason: error.message };
    }
    throw error;
  }

  announceSaved(deps, mode, stored.masked, expiresAt, record.outcome === 'valid', previousMasked);
  const status = record.outcome !== 'valid' ? 'savedUnvalidated' : mode === 'rotate' ? 'rotated' : 'saved';
  return { status, expiresAt: new Date(expiresAt).toISOString(), masked: stored.masked };
}

async function offerDashboardFirst(title: string): Promise<boolean> {
  const l10n = vscode.l10n;
  const items: (vscode.QuickPickItem & { open: boolean })[] = [
    { label: l10n.t('I have the new key'), description: l10n.t('paste it next'), open: false },
    { label: l10n.t('Open the API Keys page to create one'), description: l10n.t('then come back and paste it'), open: true },
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title,
    placeHolder: l10n.t('Create the new key on the Twelve Labs dashboard first'),
    ignoreFocusOut: true,
  });
  if (!picked) {
    return false;
  }
  if (picked.open) {
    await openApiKeysPage();
  }
  return true;
}

async function askSaveWithoutValidating(deps: KeyFeatureDeps, kind: 'unreachable' | 'refused', detail: string): Promise<boolean> {
  const l10n = vscode.l10n;
  const save = l10n.t('Save without validating');
  const message =
    kind === 'unreachable'
      ? l10n.t('Could not reach Twelve Labs to check the key ({0}). Check your connection and the twelvelabs.apiUrl setting, or save the key now: the first API call will check it.', detail)
      : l10n.t('Twelve Labs did not confirm the key: "{0}". Save it anyway?', detail);
  const choice = await deps.notifier.show('warning', message, save);
  return choice === save;
}

function announceSaved(deps: KeyFeatureDeps, mode: 'set' | 'rotate', masked: string, expiresAt: number, validated: boolean, previousMasked: string | undefined): void {
  const l10n = vscode.l10n;
  const days = calendarDaysLeft(expiresAt, deps.clock.now());
  const when = l10n.t('It expires on {0}, in {1} days.', deps.formatDate(expiresAt), days);
  const unverified = validated ? '' : ` ${l10n.t('It was saved without validation.')}`;
  if (mode === 'rotate') {
    const openPage = l10n.t('Open API Keys Page');
    const revoke = l10n.t('Now revoke the old key ({0}) on the API Keys page, so that nobody can use it.', previousMasked ?? '…');
    void deps.notifier
      .show('info', `${l10n.t('API key rotated to {0}.', masked)} ${when}${unverified} ${revoke}`, openPage)
      .then((choice) => (choice === openPage ? openApiKeysPage() : undefined));
  } else {
    void deps.notifier.show('info', `${l10n.t('Twelve Labs API key {0} saved.', masked)} ${when}${unverified}`);
  }
}
