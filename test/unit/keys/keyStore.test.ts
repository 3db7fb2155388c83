import * as assert from 'node:assert/strict';
import { DAY_MS } from '../../../src/keys/expiry';
import { KeyChangedError, type KeyState, KeyStorageError, AccountKeyStore, SECRET_KEY, maskKey } from '../../../src/common/keyStore';
import { Redactor } from '../../../src/common/logging/redact';
import { FakeClock } from '../fakes/clock';
import { MemoryLogger } from '../fakes/logger';
import { FakeMemento } from '../fakes/memento';
import { FakeSecretStorage } from '../fakes/secretStorage';

const KEY_A = 'tlk_AAAAfakeUNITtestKEY000001a1b2';
const KEY_B = 'tlk_BBBBfakeUNITtestKEY0000002c3d';
const NOW = Date.UTC(2025, 2, 1, 10);

function setup(options: { readTimeoutMs?: number; writeTimeoutMs?: number } = {}) {
  const secrets = new FakeSecretStorage();
  const memento = new FakeMemento();
  const redactor = new Redactor();
  const logger = new MemoryLogger(redactor);
  const unredactedLogger = new MemoryLogger();
  const clock = new FakeClock(NOW);
  let ids = 0;
  const store = new AccountKeyStore(secrets, memento, redactor, bothLoggers(logger, unredactedLogger), {
    clock,
    readTimeoutMs: options.readTimeoutMs ?? 1000,
    writeTimeoutMs: options.writeTimeoutMs ?? 1000,
    newId: () => `id-${++ids}`,
  });
  const states: KeyState[] = [];
  store.onDidChange((state) => states.push(state));
  return { secrets, memento, redactor, logger, unredactedLogger, clock, store, states };
}

/** Logs to the redacting logger and to one that keeps raw text, so tests see what was handed to logging at all. */
function bothLoggers(a: MemoryLogger, b: MemoryLogger) {
  const both = (level: 'trace' | 'debug' | 'info' | 'warn' | 'error') => (message: string, ...details: unknown[]) => {
    a[level](message, ...details);
    b[level](message, ...details);
  };
  return { trace: both('trace'), debug: both('debug'), info: both('info'), warn: both('warn'), error: both('error') };
}

function storedRecord(secrets: FakeSecretStorage): Record<string, unknown> {
  const raw = secrets.values.get(SECRET_KEY);
  assert.ok(raw, 'a secret is stored');
  return JSON.parse(raw) as Record<string, unknown>;
}

function assertNoKeyOutsideSecrets(context: ReturnType<typeof setup>, ...keys: string[]): void {
  const outside = [
    context.memento.dump(),
    context.unredactedLogger.lines.join('\n'),
    JSON.stringify(context.states),
    JSON.stringify(context.store.getState()),
  ].join('\n');
  for (const key of keys) {
    assert.ok(!outside.includes(key), `the key leaked outside SecretStorage:\n${outside}`);
  }
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('KeyStore', () => {
  it('starts loading, without touching storage until asked (activation never waits)', () => {
    const { store, secrets } = setup();
    assert.deepEqual(store.getState(), { kind: 'loading' });
    assert.deepEqual(secrets.calls, []);
  });

  it('reads none, then stores key and metadata together in one secret', async () => {
    const context = setup();
    const { store, secrets, states } = context;
    assert.deepEqual(await store.refresh(), { kind: 'none' });
    const expiresAt = NOW + 90 * DAY_MS;
    const state = await store.set(KEY_A, { expiresAt, lastValidation: { at: NOW, outcome: 'valid' } });
    assert.deepEqual(state, {
      kind: 'present',
      id: 'id-1',
      masked: 'tlk_…a1b2',
      setAt: NOW,
      expiresAt,
      lastValidation: { at: NOW, outcome: 'valid' },
      rejectedAt: undefined,
      account: { id: 'primary', name: undefined, apiUrl: undefined },
    });
    assert.deepEqual(storedRecord(secrets), { v: 1, key: KEY_A, id: 'id-1', setAt: NOW, expiresAt, lastValidation: { at: NOW, outcome: 'valid' } });
    assert.equal(await store.getKey(), KEY_A);
    assert.deepEqual(states.map((s) => s.kind), ['none', 'present']);
    assertNoKeyOutsideSecrets(context, KEY_A);
  });

  it('getKey waits for the first read', async () => {
    const { store, secrets } = setup();
    secrets.values.set(SECRET_KEY, JSON.stringify({ v: 1, key: KEY_A, id: 'x', setAt: NOW, expiresAt: NOW + DAY_MS }));
    assert.equal(await store.getKey(), KEY_A);
    assert.equal(store.getState().kind, 'present');
  });

  it('a failing store leaves the old key, in storage and in memory, and says why without the key', async () => {
    const context = setup();
    const { store, secrets } = context;
    await store.refresh();
    await store.set(KEY_A, { expiresAt: NOW + DAY_MS });
    secrets.failNext('store', new Error(`keyring refused value ${KEY_B}`));
    await assert.rejects(store.set(KEY_B, { expiresAt: NOW + 2 * DAY_MS }), (error: unknown) => {
      assert.ok(error instanceof KeyStorageError);
      assert.equal(error.reason, 'failed');
      assert.ok(!error.message.includes(KEY_B), 'the error message masks the key');
      assert.match(error.message, /keyring refused value \[redacted\]/);
      return true;
    });
    assert.equal(await store.getKey(), KEY_A);
    assert.equal(storedRecord(secrets).key, KEY_A);
    assert.equal((store.getState() as { masked: string }).masked, maskKey(KEY_A));
    assertNoKeyOutsideSecrets(context, KEY_A);
  });

  it('a hanging store times out and keeps the old key; if it lands later, every view follows storage', async () => {
    const { store, secrets, states } = setup({ writeTimeoutMs: 30 });
    await store.refresh();
    await store.set(KEY_A, { expiresAt: NOW + DAY_MS });
    secrets.hangNext('store');
    await assert.rejects(store.set(KEY_B, { expiresAt: NOW + 2 * DAY_MS }), (error: unknown) => error instanceof KeyStorageError && error.reason === 'timeout');
    assert.equal(await store.getKey(), KEY_A);
    secrets.release();
    await flush();
    await store.settled();
    assert.equal(await store.getKey(), KEY_B, 'the late write fired onDidChange and was read back');
    assert.equal(states.at(-1)?.kind, 'present');
    assert.equal((states.at(-1) as { masked: string }).masked, maskKey(KEY_B));
  });

  it('a hanging read at startup becomes "unavailable" in bounded time, and a late answer is still used', async () => {
    const { store, secrets } = setup({ readTimeoutMs: 30 });
    secrets.values.set(SECRET_KEY, JSON.stringify({ v: 1, key: KEY_A, id: 'x', setAt: NOW, expiresAt: NOW + DAY_MS }));
    secrets.hangNext('get');
    const started = Date.now();
    const state = await store.refresh();
    assert.ok(Date.now() - started < 1000);
    assert.equal(state.kind, 'unavailable');
    assert.match(state.kind === 'unavailable' ? state.message : '', /did not answer/);
    secrets.release();
    await flush();
    assert.equal(store.getState().kind, 'present');
  });

  it('a failing read is "unavailable", and never falls back to anything else', async () => {
    const { store, secrets, memento } = setup();
    secrets.failNext('get', new Error('No such interface "org.freedesktop.Secret.Collection"'));
    const state = await store.refresh();
    assert.deepEqual(state.kind, 'unavailable');
    assert.match(state.kind === 'unavailable' ? state.message : '', /org\.freedesktop\.Secret/);
    assert.equal(await store.getKey(), undefined, 'getKey tries again, finds nothing');
    assert.deepEqual(memento.keys(), []);
  });

  it('follows changes made by another window', async () => {
    const { store, secrets, states } = setup();
    await store.refresh();
    secrets.changeFromElsewhere(SECRET_KEY, JSON.stringify({ v: 1, key: KEY_B, id: 'other', setAt: NOW, expiresAt: NOW + 10 * DAY_MS }));
    await flush();
    await store.settled();
    assert.equal(await store.getKey(), KEY_B);
    assert.equal((store.getState() as { expiresAt: number }).expiresAt, NOW + 10 * DAY_MS);
    secrets.changeFromElsewhere(SECRET_KEY, undefined);
    await flush();
    await store.settled();
    assert.equal(store.getState().kind, 'none');
    assert.deepEqual(states.map((s) => s.kind), ['none', 'present', 'none']);
  });

  it('a read that started before a write cannot undo it', async () => {
    const { store, secrets } = setup();
    secrets.hangNext('get');
    const firstRead = store.refresh();
    await store.set(KEY_A, { expiresAt: NOW + DAY_MS });
    secrets.release();
    await firstRead;
    await store.settled();
    assert.equal(await store.getKey(), KEY_A);
    assert.equal(store.getState().kind, 'present');
  });

  it('metadata updates are tied to the key they were meant for', async () => {
    const { store, secrets } = setup();
    await store.refresh();
    const a = await store.set(KEY_A, { expiresAt: NOW + DAY_MS });
    const updated = await store.updateMetadata(a.id, { expiresAt: NOW + 5 * DAY_MS, lastValidation: { at: NOW, outcome: 'valid' } });
    assert.equal(updated.expiresAt, NOW + 5 * DAY_MS);
    assert.equal(storedRecord(secrets).key, KEY_A);
    assert.equal(storedRecord(secrets).expiresAt, NOW + 5 * DAY_MS);
    await store.set(KEY_B, { expiresAt: NOW + DAY_MS });
    await assert.rejects(store.updateMetadata(a.id, { rejectedAt: NOW }), KeyChangedError);
    assert.equal(storedRecord(secrets).rejectedAt, undefined);
  });

  it('marks a rejection once, however many 401s arrive, and persists it for other windows', async () => {
    const { store, secrets } = setup();
    await store.refresh();
    await store.set(KEY_A, { expiresAt: NOW + DAY_MS });
    let notices = 0;
    store.onDidReject(() => notices++);
    for (let i = 0; i < 5; i++) {
      store.markRejected(KEY_A);
    }
    await store.settled();
    store.markRejected(KEY_A);
    await store.settled();
    assert.equal(notices, 1);
    assert.equal((store.getState() as { rejectedAt: number }).rejectedAt, NOW);
    assert.equal(storedRecord(secrets).rejectedAt, NOW);
    assert.equal(secrets.calls.filter((call) => call.operation === 'store').length, 2, 'one store for the key, one for the rejection');
    // A successful validation clears it.
    const state = store.getState() as { id: string };
    await store.updateMetadata(state.id, { rejectedAt: undefined, lastValidation: { at: NOW, outcome: 'valid' } });
    assert.equal(storedRecord(secrets).rejectedAt, undefined);
  });

  it('a late 401 for the old key does not mark its replacement', async () => {
    const { store } = setup();
    await store.refresh();
    await store.set(KEY_A, { expiresAt: NOW + DAY_MS });
    await store.set(KEY_B, { expiresAt: NOW + DAY_MS });
    store.markRejected(KEY_A);
    await store.settled();
    assert.equal((store.getState() as { rejectedAt?: number }).rejectedAt, undefined);
  });

  it('a 401 that arrives while this window is still rotating away from that key marks nothing and announces nothing', async () => {
    const { store, secrets } = setup();
    await store.refresh();
    await store.set(KEY_A, { expiresAt: NOW + DAY_MS });
    let notices = 0;
    store.onDidReject(() => notices++);
    const rotation = store.set(KEY_B, { expiresAt: NOW + DAY_MS });
    store.markRejected(KEY_A);
    await rotation;
    await store.settled();
    assert.equal(notices, 0);
    assert.equal(storedRecord(secrets).key, KEY_B);
    assert.equal(storedRecord(secrets).rejectedAt, undefined);
    assert.equal((store.getState() as { rejectedAt?: number }).rejectedAt, undefined);
  });


  it('a failing delete keeps the key', async () => {
    const { store, secrets } = setup();
    await store.refresh();
    await store.set(KEY_A, { expiresAt: NOW + DAY_MS });
    secrets.failNext('delete');
    await assert.rejects(store.clear(), KeyStorageError);
    assert.equal(await store.getKey(), KEY_A);
    await store.clear();
    assert.equal(store.getState().kind, 'none');
    assert.equal(secrets.values.has(SECRET_KEY), false);
  });

  it('notices at startup when the keyring lost a key this extension stored', async () => {
    const first = setup();
    await first.store.refresh();
    await first.store.set(KEY_A, { expiresAt: NOW + DAY_MS });
    // Same globalState, emptied keyring (e.g. a new keyring after an OS reinstall).
    const again = new AccountKeyStore(new FakeSecretStorage(), first.memento, new Redactor(), new MemoryLogger());
    assert.deepEqual(await again.refresh(), { kind: 'none', lostSince: NOW });
    // Clearing on purpose is not a loss.
    await first.store.clear();
    const afterClear = new AccountKeyStore(new FakeSecretStorage(), first.memento, new Redactor(), new MemoryLogger());
    assert.deepEqual(await afterClear.refresh(), { kind: 'none' });
  });

  it('accepts a bare key stored by something else, with unknown dates', async () => {
    const { store, secrets } = setup();
    secrets.values.set(SECRET_KEY, KEY_A);
    const state = await store.refresh();
    assert.deepEqual(state, { kind: 'present', id: 'unrecorded', masked: maskKey(KEY_A), setAt: undefined, expiresAt: undefined, lastValidation: undefined, rejectedAt: undefined, account: { id: 'primary', name: undefined, apiUrl: undefined } });
  });

  it('an unreadable record is reported without quoting it', async () => {
    const context = setup();
    const garbage = `{"key": "${KEY_A}", broken`;
    context.secrets.values.set(SECRET_KEY, garbage);
    const state = await context.store.refresh();
    assert.equal(state.kind, 'unavailable');
    assertNoKeyOutsideSecrets(context, KEY_A, garbage);
  });

  it('logs mention keys only masked', async () => {
    const context = setup();
    await context.store.refresh();
    await context.store.set(KEY_A, { expiresAt: NOW + DAY_MS });
    await context.store.set(KEY_B, { expiresAt: NOW + DAY_MS });
    await context.store.clear();
    assert.ok(context.logger.lines.some((line) => line.includes('tlk_…a1b2')));
    assertNoKeyOutsideSecrets(context, KEY_A, KEY_B);
  });

  it('masks keys for display without giving much away', () => {
    assert.equal(maskKey(KEY_A), 'tlk_…a1b2');
    assert.equal(maskKey('abcdefghijklmnop'), '…mnop');
    assert.equal(maskKey('tlk_short'), 'tlk_…');
  });
});
