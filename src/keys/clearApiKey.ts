import vscode = require('vscode');
import { CommandIds } from '../common/commandIds';
import type { KeyFeatureDeps } from './deps';
import { explainStorageError, openApiKeysPage } from './keyFlow';
import { KeyStorageError } from '../common/keyStore';
import { onChosenAccount } from './accountPick';
import { labelText, notificationText } from '../common/untrustedText';

export interface ClearKeyResult {
  status: 'cleared' | 'cancelled' | 'noKey' | 'storageFailed';
  reason?: string;
}

/**
 * "Clear API Key": always behind a modal confirmation, whoever runs the command, then the key, its
 * metadata and (with several) its account go.
 */
export async function clearApiKey(deps: KeyFeatureDeps): Promise<ClearKeyResult> {
  const l10n = vscode.l10n;
  await deps.keyStore.getKey();
  const state = deps.keyStore.getState();
  if (state.kind === 'none') {
    void deps.notifier.show('info', l10n.t('No Twelve Labs API key is stored.'));
    return { status: 'noKey' };
  }
  const masked = state.kind === 'present' ? state.masked : '…';
  const clear = l10n.t('Clear Key');
  // With several accounts, the question names the account: its name and key go together.
  const accountName = state.kind === 'present' && deps.accounts.list().length > 1 ? deps.accounts.get(state.account?.id ?? '')?.name : undefined;
  const choice = await deps.notifier.modal(
    'warning',
    accountName === undefined
      ? l10n.t('Remove the Twelve Labs API key {0} from VS Code?', masked)
      : notificationText(l10n.t('Remove the Twelve Labs API key {0} of the account "{1}" from VS Code?', masked, labelText(accountName))),
    l10n.t('This does not revoke the key: it keeps working for anyone who has it until you revoke it on the API Keys page.'),
    clear,
  );
  return choice === clear ? removeStoredKey(deps, masked) : { status: 'cancelled' };
}

/** Removes the key and its metadata, and says where to revoke it. The user has confirmed. */
export async function removeStoredKey(deps: KeyFeatureDeps, masked: string): Promise<ClearKeyResult> {
  const l10n = vscode.l10n;
  try {
    await deps.keyStore.clear();
  } catch (error) {
    if (error instanceof KeyStorageError) {
      explainStorageError(deps, error);
      return { status: 'storageFailed', reason: error.message };
    }
    throw error;
  }
  const openPage = l10n.t('Open API Keys Page');
  void deps.notifier
    .show('info', l10n.t('API key {0} removed from VS Code. It still works until you revoke it on the API Keys page.', masked), openPage)
    .then((picked) => (picked === openPage ? openApiKeysPage() : undefined));
  return { status: 'cleared' };
}

/** With several accounts it asks which; `{ accountId }` from a caller only answers that, never the confirmation. */
export function registerClearApiKey(deps: KeyFeatureDeps): vscode.Disposable {
  return vscode.commands.registerCommand(CommandIds.clearApiKey, (args: unknown) =>
    onChosenAccount<ClearKeyResult>(deps, vscode.l10n.t('Clear Twelve Labs API Key'), args, { status: 'cancelled' }, (target) => clearApiKey(target)),
  );
}
