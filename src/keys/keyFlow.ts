import vscode = require('vscode');
import { Links } from '../common/contextKeys';
import type { KeyFeatureDeps, SaveKeyResult } from './deps';
import { calendarDaysLeft } from './expiry';
import { KeyStorageError, type ValidationRecord, maskKey } from '../common/keyStore';
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

export type KeyFlowMode = 'set' | 'rotate';

/** A key whose check is done: `record` says whether the API confirmed it or the user chose to save it anyway. */
export interface CheckedKey {
  key: string;
  /** Epoch ms. */
  expiresAt: number;
  record: ValidationRecord;
}

/** Stores a checked key with its expiry in one SecretStorage write; a failure keeps the old key. */
export async function storeCheckedKey(deps: KeyFeatureDeps, mode: KeyFlowMode, checked: CheckedKey): Promise<SaveKeyResult> {
  const previous = deps.keyStore.getState();
  const previousMasked = previous.kind === 'present' ? previous.masked : undefined;
  let stored;
  try {
    stored = await deps.keyStore.set(checked.key, { expiresAt: checked.expiresAt, lastValidation: checked.record });
  } catch (error) {
    if (error instanceof KeyStorageError) {
      explainStorageError(deps, error);
      return { status: 'storageFailed', reason: error.message };
    }
    throw error;
  }
  const validated = checked.record.outcome === 'valid';
  announceSaved(deps, mode, stored.masked, checked.expiresAt, validated, previousMasked);
  const status = !validated ? 'savedUnvalidated' : mode === 'rotate' ? 'rotated' : 'saved';
  return { status, expiresAt: new Date(checked.expiresAt).toISOString(), masked: stored.masked };
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
