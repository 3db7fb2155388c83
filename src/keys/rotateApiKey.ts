import vscode = require('vscode');
import { CommandIds } from '../common/commandIds';
import type { KeyFeatureDeps } from './deps';

/**
 * "Rotate API Key": the new key is validated before anything is written, and replaces the old one in a
 * single SecretStorage write, so any failure leaves the old key in place. Resets the countdown.
 * Arguments are ignored: only the user types a key in.
 */
export function registerRotateApiKey(deps: KeyFeatureDeps): vscode.Disposable {
  return vscode.commands.registerCommand(CommandIds.rotateApiKey, async () => (await import('./keyInputFlow.js')).runKeyFlow(deps, 'rotate'));
}
