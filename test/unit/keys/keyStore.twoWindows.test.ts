import * as assert from 'node:assert/strict';
import { DAY_MS } from '../../../src/keys/expiry';
import { KeyChangedError, type KeyState, AccountKeyStore, type PresentKeyState, SECRET_KEY, maskKey } from '../../../src/common/keyStore';
import { Redactor } from '../../../src/common/logging/redact';
import { FakeClock } from '../fakes/clock';
import { MemoryLogger } from '../fakes/logger';
import { FakeMemento } from '../fakes/memento';
import { FakeSecretStorage } from '../fakes/secretStorage';

const K1 = 'tlk_K1K1fakeTWOwindowsKEY0000001a1b';
const K2 = 'tlk_K2K2fakeTWOwindowsKEY0000002c3d';
const NOW = Date.UTC(2026, 1, 2, 9);

type Window = ReturnType<typeof openWindow>;

/** One VS Code window: its own KeyStore over a keyring (and globalState) it shares with the others. */
function openWindow(secrets: FakeSecretStorage, globalState: FakeMemento, clock: FakeClock, newId: () => string) {
  // Unredacted, so a key handed to the logger at all shows up here.
  const logger = new MemoryLogger();
  const store = new AccountKeyStore(secrets, globalState, new Redactor(), logger, { clock, readTimeoutMs: 1000, writeTimeoutMs: 1000, newId });
  const window = { secrets, logger, store, rejectionNotices: 0 };
  store.onDidReject(() => window.rejectionNotices++);
  return window;
}

/** Windows A and B, both showing K1 (set in A). */
async function twoWindowsOnK1() {
  const clock = new FakeClock(NOW);
  const globalState = new FakeMemento();
  let ids = 0;
  const newId = () => `id-${++ids}`;
  const a = openWindow(new FakeSecretStorage(), globalState, clock, newId);
  const b = openWindow(new FakeSecretStorage(a.secrets), globalState, clock, newId);
  await Promise.all([a.store.refresh(), b.store.refresh()]);
  await a.store.set(K1, { expiresAt: NOW + 30 * DAY_MS });
  await settle(a, b);
  const k1 = present(b.store.getState());
  assert.equal(k1.masked, maskKey(K1), 'B heard of K1');
  return { a, b, clock, k1 };
}

async function settle(...windows: Window[]): Promise<void> {
  await Promise.all(windows.map((window) => window.store.settled()));
}

function present(state: KeyState): PresentKeyState {
  assert.ok(state.kind === 'present', `expected a key, got "${state.kind}"`);
  return state;
}

function stored(window: Window): Record<string, unknown> | undefined {
  const raw = window.secrets.values.get(SECRET_KEY);
  return raw === undefined ? undefined : (JSON.parse(raw) as Record<string, unknown>);
}

function assertDroppedQuietly(window: Window): void {
  const text = window.logger.lines.join('\n');
  assert.ok(window.logger.lines.some((line) => line.startsWith('[debug]') && /changed meanwhile|no longer stored/i.test(line)), text);
  assert.ok(!text.includes(K1) && !text.includes(K2), `a key reached the log:\n${text}`);
}

describe('KeyStore in two windows over one keyring', () => {
  it('A rotates K1 → K2 while B, still on K1, gets a 401 for K1: storage keeps K2 unrejected, and B follows to K2', async () => {
    const { a, b } = await twoWindowsOnK1();
    b.secrets.holdChanges();
    await a.store.set(K2, { expiresAt: NOW + 90 * DAY_MS });
    assert.equal(present(b.store.getState()).masked, maskKey(K1), 'B has not heard of the rotation yet');

    b.store.markRejected(K1);
    await settle(b);

    assert.equal(stored(b)?.key, K2);
    assert.equal(stored(b)?.rejectedAt, undefined);
    const bState = present(b.store.getState());
    assert.equal(bState.masked, maskKey(K2), 'B re-read storage and now shows K2');
    assert.equal(bState.rejectedAt, undefined);
    assert.equal(b.rejectionNotices, 0, 'nobody is told that K2 (or a key no longer used) was rejected');
    assert.equal(await b.store.getKey(), K2);
    assertDroppedQuietly(b);

    b.secrets.deliverChanges();
    await settle(a, b);
    for (const window of [a, b]) {
      const state = present(window.store.getState());
      assert.equal(state.masked, maskKey(K2));
      assert.equal(state.rejectedAt, undefined);
    }
    assert.equal(stored(a)?.key, K2);
  });

  it('B records a validation result for K1 after A rotated to K2: the result is dropped, K2 untouched', async () => {
    const { a, b, k1 } = await twoWindowsOnK1();
    b.secrets.holdChanges();
    await a.store.set(K2, { expiresAt: NOW + 90 * DAY_MS });
    const k2Record = stored(a);

    await assert.rejects(
      b.store.updateMetadata(k1.id, { lastValidation: { at: NOW, outcome: 'rejected', detail: 'invalid key' }, rejectedAt: NOW }),
      KeyChangedError,
    );

    assert.deepEqual(stored(a), k2Record, 'the stored record is exactly what A wrote');
    assert.equal(present(b.store.getState()).masked, maskKey(K2));
    assertDroppedQuietly(b);
  });

  it('B changes the expiry of K1 after A cleared the key: nothing is resurrected', async () => {
    const { a, b, k1 } = await twoWindowsOnK1();
    b.secrets.holdChanges();
    await a.store.clear();

    await assert.rejects(b.store.updateMetadata(k1.id, { expiresAt: NOW + 60 * DAY_MS }), KeyChangedError);
    assert.equal(b.secrets.values.has(SECRET_KEY), false);
    assert.equal(b.store.getState().kind, 'none', 'B re-read storage and shows no key');
    assert.equal(await b.store.getKey(), undefined);
    assertDroppedQuietly(b);

    b.secrets.deliverChanges();
    await settle(a, b);
    assert.equal(a.store.getState().kind, 'none');
    assert.equal(b.secrets.values.has(SECRET_KEY), false);
  });

  it('B gets a 401 for K1 after A cleared the key: nothing is resurrected', async () => {
    const { a, b } = await twoWindowsOnK1();
    b.secrets.holdChanges();
    await a.store.clear();

    b.store.markRejected(K1);
    await settle(b);

    assert.equal(b.secrets.values.has(SECRET_KEY), false);
    assert.equal(b.store.getState().kind, 'none');
    assert.equal(b.rejectionNotices, 0);
    assertDroppedQuietly(b);
  });

  it('B\'s change lands on what is stored, not on its stale copy: A\'s expiry edit to K1 survives B\'s validation', async () => {
    const { a, b, k1 } = await twoWindowsOnK1();
    b.secrets.holdChanges();
    await a.store.updateMetadata(k1.id, { expiresAt: NOW + 45 * DAY_MS });

    await b.store.updateMetadata(k1.id, { lastValidation: { at: NOW, outcome: 'valid' } });

    assert.equal(stored(a)?.key, K1);
    assert.equal(stored(a)?.expiresAt, NOW + 45 * DAY_MS, "A's edit is still there");
    assert.deepEqual(stored(a)?.lastValidation, { at: NOW, outcome: 'valid' });
    const bState = present(b.store.getState());
    assert.equal(bState.expiresAt, NOW + 45 * DAY_MS);
    assert.deepEqual(bState.lastValidation, { at: NOW, outcome: 'valid' });
  });

  it('with nothing racing, B marks K1 rejected, records a validation and changes its expiry, and A follows each', async () => {
    const { a, b, clock, k1 } = await twoWindowsOnK1();

    for (let i = 0; i < 3; i++) {
      b.store.markRejected(K1);
    }
    await settle(b, a);
    assert.equal(stored(b)?.rejectedAt, NOW);
    assert.equal(present(b.store.getState()).rejectedAt, NOW);
    assert.equal(b.rejectionNotices, 1, 'told once, however many 401s');
    assert.equal(present(a.store.getState()).rejectedAt, NOW, 'A follows');
    assert.equal(a.rejectionNotices, 0, 'the 401 was not in A');

    clock.advance(60_000);
    const validatedAt = clock.now();
    await b.store.updateMetadata(k1.id, { lastValidation: { at: validatedAt, outcome: 'valid' }, rejectedAt: undefined });
    assert.deepEqual(stored(b)?.lastValidation, { at: validatedAt, outcome: 'valid' });
    assert.equal(stored(b)?.rejectedAt, undefined);

    const changed = await b.store.updateMetadata(k1.id, { expiresAt: NOW + 120 * DAY_MS });
    assert.equal(changed.expiresAt, NOW + 120 * DAY_MS);
    assert.equal(stored(b)?.expiresAt, NOW + 120 * DAY_MS);
    assert.equal(stored(b)?.key, K1);

    await settle(a, b);
    const aState = present(a.store.getState());
    assert.equal(aState.expiresAt, NOW + 120 * DAY_MS);
    assert.deepEqual(aState.lastValidation, { at: validatedAt, outcome: 'valid' });
    assert.equal(aState.rejectedAt, undefined);
  });

  it('A rotates while B\'s re-read is still in flight: B acts on what the read returns, which is K2', async () => {
    const { a, b } = await twoWindowsOnK1();
    b.secrets.holdChanges();
    b.secrets.hangNext('get');
    b.store.markRejected(K1);
    await a.store.set(K2, { expiresAt: NOW + 90 * DAY_MS });
    b.secrets.release();
    await settle(b);

    assert.equal(stored(b)?.key, K2);
    assert.equal(stored(b)?.rejectedAt, undefined);
    assert.equal(present(b.store.getState()).masked, maskKey(K2));
    assert.equal(b.rejectionNotices, 0);
  });
});
