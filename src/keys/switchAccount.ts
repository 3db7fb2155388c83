import vscode = require('vscode');
import { CommandIds } from '../common/commandIds';
import type { Account } from '../common/accounts';
import { labelText } from '../common/untrustedText';
import { accountItems } from './accountPick';
import type { KeyFeatureDeps } from './deps';

export interface SwitchAccountResult {
  status: 'switched' | 'cancelled' | 'noAccounts' | 'other';
  accountId?: string;
  scope?: 'default' | 'workspace';
}

type SwitchItem = vscode.QuickPickItem & ({ account: Account } | { run: string });

/**
 * "Switch Account…" (also the status bar's click with several accounts): which account this window
 * uses. It changes the default, which every window follows, unless this workspace chose its own
 * account: then it changes this workspace's choice, and the placeholder says so.
 */
export async function switchAccount(deps: KeyFeatureDeps, scope: 'auto' | 'workspace'): Promise<SwitchAccountResult> {
  const l10n = vscode.l10n;
  await deps.accounts.settled();
  const accounts = deps.accounts.list();
  if (accounts.length === 0) {
    const add = l10n.t('Set API Key');
    void deps.notifier.show('info', l10n.t('There is no Twelve Labs account yet.'), add).then((choice) => {
      if (choice === add) {
        void vscode.commands.executeCommand(CommandIds.setApiKey);
      }
    });
    return { status: 'noAccounts' };
  }
  const workspaceChoice = deps.accounts.workspaceAccountId();
  const forWorkspace = scope === 'workspace' || workspaceChoice !== undefined;
  const hasWorkspace = (vscode.workspace.workspaceFolders?.length ?? 0) > 0 || vscode.workspace.workspaceFile !== undefined;
  const items: SwitchItem[] = accountItems(deps, accounts);
  items.push({ label: '', kind: vscode.QuickPickItemKind.Separator, run: '' });
  if (forWorkspace && workspaceChoice !== undefined) {
    const defaultName = deps.accounts.get(deps.accounts.defaultAccountId() ?? '')?.name ?? deps.unnamed;
    items.push({ label: `$(discard) ${l10n.t('Use the default account here ({0})', labelText(defaultName))}`, run: 'useDefault' });
  } else if (hasWorkspace && scope === 'auto') {
    items.push({ label: `$(root-folder) ${l10n.t('Choose an Account for This Workspace Only…')}`, run: CommandIds.chooseWorkspaceAccount });
  }
  items.push({ label: `$(add) ${l10n.t('Add Account…')}`, run: CommandIds.addAccount });
  const picked = await vscode.window.showQuickPick(items, {
    title: forWorkspace ? l10n.t('Twelve Labs Account for This Workspace') : l10n.t('Switch Twelve Labs Account'),
    placeHolder: forWorkspace
      ? l10n.t('This workspace uses its own account; other windows keep the default.')
      : l10n.t('Every window without an account of its own switches.'),
    matchOnDescription: true,
  });
  if (!picked) {
    return { status: 'cancelled' };
  }
  if ('run' in picked) {
    if (picked.run === 'useDefault') {
      await deps.accounts.setWorkspaceAccount(undefined);
      return { status: 'switched', accountId: deps.accounts.defaultAccountId(), scope: 'default' };
    }
    await vscode.commands.executeCommand(picked.run);
    return { status: 'other' };
  }
  const { account } = picked;
  if (forWorkspace) {
    await deps.accounts.setWorkspaceAccount(account.id);
  } else {
    await deps.accounts.setDefault(account.id);
  }
  vscode.window.setStatusBarMessage(l10n.t('Twelve Labs: using the account {0}', labelText(account.name)), 4000);
  return { status: 'switched', accountId: account.id, scope: forWorkspace ? 'workspace' : 'default' };
}

/** Arguments are ignored: which account a window uses is the user's choice. */
export function registerSwitchAccount(deps: KeyFeatureDeps): vscode.Disposable {
  return vscode.commands.registerCommand(CommandIds.switchAccount, () => switchAccount(deps, 'auto'));
}
