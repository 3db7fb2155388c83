import vscode = require('vscode');
import { CommandIds } from '../common/commandIds';
import { type KeyFeatureDeps, type SaveKeyResult, readKeyArgs } from './deps';
import { obtainValidateAndStore } from './keyFlow';

/** "Set API Key": password box, expiry question, validation, then SecretStorage. `{ key, expiresAt? }` skips the prompts. */
export function setApiKey(deps: KeyFeatureDeps, arg?: unknown): Promise<SaveKeyResult> {
  return obtainValidateAndStore(deps, { mode: 'set', args: readKeyArgs(arg) });
}

export function registerSetApiKey(deps: KeyFeatureDeps): vscode.Disposable {
  return vscode.commands.registerCommand(CommandIds.setApiKey, (arg?: unknown) => setApiKey(deps, arg));
}
