/**
 * The fault matrix: every operation a user runs against every failure the network can produce, in
 * the real host, through the real commands. Each cell checks what a user sees (a message naming the
 * operation and a next step), what must not happen (unhandled rejections, [error] log lines, a POST
 * sent twice), that retries stay within policy (requests counted at the fake), and that the tree and
 * the status bar are consistent once the fault clears. The table is printed at the end of the run.
 *
 * What counts as "an error in the extension-host log": any `[error]` line in the extension's log
 * channel. A failure the server causes is reported to the user and logged at warn or below (e.g.
 * "Loading indexes failed: …"), so the expected failure report never produces an `[error]` line.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CreateIndexResult, RefreshResult, RenameIndexResult } from '../../src/indexes/results';
import type { ValidateKeyResult } from '../../src/keys/validateApiKey';
import type { ExtensionTestApi } from '../build/testApi';
import type { FaultSpec, FakeTwelveLabs } from '../fake/server';
import { startFakeServer } from '../fake/server';
import { CANARY_KEY, activateExtension, setSetting, startFake, waitFor } from './support';

function run<T>(command: string, ...args: unknown[]): Thenable<T> {
  return vscode.commands.executeCommand<T>(command, ...args);
}

/** Same rules as shipped (4 attempts, what is retried), shorter waits: the matrix runs in seconds. */
const TIMING = { timeoutMs: 700, retry: { baseDelayMs: 20, maxDelayMs: 80, maxTotalMs: 10_000 }, stallTimeoutMs: 900 };
const MAX_ATTEMPTS = 4;

interface FaultCase {
  name: string;
  /** Undefined: connection refused (a closed loopback port, not an injected fault). */
  spec?: Omit<FaultSpec, 'method' | 'path' | 'times'>;
  /** Whether idempotent calls retry it (429 without a usable wait, 502, 503, no answer). */
  retried: boolean;
  /**
   * Operations this fault cannot hurt, so that succeeding is the right outcome: they need only the
   * status (validation), have no body to spoil (204), or find what they created by name.
   */
  harmlessFor?: string[];
}

const FAULTS: FaultCase[] = [
  { name: '401', spec: { kind: 'unauthorized' }, retried: false },
  { name: '403', spec: { kind: 'forbidden' }, retried: false },
  { name: '429 empty', spec: { kind: 'rateLimited' }, retried: true },
  // A wait longer than the retry budget: not retried, told to come back later.
  { name: '429 Retry-After 60', spec: { kind: 'rateLimitedRetryAfter', retryAfterSeconds: 60 }, retried: false },
  { name: '500 HTML', spec: { kind: 'serverErrorHtml' }, retried: false },
  { name: '502', spec: { kind: 'badGateway' }, retried: true },
  { name: '503', spec: { kind: 'unavailable' }, retried: true },
  { name: 'malformed JSON', spec: { kind: 'malformedJson' }, retried: false },
  { name: 'hang', spec: { kind: 'hang' }, retried: true },
  { name: 'reset mid-response', spec: { kind: 'reset' }, retried: true },
  // A clean close (FIN) before the body is complete: no answer, as a reset is.
  { name: 'FIN mid-body', spec: { kind: 'finMidBody' }, retried: true },
  // Headers at once, then a byte at a time: the request's deadline covers the body too.
  { name: 'slow drip', spec: { kind: 'slowDrip', dripIntervalMs: 250 }, retried: true, harmlessFor: ['create'] },
  { name: 'oversized body', spec: { kind: 'oversizedBody' }, retried: false },
  { name: 'endless body', spec: { kind: 'endlessBody' }, retried: false },
  // Valid JSON of the wrong shape (a string for the list, an array for an object).
  { name: 'hostile shape', spec: { kind: 'hostileShapes', hostile: 'badEnvelope' }, retried: false, harmlessFor: ['validate key', 'rename', 'delete'] },
  { name: 'refused', retried: true },
];

/** A next step in words: what every failure message must offer. */
const NEXT_STEP = /rotate|retry|try again|check|refresh|set your api key|correct|in a minute|in a moment|continues/i;

interface CellOutcome {
  outcome: string;
  message: string | undefined;
}

interface Operation {
  name: string;
  /** Which request the fault hits. */
  method: string;
  path: () => string | RegExp;
  /** Requests of this operation at the fake, for the retry count. */
  counts: (fake: FakeTwelveLabs) => number;
  idempotent: boolean;
  what: RegExp;
  run: () => Promise<CellOutcome>;
}

describe('fault matrix (real host): every operation × every fault', function () {
  this.timeout(60_000);
  let api: ExtensionTestApi;
  let fake: FakeTwelveLabs;
  let indexId: string;
  let dir: string;
  let closedUrl: string;
  let file: string;
  const table = new Map<string, Map<string, string>>();
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  let counter = 0;

  const lastIndexNotification = () => api.notifications().at(-1)?.message;
  const lastUploadNotification = () => api.notifications().at(-1)?.message;
  const lastKeyNotification = () => api.notificationTexts().at(-1);

  function record(operation: string, fault: string, text: string): void {
    if (!table.has(operation)) {
      table.set(operation, new Map());
    }
    table.get(operation)?.set(fault, text);
  }

  async function closedPortUrl(): Promise<string> {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    return `http://127.0.0.1:${port}/v1.3`;
  }

  /** Back to a clean state after a cell: no faults, the key valid and green, the tree loaded and equal to the server. */
  async function restoreAndCheckConsistency(): Promise<void> {
    fake.clearFaults();
    // A fault that reshapes the answer lets the request itself through: a delete may have happened.
    if (!fake.listIndexes().some((index) => index._id === indexId)) {
      [indexId] = fake.seedIndexes(1, { namePrefix: 'matrix-target' });
    }
    await setSetting('apiUrl', fake.url);
    // A 401 is recorded after the stored record is re-read: let that land before looking.
    await api.keys.settled();
    if (api.keys.keyState().rejected) {
      const validated = await run<ValidateKeyResult>('twelvelabs.validateApiKey');
      assert.equal(validated.status, 'valid', 'the key is valid again once the fault clears');
    }
    await api.keys.settled();
    const state = api.keys.keyState();
    assert.equal(state.kind, 'present');
    assert.equal(state.rejected, false);
    const bar = api.keys.statusBar();
    assert.ok(bar.visible && bar.text.includes('$(key)'), `status bar: ${JSON.stringify(bar)}`);
    assert.equal(bar.backgroundColor, undefined, 'the status bar is not red or yellow for a good key');
    const refreshed = await run<RefreshResult>('twelvelabs.refreshIndexes');
    assert.equal(refreshed.outcome, 'loaded', JSON.stringify(refreshed));
    assert.equal(api.indexes.viewMessage(), undefined, 'no error left in the view');
    const treeIds = (await api.indexes.rootNodes()).filter((node) => node.contextValue === 'twelvelabs.index').map((node) => node.id).sort();
    assert.deepEqual(treeIds, fake.listIndexes().map((index) => index._id).sort(), 'the tree shows exactly what the server has');
  }

  before(async () => {
    process.on('unhandledRejection', onUnhandled);
    api = await activateExtension();
    fake = await startFake({ taskAdvance: { everyMs: 50 } });
    [indexId] = fake.seedIndexes(1, { namePrefix: 'matrix-target' });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tl-matrix-'));
    file = path.join(dir, 'matrix clip.mp4');
    fs.writeFileSync(file, Buffer.alloc(64 * 1024, 0x4d));
    closedUrl = await closedPortUrl();
    const saved = await api.keys.store({ key: CANARY_KEY });
    assert.equal(saved.status, 'saved');
    api.reliability.setNetworkTiming(TIMING);
    await api.keys.settled();
    await run('twelvelabs.refreshIndexes');
  });

  after(async () => {
    await api.uploads.forgetAll();
    process.off('unhandledRejection', onUnhandled);
    api.reliability.setNetworkTiming(undefined);
    await api.keys.clear();
    fake.clearFaults();
    await fake.close();
    await setSetting('apiUrl', undefined);
    fs.rmSync(dir, { recursive: true, force: true });
    printTable();
  });

  function printTable(): void {
    const operations = [...table.keys()];
    const header = ['fault \\ operation', ...operations];
    const faultNames = [...new Set([...FAULTS.map((fault) => fault.name), ...[...table.values()].flatMap((cells) => [...cells.keys()])])];
    const rows = faultNames.map((fault) => [fault, ...operations.map((operation) => table.get(operation)?.get(fault) ?? '—')]);
    const widths = header.map((_, i) => Math.max(...[header, ...rows].map((row) => row[i].length)));
    const line = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i])).join(' | ')} |`;
    const text = [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
    console.log(`\nFault matrix (operation × fault → outcome; n× = requests the fake saw for the call)\n${text}\n`);
  }

  const OPERATIONS: Operation[] = [
    {
      name: 'validate key',
      method: 'GET',
      path: () => '/indexes',
      counts: (f) => f.requests.filter((r) => r.method === 'GET' && r.path === '/indexes' && r.query.page_limit === '1').length,
      idempotent: true,
      what: /check the key|rejected your API key|confirm the key/i,
      run: async () => {
        const result = await run<ValidateKeyResult>('twelvelabs.validateApiKey');
        return { outcome: result.status, message: lastKeyNotification() };
      },
    },
    {
      name: 'list indexes',
      method: 'GET',
      path: () => '/indexes',
      counts: (f) => f.requests.filter((r) => r.method === 'GET' && r.path === '/indexes' && r.query.page_limit !== '1' && r.query.index_name === undefined).length,
      idempotent: true,
      what: /Could not load indexes/,
      run: async () => {
        const result = await run<RefreshResult>('twelvelabs.refreshIndexes');
        return { outcome: result.outcome, message: api.indexes.viewMessage() };
      },
    },
    {
      name: 'create',
      method: 'POST',
      path: () => '/indexes',
      counts: (f) => f.requests.filter((r) => r.method === 'POST' && r.path === '/indexes').length,
      idempotent: false,
      what: /Could not create the index/,
      run: async () => {
        const result = await run<CreateIndexResult>('twelvelabs.createIndex', { name: `matrix-${++counter}`, models: ['marengo3.0'] });
        return { outcome: result.outcome, message: result.outcome === 'created' ? undefined : lastIndexNotification() };
      },
    },
    {
      name: 'rename',
      method: 'PUT',
      path: () => `/indexes/${indexId}`,
      counts: (f) => f.requests.filter((r) => r.method === 'PUT' && r.path === `/indexes/${indexId}`).length,
      idempotent: true,
      what: /Could not rename/,
      run: async () => {
        const result = await run<RenameIndexResult>('twelvelabs.renameIndex', { indexId }, { name: `matrix-renamed-${++counter}` });
        return { outcome: result.outcome, message: result.outcome === 'renamed' ? undefined : lastIndexNotification() };
      },
    },
    {
      name: 'delete',
      method: 'DELETE',
      path: () => `/indexes/${indexId}`,
      counts: (f) => f.requests.filter((r) => r.method === 'DELETE' && r.path === `/indexes/${indexId}`).length,
      idempotent: true,
      what: /Could not delete/,
      run: async () => {
        const result = await api.indexes.deleteConfirmed(indexId);
        return { outcome: result.outcome, message: result.outcome === 'deleted' ? undefined : lastIndexNotification() };
      },
    },
    {
      name: 'upload',
      method: 'POST',
      path: () => '/assets',
      counts: (f) => f.requests.filter((r) => r.method === 'POST' && r.path === '/assets').length,
      idempotent: false,
      what: /Could not upload/,
      run: async () => {
        const result = await api.uploads.upload({ indexId, files: [file] });
        return { outcome: result.outcome, message: result.outcome === 'uploaded' ? undefined : lastUploadNotification() };
      },
    },
  ];

  for (const operation of OPERATIONS) {
    describe(operation.name, () => {
      for (const fault of FAULTS) {
        it(`${fault.name}: a clear message, retries within policy, nothing unhandled, consistent afterwards`, async () => {
          unhandled.length = 0;
          const logBefore = api.logLines().length;
          fake.clearRequests();
          if (fault.spec) {
            fake.injectFault({ ...fault.spec, method: operation.method, path: operation.path(), times: Infinity });
          } else {
            await setSetting('apiUrl', closedUrl);
            // The view reloads for the new URL (and fails): let that finish before counting requests.
            await api.indexes.settled();
            fake.clearRequests();
          }
          const started = Date.now();
          const result = await operation.run();
          const elapsed = Date.now() - started;
          const requests = operation.counts(fake);
          fake.clearFaults();

          if (fault.harmlessFor?.includes(operation.name)) {
            assert.ok(!/failed|cancelled|noTarget|rejected|unreachable|refused/.test(result.outcome), `${operation.name} × ${fault.name}: ${JSON.stringify(result)}`);
          } else {
            assert.ok(result.message, `${operation.name} × ${fault.name}: the user is told (${JSON.stringify(result)})`);
            assert.match(result.message, operation.what, `the message names the operation: ${result.message}`);
            assert.match(result.message, NEXT_STEP, `the message says what to do next: ${result.message}`);
            assert.ok(!result.message.includes(CANARY_KEY), 'the message does not hold the key');
          }
          if (fault.spec && !fault.harmlessFor?.includes(operation.name)) {
            const expected = !operation.idempotent ? 1 : fault.retried ? MAX_ATTEMPTS : 1;
            assert.equal(requests, expected, `${operation.method} ${String(operation.path())}: ${requests} requests, policy says ${expected}`);
          }
          if (!operation.idempotent) {
            assert.ok(requests <= 1, 'a POST is never sent twice');
          }
          const errors = api.logLines().slice(logBefore).filter((line) => line.startsWith('[error]'));
          assert.deepEqual(errors, [], 'no [error] line in the extension log');
          await restoreAndCheckConsistency();
          assert.deepEqual(unhandled.map(String), [], 'no unhandled rejection');
          record(operation.name, fault.name, `${result.outcome} ${fault.spec ? `${requests}×` : 'no conn'} ${(elapsed / 1000).toFixed(1)}s`);
        });
      }
    });
  }

  describe('processing poll', () => {
    it('every fault at once, one upload each: shown on the upload\'s node, the watch goes on, told once when it needs the user', async () => {
      unhandled.length = 0;
      const logBefore = api.logLines().length;
      fake.setTaskAdvance('poll');
      const cells: { fault: FaultCase; uploadId: string; assetId: string }[] = [];
      for (const fault of FAULTS.filter((f) => f.spec)) {
        const copy = path.join(dir, `poll ${fault.name}.mp4`);
        fs.copyFileSync(file, copy);
        const result = await api.uploads.upload({ indexId, files: [copy] });
        assert.ok(result.outcome === 'uploaded', JSON.stringify(result));
        const item = result.uploads[0];
        assert.ok(item.outcome === 'sent');
        fake.injectFault({ ...fault.spec, method: 'GET', path: `/assets/${item.assetId}`, times: Infinity } as FaultSpec);
        cells.push({ fault, uploadId: item.uploadId, assetId: item.assetId });
      }
      const counts = new Map<string, number>();
      const recordOf = (uploadId: string) => api.uploads.records().find((record) => record.id === uploadId);
      const nodeFor = async (cell: (typeof cells)[number]) =>
        (await api.indexes.childNodes(indexId)).find((node) => node.id?.endsWith(`/uploads/${cell.uploadId}`));
      for (const cell of cells) {
        const node = await waitFor(`the task node of "${cell.fault.name}" to show the failed check`, async () => {
          const found = await nodeFor(cell);
          return found && /status check failed/.test(String(found.description)) ? found : undefined;
        }, 15_000);
        assert.match(String(node.tooltip), /Could not check the processing of/);
        assert.match(String(node.tooltip), NEXT_STEP);
        counts.set(cell.fault.name, fake.requests.filter((r) => r.method === 'GET' && r.path === `/assets/${cell.assetId}`).length);
        assert.ok(recordOf(cell.uploadId)?.problem, 'the upload is still followed, its problem on record');
        assert.ok(api.uploads.following().includes(cell.uploadId), 'the watch goes on');
      }
      const told = api.notifications().filter((n) => /Could not check the processing of/.test(n.message));
      assert.ok(told.some((n) => /poll 403/.test(n.message)), '403 needs the user: told at once');
      for (const n of told) {
        assert.match(n.message, /checking continues/);
      }
      fake.clearFaults();
      fake.setTaskAdvance({ everyMs: 50 });
      const errors = api.logLines().slice(logBefore).filter((line) => line.startsWith('[error]'));
      assert.deepEqual(errors, []);
      await restoreAndCheckConsistency();
      assert.deepEqual(unhandled.map(String), []);
      for (const cell of cells) {
        record('processing poll', cell.fault.name, `on node, ${counts.get(cell.fault.name) ?? 0}×`);
      }
    });

    it('refused: a server that took the upload and went away; after three failed checks the user is told, the watch goes on', async () => {
      // A changed apiUrl would stop the watch instead, so the refusing server is the one the upload was sent to.
      const doomed = await startFakeServer({ validKeys: [CANARY_KEY], taskAdvance: 'poll' });
      try {
        const [doomedIndex] = doomed.seedIndexes(1);
        await setSetting('apiUrl', doomed.url);
        const copy = path.join(dir, 'poll refused.mp4');
        fs.copyFileSync(file, copy);
        const result = await api.uploads.upload({ indexId: doomedIndex, files: [copy] });
        assert.ok(result.outcome === 'uploaded' && result.uploads[0].outcome === 'sent', JSON.stringify(result));
        const uploadId = result.uploads[0].uploadId;
        await doomed.close();
        const told = await waitFor('the user to be told after repeated failed checks', () =>
          api.notifications().find((n) => /Could not check the processing of “poll refused\.mp4”/.test(n.message)),
        15_000);
        assert.match(told.message, /Check your connection/);
        assert.match(told.message, /checking continues/);
        assert.ok(api.uploads.following().includes(uploadId), 'still following');
        record('processing poll', 'refused', 'told after 3 checks');
      } finally {
        await doomed.close();
        await restoreAndCheckConsistency();
      }
    });
  });

  describe('cancel', () => {
    it('a cancelled upload stops at once, even while the server hangs', async () => {
      api.reliability.setNetworkTiming({ ...TIMING, stallTimeoutMs: 30_000 });
      fake.setUploadThrottle(64 * 1024);
      const big = path.join(dir, 'cancel me.mp4');
      fs.writeFileSync(big, Buffer.alloc(4 * 1024 * 1024, 1));
      const pending = api.uploads.upload({ indexId, files: [big] });
      // Into the body: the throttled server reads 64 KiB a second of 4 MiB.
      await waitFor('the body on its way', () => api.uploads.activeUploads().some((upload) => upload.sent > 0));
      const started = Date.now();
      assert.equal(api.uploads.cancelActiveUploads(), 1);
      const result = await pending;
      const took = Date.now() - started;
      fake.setUploadThrottle(undefined);
      api.reliability.setNetworkTiming(TIMING);
      assert.equal(result.outcome, 'cancelled');
      assert.ok(took < 1000, `stopped in ${took} ms`);
      record('upload', 'cancel', `cancelled in ${took} ms`);
    });
  });
});
