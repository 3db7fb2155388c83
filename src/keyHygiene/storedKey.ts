import { Emitter, type Event } from '../common/emitter';
import type { KeyState, KeyStore } from '../common/keyStore';

/** Every account's key, for a detector that must know any of them when it is written into a file. */
export interface AccountKeySource {
  /** An account was added, removed or given another key (here or in another window). */
  readonly onDidChange: Event<void>;
  keys(): Promise<{ accountId: string; key: string }[]>;
}

interface HeldKeys {
  active: string | undefined;
  /** Each account's key; the active one is among them once the accounts are read. */
  accounts: { accountId: string; key: string }[];
}

/**
 * The stored keys, kept in memory for the detectors and the terminal environment, which need them
 * synchronously: the active account's (what terminals get) and every account's (what a document must
 * not hold). They live only in this object's private field: never logged, never returned by the test
 * API (which gets `matches()` instead). Free of `vscode` at runtime.
 */
export class StoredKeyTracker {
  private held: HeldKeys = { active: undefined, accounts: [] };
  private seq = 0;
  private latest: Promise<void> = Promise.resolve();
  private readonly changed = new Emitter<void>();
  private readonly subscriptions: { dispose(): unknown }[];

  /** Fires after a held key changed (set, rotated, cleared, an account added or removed, or another window did so). */
  readonly onDidChange: Event<void> = this.changed.event;

  constructor(
    private readonly keyStore: Pick<KeyStore, 'onDidChange' | 'getState' | 'getKey'>,
    private readonly onError: (error: unknown) => void,
    private readonly accountKeys?: AccountKeySource,
  ) {
    this.subscriptions = [keyStore.onDidChange(() => this.follow())];
    if (accountKeys) {
      this.subscriptions.push(accountKeys.onDidChange(() => this.follow()));
    }
    this.follow();
  }

  /** The active account's key: the one this window's terminals get. */
  current(): string | undefined {
    return this.held.active;
  }

  /** Every stored key, the active one first, for the detectors. */
  all(): string[] {
    const keys = this.held.active === undefined ? [] : [this.held.active];
    for (const { key } of this.held.accounts) {
      if (!keys.includes(key)) {
        keys.push(key);
      }
    }
    return keys;
  }

  /** Compares without handing a key out: whether `candidate` is any account's key. */
  matches(candidate: string): boolean {
    return this.all().includes(candidate);
  }

  /** Which account holds `candidate`, so a fix acts on that account rather than the active one. */
  accountOf(candidate: string): string | undefined {
    return this.held.accounts.find((account) => account.key === candidate)?.accountId;
  }

  /** Resolves once the latest key-state change has been applied. */
  settled(): Promise<void> {
    return this.latest;
  }

  dispose(): void {
    this.subscriptions.forEach((subscription) => subscription.dispose());
    this.changed.dispose();
  }

  private follow(): void {
    const state: KeyState = this.keyStore.getState();
    if (state.kind === 'loading') {
      return;
    }
    const seq = ++this.seq;
    // `getKey()` retries the keyring when it is unavailable; only a present key is worth asking for.
    const active = state.kind === 'present' ? this.keyStore.getKey() : Promise.resolve(undefined);
    const accounts = this.accountKeys?.keys() ?? Promise.resolve([]);
    this.latest = Promise.all([active, accounts]).then(
      ([activeKey, read]) => {
        const next: HeldKeys = { active: activeKey, accounts: read.map(({ accountId, key }) => ({ accountId, key })) };
        if (seq === this.seq && !sameKeys(next, this.held)) {
          this.held = next;
          this.changed.fire();
        }
      },
      (error: unknown) => this.onError(error),
    );
  }
}

function sameKeys(a: HeldKeys, b: HeldKeys): boolean {
  return (
    a.active === b.active &&
    a.accounts.length === b.accounts.length &&
    a.accounts.every((account, i) => account.accountId === b.accounts[i]?.accountId && account.key === b.accounts[i]?.key)
  );
}
