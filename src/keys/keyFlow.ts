import vscode = require('vscode');
import { Links } from '../common/contextKeys';
import type { KeyFeatureDeps, SaveKeyResult } from './deps';
import { calendarDaysLeft } from './expiry';
import { KeyStorageError, type PresentKeyState, type ValidationRecord, maskKey } from '../common/keyStore';
import { labelText, notificationText } from '../common/untrustedText';
import { type ValidationResult, runValidation } from './validationOutcome';

/**
 * What Set, Rotate, the environment import and Validate share once the input is gathered (that is in
 * `keyInputFlow.ts`): the check with a progress notification, the storage write, and what is said.
 */

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

export type KeyFlowMode = 'set' | 'rotate' | 'add';

/** A key whose check is done: `record` says whether the API confirmed it or the user chose to save it anyway. */
export interface CheckedKey {
  key: string;
  /** Epoch ms. */
  expiresAt: number;
  record: ValidationRecord;
  /** Add Account: the new account's name. */
  name?: string;
}

/** Stores a checked key with its expiry in one SecretStorage write; a failure keeps the old key. */
export async function storeCheckedKey(deps: KeyFeatureDeps, mode: KeyFlowMode, checked: CheckedKey): Promise<SaveKeyResult> {
  const previous = deps.keyStore.getState();
  const previousMasked = previous.kind === 'present' ? previous.masked : undefined;
  let stored;
  const metadata = { expiresAt: checked.expiresAt, lastValidation: checked.record };
  try {
    stored =
      mode === 'add'
        ? await deps.accounts.add(checked.name ?? deps.unnamed, checked.key, metadata)
        : await deps.keyStore.set(checked.key, metadata);
  } catch (error) {
    if (error instanceof KeyStorageError) {
      explainStorageError(deps, error);
      return { status: 'storageFailed', reason: error.message };
    }
    throw error;
  }
  const validated = checked.record.outcome === 'valid';
  if (mode === 'add') {
    announceAdded(deps, stored, checked.name ?? deps.unnamed, validated);
  } else {
    announceSaved(deps, mode, stored.masked, checked.expiresAt, validated, previousMasked);
  }
  const status = !validated ? 'savedUnvalidated' : mode === 'rotate' ? 'rotated' : 'saved';
  return { status, expiresAt: new Date(checked.expiresAt).toISOString(), masked: stored.masked, accountId: stored.account?.id };
}

/** The window keeps the account it uses; one click switches to the new one. */
function announceAdded(deps: KeyFeatureDeps, stored: PresentKeyState, name: string, validated: boolean): void {
  const l10n = vscode.l10n;
  const accountId = stored.account?.id;
  const switchTo = l10n.t('Switch to It');
  const unverified = validated ? '' : ` ${l10n.t('It was saved without validation.')}`;
  const message = notificationText(l10n.t('Twelve Labs account "{0}" added with the key {1}.', labelText(name), stored.masked) + unverified);
  const active = deps.accounts.activeStore().accountId === accountId;
  void deps.notifier.show('info', message, ...(active ? [] : [switchTo])).then(async (choice) => {
    if (choice === switchTo && accountId !== undefined && deps.accounts.get(accountId)) {
      await (deps.accounts.workspaceAccountId() !== undefined ? deps.accounts.setWorkspaceAccount(accountId) : deps.accounts.setDefault(accountId));
    }
  });
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
