import vscode = require('vscode');
import { CommandIds } from '../common/commandIds';
import type { KeyFeatureDeps } from './deps';
import { explainStorageError, openApiKeysPage } from './keyFlow';
import { KeyStorageError } from '../common/keyStore';

export interface ClearKeyResult {
  status: 'cleared' | 'cancelled' | 'noKey' | 'storageFailed';
  reason?: string;
}

/** "Clear API Key": modal confirmation (skipped by `{ confirmed: true }`), then key and metadata go. */
export async function clearApiKey(deps: KeyFeatureDeps, arg?: unknown): Promise<ClearKeyResult> {
  const l10n = vscode.l10n;
  await deps.keyStore.getKey();
  const state = deps.keyStore.getState();
  if (state.kind === 'none') {
    void deps.notifications.show('info', l10n.t('No Twelve Labs API key is stored.'));
    return { status: 'noKey' };
  }
  const masked = state.kind === 'present' ? state.masked : '…';
  const confirmed = typeof arg === 'object' && arg !== null && (arg as { confirmed?: unknown }).confirmed === true;
  if (!confirmed) {
    const clear = l10n.t('Clear Key');
    const choice = await deps.notifications.modal(
      'warning',
      l10n.t('Remove the Twelve Labs API key {0} from VS Code?', masked),
      l10n.t('This does not revoke the key: it keeps working for anyone who has it until you revoke it on the API Keys page.'),
      clear,
    );
    if (choice !== clear) {
      return { status: 'cancelled' };
    }
  }
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
  void deps.notifications
    .show('info', l10n.t('API key {0} removed from VS Code. It still works until you revoke it on the API Keys page.', masked), openPage)
    .then((picked) => (picked === openPage ? openApiKeysPage() : undefined));
  return { status: 'cleared' };
}

export function registerClearApiKey(deps: KeyFeatureDeps): vscode.Disposable {
  return vscode.commands.registerCommand(CommandIds.clearApiKey, (arg?: unknown) => clearApiKey(deps, arg));
}
