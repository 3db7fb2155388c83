import * as assert from 'node:assert/strict';
import { Accounts, ActiveKeyStore } from '../../../src/common/accounts';
import { PRIMARY_ACCOUNT_ID, SECRET_KEY, type KeyState } from '../../../src/common/keyStore';
import { Redactor } from '../../../src/common/logging/redact';
import { StorageKeys } from '../../../src/common/storageKeys';
import { onActiveAccountChange } from '../../../src/common/keyPresence';
import { DAY_MS } from '../../../src/keys/expiry';
import { FakeClock } from '../fakes/clock';
import { MemoryLogger } from '../fakes/logger';
import { FakeMemento } from '../fakes/memento';
import { FakeSecretStorage } from '../fakes/secretStorage';

const PERSONAL = 'tlk_PERSONALfakeACCOUNTkey000000001a1b';
const ACME = 'tlk_ACMEPRODfakeACCOUNTkey000000002c3d';
const STAGING = 'tlk_STAGINGfakeACCOUNTkey0000000003e4f';
const NOW = Date.UTC(2026, 11, 2, 9);

let ids = 0;

/** One window: its accounts and active key over a keyring and globalState shared with the others, its own workspace. */
function openWindow(secrets: FakeSecretStorage, globalState: FakeMemento) {
  const logger = new MemoryLogger();
  const redactor = new Redactor();
  const workspaceState = new FakeMemento();
  const accounts = new Accounts(secrets, globalState, workspaceState, redactor, logger, {
    unnamed: 'Default',
    clock: new FakeClock(NOW),
    readTimeoutMs: 1000,
    writeTimeoutMs: 1000,
    newId: () => `id-${++ids}`,
  });
  const active = new ActiveKeyStore(accounts, redactor, 'Default');
  const states: KeyState[] = [];
  active.onDidChange((state) => states.push(state));
  return { secrets, logger, accounts, active, states, workspaceState };
}

/** Window a adds Personal and Acme (prod); window b, over the same storage, has read them. */
async function twoWindowsWithTwoAccounts() {
  const secrets = new FakeSecretStorage();
  const globalState = new FakeMemento();
  const a = openWindow(secrets, globalState);
  await a.active.set(PERSONAL, { expiresAt: undefined, name: 'Personal' });
  const acme = await a.accounts.add('Acme (prod)', ACME, { expiresAt: undefined });
  const b = openWindow(new FakeSecretStorage(secrets), globalState);
  await b.active.refresh();
  return { a, b, acme };
}

function names(window: ReturnType<typeof openWindow>): string[] {
  return window.accounts.list().map((account) => account.name);
}

function activeName(window: ReturnType<typeof openWindow>): string | undefined {
  const state = window.active.getState();
  return state.kind === 'present' ? window.accounts.get(state.account?.id ?? '')?.name : undefined;
}

describe('Accounts', () => {
  it('a key stored before accounts existed is the first account, read without a single write', async () => {
    const secrets = new FakeSecretStorage();
    secrets.values.set(SECRET_KEY, JSON.stringify({ v: 1, key: PERSONAL, id: 'old-key-id', setAt: NOW - DAY_MS, expiresAt: NOW + 30 * DAY_MS }));
    const window = openWindow(secrets, new FakeMemento());
    await window.active.refresh();
    assert.deepEqual(names(window), ['Default']);
    const state = window.active.getState();
    assert.equal(state.kind, 'present');
    // The key's own id and dates carry over, so reminders already shown for it stay shown.
    assert.equal(state.kind === 'present' && state.id, 'old-key-id');
    assert.equal(state.kind === 'present' && state.expiresAt, NOW + 30 * DAY_MS);
    assert.equal(await window.active.getKey(), PERSONAL);
    assert.deepEqual(secrets.calls.filter((call) => call.operation !== 'get'), [], 'the upgrade writes nothing, so nothing can be half done');
  });

  it('adds a second account in an entry of its own, and the window keeps the account it uses', async () => {
    const secrets = new FakeSecretStorage();
    const window = openWindow(secrets, new FakeMemento());
    await window.active.set(PERSONAL, { expiresAt: NOW + 90 * DAY_MS, name: 'Personal' });
    const added = await window.accounts.add('Acme (prod)', ACME, { expiresAt: NOW + 7 * DAY_MS });
    assert.deepEqual(names(window), ['Personal', 'Acme (prod)']);
    assert.equal(activeName(window), 'Personal');
    assert.equal(await window.active.getKey(), PERSONAL);
    const entry = `${StorageKeys.accountPrefix}${added.account?.id ?? ''}`;
    assert.equal((JSON.parse(secrets.values.get(entry) ?? '{}') as { key?: string }).key, ACME);
    assert.deepEqual((JSON.parse(secrets.values.get(StorageKeys.accountDirectory) ?? '{}') as { ids: string[] }).ids, [added.account?.id]);
    assert.ok(!(secrets.values.get(SECRET_KEY) ?? '').includes(ACME), 'the first account\'s entry holds only its own key');
  });

  it('switching the default moves the active key, and a workspace choice wins over the default', async () => {
    const secrets = new FakeSecretStorage();
    const window = openWindow(secrets, new FakeMemento());
    await window.active.set(PERSONAL, { expiresAt: undefined, name: 'Personal' });
    const acme = await window.accounts.add('Acme (prod)', ACME, { expiresAt: undefined });
    const staging = await window.accounts.add('Staging', STAGING, { expiresAt: undefined });
    const before = window.states.length;
    await window.accounts.setDefault(acme.account?.id ?? '');
    assert.equal(activeName(window), 'Acme (prod)');
    assert.equal(await window.active.getKey(), ACME);
    assert.ok(window.states.length > before, 'the switch is announced');
    await window.accounts.setWorkspaceAccount(staging.account?.id);
    assert.equal(await window.active.getKey(), STAGING);
    assert.equal(window.workspaceState.get(StorageKeys.workspaceAccount), staging.account?.id, 'workspace state holds the id');
    assert.ok(![...window.workspaceState.values.values()].some((value) => value.includes('tlk_')), 'and never a key');
    await window.accounts.setWorkspaceAccount(undefined);
    assert.equal(await window.active.getKey(), ACME);
  });

  it('another window follows a change of the default, but not this workspace\'s own choice', async () => {
    const { a, b, acme } = await twoWindowsWithTwoAccounts();
    assert.equal(activeName(b), 'Personal');
    await a.accounts.setDefault(acme.account?.id ?? '');
    await b.accounts.settled();
    assert.equal(activeName(b), 'Acme (prod)');
  });

  it('removing the active account falls back to the default, and its key is gone from storage', async () => {
    const secrets = new FakeSecretStorage();
    const window = openWindow(secrets, new FakeMemento());
    await window.active.set(PERSONAL, { expiresAt: undefined, name: 'Personal' });
    const acme = await window.accounts.add('Acme (prod)', ACME, { expiresAt: undefined });
    await window.accounts.setDefault(acme.account?.id ?? '');
    await window.active.clear();
    assert.deepEqual(names(window), ['Personal']);
    assert.equal(await window.active.getKey(), PERSONAL);
    assert.ok(![...secrets.values.values()].some((value) => value.includes(ACME)));
    assert.deepEqual((JSON.parse(secrets.values.get(StorageKeys.accountDirectory) ?? '{}') as { ids: string[] }).ids, []);
  });

  it('rotating one account keeps the other, its name and its metadata', async () => {
    const window = openWindow(new FakeSecretStorage(), new FakeMemento());
    await window.active.set(PERSONAL, { expiresAt: NOW + DAY_MS, name: 'Personal' });
    const acme = await window.accounts.add('Acme (prod)', ACME, { expiresAt: NOW + 7 * DAY_MS });
    await window.accounts.target(acme.account?.id ?? '')?.set(STAGING, { expiresAt: NOW + 90 * DAY_MS });
    assert.deepEqual(names(window), ['Personal', 'Acme (prod)']);
    assert.equal(await window.accounts.get(acme.account?.id ?? '')?.store.getKey(), STAGING);
    assert.equal(await window.accounts.get(PRIMARY_ACCOUNT_ID)?.store.getKey(), PERSONAL);
    assert.equal(window.accounts.get(PRIMARY_ACCOUNT_ID)?.state.expiresAt, NOW + DAY_MS);
  });

  it('two windows changing different accounts at the same moment both keep their change', async () => {
    const { a, b, acme } = await twoWindowsWithTwoAccounts();
    const acmeId = acme.account?.id ?? '';
    await Promise.all([
      a.accounts.target(PRIMARY_ACCOUNT_ID)?.set(STAGING, { expiresAt: NOW + 90 * DAY_MS }),
      b.accounts.updateProfile(acmeId, { name: 'Acme' }),
    ]);
    await Promise.all([a.accounts.settled(), b.accounts.settled()]);
    for (const window of [a, b]) {
      assert.deepEqual(names(window), ['Personal', 'Acme']);
      assert.equal(await window.accounts.get(PRIMARY_ACCOUNT_ID)?.store.getKey(), STAGING);
      assert.equal(await window.accounts.get(acmeId)?.store.getKey(), ACME);
    }
  });

  it('two windows adding an account at the same moment: the one a racing write dropped is put back', async () => {
    const secrets = new FakeSecretStorage();
    const globalState = new FakeMemento();
    const a = openWindow(secrets, globalState);
    await a.active.set(PERSONAL, { expiresAt: undefined, name: 'Personal' });
    const b = openWindow(new FakeSecretStorage(secrets), globalState);
    await b.active.refresh();
    // Both read the (empty) directory before either writes it, so the second write drops the first one's id.
    const directoryWrites: string[] = [];
    const store = secrets.store.bind(secrets);
    secrets.store = (key, value) => {
      if (key === StorageKeys.accountDirectory) {
        directoryWrites.push(value);
      }
      return store(key, value);
    };
    await Promise.all([a.accounts.add('Acme (prod)', ACME, { expiresAt: undefined }), b.accounts.add('Staging', STAGING, { expiresAt: undefined })]);
    await Promise.all([a.accounts.settled(), b.accounts.settled()]);
    assert.equal((JSON.parse(directoryWrites[0]) as { ids: string[] }).ids.length, 1, 'the race happened: a write that knew of one account only');
    const third = openWindow(new FakeSecretStorage(secrets), globalState);
    await third.active.refresh();
    assert.deepEqual(names(third).sort(), ['Acme (prod)', 'Personal', 'Staging']);
  });

  it('a 401 for an account no longer active marks that account, not the active one', async () => {
    const window = openWindow(new FakeSecretStorage(), new FakeMemento());
    await window.active.set(PERSONAL, { expiresAt: undefined, name: 'Personal' });
    const acme = await window.accounts.add('Acme (prod)', ACME, { expiresAt: undefined });
    const rejected: string[] = [];
    window.active.onDidReject((state) => rejected.push(state.account?.id ?? ''));
    window.active.markRejected(ACME);
    await window.accounts.settled();
    assert.deepEqual(rejected, [acme.account?.id]);
    assert.notEqual(window.accounts.get(acme.account?.id ?? '')?.state.rejectedAt, undefined);
    assert.equal(window.accounts.get(PRIMARY_ACCOUNT_ID)?.state.rejectedAt, undefined);
  });

  it('keeps every key out of globalState, workspace state and the logs', async () => {
    const globalState = new FakeMemento();
    const window = openWindow(new FakeSecretStorage(), globalState);
    await window.active.set(PERSONAL, { expiresAt: NOW + DAY_MS, name: 'Personal' });
    const acme = await window.accounts.add('Acme (prod)', ACME, { expiresAt: NOW + DAY_MS });
    await window.accounts.setWorkspaceAccount(acme.account?.id);
    await window.accounts.settled();
    const outside = [...globalState.values.values(), ...window.workspaceState.values.values(), ...window.logger.lines].join('\n');
    for (const key of [PERSONAL, ACME]) {
      assert.ok(!outside.includes(key));
      assert.ok(!outside.includes(key.slice(4, 20)));
    }
  });

  it('a view that shows one account\'s data hears of a switch, not of metadata changes', async () => {
    const window = openWindow(new FakeSecretStorage(), new FakeMemento());
    const heard: boolean[] = [];
    onActiveAccountChange(window.active, (present) => heard.push(present));
    await window.active.set(PERSONAL, { expiresAt: undefined, name: 'Personal' });
    const acme = await window.accounts.add('Acme (prod)', ACME, { expiresAt: undefined });
    const state = window.active.getState();
    await window.active.updateMetadata(state.kind === 'present' ? state.id : '', { expiresAt: NOW + DAY_MS });
    assert.deepEqual(heard, [true], 'a key appeared; adding another account and a new expiry are no switch');
    await window.accounts.setDefault(acme.account?.id ?? '');
    assert.deepEqual(heard, [true, true], 'the switch');
    await window.active.clear();
    await window.active.clear();
    assert.deepEqual(heard, [true, true, true, false], 'back to Personal, then none');
  });
});
