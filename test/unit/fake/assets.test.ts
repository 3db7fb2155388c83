import assert from 'node:assert/strict';
import { startFakeServer, type FakeAsset } from '../../fake/server';
import { Clock, postAsset, requestsValid, useAssetFake, valid, type Part } from './assetHelpers';
import { call, errorBody, KEY, type CallResult } from './helpers';

type Created = { _id: string; status: string; method: string; filename: string; file_type: string; created_at: string; user_metadata?: unknown };

function created(r: CallResult): Created {
  assert.equal(r.status, 201, r.text);
  valid('POST', '/assets', r);
  return r.body as Created;
}

describe('fake server: POST /assets', () => {
  const ctx = useAssetFake({ seedIndexes: 1 });

  it('direct: 201 with the Asset shape, processing; the first retrieve still processing, the second ready', async () => {
    const asset = created(
      await postAsset(ctx.fake, {
        method: 'direct',
        file: { filename: 'clip.mp4', size: 2_500_000 },
        enable_hls: 'true',
        enable_thumbnail: 'true',
        user_metadata: '{"topic":"demo","n":3,"ok":true}',
      }),
    );
    requestsValid(ctx.fake);
    assert.match(asset._id, /^[0-9a-f]{24}$/);
    assert.deepEqual(
      { ...asset, _id: undefined, created_at: undefined },
      { _id: undefined, created_at: undefined, method: 'direct', status: 'processing', filename: 'clip.mp4', file_type: 'video/mp4', user_metadata: { topic: 'demo', n: 3, ok: true } },
    );
    assert.equal('hls' in asset, false, 'the create answer is an Asset, not an AssetDetail');

    const first = await call(ctx.fake, 'GET', `/assets/${asset._id}`);
    valid('GET', '/assets/{asset_id}', first);
    const processing = first.body as FakeAsset;
    assert.equal(processing.status, 'processing');
    assert.equal(processing.technical_metadata, undefined, 'omitted while processing');
    assert.deepEqual(processing.hls, { status: 'processing' });

    const second = await call(ctx.fake, 'GET', `/assets/${asset._id}`);
    valid('GET', '/assets/{asset_id}', second);
    const ready = second.body as FakeAsset;
    assert.equal(ready.status, 'ready');
    assert.equal(ready.size, 2_500_000);
    assert.equal(ready.duration, 10);
    assert.equal(ready.technical_metadata?.file_size_bytes, 2_500_000);
    assert.deepEqual(ready.hls, { manifest_url: `${ctx.fake.storageOrigin}/hls/${asset._id}/index.m3u8`, status: 'ready' });
    assert.deepEqual(ready.thumbnail, { representative_url: `${ctx.fake.storageOrigin}/thumbnails/${asset._id}.jpg`, status: 'ready' });
  });

  it('url: the filename comes from the URL unless given; the file is not fetched', async () => {
    const fromUrl = created(await postAsset(ctx.fake, { method: 'url', url: 'https://cdn.example.com/media/talk%20one.mp4' }));
    assert.equal(fromUrl.filename, 'talk one.mp4');
    assert.equal(fromUrl.method, 'url');
    const named = created(await postAsset(ctx.fake, { method: 'url', url: 'http://example.com/a.mp3', filename: 'renamed.mp3' }));
    assert.equal(named.filename, 'renamed.mp3');
    assert.equal(named.file_type, 'audio/mpeg');
    requestsValid(ctx.fake);
  });

  it(`url: a URL containing "fake-fail" becomes a failed asset with error.message`, async () => {
    const asset = created(await postAsset(ctx.fake, { method: 'url', url: 'https://example.com/fake-fail/clip.mp4' }));
    await call(ctx.fake, 'GET', `/assets/${asset._id}`);
    const r = await call(ctx.fake, 'GET', `/assets/${asset._id}`);
    valid('GET', '/assets/{asset_id}', r);
    const failed = r.body as FakeAsset;
    assert.equal(failed.status, 'failed');
    assert.match(failed.error?.message ?? '', /could not download/);
    assert.equal(failed.size, undefined, 'size is final only when ready');
  });

  it('failNextAsset, an empty file and an unknown file type fail asynchronously, after a 201', async () => {
    ctx.fake.failNextAsset('The video failed the playability check.');
    const failing = created(await postAsset(ctx.fake, { method: 'direct', file: { filename: 'a.mp4', size: 100 } }));
    const empty = created(await postAsset(ctx.fake, { method: 'direct', file: { filename: 'b.mp4', size: 0 } }));
    const odd = created(await postAsset(ctx.fake, { method: 'direct', file: { filename: 'c.bin', size: 10, type: 'application/octet-stream' } }));
    ctx.fake.setTaskAdvance('instant');
    const fine = created(await postAsset(ctx.fake, { method: 'direct', file: { filename: 'd.mp4', size: 10 } }));
    ctx.fake.setTaskAdvance('poll');
    for (const id of [failing._id, empty._id, odd._id]) await call(ctx.fake, 'GET', `/assets/${id}`);
    const message = async (id: string) => ((await call(ctx.fake, 'GET', `/assets/${id}`)).body as FakeAsset).error?.message;
    assert.equal(await message(failing._id), 'The video failed the playability check.');
    assert.equal(await message(empty._id), 'The file is empty or corrupt.');
    assert.equal(await message(odd._id), 'The file type is not supported.');
    assert.equal(ctx.fake.asset(fine._id)?.status, 'ready', 'instant: ready at once, and only the next asset failed');
  });

  it('refuses a JSON body with 400 content_type_invalid', async () => {
    const r = await call(ctx.fake, 'POST', '/assets', { json: { method: 'url', url: 'https://example.com/a.mp4' } });
    assert.equal(r.status, 400);
    assert.equal(errorBody(r).code, 'content_type_invalid');
    valid('POST', '/assets', r);
  });

  const refusals: [string, Record<string, Part>, string][] = [
    ['no method', { url: 'https://e.com/a.mp4' }, 'parameter_not_provided'],
    ['an unknown method', { method: 'multipart', url: 'https://e.com/a.mp4' }, 'parameter_invalid'],
    ['direct without a file', { method: 'direct' }, 'parameter_not_provided'],
    ['a file sent as text', { method: 'direct', file: 'not a file' }, 'parameter_invalid'],
    ['direct with a url too', { method: 'direct', file: { filename: 'a.mp4', size: 10 }, url: 'https://e.com/a.mp4' }, 'parameter_invalid'],
    ['url without a url', { method: 'url' }, 'parameter_not_provided'],
    ['url with a file too', { method: 'url', url: 'https://e.com/a.mp4', file: { filename: 'a.mp4', size: 10 } }, 'parameter_invalid'],
    ['a non-http url', { method: 'url', url: 'file:///etc/passwd' }, 'parameter_invalid'],
    ['a bad enable_hls', { method: 'url', url: 'https://e.com/a.mp4', enable_hls: 'yes' }, 'parameter_invalid'],
    ['a bad enable_thumbnail', { method: 'url', url: 'https://e.com/a.mp4', enable_thumbnail: '1' }, 'parameter_invalid'],
    ['user_metadata that is not a JSON object', { method: 'url', url: 'https://e.com/a.mp4', user_metadata: '[1]' }, 'parameter_invalid'],
    ['user_metadata with a nested object', { method: 'url', url: 'https://e.com/a.mp4', user_metadata: '{"a":{"b":1}}' }, 'parameter_invalid'],
    ['a 256-character filename', { method: 'url', url: 'https://e.com/a.mp4', filename: 'x'.repeat(256) }, 'parameter_invalid'],
    ['an unknown field', { method: 'url', url: 'https://e.com/a.mp4', index_id: 'x' }, 'parameter_unknown'],
  ];
  for (const [what, fields, code] of refusals) {
    it(`refuses ${what} with 400 ${code}`, async () => {
      const r = await postAsset(ctx.fake, fields);
      assert.equal(r.status, 400, r.text);
      assert.equal(errorBody(r).code, code);
      valid('POST', '/assets', r);
      assert.deepEqual(ctx.fake.assets(), []);
    });
  }

  it('refuses a file over the limit with video_filesize_too_large; images have their own limit (both configurable)', async () => {
    const small = await startFakeServer({ validKeys: [KEY], maxAssetBytes: 1000, maxImageBytes: 100 });
    try {
      const over = await postAsset(small, { method: 'direct', file: { filename: 'big.mp4', size: 1001 } });
      assert.equal(over.status, 400);
      assert.equal(errorBody(over).code, 'video_filesize_too_large');
      assert.equal((await postAsset(small, { method: 'direct', file: { filename: 'ok.mp4', size: 1000 } })).status, 201);
      const image = await postAsset(small, { method: 'direct', file: { filename: 'p.png', size: 101, type: 'image/png' } });
      assert.equal(image.status, 400);
      assert.equal(small.assets().length, 1);
    } finally {
      await small.close();
    }
  });

  it('setUploadThrottle paces direct asset uploads too', async () => {
    ctx.fake.setUploadThrottle(4 * 1024 * 1024);
    const started = Date.now();
    created(await postAsset(ctx.fake, { method: 'direct', file: { filename: 'a.mp4', size: 1024 * 1024 } }));
    assert.ok(Date.now() - started >= 200, `took ${Date.now() - started} ms`);
  });

  it('advances with the shared task clock ({ everyMs })', async () => {
    const clock = new Clock();
    const fake = await startFakeServer({ validKeys: [KEY], now: clock.now, taskAdvance: { everyMs: 1000 } });
    try {
      const asset = (await postAsset(fake, { method: 'direct', file: { filename: 'a.mp4', size: 10 } })).body as Created;
      clock.advance(1500);
      assert.equal(((await call(fake, 'GET', `/assets/${asset._id}`)).body as FakeAsset).status, 'processing');
      clock.advance(1000);
      assert.equal(((await call(fake, 'GET', `/assets/${asset._id}`)).body as FakeAsset).status, 'ready');
    } finally {
      await fake.close();
    }
  });
});

describe('fake server: GET /assets, GET and DELETE /assets/{id}', () => {
  const ctx = useAssetFake({ seedIndexes: 1 });

  async function make(fields: Record<string, Part>): Promise<string> {
    const r = await postAsset(ctx.fake, fields);
    assert.equal(r.status, 201, r.text);
    return (r.body as Created)._id;
  }

  const ids = (r: CallResult) => (r.body as { data: FakeAsset[] }).data.map((a) => a._id);

  it('lists newest first, paged, filtered by asset_ids (repeated), asset_types and filename (case-insensitive, partial)', async () => {
    const video = await make({ method: 'direct', file: { filename: 'Holiday-Clip.mp4', size: 10 } });
    const audio = await make({ method: 'url', url: 'https://e.com/podcast.mp3' });
    const image = await make({ method: 'direct', file: { filename: 'cover.png', size: 10, type: 'image/png' } });
    const all = await call(ctx.fake, 'GET', '/assets');
    valid('GET', '/assets', all);
    assert.deepEqual(ids(all), [image, audio, video]);
    const paged = await call(ctx.fake, 'GET', '/assets?page=2&page_limit=2');
    assert.deepEqual(ids(paged), [video]);
    assert.deepEqual((paged.body as { page_info: unknown }).page_info, { limit_per_page: 2, page: 2, total_page: 2, total_results: 3 });
    assert.deepEqual(ids(await call(ctx.fake, 'GET', `/assets?asset_ids=${video}&asset_ids=${image}`)), [image, video]);
    assert.deepEqual(ids(await call(ctx.fake, 'GET', '/assets?asset_types=audio&asset_types=image')), [image, audio]);
    assert.deepEqual(ids(await call(ctx.fake, 'GET', '/assets?filename=holiday')), [video]);
    requestsValid(ctx.fake);
  });

  for (const [query, code] of [
    ['page_limit=51', 'parameter_invalid'],
    ['page=0', 'parameter_invalid'],
    ['asset_types=document', 'parameter_invalid'],
    ['sort_by=created_at', 'parameter_unknown'],
  ] as const) {
    it(`refuses ?${query} with 400 ${code}`, async () => {
      const r = await call(ctx.fake, 'GET', `/assets?${query}`);
      assert.equal(r.status, 400);
      assert.equal(errorBody(r).code, code);
      valid('GET', '/assets', r);
    });
  }

  it('an unknown or malformed id: 400 resource_not_exist', async () => {
    for (const id of ['0123456789abcdef01234567', 'nope']) {
      const r = await call(ctx.fake, 'GET', `/assets/${id}`);
      assert.equal(r.status, 400);
      assert.equal(errorBody(r).code, 'resource_not_exist');
      assert.equal(errorBody(r).message, `Resource with id ${id} does not exist in assets.`);
      valid('GET', '/assets/{asset_id}', r);
    }
  });

  it('DELETE: 200 without a body, then the asset is gone', async () => {
    const id = await make({ method: 'url', url: 'https://e.com/a.mp4' });
    const r = await call(ctx.fake, 'DELETE', `/assets/${id}`);
    assert.equal(r.status, 200);
    assert.equal(r.text, '');
    valid('DELETE', '/assets/{asset_id}', r);
    assert.equal((await call(ctx.fake, 'GET', `/assets/${id}`)).status, 400);
    assert.equal((await call(ctx.fake, 'DELETE', `/assets/${id}`)).status, 400);
  });

  it('DELETE: 409 asset_in_use while an indexed asset uses it, unless force=true', async () => {
    const indexId = ctx.fake.listIndexes()[0]._id;
    const [indexed] = ctx.fake.seedIndexedAssets(indexId, 1);
    const assetId = ctx.fake.indexedAssets(indexId)?.find((i) => i._id === indexed)?.asset_id ?? '';
    const refused = await call(ctx.fake, 'DELETE', `/assets/${assetId}`);
    assert.equal(refused.status, 409);
    assert.equal(errorBody(refused).code, 'asset_in_use');
    valid('DELETE', '/assets/{asset_id}', refused);
    assert.equal((await call(ctx.fake, 'DELETE', `/assets/${assetId}?force=false`)).status, 409);
    requestsValid(ctx.fake);
    const bad = await call(ctx.fake, 'DELETE', `/assets/${assetId}?force=yes`);
    assert.equal(errorBody(bad).code, 'parameter_invalid');
    const forced = await call(ctx.fake, 'DELETE', `/assets/${assetId}?force=true`);
    assert.equal(forced.status, 200);
    assert.equal(ctx.fake.asset(assetId), undefined);
    assert.equal(ctx.fake.indexedAssets(indexId)?.length, 1, 'the indexed asset stays');
  });

  it('seedAssets: ready assets, listed oldest first by the control API', () => {
    const seeded = ctx.fake.seedAssets(3, { filenamePrefix: 'lib' });
    const assets = ctx.fake.assets();
    assert.deepEqual(
      assets.map((a) => a._id),
      seeded,
    );
    assert.ok(assets.every((a) => a.status === 'ready' && a.filename.startsWith('lib-')));
  });
});
