import * as assert from 'node:assert/strict';
import { TwelveLabsError } from '../../../src/api/errors';
import { CANARY_KEY, rejection, startHarness, type Harness } from './helpers';
import { isRetryable } from '../../../src/api/retry';

const MARENGO = { model_name: 'marengo3.0', model_options: ['visual', 'audio'] };
const PEGASUS = { model_name: 'pegasus1.2', model_options: ['visual'] };

describe('TwelveLabsClient endpoints (fake server over HTTP)', () => {
  let h: Harness;

  beforeEach(async () => {
    h = await startHarness({ fake: { seedIndexes: 0 } });
  });
  afterEach(async () => {
    await h.fake.close();
  });

  describe('createIndex', () => {
    it('POSTs index_name, models and addons, and returns the new id', async () => {
      const created = await h.client.createIndex({ name: 'clips', models: [MARENGO, PEGASUS], addons: ['thumbnail'] });
      assert.match(created.id, /^[0-9a-f]{24}$/);
      const [request] = h.fake.requests;
      assert.equal(request.method, 'POST');
      assert.equal(request.path, '/indexes');
      assert.deepEqual(request.body, { index_name: 'clips', models: [MARENGO, PEGASUS], addons: ['thumbnail'] });
      const stored = h.fake.listIndexes().find((index) => index._id === created.id);
      assert.equal(stored?.index_name, 'clips');
      assert.deepEqual(stored?.addons, ['thumbnail']);
    });

    it('leaves addons out when there are none', async () => {
      await h.client.createIndex({ name: 'plain', models: [MARENGO] });
      assert.deepEqual(h.fake.requests[0].body, { index_name: 'plain', models: [MARENGO] });
    });

    it('sends the key, a User-Agent and JSON', async () => {
      await h.client.createIndex({ name: 'headers', models: [MARENGO] });
      const headers = h.fake.requests[0].headers;
      assert.equal(headers['x-api-key'], CANARY_KEY);
      assert.match(String(headers['user-agent']), /^twelvelabs-vscode\//);
      assert.match(String(headers['content-type']), /^application\/json/);
    });

    it('passes index_name_already_exists through verbatim', async () => {
      await h.client.createIndex({ name: 'twice', models: [MARENGO] });
      const error = await rejection(() => h.client.createIndex({ name: 'twice', models: [MARENGO] }));
      assert.ok(error instanceof TwelveLabsError);
      assert.equal(error.status, 400);
      assert.equal(error.code, 'index_name_already_exists');
      assert.match(error.message, /twice/);
      assert.equal(isRetryable('GET', error), false);
    });

    it('passes parameter_invalid for an unknown model through verbatim', async () => {
      const error = await rejection(() =>
        h.client.createIndex({ name: 'old', models: [{ model_name: 'marengo2.7', model_options: ['visual'] }] }),
      );
      assert.ok(error instanceof TwelveLabsError);
      assert.equal(error.code, 'parameter_invalid');
      assert.equal(error.message.length > 0, true);
    });
  });

  describe('listIndexes', () => {
    it('returns one page with page_info, sending page and page_limit', async () => {
      h.fake.seedIndexes(23);
      const page = await h.client.listIndexes(2, 10);
      assert.equal(page.data.length, 10);
      assert.deepEqual(page.page_info, { page: 2, limit_per_page: 10, total_page: 3, total_results: 23 });
      assert.deepEqual(h.fake.requests[0].query, { page: '2', page_limit: '10' });
    });

    it('returns the last, partial page and an empty page past the end', async () => {
      h.fake.seedIndexes(23);
      assert.equal((await h.client.listIndexes(3, 10)).data.length, 3);
      assert.equal((await h.client.listIndexes(4, 10)).data.length, 0);
    });

    it('clamps page_limit to the server maximum of 50', async () => {
      h.fake.seedIndexes(60);
      const page = await h.client.listIndexes(1, 500);
      assert.equal(page.data.length, 50);
      assert.equal(h.fake.requests[0].query.page_limit, '50');
    });

    it('sends every filter in the documented form', async () => {
      await h.client.listIndexes(1, 5, {
        indexName: 'cat videos',
        modelOptions: ['visual', 'audio'],
        modelFamily: 'marengo',
        createdAt: '2026-01-01T00:00:00Z',
        updatedAt: '2026-02-01T00:00:00Z',
        sortBy: 'updated_at',
        sortOption: 'asc',
      });
      assert.deepEqual(h.fake.requests[0].query, {
        page: '1',
        page_limit: '5',
        index_name: 'cat videos',
        model_options: 'visual,audio',
        model_family: 'marengo',
        created_at: '2026-01-01T00:00:00Z',
        updated_at: '2026-02-01T00:00:00Z',
        sort_by: 'updated_at',
        sort_option: 'asc',
      });
    });

    it('filters by name on the server', async () => {
      await h.client.createIndex({ name: 'holiday-2025', models: [MARENGO] });
      await h.client.createIndex({ name: 'work', models: [MARENGO] });
      const page = await h.client.listIndexes(1, 10, { indexName: 'holiday' });
      assert.deepEqual(
        page.data.map((index) => index.index_name),
        ['holiday-2025'],
      );
    });

    it('returns typed indexes with models, counts and dates', async () => {
      h.fake.seedIndexes(1, { videosPerIndex: 2 });
      const [index] = (await h.client.listIndexes()).data;
      assert.equal(typeof index._id, 'string');
      assert.equal(typeof index.index_name, 'string');
      assert.ok(Array.isArray(index.models));
      assert.equal(index.video_count, 2);
      assert.equal(typeof index.total_duration, 'number');
      assert.ok(index.created_at && !Number.isNaN(Date.parse(index.created_at)));
    });
  });

  describe('listAllIndexes', () => {
    it('fetches 120 indexes in ceil(120/50) = 3 requests and never asks for an empty page', async () => {
      h.fake.seedIndexes(120);
      const all = await h.client.listAllIndexes();
      assert.equal(all.length, 120);
      assert.equal(new Set(all.map((index) => index._id)).size, 120);
      assert.equal(h.fake.requests.length, 3);
      assert.deepEqual(
        h.fake.requests.map((request) => request.query.page).sort(),
        ['1', '2', '3'],
      );
      assert.ok(h.fake.requests.every((request) => request.query.page_limit === '50'));
    });

    it('keeps the server order across pages', async () => {
      h.fake.seedIndexes(120);
      const all = await h.client.listAllIndexes();
      const expected = [...h.fake.listIndexes()]
        .sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at))
        .map((index) => index._id);
      assert.deepEqual(
        all.map((index) => index._id),
        expected,
      );
    });

    it('makes one request when everything fits on page 1, and for an empty account', async () => {
      assert.deepEqual(await h.client.listAllIndexes(), []);
      assert.equal(h.fake.requests.length, 1);
      h.fake.clearRequests();
      h.fake.seedIndexes(50);
      assert.equal((await h.client.listAllIndexes()).length, 50);
      assert.equal(h.fake.requests.length, 1);
    });

    it('keeps at most `concurrency` pages in flight', async () => {
      h.fake.seedIndexes(500);
      h.fake.setLatency(30);
      let inFlight = 0;
      let peak = 0;
      const original = h.client.listIndexes.bind(h.client);
      h.client.listIndexes = async (...args) => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        try {
          return await original(...args);
        } finally {
          inFlight--;
        }
      };
      const all = await h.client.listAllIndexes({}, { concurrency: 3 });
      assert.equal(all.length, 500);
      assert.equal(peak, 3);
      assert.equal(h.fake.requests.length, 10);
    });

    it('applies filters to every page', async () => {
      h.fake.seedIndexes(120, { namePrefix: 'alpha' });
      h.fake.seedIndexes(10, { namePrefix: 'beta' });
      const all = await h.client.listAllIndexes({ indexName: 'alpha' });
      assert.equal(all.length, 120);
      assert.ok(h.fake.requests.every((request) => request.query.index_name === 'alpha'));
    });

    it('fails as a whole when a later page fails for good', async () => {
      h.fake.seedIndexes(120);
      const original = h.client.listIndexes.bind(h.client);
      h.client.listIndexes = (page, ...rest) => {
        if (page === 2) {
          h.fake.injectFault({ kind: 'serverErrorHtml', path: '/indexes', method: 'GET' });
        }
        return original(page, ...rest);
      };
      const error = await rejection(() => h.client.listAllIndexes());
      assert.ok(error instanceof TwelveLabsError);
      assert.equal(error.status, 500);
    });
  });

  describe('getIndex, renameIndex, deleteIndex', () => {
    it('retrieves one index by id', async () => {
      const { id } = await h.client.createIndex({ name: 'one', models: [MARENGO] });
      const index = await h.client.getIndex(id);
      assert.equal(index._id, id);
      assert.equal(index.index_name, 'one');
      assert.equal(h.fake.requests[1].path, `/indexes/${id}`);
    });

    it('maps an unknown id to resource_not_exist', async () => {
      const error = await rejection(() => h.client.getIndex('0123456789abcdef01234567'));
      assert.ok(error instanceof TwelveLabsError);
      assert.equal(error.code, 'resource_not_exist');
      assert.equal(error.status, 400);
    });

    it('renames with PUT {index_name} and resolves on 204', async () => {
      const { id } = await h.client.createIndex({ name: 'before', models: [MARENGO] });
      await h.client.renameIndex(id, 'after');
      assert.equal(h.fake.requests[1].method, 'PUT');
      assert.deepEqual(h.fake.requests[1].body, { index_name: 'after' });
      assert.equal((await h.client.getIndex(id)).index_name, 'after');
    });

    it('refuses a rename onto an existing name with the server message', async () => {
      const { id } = await h.client.createIndex({ name: 'a', models: [MARENGO] });
      await h.client.createIndex({ name: 'b', models: [MARENGO] });
      const error = await rejection(() => h.client.renameIndex(id, 'b'));
      assert.ok(error instanceof TwelveLabsError);
      assert.equal(error.code, 'index_name_already_exists');
    });

    it('deletes with DELETE and resolves on 204', async () => {
      const { id } = await h.client.createIndex({ name: 'gone', models: [MARENGO] });
      await h.client.deleteIndex(id);
      assert.equal(h.fake.requests[1].method, 'DELETE');
      assert.equal(h.fake.listIndexes().length, 0);
    });

    it('encodes ids in the path', async () => {
      await rejection(() => h.client.getIndex('a/b?c'));
      assert.equal(h.fake.requests[0].path, '/indexes/a%2Fb%3Fc');
    });
  });

  describe('listVideos', () => {
    it('pages through the videos of an index', async () => {
      const [id] = h.fake.seedIndexes(1, { videosPerIndex: 12 });
      const first = await h.client.listVideos(id, 1, 5);
      assert.equal(first.data.length, 5);
      assert.deepEqual(first.page_info, { page: 1, limit_per_page: 5, total_page: 3, total_results: 12 });
      const last = await h.client.listVideos(id, 3, 5);
      assert.equal(last.data.length, 2);
      const video = first.data[0];
      assert.match(String(video.system_metadata?.filename), /\.mp4$/);
      assert.equal(typeof video.system_metadata?.duration, 'number');
      assert.equal(h.fake.requests[0].path, `/indexes/${id}/videos`);
      assert.deepEqual(h.fake.requests[0].query, { page: '1', page_limit: '5' });
    });
  });

  describe('validateKey', () => {
    it('sends GET /indexes?page_limit=1 with the candidate key, not the stored one', async () => {
      h.fake.addKey('tlk_candidate0000000000');
      h.setKey('tlk_stored000000000000');
      await h.client.validateKey('tlk_candidate0000000000');
      const [request] = h.fake.requests;
      assert.equal(request.method, 'GET');
      assert.equal(request.path, '/indexes');
      assert.deepEqual(request.query, { page_limit: '1' });
      assert.equal(request.headers['x-api-key'], 'tlk_candidate0000000000');
    });

    it('rejects an invalid candidate with api_key_invalid and does not mark the stored key', async () => {
      const error = await rejection(() => h.client.validateKey('tlk_wrong0000000000000'));
      assert.ok(error instanceof TwelveLabsError);
      assert.equal(error.status, 401);
      assert.equal(error.code, 'api_key_invalid');
      assert.equal(h.unauthorized(), 0);
    });

    it('works when no key is stored at all', async () => {
      h.setKey(undefined);
      await h.client.validateKey(CANARY_KEY);
      assert.equal(h.fake.requests.length, 1);
    });
  });

  describe('cancellation', () => {
    it('rejects with kind cancelled when the signal fires mid-request', async () => {
      h.fake.setLatency(500);
      const controller = new AbortController();
      const pending = h.client.listIndexes(1, 10, {}, { signal: controller.signal });
      setTimeout(() => controller.abort(), 50);
      const error = await rejection(() => pending);
      assert.ok(error instanceof TwelveLabsError);
      assert.equal(error.kind, 'cancelled');
      assert.equal(error.isCancelled, true);
    });

    it('sends nothing when the signal has already fired', async () => {
      const controller = new AbortController();
      controller.abort();
      const error = await rejection(() => h.client.getIndex('x', { signal: controller.signal }));
      assert.ok(error instanceof TwelveLabsError);
      assert.equal(error.kind, 'cancelled');
      assert.equal(h.fake.requests.length, 0);
    });

    it('cancels every page of listAllIndexes', async () => {
      h.fake.seedIndexes(300);
      h.fake.setLatency(200);
      const controller = new AbortController();
      const pending = h.client.listAllIndexes({}, { signal: controller.signal });
      setTimeout(() => controller.abort(), 300);
      const error = await rejection(() => pending);
      assert.ok(error instanceof TwelveLabsError);
      assert.equal(error.kind, 'cancelled');
    });
  });
});
