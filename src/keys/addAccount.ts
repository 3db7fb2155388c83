import vscode = require('vscode');
import { CommandIds } from '../common/commandIds';
import type { KeyFeatureDeps } from './deps';

/**
 * "Add Account…": a name, the key (checked against the `twelveLabs.apiUrl` server, where a new
 * account's requests go), its expiry; then a SecretStorage entry of its own. Arguments are ignored:
 * only the user names an account and types its key.
 */
export function registerAddAccount(deps: KeyFeatureDeps): vscode.Disposable {
  return vscode.commands.registerCommand(CommandIds.addAccount, async () =>
    (await import('./keyInputFlow.js')).runKeyFlow({ ...deps, validate: deps.validatorFor(undefined) }, 'add'),
  );
}
