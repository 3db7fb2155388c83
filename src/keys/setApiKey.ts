import vscode = require('vscode');
import { CommandIds } from '../common/commandIds';
import type { KeyFeatureDeps } from './deps';

/**
 * "Set API Key": the key (checked with the API as the user presses Enter), then its expiry, in one
 * multi-step input; then SecretStorage. Arguments are ignored:
 * another extension or a link may run this command, but only the user types a key in.
 */
export function registerSetApiKey(deps: KeyFeatureDeps): vscode.Disposable {
  return vscode.commands.registerCommand(CommandIds.setApiKey, async () => (await import('./keyInputFlow.js')).runKeyFlow(deps, 'set'));
}
