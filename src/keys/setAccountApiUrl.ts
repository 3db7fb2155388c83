import vscode = require('vscode');
import { checkApiUrl } from '../api/apiUrl';
import { CommandIds } from '../common/commandIds';
import { labelText } from '../common/untrustedText';
import { chooseAccount, updateProfileOrExplain } from './accountPick';
import type { KeyFeatureDeps } from './deps';

export interface SetAccountApiUrlResult {
  status: 'set' | 'removed' | 'cancelled' | 'noAccounts' | 'gone' | 'storageFailed';
  url?: string;
}

/**
 * "Set Account API URL…": an account's own server instead of the `twelveLabs.apiUrl` setting (a
 * staging API, a proxy). It is kept with the account in secret storage, not in settings, so no
 * workspace can point an account's key elsewhere; the same rules as the setting apply. Only the user
 * types the URL: arguments can only name the account.
 */
export async function setAccountApiUrl(deps: KeyFeatureDeps, args: unknown, settingUrl: string): Promise<SetAccountApiUrlResult> {
  const l10n = vscode.l10n;
  const choice = await chooseAccount(deps, l10n.t('Set Account API URL'), args);
  if (choice.kind !== 'picked') {
    return { status: choice.kind === 'none' ? 'noAccounts' : 'cancelled' };
  }
  const { account } = choice;
  const setting = { name: l10n.t('account API URL'), example: 'https://api.twelvelabs.io/v1.3' };
  const typed = await vscode.window.showInputBox({
    title: l10n.t('API URL of {0}', labelText(account.name)),
    prompt: l10n.t('Where this account\'s requests go. Leave empty to use the twelveLabs.apiUrl setting ({0}).', settingUrl),
    value: account.state.account?.apiUrl ?? '',
    placeHolder: settingUrl,
    validateInput: (text) => {
      if (text.trim() === '') {
        return undefined;
      }
      const check = checkApiUrl(text, setting);
      if (!check.ok) {
        return check.reason;
      }
      return check.needsInsecureConsent
        ? { message: l10n.t('Plain http to another machine: the key would travel unencrypted. You will be asked before anything is sent.'), severity: vscode.InputBoxValidationSeverity.Warning }
        : undefined;
    },
  });
  if (typed === undefined) {
    return { status: 'cancelled' };
  }
  const check = typed.trim() === '' ? undefined : checkApiUrl(typed, setting);
  if (check && !check.ok) {
    return { status: 'cancelled' };
  }
  const url = check?.url;
  const outcome = await updateProfileOrExplain(deps, account.id, { apiUrl: url });
  if (outcome !== 'updated') {
    return { status: outcome };
  }
  return url === undefined ? { status: 'removed' } : { status: 'set', url };
}

export function registerSetAccountApiUrl(deps: KeyFeatureDeps, settingUrl: () => string): vscode.Disposable {
  return vscode.commands.registerCommand(CommandIds.setAccountApiUrl, (args: unknown) => setAccountApiUrl(deps, args, settingUrl()));
}
