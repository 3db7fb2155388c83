import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CreateIndexResult, RefreshResult } from '../../src/indexes/results';
import type { ExtensionTestApi } from '../build/testApi';
import type { FakeTwelveLabs } from '../fake/server';
import { CANARY_KEY, acceptQuickInput, activateExtension, quickInputStep, setSetting, startFake, waitFor } from './support';

function run<T>(command: string, ...args: unknown[]): Thenable<T> {
  return vscode.commands.executeCommand<T>(command, ...args);
}

const DAY = 86_400_000;
const ROTATED_HERE = 'tlk_CONCURRENCYthisWINDOWkey00001h1h1';
const ROTATED_THERE = 'tlk_CONCURRENCYotherWINDOWkey0002o2o2';
const masked = (key: string) => `tlk_…${key.slice(-4)}`;

describe('concurrency (real host)', () => {
  let api: ExtensionTestApi;
  let fake: FakeTwelveLabs;
  const mutations = () => fake.requests.filter((r) => r.method !== 'GET');

  before(async () => {
    api = await activateExtension();
    fake = await startFake();
    fake.addKey(ROTATED_HERE);
    fake.addKey(ROTATED_THERE);
    assert.equal((await api.keys.store({ key: CANARY_KEY })).status, 'saved');
    await api.keys.settled();
  });

  after(async () => {
    await api.keys.clear();
    await fake.close();
    await setSetting('apiUrl', undefined);
  });

  it('a double-clicked Create Index sends one POST; both clicks get the same index', async () => {
    fake.clearRequests();
    const args = { name: 'double-click', models: ['marengo3.0'] };
    const [first, second] = await Promise.all([run<CreateIndexResult>('twelvelabs.createIndex', args), run<CreateIndexResult>('twelvelabs.createIndex', args)]);
    assert.ok(first.outcome === 'created' && second.outcome === 'created', JSON.stringify([first, second]));
    assert.equal(first.indexId, second.indexId);
    assert.equal(fake.requests.filter((r) => r.method === 'POST' && r.path === '/indexes').length, 1);
    assert.equal(fake.listIndexes().filter((i) => i.index_name === 'double-click').length, 1);
  });

  it('the same name from the wizard path and the command path while one is in flight: still one POST', async () => {
    const wizardStep = (n: number) => quickInputStep(api, n);
    const accept = acceptQuickInput;
    const fromWizard = run<CreateIndexResult>('twelvelabs.createIndex');
    (await wizardStep(1)).input.value = 'both-paths';
    await accept();
    for (const n of [2, 3, 4]) {
      await wizardStep(n);
      await accept();
    }
    await wizardStep(5);
    fake.clearRequests();
    fake.setLatency(300);
    try {
      // The command path's POST is on its way when the wizard's last Enter asks for the same index.
      const fromCommand = run<CreateIndexResult>('twelvelabs.createIndex', { name: 'both-paths', models: ['marengo3.0'] });
      await waitFor('the command path\'s POST', () => fake.requests.some((r) => r.method === 'POST'));
      await accept();
      const [wizard, command] = await Promise.all([fromWizard, fromCommand]);
      assert.ok(wizard.outcome === 'created' && command.outcome === 'created', JSON.stringify([wizard, command]));
      assert.equal(wizard.indexId, command.indexId);
    } finally {
      fake.setLatency(0);
    }
    assert.equal(fake.requests.filter((r) => r.method === 'POST').length, 1);
    assert.equal(fake.listIndexes().filter((index) => index.index_name === 'both-paths').length, 1);
  });

  it('a burst of Refresh: no mutation, a bounded number of GETs, one consistent tree', async () => {
    await run('twelvelabs.refreshIndexes');
    fake.clearRequests();
    fake.setLatency(100);
    let results: RefreshResult[];
    try {
      results = await Promise.all(Array.from({ length: 10 }, () => run<RefreshResult>('twelvelabs.refreshIndexes')));
    } finally {
      fake.setLatency(0);
    }
    assert.ok(results.every((r) => r.outcome === 'loaded'), JSON.stringify(results));
    const gets = fake.requests.filter((r) => r.method === 'GET' && r.path === '/indexes').length;
    assert.ok(gets >= 1 && gets <= 2, `${gets} GETs for 10 clicks`);
    assert.deepEqual(mutations(), []);
    const ids = (await api.indexes.rootNodes()).filter((n) => n.contextValue === 'twelvelabs.index').map((n) => n.id).sort();
    assert.deepEqual(ids, fake.listIndexes().map((i) => i._id).sort());
  });

  it('a repeated Delete and Rename send one DELETE and one PUT', async () => {
    const [id] = fake.seedIndexes(1, { namePrefix: 'twice' });
    await run('twelvelabs.refreshIndexes');
    fake.clearRequests();
    fake.setLatency(100);
    try {
      await Promise.all([
        run('twelvelabs.renameIndex', { indexId: id }, { name: 'twice-renamed' }),
        run('twelvelabs.renameIndex', { indexId: id }, { name: 'twice-renamed' }),
      ]);
      await Promise.all([
        api.indexes.deleteConfirmed(id),
        api.indexes.deleteConfirmed(id),
      ]);
    } finally {
      fake.setLatency(0);
    }
    assert.equal(fake.requests.filter((r) => r.method === 'PUT').length, 1);
    assert.equal(fake.requests.filter((r) => r.method === 'DELETE').length, 1);
  });

  it('two windows rotating at once end with one key: this window, storage and the status bar agree', async () => {
    const here = Date.now() + 30 * DAY;
    const there = Date.now() + 60 * DAY;
    await Promise.all([
      api.keys.rotate({ key: ROTATED_HERE, expiresAt: here }),
      api.keys.changeKeyAsAnotherWindow({ key: ROTATED_THERE, expiresAt: there }),
    ]);
    await api.keys.settled();
    const stored = await waitFor('both views to agree', async () => {
      await api.keys.settled();
      const inStorage = await api.reliability.storedKeyAsAnotherWindow();
      return inStorage.masked === api.keys.keyState().masked ? inStorage : undefined;
    });
    assert.ok(stored.masked === masked(ROTATED_HERE) || stored.masked === masked(ROTATED_THERE), JSON.stringify(stored));
    const state = api.keys.keyState();
    assert.equal(state.expiresAt, stored.expiresAt, 'same key, same expiry');
    // The other window computes its status bar from the same stored record: the countdown must be the winner's.
    const days = stored.masked === masked(ROTATED_HERE) ? '30d' : '60d';
    await waitFor('the status bar to show the winner', () => api.keys.statusBar().text.includes(days));
    assert.ok(!api.keys.statusBar().tooltip.includes(ROTATED_HERE) && !api.keys.statusBar().tooltip.includes(ROTATED_THERE));
    // Back to the canary for the rest of the run.
    assert.equal((await api.keys.store({ key: CANARY_KEY })).status, 'saved');
  });
});
