import * as assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TwelveLabsError } from '../../../src/api/errors';
import { isRetryable } from '../../../src/api/retry';
import { MAX_LIST_ITEMS, MAX_LIST_PAGES, type Index } from '../../../src/api/types';
import { canaryForms } from '../../canary';
import { CANARY_KEY, rejection, startHarness, type Harness } from './helpers';
import { nestingDepth } from '../fakes/json';

const MARENGO = { model_name: 'marengo3.0', model_options: ['visual', 'audio'] };
const MiB = 1024 * 1024;

/** What the tree and "Show Details" rely on: every field present has its declared type. */
function assertWellTyped(index: Index): void {
  assert.equal(typeof index._id, 'string');
  assert.equal(typeof index.index_name, 'string');
  if (index.models !== undefined) {
    assert.ok(Array.isArray(index.models), 'models is a list');
    for (const model of index.models) {
      assert.equal(typeof model.model_name, 'string');
      if (model.model_options !== undefined) {
        assert.ok(Array.isArray(model.model_options) && model.model_options.every((option) => typeof option === 'string'));
      }
    }
  }
  if (index.addons !== undefined) {
    assert.ok(Array.isArray(index.addons) && index.addons.every((addon) => typeof addon === 'string'), 'addons are strings');
  }
  for (const field of ['video_count', 'total_duration'] as const) {
    const value = index[field];
    if (value !== undefined) assert.ok(typeof value === 'number' && Number.isFinite(value), `${field} is a finite number`);
  }
  for (const field of ['created_at', 'updated_at'] as const) {
    if (index[field] !== undefined) assert.equal(typeof index[field], 'string', field);
  }
  if (index.expires_at !== undefined && index.expires_at !== null) assert.equal(typeof index.expires_at, 'string');
}

describe('TwelveLabsClient against a hostile or broken server', () => {
  let h: Harness;

  beforeEach(async () => {
    h = await startHarness({ fake: { seedIndexes: 120 }, timeoutMs: 1000 });
  });
  afterEach(async () => {
    await h.fake.close();
  });

  const requestsTo = (method: string, path: string) => h.fake.requests.filter((r) => r.method === method && r.path === path).length;

  describe('listAllIndexes does not trust page_info', () => {
    it('a claimed 100,000 pages: stops at the first short page, a few requests past it at most', async () => {
      h.fake.injectFault({ kind: 'hostileShapes', hostile: 'hugeTotals', totalPages: 100_000, method: 'GET', path: '/indexes', times: Infinity });
      const all = await h.client.listAllIndexes({}, { concurrency: 4 });
      assert.equal(all.length, 120);
      // Page 3 is short (20 of 50). Until its answer is in, the workers may have started up to two
      // rounds of pages: 1 + 2 * 4 requests at most, however many pages were claimed.
      assert.ok(requestsTo('GET', '/indexes') <= 1 + 2 * 4, `${requestsTo('GET', '/indexes')} requests`);
    });

    it('a claimed billion pages: no allocation from the claim, a prompt and complete answer', async () => {
      h.fake.injectFault({ kind: 'hostileShapes', hostile: 'hugeTotals', method: 'GET', path: '/indexes', times: Infinity });
      const all = await h.client.listAllIndexes();
      assert.equal(all.length, 120);
      assert.ok(requestsTo('GET', '/indexes') <= 1 + 2 * 8, `${requestsTo('GET', '/indexes')} requests`);
    });

    it('total_page far above what total_results allows: bounded by ceil(total_results / page_limit)', async () => {
      const original = h.client.listIndexes.bind(h.client);
      h.client.listIndexes = async (...args) => {
        const page = await original(...args);
        return { ...page, page_info: { ...page.page_info, total_page: 100_000 } };
      };
      const all = await h.client.listAllIndexes();
      assert.equal(all.length, 120);
      assert.equal(requestsTo('GET', '/indexes'), 3);
    });

    it('an account that really has more: stops at the absolute cap and says so in the log', async () => {
      h.fake.seedIndexes(MAX_LIST_PAGES * 5 + 100 - 120);
      const all = await h.client.listAllIndexes({}, { pageLimit: 5 });
      assert.equal(all.length, Math.min(MAX_LIST_ITEMS, MAX_LIST_PAGES * 5));
      assert.equal(requestsTo('GET', '/indexes'), MAX_LIST_PAGES);
      assert.ok(h.logger.lines.some((line) => line.startsWith('[warn]') && line.includes(String(MAX_LIST_PAGES))), h.logger.lines.join('\n'));
    });

    it('items left out as malformed do not make a full page look short', async () => {
      const original = h.client.listIndexes.bind(h.client);
      h.client.listIndexes = async (...args) => {
        const page = await original(...args);
        return page.data.length === 50 ? { ...page, data: page.data.slice(2), skipped: 2 } : page;
      };
      const all = await h.client.listAllIndexes();
      assert.equal(all.length, 120 - 2 * 2);
      assert.equal(requestsTo('GET', '/indexes'), 3);
    });
  });

  describe('answer size is capped', () => {
    it('8 MiB of valid JSON: response_too_large, not retried, saying nothing was changed', async () => {
      h.fake.injectFault({ kind: 'oversizedBody', method: 'GET', path: '/indexes' });
      const error = await rejection(() => h.client.listIndexes());
      assert.ok(error instanceof TwelveLabsError, String(error));
      assert.equal(error.kind, 'malformedResponse');
      assert.equal(error.code, 'response_too_large');
      assert.match(error.message, /4 MiB/);
      assert.match(error.message, /nothing was changed/);
      assert.equal(isRetryable('GET', error), false);
      assert.equal(requestsTo('GET', '/indexes'), 1);
    });

    it('the same when the size is not announced (chunked)', async () => {
      h.fake.injectFault({ kind: 'oversizedBody', chunked: true, method: 'GET', path: '/indexes' });
      const error = await rejection(() => h.client.listIndexes());
      assert.ok(error instanceof TwelveLabsError, String(error));
      assert.equal(error.code, 'response_too_large');
    });

    it('an endless body fails once past the cap, long before the deadline', async () => {
      await h.fake.close();
      h = await startHarness({ fake: { seedIndexes: 1 }, timeoutMs: 30_000 });
      h.fake.injectFault({ kind: 'endlessBody', method: 'GET', path: '/indexes' });
      const started = Date.now();
      const error = await rejection(() => h.client.listIndexes());
      assert.ok(error instanceof TwelveLabsError, String(error));
      assert.equal(error.code, 'response_too_large');
      assert.ok(Date.now() - started < 5_000, `took ${Date.now() - started} ms`);
    });

    it('a change whose answer is too large says the change may have been made', async () => {
      h.fake.injectFault({ kind: 'oversizedBody', method: 'POST', path: '/indexes' });
      const error = await rejection(() => h.client.createIndex({ name: 'big-answer', models: [MARENGO] }));
      assert.ok(error instanceof TwelveLabsError, String(error));
      assert.equal(error.code, 'response_too_large');
      assert.doesNotMatch(error.message, /nothing was changed/);
      assert.match(error.message, /may have been made/);
      assert.equal(requestsTo('POST', '/indexes'), 1);
    });

    it('an oversized error answer keeps its status (the body is not needed to tell a 400)', async () => {
      h.fake.injectFault({ kind: 'oversizedBody', method: 'GET' });
      const error = await rejection(() => h.client.getIndex('0123456789abcdef01234567'));
      assert.ok(error instanceof TwelveLabsError, String(error));
      assert.equal(error.kind, 'http');
      assert.equal(error.status, 400);
    });
  });

  describe('the timeout covers the whole answer, body included', () => {
    it('a body dripping a byte every 100 ms: kind noResponse, ETIMEDOUT, about timeoutMs after the request', async () => {
      await h.fake.close();
      h = await startHarness({ fake: { seedIndexes: 3 }, timeoutMs: 500, retry: { maxAttempts: 1 } });
      h.fake.injectFault({ kind: 'slowDrip', dripIntervalMs: 100 });
      const started = Date.now();
      const error = await rejection(() => h.client.listIndexes());
      const elapsed = Date.now() - started;
      assert.ok(error instanceof TwelveLabsError, String(error));
      assert.equal(error.kind, 'noResponse');
      assert.equal(error.code, 'ETIMEDOUT');
      assert.ok(elapsed >= 450 && elapsed < 2_000, `gave up after ${elapsed} ms`);
    });

    it('a GET that dripped is retried, and the next attempt succeeds', async () => {
      await h.fake.close();
      h = await startHarness({ fake: { seedIndexes: 3 }, timeoutMs: 500 });
      h.fake.injectFault({ kind: 'slowDrip', dripIntervalMs: 100 });
      const page = await h.client.listIndexes();
      assert.equal(page.data.length, 3);
      assert.equal(requestsTo('GET', '/indexes'), 2);
    });

    it('a create whose answer drips: one POST, kind noResponse, and the index exists (the caller must look it up)', async () => {
      await h.fake.close();
      h = await startHarness({ fake: { seedIndexes: 0 }, timeoutMs: 500 });
      h.fake.injectFault({ kind: 'slowDrip', method: 'POST', dripIntervalMs: 200 });
      const error = await rejection(() => h.client.createIndex({ name: 'dripped', models: [MARENGO] }));
      assert.ok(error instanceof TwelveLabsError, String(error));
      assert.equal(error.kind, 'noResponse');
      assert.equal(requestsTo('POST', '/indexes'), 1);
      assert.ok(h.fake.listIndexes().some((index) => index.index_name === 'dripped'));
    });

    it('a slow but complete answer within the timeout is read', async () => {
      h.fake.injectFault({ kind: 'slowDrip', dripIntervalMs: 1, method: 'GET', path: /^\/indexes\/[0-9a-f]{24}$/ });
      const [stored] = h.fake.listIndexes();
      const index = await h.client.getIndex(stored._id);
      assert.equal(index._id, stored._id);
    });
  });

  describe('a clean close (FIN) in the middle of the body', () => {
    for (const chunked of [false, true]) {
      const how = chunked ? 'chunked body' : 'Content-Length body';
      it(`GET (${how}): no complete answer, retried, the second attempt succeeds`, async () => {
        h.fake.injectFault({ kind: 'finMidBody', chunked, method: 'GET', path: '/indexes' });
        const page = await h.client.listIndexes();
        assert.equal(page.data.length, 10);
        assert.equal(requestsTo('GET', '/indexes'), 2);
      });
    }

    it('GET for good: kind noResponse, code response_incomplete, after maxAttempts', async () => {
      h.fake.injectFault({ kind: 'finMidBody', method: 'GET', times: Infinity });
      const error = await rejection(() => h.client.listIndexes());
      assert.ok(error instanceof TwelveLabsError, String(error));
      assert.equal(error.kind, 'noResponse');
      assert.equal(error.status, 0);
      assert.equal(error.code, 'response_incomplete');
      assert.equal(requestsTo('GET', '/indexes'), 4);
    });

    it('POST /indexes after the server created it: one POST, kind noResponse like a reset, and the index exists', async () => {
      h.fake.injectFault({ kind: 'finMidBody', method: 'POST', path: '/indexes', afterResponse: true });
      const error = await rejection(() => h.client.createIndex({ name: 'cut-short', models: [MARENGO] }));
      assert.ok(error instanceof TwelveLabsError, String(error));
      assert.equal(error.kind, 'noResponse');
      assert.equal(isRetryable('POST', error), false);
      assert.equal(requestsTo('POST', '/indexes'), 1);
      assert.ok(h.fake.listIndexes().some((index) => index.index_name === 'cut-short'));
    });

    it('a cut error answer keeps its status', async () => {
      h.fake.injectFault({ kind: 'finMidBody', method: 'GET', afterResponse: true });
      const error = await rejection(() => h.client.getIndex('0123456789abcdef01234567'));
      assert.ok(error instanceof TwelveLabsError, String(error));
      assert.equal(error.kind, 'http');
      assert.equal(error.status, 400);
    });
  });

  describe('wrong shapes are checked at the client boundary', () => {
    it('wrong field types in a list: every index kept, the wrong fields dropped, the rest well typed', async () => {
      h.fake.injectFault({ kind: 'hostileShapes', hostile: 'wrongTypes', method: 'GET', path: '/indexes' });
      const page = await h.client.listIndexes(1, 10);
      assert.equal(page.data.length, 10);
      for (const index of page.data) {
        assertWellTyped(index);
        assert.equal(index.addons, undefined);
        assert.equal(index.video_count, undefined);
        assert.equal(index.created_at, undefined);
      }
      // `[{model_name: 5, ...}, 'pegasus']` keeps no entry; `"visual"` is no list at all.
      assert.ok(page.data.every((index) => index.models === undefined || index.models.length === 0));
      assert.ok(h.logger.lines.some((line) => line.includes('models') && line.includes('addons')), h.logger.lines.join('\n'));
    });

    it('bad items in a list: left out, the real ones returned in order, one log line naming only a plain id', async () => {
      const expected = (await h.client.listIndexes(1, 10)).data.map((index) => index._id);
      h.logger.lines.length = 0;
      h.fake.injectFault({ kind: 'hostileShapes', hostile: 'badItems', method: 'GET', path: '/indexes' });
      const page = await h.client.listIndexes(1, 10);
      assert.deepEqual(
        page.data.map((index) => index._id),
        expected,
      );
      assert.equal(page.skipped, 7);
      const warnings = h.logger.lines.filter((line) => line.startsWith('[warn]'));
      assert.equal(warnings.length, 1, warnings.join('\n'));
      assert.match(warnings[0], /left out 7 /);
      assert.match(warnings[0], /hostile00000000000000001/);
      assert.match(warnings[0], /6 without/);
      assert.doesNotMatch(warnings[0], /numeric id|an index/, 'no item content beyond its id');
    });

    it('deep nesting is cut at the client: the result serialises, nothing is deeper than 32 levels', async () => {
      h.fake.injectFault({ kind: 'hostileShapes', hostile: 'deepNesting', method: 'GET', path: '/indexes' });
      const page = await h.client.listIndexes(1, 5);
      assert.equal(page.data.length, 5);
      for (const index of page.data) {
        assert.doesNotThrow(() => JSON.stringify(index, null, 2));
        assert.ok(nestingDepth(index) <= 32, `depth ${nestingDepth(index)}`);
        assertWellTyped(index);
      }
    });

    it('a list without a data array is a typed error', async () => {
      h.fake.injectFault({ kind: 'hostileShapes', hostile: 'badEnvelope', method: 'GET', path: '/indexes' });
      const error = await rejection(() => h.client.listIndexes());
      assert.ok(error instanceof TwelveLabsError, String(error));
      assert.equal(error.kind, 'malformedResponse');
    });

    it('page_info of the wrong types (a string page, a negative limit, an infinite total) is a typed error', async () => {
      h.fake.injectFault({ kind: 'hostileShapes', hostile: 'badPageInfo', method: 'GET', path: '/indexes' });
      const error = await rejection(() => h.client.listIndexes());
      assert.ok(error instanceof TwelveLabsError, String(error));
      assert.equal(error.kind, 'malformedResponse');
    });

    it('getIndex: wrong field types are dropped; a numeric _id or an array instead of an object is a typed error', async () => {
      const [stored] = h.fake.listIndexes();
      h.fake.injectFault({ kind: 'hostileShapes', hostile: 'wrongTypes', method: 'GET' });
      const index = await h.client.getIndex(stored._id);
      assertWellTyped(index);
      assert.equal(index.index_name, stored.index_name);
      for (const hostile of ['badItems', 'badEnvelope'] as const) {
        h.fake.injectFault({ kind: 'hostileShapes', hostile, method: 'GET' });
        const error = await rejection(() => h.client.getIndex(stored._id));
        assert.ok(error instanceof TwelveLabsError, String(error));
        assert.equal(error.kind, 'malformedResponse', hostile);
      }
    });

    it('createIndex: a created id that is not a string is a typed error', async () => {
      h.fake.injectFault({ kind: 'hostileShapes', hostile: 'badItems', method: 'POST' });
      const error = await rejection(() => h.client.createIndex({ name: 'numeric-id', models: [MARENGO] }));
      assert.ok(error instanceof TwelveLabsError, String(error));
      assert.equal(error.kind, 'malformedResponse');
    });

    it('videos and tasks: wrong field types dropped, bad items left out', async () => {
      await h.fake.close();
      h = await startHarness({ fake: { seedIndexes: 1, seedVideosPerIndex: 3 } });
      const [index] = h.fake.listIndexes();
      h.fake.injectFault({ kind: 'hostileShapes', hostile: 'wrongTypes', path: `/indexes/${index._id}/videos` });
      const videos = await h.client.listVideos(index._id);
      assert.equal(videos.data.length, 3);
      for (const video of videos.data) {
        assert.equal(video.system_metadata, undefined);
        assert.equal(video.created_at, undefined);
      }
      const created = await h.client.createTask({ indexId: index._id, source: { kind: 'url', url: 'https://example.com/a.mp4' } });
      h.fake.injectFault({ kind: 'hostileShapes', hostile: 'wrongTypes', path: `/tasks/${created.taskId}` });
      const task = await h.client.getTask(created.taskId);
      assert.equal(typeof task.status, 'string');
      assert.equal(task.system_metadata, undefined);
      assert.equal(task.video_id, undefined);
      h.fake.injectFault({ kind: 'hostileShapes', hostile: 'badItems', path: '/tasks' });
      const tasks = await h.client.listTasks();
      assert.deepEqual(
        tasks.data.map((entry) => entry._id),
        [created.taskId],
      );
      h.fake.injectFault({ kind: 'hostileShapes', hostile: 'badItems', path: `/tasks/${created.taskId}` });
      const error = await rejection(() => h.client.getTask(created.taskId));
      assert.ok(error instanceof TwelveLabsError && error.kind === 'malformedResponse', String(error));
    });

    it('no key in what the reading logs', async () => {
      h.fake.injectFault({ kind: 'hostileShapes', hostile: 'badItems', method: 'GET', path: '/indexes' });
      await h.client.listIndexes();
      for (const line of h.logger.lines) {
        for (const form of canaryForms()) assert.ok(!line.includes(form), line);
      }
    });
  });

  it('a redirect is an answer, not followed: the key never reaches the other host', async () => {
    const seen: IncomingHttpHeaders[] = [];
    const elsewhere = await listen(createServer((req, res) => {
      seen.push(req.headers);
      res.end('{}');
    }));
    const redirecting = await listen(createServer((_req, res) => {
      res.writeHead(302, { Location: `${origin(elsewhere)}/v1.3/indexes` }).end();
    }));
    try {
      const other = await startHarness({ baseUrl: `${origin(redirecting)}/v1.3`, retry: { maxAttempts: 1 } });
      await other.fake.close();
      const error = await rejection(() => other.client.listIndexes());
      assert.ok(error instanceof TwelveLabsError, String(error));
      assert.equal(error.kind, 'http');
      assert.equal(error.status, 302);
      assert.deepEqual(seen, []);
      assert.ok(!JSON.stringify(error).includes(CANARY_KEY));
    } finally {
      for (const server of [elsewhere, redirecting]) {
        server.closeAllConnections();
        server.close();
      }
    }
  });

  it('keeps every response well under the cap in ordinary use (a full page of 50)', async () => {
    const page = await h.client.listIndexes(1, 50);
    assert.equal(page.data.length, 50);
    assert.ok(JSON.stringify(page).length < MiB);
  });
});

function listen(server: Server): Promise<Server> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function origin(server: Server): string {
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}
