import assert from 'node:assert/strict';
import { startFakeServer, type FakeIndexedAsset } from '../../fake/server';
import { Clock, formData, MULTIPART, postAsset, requestsValid, useAssetFake, valid } from './assetHelpers';
import { call, errorBody, KEY, type CallResult } from './helpers';

const ITEM = '/indexes/{index-id}/indexed-assets/{indexed-asset-id}';
const LIST = '/indexes/{index-id}/indexed-assets';

describe('fake server: POST /indexes/{id}/indexed-assets and its progress', () => {
  const ctx = useAssetFake({ seedIndexes: 2 });
  const indexId = (i = 0) => ctx.fake.listIndexes()[i]._id;

  async function readyAsset(fields: Record<string, string | { filename: string; size: number; type?: string }> = {}): Promise<string> {
    const r = await postAsset(ctx.fake, { method: 'direct', file: { filename: 'talk.mp4', size: 2_500_000 }, ...fields });
    assert.equal(r.status, 201, r.text);
    const id = (r.body as { _id: string })._id;
    await call(ctx.fake, 'GET', `/assets/${id}`);
    await call(ctx.fake, 'GET', `/assets/${id}`);
    assert.equal(ctx.fake.asset(id)?.status, 'ready');
    return id;
  }

  async function index(assetId: string, extra: Record<string, unknown> = {}, target = indexId()): Promise<CallResult> {
    const r = await call(ctx.fake, 'POST', `/indexes/${target}/indexed-assets`, { json: { asset_id: assetId, ...extra } });
    valid('POST', LIST, r);
    return r;
  }

  async function poll(id: string, query = ''): Promise<FakeIndexedAsset> {
    const r = await call(ctx.fake, 'GET', `/indexes/${indexId()}/indexed-assets/${id}${query}`);
    assert.equal(r.status, 200, r.text);
    valid('GET', ITEM, r);
    return r.body as FakeIndexedAsset;
  }

  it('202 {_id, asset_id}; one state per poll (pending, queued, indexing, ready); once ready the index counts it as a video', async () => {
    const assetId = await readyAsset();
    const r = await index(assetId, { user_metadata: { topic: 'demo' } });
    assert.equal(r.status, 202, r.text);
    const created = r.body as { _id: string; asset_id: string };
    assert.equal(created.asset_id, assetId);
    assert.match(created._id, /^[0-9a-f]{24}$/);
    assert.equal(ctx.fake.indexedAssets(indexId())?.[0].status, 'pending');
    const seen = [];
    for (let i = 0; i < 4; i++) seen.push((await poll(created._id)).status);
    assert.deepEqual(seen, ['queued', 'indexing', 'ready', 'ready']);
    const ready = await poll(created._id);
    assert.deepEqual(ready.system_metadata, { filename: 'talk.mp4', duration: 10, fps: 30, width: 1280, height: 720, size: 2_500_000 });
    assert.deepEqual(ready.user_metadata, { topic: 'demo' });
    assert.ok(ready.indexed_at !== undefined);
    assert.equal(ready.hls, undefined, 'enable_video_stream defaults to false here');
    const stored = ctx.fake.listIndexes()[0];
    assert.deepEqual([stored.video_count, stored.total_duration], [1, 10]);
    assert.deepEqual(
      ctx.fake.listVideos(indexId())?.map((v) => v._id),
      [created._id],
    );
    requestsValid(ctx.fake);
  });

  it('enable_video_stream: hls PROCESSING, then COMPLETE with a thumbnail, both signed URLs of the media origin', async () => {
    const assetId = await readyAsset();
    const { _id: id } = (await index(assetId, { enable_video_stream: true })).body as { _id: string };
    const first = await poll(id);
    assert.deepEqual([first.hls?.status, first.hls?.thumbnail_urls], ['PROCESSING', []]);
    assert.match(first.hls?.video_url ?? '', new RegExp(`^${ctx.fake.mediaOrigin}/signed/0/\\d+/[0-9a-f]{64}/hls/${id}/index\\.m3u8$`));
    await poll(id);
    const done = await poll(id);
    assert.equal(done.status, 'ready');
    assert.match(done.hls?.thumbnail_urls?.[0] ?? '', new RegExp(`^${ctx.fake.mediaOrigin}/signed/0/\\d+/[0-9a-f]{64}/thumbnails/${id}/0\\.png$`));
    assert.equal(done.hls?.status, 'COMPLETE');
  });

  it('a not-ready asset is refused with 400 parameter_invalid naming its status', async () => {
    const r0 = await postAsset(ctx.fake, { method: 'direct', file: { filename: 'a.mp4', size: 10 } });
    const assetId = (r0.body as { _id: string })._id;
    const r = await index(assetId);
    assert.equal(r.status, 400);
    assert.equal(errorBody(r).code, 'parameter_invalid');
    assert.match(errorBody(r).message, /is processing/);
    assert.deepEqual(ctx.fake.indexedAssets(indexId()), []);
  });

  it('notReadyAssetError: asset_not_ready picks the other guess', async () => {
    const fake = await startFakeServer({ validKeys: [KEY], seedIndexes: 1, notReadyAssetError: 'asset_not_ready' });
    try {
      const asset = (await postAsset(fake, { method: 'url', url: 'https://e.com/a.mp4' })).body as { _id: string };
      const r = await call(fake, 'POST', `/indexes/${fake.listIndexes()[0]._id}/indexed-assets`, { json: { asset_id: asset._id } });
      assert.equal(errorBody(r).code, 'asset_not_ready');
    } finally {
      await fake.close();
    }
  });

  it('unknown index or asset: 404 resource_not_exist (the status the spec documents here)', async () => {
    const assetId = await readyAsset();
    const noIndex = await index(assetId, {}, '0123456789abcdef01234567');
    assert.equal(noIndex.status, 404);
    assert.match(errorBody(noIndex).message, /does not exist in indexes/);
    const noAsset = await index('0123456789abcdef01234567');
    assert.equal(noAsset.status, 404);
    assert.match(errorBody(noAsset).message, /does not exist in assets/);
  });

  const refusals: [string, () => Promise<CallResult>, string][] = [
    ['no asset_id', () => call(ctx.fake, 'POST', `/indexes/${indexId()}/indexed-assets`, { json: {} }), 'parameter_not_provided'],
    ['a form-data body', () => call(ctx.fake, 'POST', `/indexes/${indexId()}/indexed-assets`, { raw: formData({ asset_id: 'x' }), headers: { 'content-type': MULTIPART } }), 'content_type_invalid'],
    ['an unknown field', () => call(ctx.fake, 'POST', `/indexes/${indexId()}/indexed-assets`, { json: { asset_id: 'x', enable_hls: true } }), 'parameter_unknown'],
    ['enable_video_stream as a string', () => call(ctx.fake, 'POST', `/indexes/${indexId()}/indexed-assets`, { json: { asset_id: 'x', enable_video_stream: 'true' } }), 'parameter_invalid'],
    ['user_metadata with a nested value', () => call(ctx.fake, 'POST', `/indexes/${indexId()}/indexed-assets`, { json: { asset_id: 'x', user_metadata: { a: {} } } }), 'parameter_invalid'],
  ];
  for (const [what, send, code] of refusals) {
    it(`refuses ${what} with 400 ${code}`, async () => {
      const r = await send();
      assert.equal(r.status, 400, r.text);
      assert.equal(errorBody(r).code, code);
      valid('POST', LIST, r);
    });
  }

  it('an image asset cannot be indexed', async () => {
    const assetId = await readyAsset({ file: { filename: 'cover.png', size: 100, type: 'image/png' } });
    const r = await index(assetId);
    assert.equal(r.status, 400);
    assert.match(errorBody(r).message, /is an image/);
  });

  it('failNextIndexedAsset: it fails (hls ERROR) and never becomes a video', async () => {
    ctx.fake.failNextIndexedAsset({ at: 'queued' });
    const assetId = await readyAsset();
    const { _id: id } = (await index(assetId, { enable_video_stream: true })).body as { _id: string };
    const failed = await poll(id);
    assert.deepEqual([failed.status, failed.hls?.status], ['failed', 'ERROR']);
    assert.equal(ctx.fake.listIndexes()[0].video_count, 0);
  });

  it('everyMs and instant advance like tasks', async () => {
    const clock = new Clock();
    const fake = await startFakeServer({ validKeys: [KEY], seedIndexes: 1, now: clock.now, taskAdvance: 'instant' });
    try {
      const [assetId] = fake.seedAssets(1);
      const target = fake.listIndexes()[0]._id;
      const instant = (await call(fake, 'POST', `/indexes/${target}/indexed-assets`, { json: { asset_id: assetId } })).body as { _id: string };
      assert.equal(fake.indexedAssets(target)?.find((i) => i._id === instant._id)?.status, 'ready');
      fake.setTaskAdvance({ everyMs: 1000 });
      const timed = (await call(fake, 'POST', `/indexes/${target}/indexed-assets`, { json: { asset_id: assetId } })).body as { _id: string };
      clock.advance(2500);
      assert.equal(fake.indexedAssets(target)?.find((i) => i._id === timed._id)?.status, 'indexing');
      clock.advance(1000);
      assert.equal(fake.indexedAssets(target)?.find((i) => i._id === timed._id)?.status, 'ready');
      assert.equal(fake.listIndexes()[0].video_count, 2);
    } finally {
      await fake.close();
    }
  });
});

describe('fake server: GET /indexes/{id}/indexed-assets', () => {
  const ctx = useAssetFake({ seedIndexes: 1 });
  const indexId = () => ctx.fake.listIndexes()[0]._id;
  const ids = (r: CallResult) => (r.body as { data: FakeIndexedAsset[] }).data.map((i) => i._id);

  async function list(query = ''): Promise<CallResult> {
    const r = await call(ctx.fake, 'GET', `/indexes/${indexId()}/indexed-assets${query}`);
    valid('GET', LIST, r);
    return r;
  }

  it('seeded ready ones count as videos of the index; newest first, paged, sorted on request', async () => {
    const seeded = ctx.fake.seedIndexedAssets(indexId(), 5, { filenamePrefix: 'lecture' });
    assert.equal(ctx.fake.listIndexes()[0].video_count, 5);
    const all = await list();
    assert.deepEqual(ids(all), [...seeded].reverse());
    const first = (all.body as { data: FakeIndexedAsset[] }).data[0];
    assert.deepEqual(Object.keys(first).sort(), ['_id', 'asset_id', 'created_at', 'indexed_at', 'status', 'system_metadata', 'updated_at']);
    const page = await list('?page=2&page_limit=2&sort_option=asc');
    assert.deepEqual(ids(page), seeded.slice(2, 4));
    assert.deepEqual((page.body as { page_info: unknown }).page_info, { limit_per_page: 2, page: 2, total_page: 3, total_results: 5 });
    assert.deepEqual(ids(await list('?page=9')), []);
    requestsValid(ctx.fake);
  });

  it('filters: status (repeated), filename (case-insensitive, partial), ranges, dates and user_metadata', async () => {
    const [ready] = ctx.fake.seedIndexedAssets(indexId(), 1, { filenamePrefix: 'Holiday', userMetadata: { category: 'trip', batch: 5, reviewed: true }, size: 5_000_000 });
    const [indexing] = ctx.fake.seedIndexedAssets(indexId(), 1, { filenamePrefix: 'work', status: 'indexing', size: 10_000_000 });
    const [failed] = ctx.fake.seedIndexedAssets(indexId(), 1, { filenamePrefix: 'broken', status: 'failed', size: 1_000_000 });
    assert.deepEqual(ids(await list('?status=ready&status=failed')), [failed, ready]);
    assert.deepEqual(ids(await list('?status=indexing')), [indexing]);
    assert.deepEqual(ids(await list('?filename=HOLI')), [ready]);
    assert.deepEqual(ids(await list('?duration[gte]=30')), [indexing]);
    assert.deepEqual(ids(await list('?size[lte]=5000000&size[gte]=5000000')), [ready]);
    assert.deepEqual(ids(await list('?category=trip&batch=5&reviewed=true')), [ready]);
    assert.deepEqual(ids(await list('?batch=6')), []);
    assert.deepEqual(ids(await list('?created_at=2999-01-01T00:00:00Z')), []);
    requestsValid(ctx.fake);
  });

  for (const [query, code] of [
    ['status=done', 'parameter_invalid'],
    ['page_limit=51', 'parameter_invalid'],
    ['sort_by=name', 'parameter_invalid'],
    ['duration=10', 'parameter_invalid'],
    ['duration[gte]=long', 'parameter_invalid'],
    ['created_at=yesterday', 'parameter_invalid'],
  ] as const) {
    it(`refuses ?${query} with 400 ${code}`, async () => {
      const r = await list(`?${query}`);
      assert.equal(r.status, 400);
      assert.equal(errorBody(r).code, code);
    });
  }

  it('an unknown index: 400 resource_not_exist (only 400 is documented for the list)', async () => {
    const r = await call(ctx.fake, 'GET', '/indexes/0123456789abcdef01234567/indexed-assets');
    assert.equal(r.status, 400);
    assert.equal(errorBody(r).code, 'resource_not_exist');
    valid('GET', LIST, r);
  });

  it('deleting the index deletes its indexed assets', async () => {
    const id = indexId();
    ctx.fake.seedIndexedAssets(id, 2);
    assert.equal((await call(ctx.fake, 'DELETE', `/indexes/${id}`)).status, 204);
    assert.equal(ctx.fake.indexedAssets(id), undefined);
    assert.throws(() => ctx.fake.seedIndexedAssets(id, 1));
  });
});

describe('fake server: GET, PATCH and DELETE /indexes/{id}/indexed-assets/{id}', () => {
  const ctx = useAssetFake({ seedIndexes: 1 });
  const indexId = () => ctx.fake.listIndexes()[0]._id;
  const path = (id: string) => `/indexes/${indexId()}/indexed-assets/${id}`;

  async function get(id: string, query = ''): Promise<FakeIndexedAsset> {
    const r = await call(ctx.fake, 'GET', path(id) + query);
    assert.equal(r.status, 200, r.text);
    valid('GET', ITEM, r);
    return r.body as FakeIndexedAsset;
  }

  it('transcription=true adds the transcription; without it there is none', async () => {
    const lines = [
      { start: 0, end: 4.5, value: 'Hello and welcome.' },
      { start: 5, end: 9, value: 'Today we index assets.' },
    ];
    const [id] = ctx.fake.seedIndexedAssets(indexId(), 1, { transcription: lines });
    assert.equal((await get(id)).transcription, undefined);
    assert.deepEqual((await get(id, '?transcription=true')).transcription, lines);
    assert.equal((await get(id, '?transcription=false')).transcription, undefined);
    const [pending] = ctx.fake.seedIndexedAssets(indexId(), 1, { status: 'pending' });
    assert.deepEqual((await get(pending, '?transcription=true')).transcription, [], 'nothing before indexing finishes');
    requestsValid(ctx.fake);
  });

  it('embedding_option adds an embedding from the index’s Marengo model', async () => {
    const [id] = ctx.fake.seedIndexedAssets(indexId(), 1);
    const withEmbedding = await get(id, '?embedding_option=visual&embedding_option=audio');
    assert.equal(withEmbedding.embedding?.model_name, 'marengo3.0');
    assert.deepEqual(
      withEmbedding.embedding?.video_embedding.segments.map((s) => s.embedding_option),
      ['visual', 'audio'],
    );
  });

  for (const [query, code] of [
    ['?transcription=yes', 'parameter_invalid'],
    ['?embedding_option=smell', 'parameter_invalid'],
    ['?verbose=true', 'parameter_unknown'],
  ] as const) {
    it(`refuses ${query} with 400 ${code}`, async () => {
      const [id] = ctx.fake.seedIndexedAssets(indexId(), 1);
      const r = await call(ctx.fake, 'GET', path(id) + query);
      assert.equal(r.status, 400);
      assert.equal(errorBody(r).code, code);
      valid('GET', ITEM, r);
    });
  }

  it('an unknown indexed asset: 404 on GET; 400 on PATCH and DELETE (as each operation documents)', async () => {
    const unknown = '0123456789abcdef01234567';
    const r = await call(ctx.fake, 'GET', path(unknown));
    assert.equal(r.status, 404);
    assert.match(errorBody(r).message, /does not exist in indexed assets/);
    valid('GET', ITEM, r);
    for (const [method, json] of [
      ['PATCH', { user_metadata: { a: 1 } }],
      ['DELETE', undefined],
    ] as const) {
      const other = await call(ctx.fake, method, path(unknown), json === undefined ? {} : { json });
      assert.equal(other.status, 400, method);
      assert.equal(errorBody(other).code, 'resource_not_exist');
      valid(method, ITEM, other);
    }
  });

  it('PATCH sets and (with null) deletes user_metadata fields: 200 with no body, and list filters follow', async () => {
    const [id] = ctx.fake.seedIndexedAssets(indexId(), 1, { userMetadata: { category: 'old', keep: 1 } });
    const before = await get(id);
    const r = await call(ctx.fake, 'PATCH', path(id), { json: { user_metadata: { category: null, rating: 9.3, reviewed: false } } });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.text, '');
    valid('PATCH', ITEM, r);
    const after = await get(id);
    assert.deepEqual(after.user_metadata, { keep: 1, rating: 9.3, reviewed: false });
    assert.ok(after.updated_at >= before.updated_at);
    const listed = (await call(ctx.fake, 'GET', `/indexes/${indexId()}/indexed-assets?rating=9.3`)).body as { data: { _id: string }[] };
    assert.deepEqual(
      listed.data.map((i) => i._id),
      [id],
    );
    const cleared = await call(ctx.fake, 'PATCH', path(id), { json: { user_metadata: { keep: null, rating: null, reviewed: null } } });
    assert.equal(cleared.status, 200);
    assert.equal((await get(id)).user_metadata, undefined);
    requestsValid(ctx.fake);
  });

  for (const [what, body, code] of [
    ['an unknown field', { user_metadata: {}, title: 'x' }, 'parameter_unknown'],
    ['no user_metadata', {}, 'parameter_not_provided'],
    ['an array value', { user_metadata: { tags: ['a'] } }, 'parameter_invalid'],
    ['user_metadata that is a string', { user_metadata: '{"a":1}' }, 'parameter_invalid'],
  ] as const) {
    it(`PATCH refuses ${what} with 400 ${code}`, async () => {
      const [id] = ctx.fake.seedIndexedAssets(indexId(), 1, { userMetadata: { a: 1 } });
      const r = await call(ctx.fake, 'PATCH', path(id), { json: body });
      assert.equal(r.status, 400, r.text);
      assert.equal(errorBody(r).code, code);
      valid('PATCH', ITEM, r);
      assert.deepEqual((await get(id)).user_metadata, { a: 1 });
    });
  }

  it('DELETE: 200 with no body; the video leaves the index and the asset can be deleted again', async () => {
    const [id, other] = ctx.fake.seedIndexedAssets(indexId(), 2);
    const assetId = (await get(id)).asset_id;
    assert.equal((await call(ctx.fake, 'DELETE', `/assets/${assetId}`)).status, 409);
    const r = await call(ctx.fake, 'DELETE', path(id));
    assert.equal(r.status, 200);
    assert.equal(r.text, '');
    valid('DELETE', ITEM, r);
    assert.equal((await call(ctx.fake, 'GET', path(id))).status, 404);
    assert.deepEqual(
      ctx.fake.listVideos(indexId())?.map((v) => v._id),
      [other],
    );
    assert.equal(ctx.fake.listIndexes()[0].video_count, 1);
    assert.equal((await call(ctx.fake, 'DELETE', `/assets/${assetId}`)).status, 200);
  });
});
