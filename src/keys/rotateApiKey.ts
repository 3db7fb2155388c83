import vscode = require('vscode');
import { CommandIds } from '../common/commandIds';
import { type KeyFeatureDeps, type SaveKeyResult, readKeyArgs } from './deps';
import { obtainValidateAndStore } from './keyFlow';

/**
 * "Rotate API Key": the new key is validated before anything is written, and replaces the old one in a
 * single SecretStorage write, so any failure leaves the old key in place. Resets the countdown.
 */
export function rotateApiKey(deps: KeyFeatureDeps, arg?: unknown): Promise<SaveKeyResult> {
  return obtainValidateAndStore(deps, { mode: 'rotate', args: readKeyArgs(arg) });
}

export function registerRotateApiKey(deps: KeyFeatureDeps): vscode.Disposable {
  return vscode.commands.registerCommand(CommandIds.rotateApiKey, (arg?: unknown) => rotateApiKey(deps, arg));
}
