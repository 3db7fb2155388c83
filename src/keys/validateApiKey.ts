import vscode = require('vscode');
import { CommandIds } from '../common/commandIds';
import type { KeyFeatureDeps } from './deps';
import { onChosenAccount } from './accountPick';
import { explainStorageError, openApiKeysPage, validateWithProgress } from './keyFlow';
import { KeyChangedError, KeyStorageError, type MetadataPatch } from '../common/keyStore';

export interface ValidateKeyResult {
  status: 'valid' | 'rejected' | 'unreachable' | 'refused' | 'noKey' | 'cancelled' | 'storageUnavailable';
  reason?: string;
}

/** "Validate API Key": one authenticated call with the stored key; the outcome is recorded with the key. */
export async function validateApiKey(deps: KeyFeatureDeps): Promise<ValidateKeyResult> {
  const l10n = vscode.l10n;
  const key = await deps.keyStore.getKey();
  const state = deps.keyStore.getState();
  if (state.kind === 'unavailable') {
    explainStorageError(deps, new KeyStorageError(state.reason === 'timeout' ? 'timeout' : 'failed', 'read', state.message));
    return { status: 'storageUnavailable', reason: state.message };
  }
  if (key === undefined || state.kind !== 'present') {
    const setKey = l10n.t('Set API Key');
    void deps.notifier.show('info', l10n.t('No Twelve Labs API key is stored yet.'), setKey).then((choice) => {
      if (choice === setKey) {
        void vscode.commands.executeCommand(CommandIds.setApiKey);
      }
    });
    return { status: 'noKey' };
  }

  const result = await validateWithProgress(deps, key);
  const now = deps.clock.now();
  switch (result.kind) {
    case 'cancelled':
      return { status: 'cancelled' };
    case 'valid':
      await record(deps, state.id, { lastValidation: { at: now, outcome: 'valid' }, rejectedAt: undefined });
      void deps.notifier.show('info', l10n.t('Twelve Labs accepted your API key {0}.', state.masked));
      return { status: 'valid' };
    case 'rejected': {
      const serverMessage = deps.keyStore.redact(result.message);
      // Recorded directly rather than through markRejected(), so the user gets this one message, not two.
      const recorded = await record(deps, state.id, { lastValidation: { at: now, outcome: 'rejected' }, rejectedAt: now });
      if (!recorded) {
        deps.keyStore.markRejected(key);
      }
      const rotate = l10n.t('Rotate Key');
      const openPage = l10n.t('Open API Keys Page');
      void deps.notifier
        .show('error', l10n.t('Twelve Labs rejected your API key {0}: it is invalid or expired. The API says: "{1}"', state.masked, serverMessage), rotate, openPage)
        .then((choice) => {
          if (choice === rotate) {
            void vscode.commands.executeCommand(CommandIds.rotateApiKey);
          } else if (choice === openPage) {
            void openApiKeysPage();
          }
        });
      return { status: 'rejected', reason: serverMessage };
    }
    case 'unreachable':
    case 'refused': {
      const detail = deps.keyStore.redact(result.message);
      await record(deps, state.id, { lastValidation: { at: now, outcome: 'unverified', detail } });
      const retry = l10n.t('Retry');
      const message =
        result.kind === 'unreachable'
          ? l10n.t('Could not reach Twelve Labs to check the key ({0}). Check your connection and the twelveLabs.apiUrl setting.', detail)
          : l10n.t('Twelve Labs did not confirm the key: "{0}" Check the key\'s plan and region on the API Keys page, then retry.', detail);
      void deps.notifier.show('warning', message, retry).then((choice) => {
        if (choice === retry) {
          void vscode.commands.executeCommand(CommandIds.validateApiKey);
        }
      });
      return { status: result.kind, reason: detail };
    }
  }
}

/** Best effort: the result still counts for this window if the keyring refuses to record it. */
async function record(deps: KeyFeatureDeps, id: string, patch: MetadataPatch): Promise<boolean> {
  try {
    await deps.keyStore.updateMetadata(id, patch);
    return true;
  } catch (error) {
    if (!(error instanceof KeyChangedError)) {
      deps.logger.warn('Could not record the validation result.', error);
    }
    return false;
  }
}

export function registerValidateApiKey(deps: KeyFeatureDeps): vscode.Disposable {
  return vscode.commands.registerCommand(CommandIds.validateApiKey, (args: unknown) =>
    onChosenAccount<ValidateKeyResult>(deps, vscode.l10n.t('Validate Twelve Labs API Key'), args, { status: 'cancelled' }, (target) => validateApiKey(target)),
  );
}
