import * as assert from 'node:assert/strict';
import { DAY_MS } from '../../../src/keys/expiry';
import { KeyStorageError, AccountKeyStore, SECRET_KEY, maskKey } from '../../../src/common/keyStore';
import { Redactor } from '../../../src/common/logging/redact';
import { FakeClock } from '../fakes/clock';
import { MemoryLogger } from '../fakes/logger';
import { FakeMemento } from '../fakes/memento';
import { FakeSecretStorage } from '../fakes/secretStorage';

const OLD = 'tlk_OLDDfakeSTORAGEfaultKEY0001a1b2';
const NEW = 'tlk_NEWWfakeSTORAGEfaultKEY0002c3d4';
const NOW = Date.UTC(2026, 0, 10, 9);

type Fault = 'rejects' | 'throws' | 'never answers';
const FAULTS: Fault[] = ['rejects', 'throws', 'never answers'];

function setup() {
  const secrets = new FakeSecretStorage();
  const redactor = new Redactor();
  const logger = new MemoryLogger(redactor);
  const store = new AccountKeyStore(secrets, new FakeMemento(), redactor, logger, { clock: new FakeClock(NOW), readTimeoutMs: 40, writeTimeoutMs: 40 });
  return { secrets, logger, store };
}

function inject(secrets: FakeSecretStorage, operation: 'get' | 'store' | 'delete', fault: Fault): void {
  if (fault === 'rejects') {
    secrets.failNext(operation, new Error(`keyring said no to ${NEW}`));
  } else if (fault === 'throws') {
    secrets.throwNext(operation, new Error(`backend crashed holding ${NEW}`));
  } else {
    secrets.hangNext(operation);
  }
}

async function withOldKey() {
  const context = setup();
  await context.store.refresh();
  await context.store.set(OLD, { expiresAt: NOW + 30 * DAY_MS });
  return context;
}

function storedField(secrets: FakeSecretStorage, field: string): unknown {
  return (JSON.parse(secrets.values.get(SECRET_KEY) ?? '{}') as Record<string, unknown>)[field];
}

function assertOldKeySurvives(context: ReturnType<typeof setup>): void {
  assert.equal(storedField(context.secrets, 'key'), OLD, 'storage still holds the old key');
  const state = context.store.getState();
  assert.ok(state.kind === 'present' && state.masked === maskKey(OLD), 'this window still shows the old key');
}

function assertNoRawKeyInLogs(context: ReturnType<typeof setup>): void {
  const text = context.logger.lines.join('\n');
  assert.ok(!text.includes(NEW) && !text.includes(OLD), text);
}

describe('KeyStore under storage faults (get, store, delete × rejects, throws, never answers)', () => {
  for (const fault of FAULTS) {
    it(`get ${fault}: the read resolves (never rejects) to "unavailable" in bounded time, with a reason and no key`, async () => {
      const context = setup();
      context.secrets.values.set(SECRET_KEY, JSON.stringify({ v: 1, key: OLD, id: 'x' }));
      inject(context.secrets, 'get', fault);
      const started = Date.now();
      const state = await context.store.refresh();
      assert.ok(Date.now() - started < 1000);
      assert.equal(state.kind, 'unavailable');
      assert.ok(state.kind === 'unavailable' && state.message.length > 10 && !state.message.includes(OLD));
      assertNoRawKeyInLogs(context);
      // The keyring comes back: the next request that needs the key reads again.
      context.secrets.release();
      assert.equal(await context.store.getKey(), OLD);
      context.store.dispose();
    });

    it(`store ${fault}: set() rejects with a KeyStorageError and the old key survives, in storage and in memory`, async () => {
      const context = await withOldKey();
      inject(context.secrets, 'store', fault);
      await assert.rejects(context.store.set(NEW, { expiresAt: NOW + 90 * DAY_MS }), (error: unknown) => {
        assert.ok(error instanceof KeyStorageError && error.operation === 'store');
        assert.equal(error.reason, fault === 'never answers' ? 'timeout' : 'failed');
        assert.ok(!error.message.includes(NEW));
        return true;
      });
      assertOldKeySurvives(context);
      assert.equal(await context.store.getKey(), OLD);
      assertNoRawKeyInLogs(context);
      context.store.dispose();
    });

    it(`store ${fault} during a metadata update: the record is unchanged`, async () => {
      const context = await withOldKey();
      const state = context.store.getState();
      assert.ok(state.kind === 'present');
      inject(context.secrets, 'store', fault);
      await assert.rejects(context.store.updateMetadata(state.id, { rejectedAt: NOW }), KeyStorageError);
      assertOldKeySurvives(context);
      assert.equal(storedField(context.secrets, 'rejectedAt'), undefined);
      context.store.dispose();
    });

    it(`get ${fault} while a metadata update re-reads the record: it rejects, writes nothing, and this window keeps its key`, async () => {
      const context = await withOldKey();
      const state = context.store.getState();
      assert.ok(state.kind === 'present');
      const storesBefore = context.secrets.calls.filter((call) => call.operation === 'store').length;
      inject(context.secrets, 'get', fault);
      await assert.rejects(context.store.updateMetadata(state.id, { expiresAt: NOW + 60 * DAY_MS }), (error: unknown) => {
        assert.ok(error instanceof KeyStorageError && error.operation === 'read');
        assert.equal(error.reason, fault === 'never answers' ? 'timeout' : 'failed');
        return true;
      });
      assert.equal(context.secrets.calls.filter((call) => call.operation === 'store').length, storesBefore, 'nothing written unchecked');
      assertOldKeySurvives(context);
      assert.equal(storedField(context.secrets, 'expiresAt'), NOW + 30 * DAY_MS);
      assertNoRawKeyInLogs(context);
      context.store.dispose();
    });

    it(`get ${fault} while a 401 is recorded: nothing is written unchecked, but this window still turns red, once`, async () => {
      const context = await withOldKey();
      let notices = 0;
      context.store.onDidReject(() => notices++);
      const storesBefore = context.secrets.calls.filter((call) => call.operation === 'store').length;
      inject(context.secrets, 'get', fault);
      context.store.markRejected(OLD);
      context.store.markRejected(OLD);
      await context.store.settled();
      assert.equal(context.secrets.calls.filter((call) => call.operation === 'store').length, storesBefore);
      assert.equal(storedField(context.secrets, 'rejectedAt'), undefined);
      assertOldKeySurvives(context);
      const state = context.store.getState();
      assert.ok(state.kind === 'present' && state.rejectedAt === NOW);
      assert.equal(notices, 1);
      assertNoRawKeyInLogs(context);
      context.store.dispose();
    });

    it(`store ${fault} while a 401 is recorded: this window still turns red, once`, async () => {
      const context = await withOldKey();
      let notices = 0;
      context.store.onDidReject(() => notices++);
      inject(context.secrets, 'store', fault);
      context.store.markRejected(OLD);
      await context.store.settled();
      assert.equal(storedField(context.secrets, 'rejectedAt'), undefined);
      assertOldKeySurvives(context);
      const state = context.store.getState();
      assert.ok(state.kind === 'present' && state.rejectedAt === NOW);
      assert.equal(notices, 1);
      assert.ok(context.logger.lines.some((line) => line.includes('Could not record the rejection')));
      assertNoRawKeyInLogs(context);
      context.store.dispose();
    });

    it(`delete ${fault}: clear() rejects with a KeyStorageError and the key stays`, async () => {
      const context = await withOldKey();
      inject(context.secrets, 'delete', fault);
      await assert.rejects(context.store.clear(), (error: unknown) => error instanceof KeyStorageError && error.operation === 'delete');
      assertOldKeySurvives(context);
      assertNoRawKeyInLogs(context);
      context.store.dispose();
    });
  }

  it('writes after a failed one still run in order (the queue is not stuck)', async () => {
    const context = await withOldKey();
    context.secrets.throwNext('store');
    const failed = context.store.set(NEW, { expiresAt: NOW + DAY_MS });
    const next = context.store.set(NEW, { expiresAt: NOW + 2 * DAY_MS });
    await assert.rejects(failed, KeyStorageError);
    const stored = await next;
    assert.equal(stored.masked, maskKey(NEW));
    assert.equal(storedField(context.secrets, 'key'), NEW);
    context.store.dispose();
  });
});
