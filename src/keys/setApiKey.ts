import vscode = require('vscode');
import { CommandIds } from '../common/commandIds';
import type { KeyFeatureDeps } from './deps';
import { obtainValidateAndStore } from './keyFlow';

/**
 * "Set API Key": password box, expiry question, validation, then SecretStorage. Arguments are ignored:
 * another extension or a link may run this command, but only the user types a key in.
 */
export function registerSetApiKey(deps: KeyFeatureDeps): vscode.Disposable {
  return vscode.commands.registerCommand(CommandIds.setApiKey, () => obtainValidateAndStore(deps, 'set'));
}
