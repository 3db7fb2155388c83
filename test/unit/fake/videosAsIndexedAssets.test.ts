import assert from 'node:assert/strict';
import type { FakeIndexedAsset } from '../../fake/server';
import { formData, MULTIPART, requestsValid, useAssetFake, valid } from './assetHelpers';
import { call, type CallResult } from './helpers';

const ITEM = '/indexes/{index-id}/indexed-assets/{indexed-asset-id}';
const LIST = '/indexes/{index-id}/indexed-assets';

/** On the platform every video of an index is an indexed asset under the same id; the fake mirrors that. */
describe('fake server: the videos of an index are its indexed assets', () => {
  const ctx = useAssetFake({ seedIndexes: 1, seedVideosPerIndex: 3, taskAdvance: 'instant' });
  const indexId = () => ctx.fake.listIndexes()[0]._id;
  const path = (id: string) => `/indexes/${indexId()}/indexed-assets/${id}`;
  const data = (r: CallResult) => (r.body as { data: FakeIndexedAsset[] }).data;

  async function list(query = ''): Promise<CallResult> {
    const r = await call(ctx.fake, 'GET', `/indexes/${indexId()}/indexed-assets${query}`);
    assert.equal(r.status, 200, r.text);
    valid('GET', LIST, r);
    return r;
  }

  async function get(id: string): Promise<FakeIndexedAsset> {
    const r = await call(ctx.fake, 'GET', path(id));
    assert.equal(r.status, 200, r.text);
    valid('GET', ITEM, r);
    return r.body as FakeIndexedAsset;
  }

  async function uploadTask(fields: Record<string, string>): Promise<string> {
    const body = formData({ index_id: indexId(), video_file: { filename: 'from-tasks.mp4', size: 2_000_000 }, ...fields });
    const r = await call(ctx.fake, 'POST', '/tasks', { raw: body, headers: { 'content-type': MULTIPART } });
    assert.equal(r.status, 200, r.text);
    return (r.body as { video_id: string }).video_id;
  }

  it('seeded videos are listed as ready indexed assets: same ids, their system metadata, no asset id', async () => {
    const videos = ctx.fake.listVideos(indexId()) ?? [];
    assert.equal(videos.length, 3);
    const listed = data(await list('?sort_option=asc'));
    assert.deepEqual(
      listed.map((item) => item._id),
      videos.map((video) => video._id),
    );
    for (const [n, item] of listed.entries()) {
      assert.equal(item.status, 'ready');
      assert.equal(item.asset_id, undefined);
      assert.deepEqual(item.system_metadata, videos[n].system_metadata);
      assert.deepEqual([item.created_at, item.indexed_at], [videos[n].created_at, videos[n].indexed_at]);
    }
    requestsValid(ctx.fake);
  });

  it('paging, sort and filters apply to them as to any indexed asset, and none is listed twice', async () => {
    const [indexed] = ctx.fake.seedIndexedAssets(indexId(), 1, { filenamePrefix: 'lecture' });
    const [indexing] = ctx.fake.seedIndexedAssets(indexId(), 1, { filenamePrefix: 'draft', status: 'indexing' });
    const all = data(await list());
    assert.equal(all.length, 5);
    assert.equal(new Set(all.map((item) => item._id)).size, 5);
    const videos = ctx.fake.listVideos(indexId()) ?? [];
    assert.equal(videos.length, 4, 'the ready seeded indexed asset is a video too');
    const page = await list('?page=2&page_limit=2&sort_option=asc');
    assert.deepEqual((page.body as { page_info: unknown }).page_info, { limit_per_page: 2, page: 2, total_page: 3, total_results: 5 });
    assert.deepEqual(
      data(page).map((item) => item._id),
      [videos[2]._id, indexed],
    );
    assert.deepEqual(
      data(await list('?filename=VIDEO-002')).map((item) => item._id),
      [videos[1]._id],
    );
    assert.deepEqual(
      data(await list('?fps[lte]=25')).map((item) => item._id),
      [videos[1]._id],
      'the seeded video of 25 fps, not the fake default of 30',
    );
    assert.deepEqual(
      data(await list('?status=indexing')).map((item) => item._id),
      [indexing],
    );
    requestsValid(ctx.fake);
  });

  it('GET, then PATCH: the metadata is kept and shown afterwards, and list filters find it', async () => {
    const [video] = ctx.fake.listVideos(indexId()) ?? [];
    const before = await get(video._id);
    assert.equal(before.status, 'ready');
    assert.equal(before.user_metadata, undefined);
    assert.equal(before.hls, undefined, 'a seeded video says nothing of streaming');
    const patched = await call(ctx.fake, 'PATCH', path(video._id), { json: { user_metadata: { topic: 'demo', take: 3 } } });
    assert.equal(patched.status, 200, patched.text);
    valid('PATCH', ITEM, patched);
    assert.deepEqual((await get(video._id)).user_metadata, { topic: 'demo', take: 3 });
    assert.deepEqual(
      data(await list('?topic=demo')).map((item) => item._id),
      [video._id],
    );
    await call(ctx.fake, 'PATCH', path(video._id), { json: { user_metadata: { topic: null } } });
    assert.deepEqual((await get(video._id)).user_metadata, { take: 3 });
    requestsValid(ctx.fake);
  });

  it('DELETE removes the video from the index', async () => {
    const [first, second, third] = ctx.fake.listVideos(indexId()) ?? [];
    const r = await call(ctx.fake, 'DELETE', path(second._id));
    assert.equal(r.status, 200, r.text);
    valid('DELETE', ITEM, r);
    assert.deepEqual(
      ctx.fake.listVideos(indexId())?.map((video) => video._id),
      [first._id, third._id],
    );
    assert.equal(ctx.fake.listIndexes()[0].video_count, 2);
    assert.equal((await call(ctx.fake, 'GET', path(second._id))).status, 404);
    assert.equal(data(await list()).length, 2);
  });

  it('a /tasks upload is an indexed asset with its user metadata, and hls when it asked for a stream', async () => {
    const streamed = await uploadTask({ user_metadata: JSON.stringify({ source: 'tasks', n: 1 }) });
    const plain = await uploadTask({ enable_video_stream: 'false' });
    const withStream = await get(streamed);
    assert.equal(withStream.status, 'ready');
    assert.equal(withStream.system_metadata.filename, 'from-tasks.mp4');
    assert.deepEqual(withStream.user_metadata, { source: 'tasks', n: 1 });
    assert.equal(withStream.hls?.status, 'COMPLETE');
    assert.match(withStream.hls?.video_url ?? '', /\.m3u8$/);
    const withoutStream = await get(plain);
    assert.equal(withoutStream.hls, undefined);
    assert.equal(withoutStream.user_metadata, undefined);
    assert.deepEqual(
      data(await list('?source=tasks')).map((item) => item._id),
      [streamed],
    );
  });
});
