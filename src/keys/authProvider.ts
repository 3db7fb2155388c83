import vscode = require('vscode');
import type { Account, Accounts } from '../common/accounts';
import type { SaveKeyResult } from './deps';

export const AUTH_PROVIDER_ID = 'twelvelabs';

/**
 * The accounts as VS Code authentication sessions: the Accounts menu lists them, signing in adds one
 * (Add Account, typed by the user), signing out removes one (after VS Code's own confirmation).
 * Another extension gets a key only through `vscode.authentication.getSession`, behind VS Code's
 * consent prompt, which VS Code shows and remembers; this provider never decides who may have one.
 *
 * The session's access token is the API key itself: Twelve Labs has no narrower token to hand out.
 * Sessions have no scopes: a key can do everything its organisation can.
 */
export class TwelveLabsAuthenticationProvider implements vscode.AuthenticationProvider, vscode.Disposable {
  private readonly changes = new vscode.EventEmitter<vscode.AuthenticationProviderAuthenticationSessionsChangeEvent>();
  /** Account id → what a session shows (key id and name): to tell added, removed and changed apart. */
  private known: Map<string, string> | undefined;
  private readonly subscription: { dispose(): unknown };

  readonly onDidChangeSessions = this.changes.event;

  constructor(
    private readonly accounts: Accounts,
    private readonly addAccount: () => Promise<SaveKeyResult>,
  ) {
    this.subscription = accounts.onDidChange(() => void this.announceChanges());
  }

  async getSessions(_scopes: readonly string[] | undefined, options?: vscode.AuthenticationProviderSessionOptions): Promise<vscode.AuthenticationSession[]> {
    await this.accounts.settled();
    const wanted = options?.account?.id;
    const accounts = this.accounts.list().filter((account) => wanted === undefined || account.id === wanted);
    const sessions = await Promise.all(accounts.map((account) => this.sessionOf(account)));
    return sessions.filter((session): session is vscode.AuthenticationSession => session !== undefined);
  }

  /** Signing in from the Accounts menu (or another extension's `createIfNone`): the user adds an account. */
  async createSession(): Promise<vscode.AuthenticationSession> {
    const result = await this.addAccount();
    const account = result.accountId === undefined ? undefined : this.accounts.get(result.accountId);
    const session = account && (await this.sessionOf(account));
    if (!session) {
      throw new Error(vscode.l10n.t('No Twelve Labs account was added.'));
    }
    return session;
  }

  /** Signing out from the Accounts menu, which VS Code has confirmed with the user: the account goes. */
  async removeSession(sessionId: string): Promise<void> {
    await this.accounts.remove(sessionId);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changes.dispose();
  }

  private async sessionOf(account: Account): Promise<vscode.AuthenticationSession | undefined> {
    const key = await account.store.getKey();
    return key === undefined ? undefined : { id: account.id, accessToken: key, account: { id: account.id, label: account.name }, scopes: [] };
  }

  private async announceChanges(): Promise<void> {
    if (!this.accounts.isLoaded) {
      return;
    }
    const now = new Map(this.accounts.list().map((account) => [account.id, `${account.state.id}:${account.name}`]));
    if (this.known === undefined) {
      // The accounts as first read are what VS Code's first getSessions sees: nothing has changed yet.
      this.known = now;
      return;
    }
    const before = this.known;
    const nameOf = (shown: string) => shown.slice(shown.indexOf(':') + 1);
    // VS Code's Accounts menu knows an account by its label: a renamed account is one gone and one new.
    const renamed = [...now.keys()].filter((id) => before.has(id) && nameOf(before.get(id) ?? '') !== nameOf(now.get(id) ?? ''));
    const added = [...now.keys()].filter((id) => !before.has(id) || renamed.includes(id));
    const removed = [...before.keys()].filter((id) => !now.has(id) || renamed.includes(id));
    const changed = [...now.keys()].filter((id) => before.has(id) && !renamed.includes(id) && before.get(id) !== now.get(id));
    this.known = now;
    if (added.length + removed.length + changed.length === 0) {
      return;
    }
    const sessionsOf = async (ids: string[]) => {
      const accounts = ids.map((id) => this.accounts.get(id)).filter((account): account is Account => account !== undefined);
      const sessions = await Promise.all(accounts.map((account) => this.sessionOf(account)));
      return sessions.filter((session): session is vscode.AuthenticationSession => session !== undefined);
    };
    this.changes.fire({
      added: await sessionsOf(added),
      // A removed account has no key any more (a renamed one keeps its own): VS Code needs only which session went.
      removed: removed.map((id) => ({ id, accessToken: '', account: { id, label: nameOf(before.get(id) ?? id) }, scopes: [] })),
      changed: await sessionsOf(changed),
    });
  }
}
