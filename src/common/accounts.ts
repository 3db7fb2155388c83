import type * as vscode from 'vscode';
import type { KeySource } from '../api/ports';
import type { Logger } from './logging/logger';
import type { Redactor } from './logging/redact';
import { Emitter, type Event } from './emitter';
import { whenQuiet } from './whenQuiet';
import {
  AccountKeyStore,
  KeyChangedError,
  type KeyStorageError,
  PRIMARY_ACCOUNT_ID,
  guardSecretStorage,
  accountSlot,
  type AccountProfilePatch,
  type KeyMetadataInput,
  type KeyState,
  type KeyStore,
  type KeyStoreOptions,
  type MetadataPatch,
  type PresentKeyState,
} from './keyStore';
import { StorageKeys } from './storageKeys';

/**
 * Several keys as named accounts. Each account is one `AccountKeyStore` over its own SecretStorage
 * entry; the first keeps the entry a single key always had. Besides them SecretStorage holds two small
 * entries: the directory (the further accounts' ids) and the default account's id. The workspace's own
 * choice is an id in workspaceState. No key is anywhere but in its account's entry.
 *
 * SecretStorage cannot list its entries, hence the directory. It is the one entry two windows may
 * both write (adding accounts at the same moment). A window therefore remembers the accounts it added
 * and puts back any that another window's write dropped, when it hears of that write. Removing goes
 * the other way round: the account's entry first, then the directory, so a directory that still
 * names a removed account only names an empty entry, which is skipped.
 */

type SecretStorageLike = Pick<vscode.SecretStorage, 'get' | 'store' | 'delete' | 'onDidChange'>;
type MementoLike = Pick<vscode.Memento, 'get' | 'update'>;

export interface AccountsOptions extends Omit<KeyStoreOptions, 'slot'> {
  /** What an account without a name (the key stored before accounts existed) is called. */
  unnamed: string;
}

export interface Account {
  id: string;
  /** The user's name, or `unnamed` for the key stored before accounts existed. */
  name: string;
  state: PresentKeyState;
  store: AccountKeyStore;
}

interface Directory {
  v: 1;
  ids: string[];
}

export class Accounts {
  private readonly stores = new Map<string, AccountKeyStore>();
  private readonly storeSubscriptions = new Map<string, { dispose(): unknown }>();
  private directoryIds: string[] = [];
  private defaultId: string | undefined;
  /** Accounts this window added: put back if another window's directory write dropped them. */
  private readonly addedHere = new Set<string>();
  private loading: Promise<void> | undefined;
  private loaded = false;
  private directoryWrites: Promise<unknown> = Promise.resolve();
  private readonly changed = new Emitter<void>();
  private readonly rejected = new Emitter<PresentKeyState>();
  private readonly subscription: { dispose(): unknown };
  private readonly timeoutMs: number;
  private readonly newId: () => string;

  /** Any account, the directory, the default or the workspace choice changed (here or in another window). */
  readonly onDidChange: Event<void> = this.changed.event;
  /** A 401 in this window turned one account's key into a rejected one. */
  readonly onDidReject: Event<PresentKeyState> = this.rejected.event;

  constructor(
    private readonly secrets: SecretStorageLike,
    private readonly globalState: MementoLike,
    private readonly workspaceState: MementoLike,
    private readonly redactor: Redactor,
    private readonly logger: Logger,
    private readonly options: AccountsOptions,
  ) {
    this.timeoutMs = options.readTimeoutMs ?? 10_000;
    this.newId = options.newId ?? (() => globalThis.crypto.randomUUID());
    this.storeFor(PRIMARY_ACCOUNT_ID);
    this.subscription = secrets.onDidChange((event) => {
      if (event.key === StorageKeys.accountDirectory || event.key === StorageKeys.defaultAccount) {
        this.logger.debug('The accounts changed (this or another window); reading them again.');
        void this.refresh();
      }
    });
  }

  /** Whether the first read of the directory and of every account has finished. */
  get isLoaded(): boolean {
    return this.loaded;
  }

  /** Reads the directory, the default and every account again. Never rejects. */
  refresh(): Promise<void> {
    const loading = this.read();
    this.loading = loading;
    return loading;
  }

  /** Resolves once no read or write of the accounts or of any account's key is in flight. */
  settled(): Promise<void> {
    return whenQuiet(
      () => this.loading,
      async () => {
        await Promise.allSettled([this.directoryWrites]);
        await Promise.allSettled([...this.stores.values()].map((store) => store.settled()));
      },
    );
  }

  /** Every account that holds a key, the primary first, then in the order they were added. */
  list(): Account[] {
    const accounts: Account[] = [];
    for (const store of this.stores.values()) {
      const state = store.getState();
      if (state.kind === 'present') {
        accounts.push({ id: store.accountId, name: state.account?.name ?? this.options.unnamed, state, store });
      }
    }
    return accounts;
  }

  /** Each account's id, name and key, in `list()` order; an account whose key cannot be read is left out. */
  async keys(): Promise<{ accountId: string; name: string; key: string }[]> {
    const read = await Promise.all(this.list().map(async (account) => ({ accountId: account.id, name: account.name, key: await account.store.getKey() })));
    return read.filter((account): account is { accountId: string; name: string; key: string } => account.key !== undefined);
  }

  get(accountId: string): Account | undefined {
    return this.list().find((account) => account.id === accountId);
  }

  /**
   * One account's key as a `KeyStore`, for a command acting on the account the user picked rather
   * than the active one. Clearing it removes the account.
   */
  target(accountId: string): KeyStore | undefined {
    const store = this.stores.get(accountId);
    if (!store) {
      return undefined;
    }
    return {
      onDidChange: store.onDidChange,
      onDidReject: store.onDidReject,
      getState: () => store.getState(),
      refresh: () => store.refresh(),
      settled: () => store.settled(),
      getKey: () => store.getKey(),
      set: (key, metadata) => store.set(key, metadata),
      updateMetadata: (expectedId, patch) => store.updateMetadata(expectedId, patch),
      clear: () => this.remove(accountId),
      markRejected: (keyUsed) => store.markRejected(keyUsed),
      protect: (secret) => store.protect(secret),
      redact: (text) => store.redact(text),
    };
  }

  /** Every account's store, including those with nothing stored (the primary when it is empty). */
  allStores(): AccountKeyStore[] {
    return [...this.stores.values()];
  }

  /** The global default: the chosen one if it still exists, else the first account. */
  defaultAccountId(): string | undefined {
    const accounts = this.list();
    return (accounts.find((account) => account.id === this.defaultId) ?? accounts[0])?.id;
  }

  /** The account this workspace chose instead of the default, if it still exists. */
  workspaceAccountId(): string | undefined {
    const chosen = this.workspaceState.get<string>(StorageKeys.workspaceAccount);
    return typeof chosen === 'string' && this.get(chosen) ? chosen : undefined;
  }

  /**
   * The store this window works with: the workspace's account, else the default. With no account
   * at all it is the primary store, whose state then says why (none, unavailable, loading).
   */
  activeStore(): AccountKeyStore {
    const id = this.workspaceAccountId() ?? this.defaultAccountId();
    return (id !== undefined ? this.stores.get(id) : undefined) ?? this.primary();
  }

  /**
   * Stores `key` as a new account named `name`. The first account takes the primary entry; a
   * further one gets its own entry, then its id goes into the directory. If that fails, its entry is
   * removed again, so no account exists that no window can find.
   */
  async add(name: string, key: string, metadata: KeyMetadataInput): Promise<PresentKeyState> {
    this.redactor.addSecret(key);
    await this.whenLoaded();
    const primary = this.primary();
    if (primary.getState().kind === 'none') {
      return primary.set(key, { ...metadata, name });
    }
    const id = this.newId();
    const store = this.storeFor(id);
    const state = await store.set(key, { ...metadata, name });
    try {
      this.addedHere.add(id);
      await this.updateDirectory((ids) => (ids.includes(id) ? ids : [...ids, id]));
    } catch (error) {
      this.addedHere.delete(id);
      await store.clear().catch(() => undefined);
      this.dropStore(id);
      throw error;
    }
    this.changed.fire();
    return state;
  }

  /** Removes the account: its key and metadata first, then its place in the directory and choices. */
  async remove(accountId: string): Promise<void> {
    const store = this.stores.get(accountId);
    if (!store) {
      return;
    }
    await store.clear();
    this.addedHere.delete(accountId);
    if (accountId !== PRIMARY_ACCOUNT_ID) {
      try {
        await this.updateDirectory((ids) => ids.filter((id) => id !== accountId));
      } catch (error) {
        // The entry is gone already, so the directory naming it only names an empty entry.
        this.logger.warn('Could not update the account directory after removing an account.', error);
      }
      this.dropStore(accountId);
    }
    if (this.workspaceState.get<string>(StorageKeys.workspaceAccount) === accountId) {
      await this.workspaceState.update(StorageKeys.workspaceAccount, undefined);
    }
    this.changed.fire();
  }

  /** Renames an account, or sets or removes its API URL. */
  async updateProfile(accountId: string, patch: AccountProfilePatch): Promise<PresentKeyState> {
    const store = this.stores.get(accountId);
    if (!store) {
      throw new KeyChangedError('The account was removed meanwhile.');
    }
    return store.updateProfile(patch);
  }

  /** Makes `accountId` the default of every window whose workspace did not pick its own. */
  async setDefault(accountId: string): Promise<void> {
    await this.guard('store', this.secrets.store(StorageKeys.defaultAccount, accountId));
    this.defaultId = accountId;
    this.changed.fire();
  }

  /** This workspace uses `accountId` instead of the default; undefined: the default again. */
  async setWorkspaceAccount(accountId: string | undefined): Promise<void> {
    await this.workspaceState.update(StorageKeys.workspaceAccount, accountId);
    this.changed.fire();
  }

  /** A 401 for `keyUsed`: whichever account holds that key is marked, even one no longer active. */
  markRejected(keyUsed: string): void {
    for (const store of this.stores.values()) {
      store.markRejected(keyUsed);
    }
  }

  dispose(): void {
    this.subscription.dispose();
    for (const subscription of this.storeSubscriptions.values()) {
      subscription.dispose();
    }
    for (const store of this.stores.values()) {
      store.dispose();
    }
    this.changed.dispose();
    this.rejected.dispose();
  }

  private primary(): AccountKeyStore {
    return this.stores.get(PRIMARY_ACCOUNT_ID) ?? this.storeFor(PRIMARY_ACCOUNT_ID);
  }

  /** Resolves once the first read is done, starting it if nobody has: callers share one read. */
  async whenLoaded(): Promise<void> {
    if (!this.loaded) {
      await (this.loading ?? this.refresh());
    }
  }

  private async read(): Promise<void> {
    try {
      const [directory, defaultId] = await Promise.all([
        this.guard('read', this.secrets.get(StorageKeys.accountDirectory)),
        this.guard('read', this.secrets.get(StorageKeys.defaultAccount)),
      ]);
      this.defaultId = defaultId;
      this.applyDirectory(parseDirectory(directory));
    } catch (error) {
      // The accounts known so far stay; the primary store reports the keyring's trouble itself.
      this.logger.warn('Could not read the list of Twelve Labs accounts.', error);
    }
    await Promise.allSettled([...this.stores.values()].map((store) => store.refresh()));
    this.loaded = true;
    this.changed.fire();
    await this.restoreDroppedAdds();
  }

  private applyDirectory(ids: string[]): void {
    this.directoryIds = ids;
    for (const id of ids) {
      this.storeFor(id);
    }
    for (const id of [...this.stores.keys()]) {
      if (id !== PRIMARY_ACCOUNT_ID && !ids.includes(id) && !this.addedHere.has(id)) {
        this.dropStore(id);
      }
    }
  }

  /** Another window's directory write that raced ours dropped an account we added: put it back. */
  private async restoreDroppedAdds(): Promise<void> {
    const dropped = [...this.addedHere].filter((id) => !this.directoryIds.includes(id) && this.stores.get(id)?.getState().kind === 'present');
    if (dropped.length === 0) {
      return;
    }
    this.logger.info(`Another window's change dropped ${dropped.length} account(s) added here; adding them back.`);
    try {
      await this.updateDirectory((ids) => [...ids, ...dropped.filter((id) => !ids.includes(id))]);
    } catch (error) {
      this.logger.warn('Could not add the accounts back to the directory.', error);
    }
  }

  /** Read, change and write the directory, one change of this window at a time. */
  private updateDirectory(change: (ids: string[]) => string[]): Promise<void> {
    const run = async () => {
      const current = parseDirectory(await this.guard('read', this.secrets.get(StorageKeys.accountDirectory)));
      const next = change(current);
      await this.guard('store', this.secrets.store(StorageKeys.accountDirectory, JSON.stringify({ v: 1, ids: next } satisfies Directory)));
      this.applyDirectory(next);
    };
    const result = this.directoryWrites.then(run, run);
    this.directoryWrites = result.catch(() => undefined);
    return result;
  }

  private storeFor(accountId: string): AccountKeyStore {
    const existing = this.stores.get(accountId);
    if (existing) {
      return existing;
    }
    const store = new AccountKeyStore(this.secrets, this.globalState, this.redactor, this.logger, { ...this.options, slot: accountSlot(accountId) });
    this.stores.set(accountId, store);
    this.storeSubscriptions.set(accountId, {
      dispose: disposeAll([
        store.onDidChange(() => {
          if (this.loaded) {
            this.changed.fire();
          }
        }),
        store.onDidReject((state) => this.rejected.fire(state)),
      ]),
    });
    if (this.loaded) {
      void store.refresh();
    }
    return store;
  }

  private dropStore(accountId: string): void {
    this.storeSubscriptions.get(accountId)?.dispose();
    this.storeSubscriptions.delete(accountId);
    this.stores.get(accountId)?.dispose();
    this.stores.delete(accountId);
  }

  private guard<T>(operation: KeyStorageError['operation'], pending: Thenable<T>): Promise<T> {
    return guardSecretStorage(operation, pending, this.timeoutMs, this.redactor, this.logger);
  }
}

/**
 * The key features' view of the accounts: the active account's key, as one `KeyStore`. It follows
 * the active account as it changes (switched here, the default changed in another window, the
 * account removed), and says so through `onDidChange`, so everything built on one key (the tree,
 * Search, the terminal variable, agent tools, MCP) follows without knowing about accounts.
 */
export class ActiveKeyStore implements KeyStore, KeySource {
  private current: AccountKeyStore;
  private currentSubscription: { dispose(): unknown };
  private state: KeyState = { kind: 'loading' };
  private readonly changed = new Emitter<KeyState>();
  private readonly subscription: { dispose(): unknown };

  readonly onDidChange: Event<KeyState> = this.changed.event;
  readonly onDidReject: Event<PresentKeyState>;

  constructor(
    private readonly accounts: Accounts,
    private readonly redactor: Redactor,
    private readonly unnamed: string,
  ) {
    this.onDidReject = accounts.onDidReject;
    this.current = accounts.activeStore();
    this.currentSubscription = this.current.onDidChange(() => this.follow());
    this.subscription = accounts.onDidChange(() => this.follow());
  }

  /** The active account's id, if it holds a key. */
  get accountId(): string | undefined {
    return this.state.kind === 'present' ? this.current.accountId : undefined;
  }

  /** The active account's own API URL, if it has one. */
  get apiUrlOverride(): string | undefined {
    return this.state.kind === 'present' ? this.state.account?.apiUrl : undefined;
  }

  getState(): KeyState {
    return this.state;
  }

  async refresh(): Promise<KeyState> {
    await this.accounts.refresh();
    return this.follow();
  }

  async settled(): Promise<KeyState> {
    await this.accounts.settled();
    return this.follow();
  }

  async getKey(): Promise<string | undefined> {
    await this.accounts.whenLoaded();
    this.follow();
    return this.current.getKey();
  }

  /** A new key for the active account (Set, Rotate); with no account yet, it becomes the first one. */
  set(key: string, metadata: KeyMetadataInput): Promise<PresentKeyState> {
    this.redactor.addSecret(key);
    if (this.state.kind === 'present') {
      return this.current.set(key, metadata);
    }
    return this.accounts.add(metadata.name ?? this.unnamed, key, metadata);
  }

  /** Metadata of the key with `expectedId`, whichever account holds it now. */
  updateMetadata(expectedId: string, patch: MetadataPatch): Promise<PresentKeyState> {
    const holder = this.accounts.list().find((account) => account.state.id === expectedId);
    return holder ? holder.store.updateMetadata(expectedId, patch) : Promise.reject(new KeyChangedError('The API key changed meanwhile.'));
  }

  /** Removes the active account. */
  async clear(): Promise<void> {
    await this.accounts.remove(this.current.accountId);
  }

  markRejected(keyUsed: string): void {
    this.accounts.markRejected(keyUsed);
  }

  protect(secret: string): void {
    this.redactor.addSecret(secret);
  }

  redact(text: string): string {
    return this.redactor.redact(text);
  }

  dispose(): void {
    this.subscription.dispose();
    this.currentSubscription.dispose();
    this.changed.dispose();
  }

  private follow(): KeyState {
    const active = this.accounts.activeStore();
    if (active !== this.current) {
      this.currentSubscription.dispose();
      this.current = active;
      this.currentSubscription = active.onDidChange(() => this.follow());
    }
    const next: KeyState = this.accounts.isLoaded ? active.getState() : { kind: 'loading' };
    if (JSON.stringify(next) !== JSON.stringify(this.state)) {
      this.state = next;
      this.changed.fire(next);
    }
    return this.state;
  }
}

function parseDirectory(raw: string | undefined): string[] {
  if (raw === undefined) {
    return [];
  }
  try {
    const parsed = JSON.parse(raw) as Partial<Directory> | null;
    const ids = Array.isArray(parsed?.ids) ? parsed.ids : [];
    return [...new Set(ids.filter((id): id is string => typeof id === 'string' && /^[\w-]{1,64}$/.test(id) && id !== PRIMARY_ACCOUNT_ID))];
  } catch {
    return [];
  }
}

function disposeAll(subscriptions: { dispose(): unknown }[]): () => void {
  return () => {
    for (const subscription of subscriptions) {
      subscription.dispose();
    }
  };
}
