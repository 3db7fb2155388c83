import vscode = require('vscode');
import { CommandIds } from '../common/commandIds';
import { labelText } from '../common/untrustedText';
import { checkAccountName, chooseAccount, updateProfileOrExplain } from './accountPick';
import type { KeyFeatureDeps } from './deps';

export interface RenameAccountResult {
  status: 'renamed' | 'cancelled' | 'noAccounts' | 'gone' | 'storageFailed';
  name?: string;
}

/** "Rename Account…": a caller may name the account (`{ accountId }`); the new name is the user's to type. */
export async function renameAccount(deps: KeyFeatureDeps, args: unknown): Promise<RenameAccountResult> {
  const l10n = vscode.l10n;
  const choice = await chooseAccount(deps, l10n.t('Rename Twelve Labs Account'), args);
  if (choice.kind !== 'picked') {
    return { status: choice.kind === 'none' ? 'noAccounts' : 'cancelled' };
  }
  const { account } = choice;
  const typed = await vscode.window.showInputBox({
    title: l10n.t('Rename Twelve Labs Account'),
    prompt: l10n.t('A new name for the account with the key {0}.', account.state.masked),
    value: account.state.account?.name ?? '',
    placeHolder: l10n.t('e.g. Personal, Acme (prod)'),
    validateInput: (text) => checkAccountName(deps, text, account.id),
  });
  if (typed === undefined || checkAccountName(deps, typed, account.id) !== undefined) {
    return { status: 'cancelled' };
  }
  const name = typed.trim();
  const outcome = await updateProfileOrExplain(deps, account.id, { name });
  if (outcome !== 'updated') {
    return { status: outcome };
  }
  vscode.window.setStatusBarMessage(l10n.t('Twelve Labs: account renamed to {0}', labelText(name)), 4000);
  return { status: 'renamed', name };
}

export function registerRenameAccount(deps: KeyFeatureDeps): vscode.Disposable {
  return vscode.commands.registerCommand(CommandIds.renameAccount, (args: unknown) => renameAccount(deps, args));
}
