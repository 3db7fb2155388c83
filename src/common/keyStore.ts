import type * as vscode from 'vscode';
import type { KeySource } from '../api/ports';
import type { Logger } from './logging/logger';
import type { Redactor } from './logging/redact';
import { Emitter, type Event } from './emitter';
import { whenQuiet } from './whenQuiet';
import { StorageKeys } from './storageKeys';
import { type Clock, systemClock } from './clock';

/**
 * One account: its API key, metadata, name and API URL live together in ONE SecretStorage entry (a JSON record), so they can
 * never disagree: every change is a single `store` that either lands whole or not at all, and other
 * windows see it through `secrets.onDidChange`. globalState holds only a non-secret hint (a random id
 * and when the key was set) used to notice that the OS keyring lost a key; the secret always wins over it.
 *
 * Other windows write the same entry, and this window may not have heard of their change yet. So every
 * change derived from an earlier read (metadata, a rejection) first reads the entry again, applies only
 * if the key it is about is still the stored one, and otherwise is dropped while this window follows
 * storage. Without that, a 401 for a just-rotated key would write the old key back over the new one.
 * SecretStorage has no compare-and-swap; what remains is the short gap between that read and the write.
 */
export const SECRET_KEY = StorageKeys.apiKey;

/**
 * Where one account's record lives. The first account keeps the entry a single key always had
 * (`PRIMARY_SLOT`), so upgrading to accounts writes nothing and cannot be interrupted half-way;
 * every further account has an entry of its own, so two windows changing different accounts never
 * write the same entry.
 */
export interface AccountSlot {
  accountId: string;
  secretName: string;
  hintName: string;
}

export const PRIMARY_ACCOUNT_ID = 'primary';

export const PRIMARY_SLOT: AccountSlot = { accountId: PRIMARY_ACCOUNT_ID, secretName: SECRET_KEY, hintName: StorageKeys.keyHint };

export function accountSlot(accountId: string): AccountSlot {
  return accountId === PRIMARY_ACCOUNT_ID
    ? PRIMARY_SLOT
    : { accountId, secretName: `${StorageKeys.accountPrefix}${accountId}`, hintName: `${StorageKeys.keyHint}.${accountId}` };
}

/** How long an account's name may be: it goes into the status bar and menus. */
export const MAX_ACCOUNT_NAME_LENGTH = 60;

export type ValidationOutcome = 'valid' | 'rejected' | 'unverified';

export interface ValidationRecord {
  at: number;
  outcome: ValidationOutcome;
  /** Why it is unverified or rejected, e.g. the server's message. Never contains the key. */
  detail?: string;
}

/** What the rest of the extension may know about the key: everything but the key itself. */
export interface PresentKeyState {
  kind: 'present';
  /** Random, per stored key: what reminders and notifications remember instead of the key. */
  id: string;
  /** For display only, e.g. `tlk_…a1b2`. */
  masked: string;
  /** Unknown for a key stored by something other than this extension. */
  setAt: number | undefined;
  expiresAt: number | undefined;
  lastValidation: ValidationRecord | undefined;
  /** When the API last answered 401 to this key; cleared by a successful validation. */
  rejectedAt: number | undefined;
  /** Which account holds the key; absent only in states built by hand (tests of the views). */
  account?: AccountLabel;
}

export interface AccountLabel {
  id: string;
  /** The user's name for it, e.g. "Acme (prod)"; undefined for a key stored before accounts existed. */
  name: string | undefined;
  /** The account's own API URL, instead of the `twelveLabs.apiUrl` setting. */
  apiUrl: string | undefined;
}

export type KeyState =
  | { kind: 'loading' }
  /** `lostSince`: a key this extension stored is gone from the keyring (not cleared by us). */
  | { kind: 'none'; lostSince?: number }
  | { kind: 'unavailable'; reason: 'timeout' | 'error' | 'unreadable'; message: string }
  | PresentKeyState;

export interface KeyMetadataInput {
  expiresAt: number | undefined;
  lastValidation?: ValidationRecord;
  /** The account's name; a new key for an existing account keeps the name it had. */
  name?: string;
}

/** Account settings that are not about the key: they survive rotation. `apiUrl: undefined` removes the override. */
export type AccountProfilePatch = { name?: string; apiUrl?: string | undefined };

/**
 * The API key features work with: one account's key. `AccountKeyStore` is one account; the active
 * account of a window (`ActiveKeyStore` in accounts.ts) forwards to whichever account that is.
 */
export interface KeyStore {
  readonly onDidChange: Event<KeyState>;
  readonly onDidReject: Event<PresentKeyState>;
  getState(): KeyState;
  refresh(): Promise<KeyState>;
  settled(): Promise<KeyState>;
  getKey(): Promise<string | undefined>;
  set(key: string, metadata: KeyMetadataInput): Promise<PresentKeyState>;
  updateMetadata(expectedId: string, patch: MetadataPatch): Promise<PresentKeyState>;
  clear(): Promise<void>;
  markRejected(keyUsed: string): void;
  protect(secret: string): void;
  redact(text: string): string;
}

export type MetadataPatch = Partial<Pick<PresentKeyState, 'expiresAt' | 'lastValidation' | 'rejectedAt'>>;

/** Thrown when SecretStorage fails or does not answer in time. Its message never contains the key. */
/**
 * The key flows load in a bundle of their own on first use (dist/keyInputFlow.js), which has its own
 * copy of these classes: `instanceof` checks a brand shared through `Symbol.for`, not the prototype.
 * Safe because nothing extends them.
 */
const STORAGE_ERROR = Symbol.for('twelvelabs-vscode.KeyStorageError');
const CHANGED_ERROR = Symbol.for('twelvelabs-vscode.KeyChangedError');

function hasBrand(value: unknown, brand: symbol): boolean {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[brand] === true;
}

export class KeyStorageError extends Error {
  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasBrand(value, STORAGE_ERROR);
  }

  override readonly name = 'KeyStorageError';
  readonly [STORAGE_ERROR] = true;
  constructor(
    readonly reason: 'timeout' | 'failed',
    readonly operation: 'read' | 'store' | 'delete',
    message: string,
  ) {
    super(message);
  }
}

/** Thrown by `updateMetadata` when the key changed (another window, a rotation) since the caller looked. */
export class KeyChangedError extends Error {
  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasBrand(value, CHANGED_ERROR);
  }

  override readonly name = 'KeyChangedError';
  readonly [CHANGED_ERROR] = true;
}

export interface KeyStoreOptions {
  clock?: Clock;
  /** Reads happen at startup and on other windows' changes; a keyring prompt may legitimately take a while. */
  readTimeoutMs?: number;
  writeTimeoutMs?: number;
  newId?: () => string;
  /** Which account's entry this store reads and writes; the primary (the single key of old) by default. */
  slot?: AccountSlot;
}

interface StoredRecord {
  v: 1;
  key: string;
  id: string;
  setAt?: number;
  expiresAt?: number;
  lastValidation?: ValidationRecord;
  rejectedAt?: number;
  name?: string;
  apiUrl?: string;
}

interface Hint {
  id: string;
  setAt?: number;
}

type SecretStorageLike = Pick<vscode.SecretStorage, 'get' | 'store' | 'delete' | 'onDidChange'>;
type MementoLike = Pick<vscode.Memento, 'get' | 'update'>;

export class AccountKeyStore implements KeyStore, KeySource {
  private state: KeyState = { kind: 'loading' };
  private record: StoredRecord | undefined;
  private loading: Promise<KeyState> | undefined;
  private initialReadDone = false;
  /** Bumped by every change this window makes; a read that started before one must not undo it. */
  private epoch = 0;
  private readSeq = 0;
  private appliedReadSeq = 0;
  /** This window's writes run one at a time, so its own metadata update never resurrects a key its own rotation replaced. */
  private writes: Promise<unknown> = Promise.resolve();
  /** Keys with a rejection queued: a burst of 401s queues one check, not one per request. */
  private readonly rejectionsQueued = new Set<string>();
  private readonly changed = new Emitter<KeyState>();
  private readonly rejected = new Emitter<PresentKeyState>();
  private readonly subscription: { dispose(): unknown };
  private readonly clock: Clock;
  private readonly readTimeoutMs: number;
  private readonly writeTimeoutMs: number;
  private readonly newId: () => string;
  private readonly slot: AccountSlot;

  /** Fires whenever the state changes, from this window or another. */
  readonly onDidChange: Event<KeyState> = this.changed.event;
  /** Fires when a 401 in THIS window turns a good key into a rejected one: once, not per request. */
  readonly onDidReject: Event<PresentKeyState> = this.rejected.event;

  constructor(
    private readonly secrets: SecretStorageLike,
    private readonly globalState: MementoLike,
    private readonly redactor: Redactor,
    private readonly logger: Logger,
    options: KeyStoreOptions = {},
  ) {
    this.clock = options.clock ?? systemClock;
    this.readTimeoutMs = options.readTimeoutMs ?? 10_000;
    this.writeTimeoutMs = options.writeTimeoutMs ?? 20_000;
    // Web Crypto's, not node:crypto's: that module costs milliseconds to load, and most loads never set a key.
    this.newId = options.newId ?? (() => globalThis.crypto.randomUUID());
    this.slot = options.slot ?? PRIMARY_SLOT;
    this.subscription = secrets.onDidChange((event) => {
      if (event.key === this.slot.secretName) {
        this.logger.debug('The stored API key changed (this or another window); reading it again.');
        void this.refresh();
      }
    });
  }

  get accountId(): string {
    return this.slot.accountId;
  }

  /** A snapshot without the key. `loading` until the first read completes. */
  getState(): KeyState {
    return this.state;
  }

  /** Reads the secret again. Never rejects: failures become the `unavailable` state. */
  refresh(): Promise<KeyState> {
    const loading = this.read();
    this.loading = loading;
    return loading;
  }

  /** Resolves once no read or write is in flight: for tests and for callers that must see settled state. */
  async settled(): Promise<KeyState> {
    await whenQuiet(() => this.loading, () => this.writes);
    return this.state;
  }

  async getKey(): Promise<string | undefined> {
    if (this.state.kind === 'loading') {
      await (this.loading ?? this.refresh());
    } else if (this.state.kind === 'unavailable') {
      // The keyring may have been unlocked since; a request that needs the key deserves another try.
      await this.refresh();
    }
    return this.record?.key;
  }

  /** Stores a new key with fresh metadata, replacing any old one in a single write. */
  set(key: string, metadata: KeyMetadataInput): Promise<PresentKeyState> {
    // Before anything can log it: from now on every log line masks this key.
    this.redactor.addSecret(key);
    return this.enqueue(async () => {
      // A new key for the same account: its name and URL are the account's, not the key's.
      const name = metadata.name ?? this.record?.name;
      const apiUrl = this.record?.apiUrl;
      const record: StoredRecord = {
        v: 1,
        key,
        id: this.newId(),
        setAt: this.clock.now(),
        ...(metadata.expiresAt !== undefined ? { expiresAt: metadata.expiresAt } : {}),
        ...(metadata.lastValidation ? { lastValidation: metadata.lastValidation } : {}),
        ...(name !== undefined ? { name } : {}),
        ...(apiUrl !== undefined ? { apiUrl } : {}),
      };
      await this.write(record);
      this.commit(record);
      await this.writeHint(record);
      this.logger.info(`API key ${maskKey(key)} stored in secret storage.`);
      return this.state as PresentKeyState;
    });
  }

  /**
   * Changes metadata of the key with id `expectedId`, on top of the record as stored now (so another
   * window's edit is kept). Refuses (KeyChangedError) when another key is stored by now, or none, so a
   * slow validation of the old key cannot stamp its result on the new one, nor bring back a cleared key;
   * this window then shows what is stored.
   */
  updateMetadata(expectedId: string, patch: MetadataPatch): Promise<PresentKeyState> {
    // Which key the caller means is fixed now: by the time the queue gets to it, this window may have moved on.
    const intended = this.record?.id === expectedId ? this.record : undefined;
    return this.enqueue(async () => {
      const current = intended && (await this.readStoredFor(intended, 'id'));
      if (!current) {
        throw new KeyChangedError('The API key changed meanwhile.');
      }
      const next = withPatch(current, patch);
      await this.write(next);
      this.commit(next);
      return this.state as PresentKeyState;
    });
  }

  /**
   * Renames the account or changes its API URL, on top of whatever key is stored now (a rotation in
   * another window meanwhile keeps the new key). Refuses (KeyChangedError) when the account is gone.
   */
  updateProfile(patch: AccountProfilePatch): Promise<PresentKeyState> {
    return this.enqueue(async () => {
      const current = this.record && (await this.readStoredFor(this.record, 'account'));
      if (!current) {
        throw new KeyChangedError('The account was removed meanwhile.');
      }
      const next = withPatch(current, patch);
      await this.write(next);
      this.commit(next);
      return this.state as PresentKeyState;
    });
  }

  /** Removes key and metadata. If deleting fails, the key stays and the error says why. */
  clear(): Promise<void> {
    return this.enqueue(async () => {
      const previous = this.record;
      await this.guard('delete', attempt(() => this.secrets.delete(this.slot.secretName)), this.writeTimeoutMs);
      this.commit(undefined);
      await this.writeHint(undefined);
      this.logger.info(previous ? `API key ${maskKey(previous.key)} removed from secret storage.` : 'No API key was stored.');
    });
  }

  /**
   * Called on every 401 with the key that request carried. The first one for the stored key flips it
   * to rejected and tells `onDidReject`; later ones change nothing, and a 401 for a key that has been
   * replaced meanwhile (a request still in flight during a rotation, here or in another window) says
   * nothing about the new one. Takes effect once storage has been checked, not synchronously.
   */
  markRejected(keyUsed: string): void {
    const record = this.record;
    if (!record || record.rejectedAt !== undefined || keyUsed !== record.key || this.rejectionsQueued.has(keyUsed)) {
      return;
    }
    this.rejectionsQueued.add(keyUsed);
    void this.enqueue(() => this.recordRejection(record)).finally(() => this.rejectionsQueued.delete(keyUsed));
  }

  /** Masks a secret that is not stored yet (a key about to be imported) in every log line from now on. */
  protect(secret: string): void {
    this.redactor.addSecret(secret);
  }

  /** Masks every key this store has seen: for texts from elsewhere (server messages) shown to the user. */
  redact(text: string): string {
    return this.redactor.redact(text);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
    this.rejected.dispose();
  }

  /** Never rejects (nobody awaits it): if storage fails, this window still shows the refused key as rejected. */
  private async recordRejection(refused: StoredRecord): Promise<void> {
    let current: StoredRecord | undefined;
    let persist = true;
    try {
      current = await this.readStoredFor(refused, 'key');
    } catch {
      // Unknown whether another window replaced the key, so nothing is written; but this window's copy
      // is the key that was refused, and it should say so.
      current = this.record?.key === refused.key ? this.record : undefined;
      persist = false;
    }
    if (!current || current.rejectedAt !== undefined) {
      // Replaced, cleared, or another window recorded the rejection already (and told its user).
      return;
    }
    const next: StoredRecord = { ...current, rejectedAt: this.clock.now() };
    if (persist) {
      try {
        await this.write(next);
      } catch (error) {
        // Persisting is so that other windows turn red too; if the keyring refuses, this window still knows.
        this.logger.warn('Could not record the rejection in secret storage.', error);
      }
    }
    this.commit(next);
    this.logger.warn(`The API answered 401 for key ${maskKey(next.key)}: it is invalid or expired.`);
    if (this.state.kind === 'present') {
      this.rejected.fire(this.state);
    }
  }

  /**
   * Reads the stored record for a read-modify-write and shows it in this window (it is the newest
   * read). Returns it only if it still holds `intended`'s key (`sameKeyBy` 'key': the same secret;
   * 'id': that very record, not the same key set again); otherwise the change is dropped. Rejects with
   * KeyStorageError if the read fails, without touching this window's state: the write is not done.
   */
  private async readStoredFor(intended: StoredRecord, sameKeyBy: 'id' | 'key' | 'account'): Promise<StoredRecord | undefined> {
    const seq = ++this.readSeq;
    const epoch = this.epoch;
    const raw = await this.guard('read', attempt(() => this.secrets.get(this.slot.secretName)), this.readTimeoutMs);
    const current = raw === undefined ? undefined : parseRecord(raw);
    // The write queue is ours, so no commit can happen meanwhile; only a newer read can be ahead of this one.
    if (epoch === this.epoch && seq >= this.appliedReadSeq) {
      this.appliedReadSeq = seq;
      this.applyRaw(raw, false);
    }
    if (current && sameKeyBy === 'account') {
      return current;
    }
    if (current?.key === intended.key && (sameKeyBy === 'key' || current.id === intended.id)) {
      return current;
    }
    const what = raw === undefined ? 'cleared' : current ? 'replaced' : 'made unreadable';
    this.logger.debug(`A change meant for the API key ${maskKey(intended.key)} was dropped: it changed meanwhile, ${what} (another window?).`);
    return undefined;
  }

  private async read(): Promise<KeyState> {
    const seq = ++this.readSeq;
    const epoch = this.epoch;
    const initial = !this.initialReadDone;
    this.initialReadDone = true;
    // A late answer (after the timeout) is still welcome if nothing newer has been applied meanwhile.
    const applicable = () => epoch === this.epoch && seq >= this.appliedReadSeq;
    const pending = attempt(() => this.secrets.get(this.slot.secretName));
    try {
      const raw = await this.guard('read', pending, this.readTimeoutMs);
      if (applicable()) {
        this.appliedReadSeq = seq;
        this.applyRaw(raw, initial);
      }
    } catch (error) {
      if (applicable()) {
        this.appliedReadSeq = seq;
        const storageError = error as KeyStorageError;
        this.record = undefined;
        this.setState({ kind: 'unavailable', reason: storageError.reason === 'timeout' ? 'timeout' : 'error', message: storageError.message });
        if (storageError.reason === 'timeout') {
          pending.then(
            (late) => {
              if (applicable()) {
                this.logger.info('Secret storage answered after all.');
                this.applyRaw(late, initial);
              }
            },
            () => undefined,
          );
        }
      }
    }
    return this.state;
  }

  private applyRaw(raw: string | undefined, initial: boolean): void {
    if (raw === undefined) {
      this.record = undefined;
      const hint = this.globalState.get<Hint>(this.slot.hintName);
      if (initial && hint) {
        this.logger.warn('A key this extension stored is no longer in secret storage; the OS keyring may have been reset.');
        this.setState({ kind: 'none', ...(hint.setAt !== undefined ? { lostSince: hint.setAt } : {}) });
      } else {
        this.setState({ kind: 'none' });
      }
      return;
    }
    const record = parseRecord(raw);
    if (!record) {
      // Deliberately not logging the parse error: JSON.parse quotes the input, and the input is a secret.
      this.logger.warn('The stored API key is in a format this version does not understand.');
      this.record = undefined;
      this.setState({ kind: 'unavailable', reason: 'unreadable', message: 'The stored key is in an unknown format. Set the key again.' });
      return;
    }
    this.redactor.addSecret(record.key);
    this.record = record;
    this.setState(toState(record, this.slot.accountId));
    const hint = this.globalState.get<Hint>(this.slot.hintName);
    if (hint?.id !== record.id) {
      void this.writeHint(record);
    }
  }

  private commit(record: StoredRecord | undefined): void {
    this.epoch++;
    this.record = record;
    this.setState(record ? toState(record, this.slot.accountId) : { kind: 'none' });
  }

  private write(record: StoredRecord): Promise<void> {
    return this.guard('store', attempt(() => this.secrets.store(this.slot.secretName, JSON.stringify(record))), this.writeTimeoutMs);
  }


  private setState(next: KeyState): void {
    if (JSON.stringify(next) === JSON.stringify(this.state)) {
      return;
    }
    this.state = next;
    this.changed.fire(next);
  }

  private async writeHint(record: StoredRecord | undefined): Promise<void> {
    try {
      await this.globalState.update(this.slot.hintName, record ? ({ id: record.id, setAt: record.setAt } satisfies Hint) : undefined);
    } catch (error) {
      this.logger.debug('Could not update the key hint in globalState.', error);
    }
  }

  private enqueue<T>(operation: () => Promise<T>): Promise<T> {
    const result = this.writes.then(operation, operation);
    this.writes = result.catch(() => undefined);
    return result;
  }

  private guard<T>(operation: KeyStorageError['operation'], pending: Thenable<T>, timeoutMs: number): Promise<T> {
    return guardSecretStorage(operation, pending, timeoutMs, this.redactor, this.logger);
  }
}

/** Bounds a SecretStorage call in time and turns its failures into KeyStorageError, whose message never holds a key. */
export async function guardSecretStorage<T>(
  operation: KeyStorageError['operation'],
  pending: Thenable<T>,
  timeoutMs: number,
  redactor: Redactor,
  logger: Logger,
): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(
        new KeyStorageError(
          'timeout',
          operation,
          `Secret storage did not answer within ${Math.round(timeoutMs / 1000)} s. The OS keyring may be locked or missing.`,
        ),
      );
    }, timeoutMs);
  });
  try {
    return await Promise.race([Promise.resolve(pending), timeout]);
  } catch (error) {
    if (error instanceof KeyStorageError) {
      logger.warn(`Secret storage ${operation}: ${error.message}`);
      throw error;
    }
    const detail = redactor.redact(error instanceof Error ? error.message : String(error));
    logger.warn(`Secret storage ${operation} failed: ${detail}`);
    throw new KeyStorageError('failed', operation, `Secret storage failed: ${detail}`);
  } finally {
    clearTimeout(timer);
  }
}

/** `patch` on top of `record`; a field set to `undefined` is removed, so it reads back the same. */
function withPatch(record: StoredRecord, patch: MetadataPatch | AccountProfilePatch): StoredRecord {
  const next: StoredRecord = { ...record };
  for (const [field, value] of Object.entries(patch) as [keyof StoredRecord, unknown][]) {
    if (value === undefined) {
      delete next[field];
    } else {
      (next as unknown as Record<string, unknown>)[field] = value;
    }
  }
  return next;
}

/**
 * Runs a SecretStorage call so that a synchronous throw (a broken keyring backend, a disposed
 * storage) becomes a rejection like any other, and reaches the timeout and error handling.
 */
function attempt<T>(call: () => Thenable<T>): Promise<T> {
  try {
    return Promise.resolve(call());
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}

/** `tlk_…a1b2`: enough to tell keys apart, too little to use. Short or odd keys show only the ellipsis. */
export function maskKey(key: string): string {
  const prefix = key.startsWith('tlk_') ? 'tlk_' : '';
  const tail = key.length >= 12 ? key.slice(-4) : '';
  return `${prefix}…${tail}`;
}

function toState(record: StoredRecord, accountId: string): PresentKeyState {
  return {
    kind: 'present',
    id: record.id,
    masked: maskKey(record.key),
    setAt: record.setAt,
    expiresAt: record.expiresAt,
    lastValidation: record.lastValidation,
    rejectedAt: record.rejectedAt,
    account: { id: accountId, name: record.name, apiUrl: record.apiUrl },
  };
}

/**
 * Our JSON record, or a bare key that something else stored under our name (an older build, a script):
 * usable, with unknown dates, under a fixed id so that reminders do not fire for it.
 */
function parseRecord(raw: string): StoredRecord | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return /^[\x21-\x7e]{8,}$/.test(raw) ? { v: 1, key: raw, id: 'unrecorded' } : undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) {
    return undefined;
  }
  const candidate = parsed as Partial<StoredRecord>;
  if (typeof candidate.key !== 'string' || candidate.key === '' || typeof candidate.id !== 'string') {
    return undefined;
  }
  return {
    v: 1,
    key: candidate.key,
    id: candidate.id,
    ...(isNumber(candidate.setAt) ? { setAt: candidate.setAt } : {}),
    ...(isNumber(candidate.expiresAt) ? { expiresAt: candidate.expiresAt } : {}),
    ...(isValidation(candidate.lastValidation) ? { lastValidation: candidate.lastValidation } : {}),
    ...(isNumber(candidate.rejectedAt) ? { rejectedAt: candidate.rejectedAt } : {}),
    ...(typeof candidate.name === 'string' && candidate.name.trim() !== '' ? { name: candidate.name.slice(0, MAX_ACCOUNT_NAME_LENGTH) } : {}),
    ...(typeof candidate.apiUrl === 'string' && candidate.apiUrl !== '' ? { apiUrl: candidate.apiUrl } : {}),
  };
}

function isNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function isValidation(value: unknown): value is ValidationRecord {
  const v = value as Partial<ValidationRecord> | undefined;
  return !!v && isNumber(v.at) && (v.outcome === 'valid' || v.outcome === 'rejected' || v.outcome === 'unverified');
}
