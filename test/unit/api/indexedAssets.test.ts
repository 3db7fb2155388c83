import * as assert from 'node:assert/strict';
import type { IndexedAssetFilters } from '../../../src/api/assetTypes';
import { TwelveLabsError } from '../../../src/api/errors';
import { MAX_NESTING_DEPTH } from '../../../src/api/shapes';
import { nestingDepth } from '../fakes/json';
import { rejection } from './helpers';
import { useAssetHarness } from './assetHarness';

describe('TwelveLabsClient indexed assets: index, follow, list, filter, edit metadata, delete', () => {
  const harness = useAssetHarness({ fake: { seedIndexes: 1 } });
  const h = () => harness.h;
  let indexId = '';
  beforeEach(() => {
    indexId = h().fake.listIndexes()[0]._id;
  });
  const requestsTo = (method: string, suffix = '') => h().fake.requests.filter((r) => r.method === method && r.path === `/indexes/${indexId}/indexed-assets${suffix}`);

  it('indexes a ready asset (202) and follows it pending → queued → indexing → ready, with HLS, metadata and transcription', async () => {
    const [assetId] = h().fake.seedAssets(1);
    const created = await h().client.indexAsset(indexId, { assetId, enableVideoStream: true, userMetadata: { topic: 'demo', take: 3 } });
    assert.match(created.id, /^[0-9a-f]{24}$/);
    assert.equal(created.assetId, assetId);
    assert.deepEqual(requestsTo('POST')[0].body, { asset_id: assetId, enable_video_stream: true, user_metadata: { topic: 'demo', take: 3 } });

    const statuses: string[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await h().client.getIndexedAsset(indexId, created.id)).status);
    assert.deepEqual(statuses, ['queued', 'indexing', 'ready', 'ready']);
    const ready = await h().client.getIndexedAsset(indexId, created.id, { transcription: true });
    assert.equal(ready.asset_id, assetId);
    assert.deepEqual(ready.user_metadata, { topic: 'demo', take: 3 });
    assert.equal(ready.hls?.status, 'COMPLETE');
    assert.match(ready.hls?.video_url ?? '', /\/hls\/[0-9a-f]{24}\/index\.m3u8$/);
    assert.equal(ready.hls?.thumbnail_urls?.length, 1);
    assert.equal(ready.system_metadata?.width, 1280);
    assert.ok((ready.transcription?.length ?? 0) > 0);
    assert.ok(ready.transcription?.every((line) => typeof line.start === 'number' && typeof line.value === 'string'));
    assert.equal(h().fake.requests.at(-1)?.query.transcription, 'true');
  });

  it('enable_video_stream and user_metadata are sent only when given', async () => {
    const [assetId] = h().fake.seedAssets(1);
    await h().client.indexAsset(indexId, { assetId });
    assert.deepEqual(requestsTo('POST')[0].body, { asset_id: assetId });
  });

  it('an asset still processing: the server\'s 400 parameter_invalid, sent once', async () => {
    const asset = await h().client.createAssetFromUrl({ url: 'https://example.com/fresh.mp4' });
    const error = await rejection(() => h().client.indexAsset(indexId, { assetId: asset._id }));
    assert.ok(error instanceof TwelveLabsError, String(error));
    assert.equal(error.status, 400);
    assert.equal(error.code, 'parameter_invalid');
    assert.match(error.message, /processing/);
    assert.equal(requestsTo('POST').length, 1);
  });

  it('lists page by page with page_info; a page past the end is empty', async () => {
    h().fake.seedIndexedAssets(indexId, 25);
    const first = await h().client.listIndexedAssets(indexId, 1, 10);
    assert.equal(first.data.length, 10);
    assert.deepEqual(first.page_info, { page: 1, limit_per_page: 10, total_page: 3, total_results: 25 });
    const third = await h().client.listIndexedAssets(indexId, 3, 10);
    assert.equal(third.data.length, 5);
    const past = await h().client.listIndexedAssets(indexId, 4, 10);
    assert.deepEqual(past.data, []);
    const all = new Set([...first.data, ...(await h().client.listIndexedAssets(indexId, 2, 10)).data, ...third.data].map((item) => item._id));
    assert.equal(all.size, 25);
    assert.ok(first.data.every((item) => item.status === 'ready' && typeof item.system_metadata?.filename === 'string'));
  });

  it('filters by repeated status, filename, duration range and user metadata', async () => {
    const ready = h().fake.seedIndexedAssets(indexId, 3, { filenamePrefix: 'keynote', userMetadata: { speaker: 'ada' } });
    const failed = h().fake.seedIndexedAssets(indexId, 2, { filenamePrefix: 'outtake', status: 'failed' });
    const indexing = h().fake.seedIndexedAssets(indexId, 1, { filenamePrefix: 'keynote', status: 'indexing', size: 50_000_000 });
    const list = async (filters: IndexedAssetFilters) =>
      (await h().client.listIndexedAssets(indexId, 1, 50, filters)).data.map((item) => item._id).sort();

    assert.deepEqual(await list({ status: ['failed'] }), [...failed].sort());
    assert.deepEqual(await list({ status: ['ready', 'failed'] }), [...ready, ...failed].sort());
    assert.equal(h().fake.requests.at(-1)?.query.status, 'ready,failed', 'sent as a repeated parameter');
    assert.deepEqual(await list({ filename: 'KEYNOTE' }), [...ready, ...indexing].sort());
    assert.deepEqual(await list({ duration: { gte: 150 } }), [...indexing].sort());
    assert.equal(h().fake.requests.at(-1)?.query['duration[gte]'], '150');
    assert.deepEqual(await list({ userMetadata: { speaker: 'ada' } }), [...ready].sort());
    assert.deepEqual(await list({ sortBy: 'created_at', sortOption: 'asc', status: ['ready'] }), [...ready].sort());
  });

  it('a metadata filter named like another filter is refused before anything is sent', async () => {
    const error = await rejection(() => h().client.listIndexedAssets(indexId, 1, 10, { userMetadata: { status: 'x' } }));
    assert.ok(error instanceof TwelveLabsError && error.code === 'filter_invalid', String(error));
    assert.equal(h().fake.requests.length, 0);
  });

  it('PATCH sets fields and deletes those given null; no changes, no request; a 503 is retried', async () => {
    const [id] = h().fake.seedIndexedAssets(indexId, 1, { userMetadata: { keep: 'yes', drop: 1, flip: false } });
    await h().client.updateIndexedAssetMetadata(indexId, id, { drop: null, flip: true, added: 'new' });
    assert.deepEqual(requestsTo('PATCH', `/${id}`)[0].body, { user_metadata: { drop: null, flip: true, added: 'new' } });
    const after = await h().client.getIndexedAsset(indexId, id);
    assert.deepEqual(after.user_metadata, { keep: 'yes', flip: true, added: 'new' });

    await h().client.updateIndexedAssetMetadata(indexId, id, {});
    assert.equal(requestsTo('PATCH', `/${id}`).length, 1);

    h().fake.injectFault({ kind: 'unavailable', method: 'PATCH' });
    await h().client.updateIndexedAssetMetadata(indexId, id, { keep: null });
    assert.equal(requestsTo('PATCH', `/${id}`).length, 3);
    assert.deepEqual((await h().client.getIndexedAsset(indexId, id)).user_metadata ?? {}, { flip: true, added: 'new' });
  });

  it('DELETE removes it for good', async () => {
    const [id, other] = h().fake.seedIndexedAssets(indexId, 2);
    await h().client.deleteIndexedAsset(indexId, id);
    assert.deepEqual(
      h().fake.indexedAssets(indexId)?.map((item) => item._id),
      [other],
    );
    const error = await rejection(() => h().client.getIndexedAsset(indexId, id));
    assert.ok(error instanceof TwelveLabsError, String(error));
    assert.equal(error.status, 404);
    assert.equal(error.code, 'resource_not_exist');
  });

  describe('answers of the wrong shape', () => {
    it('wrong types: dropped and named in the log, the rest kept', async () => {
      const [id] = h().fake.seedIndexedAssets(indexId, 1, { enableVideoStream: true });
      h().fake.injectFault({ kind: 'hostileShapes', hostile: 'wrongTypes', method: 'GET', path: `/indexes/${indexId}/indexed-assets/${id}` });
      const item = await h().client.getIndexedAsset(indexId, id);
      assert.equal(item._id, id);
      assert.equal(item.status, 'ready');
      assert.equal(item.system_metadata, undefined);
      assert.equal(item.hls, undefined);
      assert.equal(item.created_at, undefined);
      assert.ok(h().logger.lines.some((line) => line.startsWith('[warn]') && line.includes('system_metadata') && line.includes('hls')), h().logger.lines.join('\n'));
    });

    it('bad items in a list are left out and counted; an unusable envelope or item is an error', async () => {
      h().fake.seedIndexedAssets(indexId, 3);
      h().fake.injectFault({ kind: 'hostileShapes', hostile: 'badItems', method: 'GET', path: `/indexes/${indexId}/indexed-assets` });
      const page = await h().client.listIndexedAssets(indexId);
      assert.equal(page.data.length, 3);
      assert.equal(page.skipped, 7);

      h().fake.injectFault({ kind: 'hostileShapes', hostile: 'badEnvelope', method: 'GET', path: `/indexes/${indexId}/indexed-assets` });
      const envelope = await rejection(() => h().client.listIndexedAssets(indexId));
      assert.ok(envelope instanceof TwelveLabsError && envelope.kind === 'malformedResponse', String(envelope));

      const [assetId] = h().fake.seedAssets(1);
      h().fake.injectFault({ kind: 'hostileShapes', hostile: 'badItems', method: 'POST', path: `/indexes/${indexId}/indexed-assets` });
      const created = await rejection(() => h().client.indexAsset(indexId, { assetId }));
      assert.ok(created instanceof TwelveLabsError && created.kind === 'malformedResponse', String(created));
    });

    it('deep nesting is cut at the cap', async () => {
      const [id] = h().fake.seedIndexedAssets(indexId, 1);
      h().fake.injectFault({ kind: 'hostileShapes', hostile: 'deepNesting', nestingDepth: 5_000, method: 'GET', path: `/indexes/${indexId}/indexed-assets/${id}` });
      const item = await h().client.getIndexedAsset(indexId, id);
      assert.ok(nestingDepth(item) <= MAX_NESTING_DEPTH + 1, `depth ${nestingDepth(item)}`);
    });
  });
});
