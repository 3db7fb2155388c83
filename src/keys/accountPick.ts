import vscode = require('vscode');
import type { Account } from '../common/accounts';
import { type AccountProfilePatch, KeyChangedError, KeyStorageError } from '../common/keyStore';
import { explainStorageError } from './keyFlow';
import { labelText } from '../common/untrustedText';
import type { KeyFeatureDeps } from './deps';
import { calendarDaysLeft } from './expiry';

export type AccountChoice = { kind: 'picked'; account: Account } | { kind: 'none' } | { kind: 'cancelled' };

/**
 * The account a command acts on. With one account there is nothing to ask; with several, the user
 * picks, the one this window uses first. A caller (the tree, a reminder, another extension) may name
 * one with `{ accountId }`: that only chooses which account the command's own questions are about.
 */
export async function chooseAccount(deps: KeyFeatureDeps, title: string, args: unknown): Promise<AccountChoice> {
  await deps.accounts.settled();
  const accounts = deps.accounts.list();
  if (accounts.length === 0) {
    return { kind: 'none' };
  }
  const named = accountIdArgument(args);
  const preselected = named === undefined ? undefined : accounts.find((account) => account.id === named);
  if (preselected) {
    return { kind: 'picked', account: preselected };
  }
  if (accounts.length === 1) {
    return { kind: 'picked', account: accounts[0] };
  }
  const picked = await pickAccount(deps, accounts, title, vscode.l10n.t('Which Twelve Labs account?'));
  return picked ? { kind: 'picked', account: picked } : { kind: 'cancelled' };
}

export interface AccountItem extends vscode.QuickPickItem {
  account: Account;
}

/** Name, masked key and days left, the active account first and marked. */
export function accountItems(deps: KeyFeatureDeps, accounts: Account[]): AccountItem[] {
  const l10n = vscode.l10n;
  const activeId = deps.accounts.activeStore().accountId;
  const defaultId = deps.accounts.defaultAccountId();
  const workspaceId = deps.accounts.workspaceAccountId();
  const now = deps.clock.now();
  const ordered = [...accounts].sort((a, b) => Number(b.id === activeId) - Number(a.id === activeId));
  return ordered.map((account) => {
    const { state } = account;
    const marks = [
      account.id === workspaceId ? l10n.t('this workspace') : undefined,
      account.id === defaultId ? l10n.t('default') : undefined,
    ].filter((mark): mark is string => mark !== undefined);
    let left: string;
    if (state.rejectedAt !== undefined) {
      left = l10n.t('rejected by the API');
    } else if (state.expiresAt === undefined) {
      left = l10n.t('expiry unknown');
    } else {
      const days = calendarDaysLeft(state.expiresAt, now);
      left = days < 0 ? l10n.t('expired') : days === 1 ? l10n.t('1 day left') : l10n.t('{0} days left', days);
    }
    return {
      label: `${account.id === activeId ? '$(check) ' : '$(blank) '}${labelText(account.name)}`,
      description: [state.masked, left, ...marks].join(' · '),
      detail: state.account?.apiUrl !== undefined ? l10n.t('API URL: {0}', labelText(state.account.apiUrl)) : undefined,
      account,
    };
  });
}

export async function pickAccount(deps: KeyFeatureDeps, accounts: Account[], title: string, placeholder: string): Promise<Account | undefined> {
  const picked = await vscode.window.showQuickPick(accountItems(deps, accounts), { title, placeHolder: placeholder, matchOnDescription: true });
  return picked?.account;
}

/** `{ accountId: '…' }` from a caller; anything else names no account. */
export function accountIdArgument(args: unknown): string | undefined {
  const id = (args as { accountId?: unknown } | undefined)?.accountId;
  return typeof id === 'string' && id !== '' ? id : undefined;
}

/** The command's deps, acting on `account` instead of the active one, checking keys against its server. */
export function forAccount(deps: KeyFeatureDeps, account: Account): KeyFeatureDeps {
  return { ...deps, keyStore: deps.accounts.target(account.id) ?? deps.keyStore, validate: deps.validatorFor(account.state.account?.apiUrl) };
}

/** A name the user typed: trimmed, not empty, not too long, not another account's. */
export function checkAccountName(deps: KeyFeatureDeps, text: string, except?: string): string | undefined {
  const l10n = vscode.l10n;
  const name = text.trim();
  if (name === '') {
    return l10n.t('Give the account a name, for example "Personal" or "Acme (prod)".');
  }
  if (name.length > 60) {
    return l10n.t('Use at most 60 characters.');
  }
  if (/[\p{Cc}]/u.test(name)) {
    return l10n.t('The name cannot contain control characters or line breaks.');
  }
  const taken = deps.accounts.list().find((account) => account.id !== except && account.name.toLocaleLowerCase() === name.toLocaleLowerCase());
  return taken ? l10n.t('There is already an account named "{0}". Choose another name.', labelText(taken.name)) : undefined;
}

/**
 * Runs a key command on the account the user chose (see `chooseAccount`): `run` gets deps whose
 * `keyStore` is that account's key. With no account it gets the active deps, which say there is none.
 */
export async function onChosenAccount<R>(deps: KeyFeatureDeps, title: string, args: unknown, cancelled: R, run: (target: KeyFeatureDeps) => Promise<R>): Promise<R> {
  const choice = await chooseAccount(deps, title, args);
  if (choice.kind === 'cancelled') {
    return cancelled;
  }
  return run(choice.kind === 'picked' ? forAccount(deps, choice.account) : deps);
}

/** Renames an account or changes its URL, and says why not when storage fails or the account went meanwhile. */
export async function updateProfileOrExplain(deps: KeyFeatureDeps, accountId: string, patch: AccountProfilePatch): Promise<'updated' | 'gone' | 'storageFailed'> {
  try {
    await deps.accounts.updateProfile(accountId, patch);
    return 'updated';
  } catch (error) {
    if (error instanceof KeyStorageError) {
      explainStorageError(deps, error);
      return 'storageFailed';
    }
    if (error instanceof KeyChangedError) {
      void deps.notifier.show('warning', vscode.l10n.t('That account was removed meanwhile (another window?). Nothing was changed.'));
      return 'gone';
    }
    throw error;
  }
}
