import vscode = require('vscode');
import { CommandIds } from '../common/commandIds';
import type { KeyFeatureDeps, SaveKeyResult } from './deps';
import { onChosenAccount } from './accountPick';

/**
 * "Rotate API Key": the new key is validated before anything is written, and replaces the old one in a
 * single SecretStorage write, so any failure leaves the old key in place. Resets the countdown.
 * With several accounts it asks which; `{ accountId }` from a caller only answers that question:
 * only the user types a key in.
 */
export function registerRotateApiKey(deps: KeyFeatureDeps): vscode.Disposable {
  return vscode.commands.registerCommand(CommandIds.rotateApiKey, (args: unknown) =>
    onChosenAccount<SaveKeyResult>(deps, vscode.l10n.t('Rotate Twelve Labs API Key'), args, { status: 'cancelled' }, async (target) =>
      (await import('./keyInputFlow.js')).runKeyFlow(target, 'rotate'),
    ),
  );
}
