import vscode = require('vscode');
import { CommandIds } from '../common/commandIds';
import { API_KEY_ENV_VARIABLE } from '../common/storageKeys';
import type { KeyFeatureDeps, SaveKeyResult } from './deps';
import { checkKeyInput } from './validation';

/**
 * The key in TWELVE_LABS_API_KEY, if it can be one. The key store learns the value either way, so
 * that it is masked wherever it might appear, even when it is never imported.
 */
export function environmentKey(deps: Pick<KeyFeatureDeps, 'keyStore' | 'logger'>, environment: NodeJS.ProcessEnv = process.env): string | undefined {
  const value = environment[API_KEY_ENV_VARIABLE];
  if (value === undefined || value.trim() === '') {
    return undefined;
  }
  deps.keyStore.protect(value.trim());
  const check = checkKeyInput(value, vscode.l10n);
  if (!check.ok) {
    deps.logger.warn(`${API_KEY_ENV_VARIABLE} is set but is not usable as a key: ${check.reason}`);
    return undefined;
  }
  return check.key;
}

/**
 * "Import API Key from Environment": the Set flow with the key taken from TWELVE_LABS_API_KEY rather
 * than typed. It is checked first, the user still chooses its expiry, and the variable stays as it is.
 * Offered by the no-key status bar item and view while no key is stored; arguments are ignored.
 */
export function registerImportApiKeyFromEnvironment(deps: KeyFeatureDeps, key: string | undefined): vscode.Disposable {
  return vscode.commands.registerCommand(CommandIds.importApiKeyFromEnvironment, async (): Promise<SaveKeyResult> => {
    const l10n = vscode.l10n;
    const state = await deps.keyStore.settled();
    if (key === undefined) {
      void deps.notifier.show('info', l10n.t('{0} is not set in the environment VS Code was started from, or holds no usable key.', API_KEY_ENV_VARIABLE));
      return { status: 'invalidInput' };
    }
    if (state.kind === 'present') {
      void deps.notifier.show('info', l10n.t('A Twelve Labs API key ({0}) is already stored. To replace it, run Rotate API Key.', state.masked));
      return { status: 'cancelled' };
    }
    const { runKeyFlow } = await import('./keyInputFlow.js');
    const result = await runKeyFlow(deps, 'set', key);
    deps.logger.info(`Import from ${API_KEY_ENV_VARIABLE}: ${result.status}`);
    return result;
  });
}
