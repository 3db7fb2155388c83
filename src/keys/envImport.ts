import vscode = require('vscode');
import { API_KEY_ENV_VARIABLE as ENV_VARIABLE, StorageKeys } from '../common/storageKeys';
import type { KeyFeatureDeps } from './deps';
import { obtainValidateAndStore } from './keyFlow';
import { checkKeyInput } from './validation';

const OFFERED_KEY = StorageKeys.envImportOffered;

/**
 * If TWELVE_LABS_API_KEY is set and no key is stored, offers once (ever) to move it into
 * SecretStorage, validated first. Waits for the key store's first read, never for the user.
 */
export async function offerEnvironmentImport(
  deps: KeyFeatureDeps,
  memento: Pick<vscode.Memento, 'get' | 'update'>,
  environment: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  const value = environment[ENV_VARIABLE];
  if (value === undefined || value.trim() === '' || memento.get<boolean>(OFFERED_KEY) === true) {
    return;
  }
  deps.keyStore.protect(value.trim());
  const state = await deps.keyStore.settled();
  if (state.kind !== 'none') {
    return;
  }
  await memento.update(OFFERED_KEY, true);
  const l10n = vscode.l10n;
  const check = checkKeyInput(value, l10n);
  if (!check.ok) {
    deps.logger.warn(`${ENV_VARIABLE} is set but is not usable as a key: ${check.reason}`);
    return;
  }
  const importKey = l10n.t('Import');
  const choice = await deps.notifier.show(
    'info',
    l10n.t('{0} is set in your environment. Import it into VS Code\'s secret storage? It is validated first, and the environment variable is left as it is.', ENV_VARIABLE),
    importKey,
    l10n.t('Not Now'),
  );
  if (choice === importKey) {
    const result = await obtainValidateAndStore(deps, 'set', check.key);
    deps.logger.info(`Import from ${ENV_VARIABLE}: ${result.status}`);
  }
}
