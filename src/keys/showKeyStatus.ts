import vscode = require('vscode');
import { CommandIds } from '../common/commandIds';
import { Links } from '../common/contextKeys';
import type { KeyFeatureDeps } from './deps';
import { onChosenAccount } from './accountPick';
import { remaining } from './expiry';
import { explainStorageError, openApiKeysPage } from './keyFlow';
import { KeyChangedError, KeyStorageError, type KeyState, type PresentKeyState } from '../common/keyStore';
import { describeValidation } from './statusBarModel';
import { labelText } from '../common/untrustedText';

export type KeyStatusAction =
  | 'set'
  | 'validate'
  | 'rotate'
  | 'changeExpiry'
  | 'copy'
  | 'clear'
  | 'openDashboard'
  | 'troubleshoot'
  | 'retryRead'
  | 'addAccount'
  | 'switchAccount'
  | 'rename';

export interface ShowKeyStatusResult {
  status: 'dismissed' | 'action';
  action?: KeyStatusAction;
}

type Item = vscode.QuickPickItem & { action?: KeyStatusAction };

/** "Show API Key Status" (also the status bar click): the facts about the key, and what to do with it. */
export async function showKeyStatus(deps: KeyFeatureDeps): Promise<ShowKeyStatusResult> {
  const l10n = vscode.l10n;
  await deps.keyStore.getKey();
  const state = deps.keyStore.getState();
  const items: Item[] = [];
  const section = (label: string) => items.push({ label, kind: vscode.QuickPickItemKind.Separator });

  // Actions first: the highlighted first row is one Enter away, so it must do something.
  if (state.kind === 'present') {
    section(l10n.t('Actions'));
    items.push(
      { label: `$(pass) ${l10n.t('Validate Now')}`, action: 'validate' },
      { label: `$(sync) ${l10n.t('Rotate')}`, description: l10n.t('replace it with a new key'), action: 'rotate' },
      { label: `$(calendar) ${l10n.t('Change Expiry Date')}`, action: 'changeExpiry' },
      { label: `$(copy) ${l10n.t('Copy Key')}`, description: l10n.t('to the clipboard, after a warning'), action: 'copy' },
      { label: `$(trash) ${l10n.t('Clear')}`, description: l10n.t('remove it from VS Code'), action: 'clear' },
      { label: `$(link-external) ${l10n.t('Open API Keys Page')}`, action: 'openDashboard' },
    );
    section(l10n.t('Accounts'));
    if (deps.accounts.list().length > 1) {
      items.push({ label: `$(arrow-swap) ${l10n.t('Switch Account…')}`, action: 'switchAccount' });
    }
    items.push(
      { label: `$(edit) ${l10n.t('Rename Account…')}`, description: labelText(deps.accounts.get(state.account?.id ?? '')?.name ?? deps.unnamed), action: 'rename' },
      { label: `$(add) ${l10n.t('Add Account…')}`, description: l10n.t('another key, e.g. an organisation\'s'), action: 'addAccount' },
    );
    section(l10n.t('Twelve Labs API key'));
    items.push(...factItems(deps, state));
  } else if (state.kind === 'unavailable') {
    section(l10n.t('Actions'));
    items.push(
      { label: `$(refresh) ${l10n.t('Try Reading the Key Again')}`, action: 'retryRead' },
      { label: `$(question) ${l10n.t('How to Fix Keyring Problems')}`, action: 'troubleshoot' },
      { label: `$(link-external) ${l10n.t('Open API Keys Page')}`, action: 'openDashboard' },
    );
    section(l10n.t('Twelve Labs API key'));
    items.push({ label: `$(error) ${l10n.t('Secret storage is not working')}`, detail: labelText(state.message) });
  } else {
    section(l10n.t('Actions'));
    items.push(
      { label: `$(key) ${l10n.t('Set API Key')}`, action: 'set' },
      { label: `$(link-external) ${l10n.t('Open API Keys Page')}`, description: l10n.t('create a key'), action: 'openDashboard' },
    );
    section(l10n.t('Twelve Labs API key'));
    items.push({
      label: `$(circle-slash) ${l10n.t('No key stored')}`,
      detail:
        state.kind === 'none' && state.lostSince !== undefined
          ? l10n.t('The key stored on {0} is no longer in secret storage: the OS keyring may have been reset.', deps.formatDateTime(state.lostSince))
          : undefined,
    });
  }

  const accountName = state.kind === 'present' && deps.accounts.list().length > 1 ? deps.accounts.get(state.account?.id ?? '')?.name : undefined;
  const title = accountName === undefined ? l10n.t('Twelve Labs API Key') : l10n.t('Twelve Labs API Key · {0}', labelText(accountName));
  const picked = await vscode.window.showQuickPick(items, { title, placeHolder: l10n.t('Choose an action') });
  if (!picked?.action) {
    return { status: 'dismissed' };
  }
  await run(deps, picked.action, state);
  return { status: 'action', action: picked.action };
}

function factItems(deps: KeyFeatureDeps, state: PresentKeyState): Item[] {
  const l10n = vscode.l10n;
  const facts: Item[] = [{ label: `$(key) ${labelText(state.masked)}`, description: l10n.t('in VS Code\'s secret storage') }];
  if (state.setAt !== undefined) {
    facts.push({ label: `$(history) ${l10n.t('Set on {0}', deps.formatDateTime(state.setAt))}` });
  }
  if (state.expiresAt === undefined) {
    facts.push({ label: `$(watch) ${l10n.t('Expiry date unknown')}`, description: l10n.t('use Change Expiry Date') });
  } else {
    const left = remaining(state.expiresAt, deps.clock.now());
    const description =
      left.unit === 'expired'
        ? l10n.t('expired')
        : left.unit === 'hours'
          ? l10n.t('{0} hours left', left.value)
          : l10n.t('{0} days left', left.value);
    facts.push({ label: `$(watch) ${l10n.t('Expires {0}', deps.formatDateTime(state.expiresAt))}`, description });
  }
  if (state.rejectedAt !== undefined) {
    facts.push({ label: `$(error) ${l10n.t('Rejected by the API on {0}: invalid or expired', deps.formatDateTime(state.rejectedAt))}` });
  }
  facts.push({ label: `$(pass) ${describeValidation(state.lastValidation, l10n, deps.formatDateTime, labelText)}` });
  return facts;
}

async function run(deps: KeyFeatureDeps, action: KeyStatusAction, state: KeyState): Promise<void> {
  // The account whose status this is: the action is about it, not whichever one is active.
  const account = state.kind === 'present' && state.account ? { accountId: state.account.id } : undefined;
  switch (action) {
    case 'set':
      await vscode.commands.executeCommand(CommandIds.setApiKey);
      return;
    case 'addAccount':
      await vscode.commands.executeCommand(CommandIds.addAccount);
      return;
    case 'switchAccount':
      await vscode.commands.executeCommand(CommandIds.switchAccount);
      return;
    case 'validate':
      await vscode.commands.executeCommand(CommandIds.validateApiKey, account);
      return;
    case 'rotate':
      await vscode.commands.executeCommand(CommandIds.rotateApiKey, account);
      return;
    case 'clear':
      await vscode.commands.executeCommand(CommandIds.clearApiKey, account);
      return;
    case 'rename':
      await vscode.commands.executeCommand(CommandIds.renameAccount, account);
      return;
    case 'openDashboard':
      await openApiKeysPage();
      return;
    case 'troubleshoot':
      await vscode.env.openExternal(vscode.Uri.parse(Links.secretStorageTroubleshooting));
      return;
    case 'retryRead':
      await deps.keyStore.refresh();
      return;
    case 'changeExpiry':
      if (state.kind === 'present') {
        await changeExpiry(deps, state);
      }
      return;
    case 'copy':
      await copyKey(deps);
      return;
  }
}

async function changeExpiry(deps: KeyFeatureDeps, state: PresentKeyState): Promise<void> {
  const { askExpiry } = await import('./keyInputFlow.js');
  const expiresAt = await askExpiry(deps, vscode.l10n.t('Change Expiry Date'));
  if (expiresAt === undefined) {
    return;
  }
  try {
    const updated = await deps.keyStore.updateMetadata(state.id, { expiresAt });
    void deps.notifier.show('info', vscode.l10n.t('The key {0} now counts down to {1}.', updated.masked, deps.formatDate(expiresAt)));
  } catch (error) {
    if (error instanceof KeyStorageError) {
      explainStorageError(deps, error);
    } else if (error instanceof KeyChangedError) {
      void deps.notifier.show('warning', vscode.l10n.t('The API key changed meanwhile (another window?). Nothing was updated.'));
    } else {
      throw error;
    }
  }
}

/** The key goes to the clipboard and nowhere else, and only after the user has read why that is risky. */
async function copyKey(deps: KeyFeatureDeps): Promise<void> {
  const l10n = vscode.l10n;
  const copy = l10n.t('Copy Key');
  const choice = await deps.notifier.modal(
    'warning',
    l10n.t('Copy the Twelve Labs API key to the clipboard?'),
    l10n.t('Any app on this computer can read the clipboard, and clipboard managers may keep it. Paste it only where it belongs, never into code or chat.'),
    copy,
  );
  if (choice !== copy) {
    return;
  }
  const key = await deps.keyStore.getKey();
  if (key === undefined) {
    return;
  }
  await vscode.env.clipboard.writeText(key);
  void deps.notifier.show('info', l10n.t('API key copied to the clipboard.'));
}

export function registerShowKeyStatus(deps: KeyFeatureDeps): vscode.Disposable {
  return vscode.commands.registerCommand(CommandIds.showKeyStatus, (args: unknown) =>
    onChosenAccount<ShowKeyStatusResult>(deps, vscode.l10n.t('Twelve Labs API Key'), args, { status: 'dismissed' }, (target) => showKeyStatus(target)),
  );
}
