import assert from 'node:assert/strict';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { inflateSync } from 'node:zlib';
import type { FakeTwelveLabs, SearchableVideo } from '../../fake/server';
import { BOUNDARY, Clock, fetchRaw, MULTIPART, requestsValid, useAssetFake, valid } from './assetHelpers';
import { call, type CallResult } from './helpers';

type Field = [string, string | { filename: string; size: number; type?: string }];

/** A multipart body in which a name may appear several times, as the spec's `search_options` does. */
function form(fields: Field[]): Buffer {
  const chunks: Buffer[] = [];
  for (const [name, value] of fields) {
    if (typeof value === 'string') {
      chunks.push(Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
    } else {
      chunks.push(
        Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"; filename="${value.filename}"\r\nContent-Type: ${value.type ?? 'image/png'}\r\n\r\n`),
        Buffer.alloc(value.size, 9),
        Buffer.from('\r\n'),
      );
    }
  }
  chunks.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  return Buffer.concat(chunks);
}

async function search(fake: FakeTwelveLabs, fields: Field[]): Promise<CallResult> {
  const r = await call(fake, 'POST', '/search', { raw: form(fields), headers: { 'content-type': MULTIPART } });
  valid('POST', '/search', r);
  return r;
}

interface Clip {
  start: number;
  end: number;
  video_id: string;
  rank: number;
  thumbnail_url?: string;
  transcription?: string;
  user_metadata?: Record<string, unknown>;
}
interface Page {
  data: (Clip & { id?: string; clips?: Clip[] })[];
  page_info: { limit_per_page: number; total_results: number; total_inner_matches?: number; page_expires_at: string; next_page_token?: string; prev_page_token?: string };
  search_pool: { total_count: number; total_duration: number; index_id: string };
}

const VIDEOS: SearchableVideo[] = [
  {
    filename: 'beach-dog.mp4',
    duration: 20,
    transcript: [
      { start: 0, end: 5, value: 'A dog runs along the beach.' },
      { start: 5, end: 10, value: 'The waves are cold today.' },
      { start: 10, end: 15, value: 'Two dogs chase the ball and the dog wins.' },
    ],
    sounds: [{ start: 11, end: 13, value: 'dog barking' }],
    userMetadata: { team: 'red', rating: 7 },
    stream: true,
  },
  {
    filename: 'kitchen.mp4',
    duration: 8,
    transcript: [{ start: 1, end: 6, value: 'No dog in the kitchen, only coffee.' }],
    userMetadata: { team: 'blue', rating: 3 },
  },
  { filename: 'city-night.mp4', duration: 30, transcript: [{ start: 0, end: 4, value: 'Traffic at night.' }], stream: 'aac' },
];

describe('fake: POST /search and GET /search/{page-token}', () => {
  const clock = new Clock();
  // Before useAssetFake's own, which closes the fake: afterEach hooks run in the order they are declared.
  let offSpecOnPurpose = false;
  afterEach(function () {
    const skip = offSpecOnPurpose || this.currentTest?.state === 'failed';
    offSpecOnPurpose = false;
    if (skip) return;
    requestsValid(ctx.fake);
    assert.deepEqual(ctx.fake.media.requestsWithApiKey(), []);
  });
  const ctx = useAssetFake({ now: clock.now });
  let indexId = '';
  let ids: string[] = [];
  beforeEach(() => {
    // The first seeded index has Marengo (visual, audio) and the thumbnail add-on.
    [indexId] = ctx.fake.seedIndexes(3);
    ids = ctx.fake.seedSearchableVideos(indexId, VIDEOS);
  });

  const base = (): Field[] => [['index_id', indexId]];

  it('ranks transcript lines by the query words they hold, then by video, then by start; snippets and thumbnails on each clip', async () => {
    const r = await search(ctx.fake, [...base(), ['search_options', 'transcription'], ['query_text', 'the dog']]);
    assert.equal(r.status, 200, r.text);
    const page = r.body as Page;
    // "the" is a stopword; "dogs" shares the stem of "dog" (semantic, on by default).
    assert.deepEqual(
      page.data.map((c) => [c.video_id, c.start, c.end, c.rank, c.transcription]),
      [
        [ids[0], 0, 5, 1, 'A dog runs along the beach.'],
        [ids[0], 10, 15, 2, 'Two dogs chase the ball and the dog wins.'],
        [ids[1], 1, 6, 3, 'No dog in the kitchen, only coffee.'],
      ],
    );
    assert.ok(page.data.every((c) => c.thumbnail_url?.startsWith(`${ctx.fake.mediaOrigin}/signed/`)));
    assert.equal(page.data[0].user_metadata, undefined, 'metadata only when asked');
    assert.deepEqual(page.search_pool, { total_count: 3, total_duration: 58, index_id: indexId });
    assert.equal(page.page_info.total_results, 3);
    assert.equal(page.page_info.next_page_token, undefined);
  });

  it('lexical matches exact words only; visual sees the file name; audio hears seeded sounds; a score adds up across options', async () => {
    const lexical = (await search(ctx.fake, [...base(), ['search_options', 'transcription'], ['query_text', 'dogs'], ['transcription_options', 'lexical']])).body as Page;
    assert.deepEqual(lexical.data.map((c) => c.start), [10]);
    const visual = (await search(ctx.fake, [...base(), ['search_options', 'visual'], ['query_text', 'night']])).body as Page;
    assert.deepEqual(visual.data.map((c) => [c.video_id, c.start]), [[ids[2], 0]]);
    assert.equal(visual.data[0].transcription, undefined, 'no snippet without the transcription option');
    const all = (await search(ctx.fake, [...base(), ['search_options', 'visual'], ['search_options', 'audio'], ['search_options', 'transcription'], ['query_text', 'dog']])).body as Page;
    // 10–15: transcript + file name + bark = 3; 0–5: transcript + file name = 2; 5–10: file name = 1; kitchen: transcript = 1.
    assert.deepEqual(all.data.map((c) => [c.video_id, c.start]), [[ids[0], 10], [ids[0], 0], [ids[0], 5], [ids[1], 1]]);
    const both = (await search(ctx.fake, [...base(), ['search_options', 'audio'], ['search_options', 'transcription'], ['query_text', 'dog'], ['operator', 'and']])).body as Page;
    assert.deepEqual(both.data.map((c) => c.start), [10], '`and`: only the clip that is heard and said');
  });

  it('group_by=video groups clips under their video, in the order of its best clip', async () => {
    const r = await search(ctx.fake, [...base(), ['search_options', 'transcription'], ['query_text', 'dog'], ['group_by', 'video'], ['include_user_metadata', 'true']]);
    const page = r.body as Page;
    assert.deepEqual(page.data.map((v) => [v.id, v.clips?.map((c) => c.rank)]), [[ids[0], [1, 2]], [ids[1], [3]]]);
    assert.deepEqual(page.data[0].user_metadata, { team: 'red', rating: 7 });
    assert.equal(page.page_info.total_results, 2);
    assert.equal(page.page_info.total_inner_matches, 3);
  });

  it('filters on duration ranges, id, filename and user metadata', async () => {
    const q: Field[] = [...base(), ['search_options', 'transcription'], ['query_text', 'dog traffic']];
    const videosOf = async (filter: unknown): Promise<string[]> => [...new Set(((await search(ctx.fake, [...q, ['filter', JSON.stringify(filter)]])).body as Page).data.map((c) => c.video_id))];
    assert.deepEqual(await videosOf({ duration: { gte: 10 } }), [ids[0], ids[2]]);
    assert.deepEqual(await videosOf({ duration: 8 }), [ids[1]]);
    assert.deepEqual(await videosOf({ id: [ids[2]] }), [ids[2]]);
    assert.deepEqual(await videosOf({ filename: 'kitchen.mp4' }), [ids[1]]);
    assert.deepEqual(await videosOf({ team: 'red' }), [ids[0]]);
    assert.deepEqual(await videosOf({ rating: { lte: 5 } }), [ids[1]]);
    for (const bad of ['{', '[1]', '{"duration": {"gt": 3}}', '{"id": "x"}', '{"filename": 3}', '{"team": [1]}']) {
      const r = await search(ctx.fake, [...q, ['filter', bad]]);
      assert.equal((r.body as { code: string }).code, 'search_filter_invalid', bad);
    }
  });

  it('pages with next and prev tokens that expire (TTL, or expireSearchTokens) with the spec\'s error body', async () => {
    const first = (await search(ctx.fake, [...base(), ['search_options', 'transcription'], ['query_text', 'dog'], ['page_limit', '2']])).body as Page;
    assert.equal(first.data.length, 2);
    assert.equal(first.page_info.limit_per_page, 2);
    assert.equal(first.page_info.page_expires_at, new Date(clock.ms + 3_600_000).toISOString());
    const token = first.page_info.next_page_token ?? '';
    const second = await call(ctx.fake, 'GET', `/search/${token}`);
    valid('GET', `/search/${token}`, second);
    const page = second.body as Page;
    assert.deepEqual(page.data.map((c) => c.rank), [3]);
    assert.equal(page.page_info.next_page_token, undefined);
    const back = await call(ctx.fake, 'GET', `/search/${page.page_info.prev_page_token ?? ''}?include_user_metadata=true`);
    assert.deepEqual((back.body as Page).data.map((c) => [c.rank, c.user_metadata?.team]), [[1, 'red'], [2, 'red']]);
    clock.advance(3_600_001);
    const expired = await call(ctx.fake, 'GET', `/search/${token}`);
    assert.equal(expired.status, 400);
    valid('GET', `/search/${token}`, expired);
    assert.match((expired.body as { message: string }).message, /expired or invalid/);
    assert.equal(typeof (expired.body as { error_code: unknown }).error_code, 'number');
    clock.advance(-3_600_001);
    const fresh = (await search(ctx.fake, [...base(), ['search_options', 'transcription'], ['query_text', 'dog'], ['page_limit', '1']])).body as Page;
    ctx.fake.expireSearchTokens();
    assert.equal((await call(ctx.fake, 'GET', `/search/${fresh.page_info.next_page_token ?? ''}`)).status, 400);
    assert.equal((await call(ctx.fake, 'GET', '/search/not-a-token')).status, 400);
  });

  it('an image query matches the words of its name in the visual option (URL or file)', async () => {
    const byUrl = (await search(ctx.fake, [...base(), ['search_options', 'visual'], ['query_media_type', 'image'], ['query_media_url', 'https://example.com/pics/city.png']])).body as Page;
    assert.deepEqual([...new Set(byUrl.data.map((c) => c.video_id))], [ids[2]]);
    const byFile = (await search(ctx.fake, [...base(), ['search_options', 'visual'], ['query_media_type', 'image'], ['query_media_file', { filename: 'kitchen.png', size: 200 }]])).body as Page;
    assert.deepEqual([...new Set(byFile.data.map((c) => c.video_id))], [ids[1]]);
    const composed = (await search(ctx.fake, [
      ...base(),
      ['search_options', 'visual'],
      ['query_text', 'beach'],
      ['query_media_type', 'image'],
      ['query_media_url', 'https://example.com/city.jpg'],
      ['query_media_url', 'https://example.com/kitchen.jpg'],
    ])).body as Page;
    assert.deepEqual([...new Set(composed.data.map((c) => c.video_id))], ids);
  });

  it('refuses what the spec refuses', async () => {
    offSpecOnPurpose = true;
    const cases: [string, Field[], string][] = [
      ['no index_id', [['search_options', 'visual'], ['query_text', 'x']], 'parameter_not_provided'],
      ['no search_options', [...base(), ['query_text', 'x']], 'parameter_not_provided'],
      ['an unknown option', [...base(), ['search_options', 'smell'], ['query_text', 'x']], 'parameter_invalid'],
      ['an option twice', [...base(), ['search_options', 'visual'], ['search_options', 'visual'], ['query_text', 'x']], 'parameter_invalid'],
      ['no query at all', [...base(), ['search_options', 'visual']], 'parameter_not_provided'],
      ['images without query_media_type', [...base(), ['search_options', 'visual'], ['query_media_url', 'https://e.com/a.png']], 'parameter_not_provided'],
      ['a media type but no image', [...base(), ['search_options', 'visual'], ['query_media_type', 'image'], ['query_text', 'x']], 'parameter_not_provided'],
      ['a video as media type', [...base(), ['search_options', 'visual'], ['query_media_type', 'video'], ['query_media_url', 'https://e.com/a.png']], 'parameter_invalid'],
      ['eleven images', [...base(), ['search_options', 'visual'], ['query_media_type', 'image'], ...Array.from({ length: 11 }, (_, i): Field => ['query_media_url', `https://e.com/${i}.png`])], 'parameter_invalid'],
      ['a URL that is not one', [...base(), ['search_options', 'visual'], ['query_media_type', 'image'], ['query_media_url', 'file:///etc/passwd']], 'parameter_invalid'],
      ['a GIF file', [...base(), ['search_options', 'visual'], ['query_media_type', 'image'], ['query_media_file', { filename: 'a.gif', size: 10, type: 'image/gif' }]], 'parameter_invalid'],
      ['an empty image', [...base(), ['search_options', 'visual'], ['query_media_type', 'image'], ['query_media_file', { filename: 'a.png', size: 0 }]], 'parameter_invalid'],
      ['page_limit 0', [...base(), ['search_options', 'visual'], ['query_text', 'x'], ['page_limit', '0']], 'parameter_invalid'],
      ['page_limit 51', [...base(), ['search_options', 'visual'], ['query_text', 'x'], ['page_limit', '51']], 'parameter_invalid'],
      ['group_by scene', [...base(), ['search_options', 'visual'], ['query_text', 'x'], ['group_by', 'scene']], 'parameter_invalid'],
      ['operator xor', [...base(), ['search_options', 'visual'], ['query_text', 'x'], ['operator', 'xor']], 'parameter_invalid'],
      ['a bad transcription option', [...base(), ['search_options', 'transcription'], ['query_text', 'x'], ['transcription_options', 'fuzzy']], 'parameter_invalid'],
      ['include_user_metadata yes', [...base(), ['search_options', 'visual'], ['query_text', 'x'], ['include_user_metadata', 'yes']], 'parameter_invalid'],
      ['501 words', [...base(), ['search_options', 'visual'], ['query_text', 'word '.repeat(501)]], 'parameter_invalid'],
      ['an unknown field', [...base(), ['search_options', 'visual'], ['query_text', 'x'], ['threshold', 'high']], 'parameter_unknown'],
      ['index_id twice', [...base(), ...base(), ['search_options', 'visual'], ['query_text', 'x']], 'parameter_invalid'],
    ];
    for (const [what, fields, code] of cases) {
      const r = await call(ctx.fake, 'POST', '/search', { raw: form(fields), headers: { 'content-type': MULTIPART } });
      assert.equal(r.status, 400, what);
      assert.equal((r.body as { code: string }).code, code, `${what}: ${r.text}`);
    }
    const json = await call(ctx.fake, 'POST', '/search', { json: { index_id: indexId, search_options: ['visual'], query_text: 'x' } });
    assert.equal((json.body as { code: string }).code, 'content_type_invalid');
    const unknownIndex = await search(ctx.fake, [['index_id', '0123456789abcdef01234567'], ['search_options', 'visual'], ['query_text', 'x']]);
    assert.equal((unknownIndex.body as { code: string }).code, 'resource_not_exist');
  });

  it('refuses options the index was not built for, and indexes without Marengo', async () => {
    const [, pegasusOnly, visualMarengo] = ctx.fake.listIndexes().map((i) => i._id);
    const pegasus = await search(ctx.fake, [['index_id', pegasusOnly], ['search_options', 'visual'], ['query_text', 'x']]);
    assert.equal((pegasus.body as { code: string }).code, 'index_not_supported_for_search');
    const audio = await search(ctx.fake, [['index_id', visualMarengo], ['search_options', 'audio'], ['query_text', 'x']]);
    assert.equal((audio.body as { code: string }).code, 'search_option_not_supported');
    assert.match((audio.body as { message: string }).message, /Please use one of the following search options: visual\./);
    const fine = await search(ctx.fake, [['index_id', visualMarengo], ['search_options', 'visual'], ['query_text', 'x']]);
    assert.equal(fine.status, 200);
    assert.equal((fine.body as Page).data.length, 0);
  });
});

describe('fake: thumbnails and HLS at the media origin', () => {
  const clock = new Clock();
  const ctx = useAssetFake({ now: clock.now });
  let indexId = '';
  let ids: string[] = [];
  beforeEach(() => {
    [indexId] = ctx.fake.seedIndexes(1);
    ids = ctx.fake.seedSearchableVideos(indexId, VIDEOS);
  });

  async function firstThumbnail(): Promise<string> {
    const r = await search(ctx.fake, [['index_id', indexId], ['search_options', 'transcription'], ['query_text', 'dog']]);
    return (r.body as Page).data[0].thumbnail_url ?? '';
  }

  it('serves a real PNG with CORS; tampered URLs, expired ones and expireThumbnails() get 403', async () => {
    const url = await firstThumbnail();
    const png = await fetchBytes(url);
    assert.equal(png.status, 200);
    assert.equal(png.headers['content-type'], 'image/png');
    assert.equal(png.headers['access-control-allow-origin'], '*');
    assert.deepEqual([...png.bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    // IHDR: 160x90, 8-bit RGB; the IDAT inflates to 90 rows of 1 + 160 * 3 bytes.
    assert.equal(png.bytes.readUInt32BE(16), 160);
    assert.equal(png.bytes.readUInt32BE(20), 90);
    const idatLength = png.bytes.readUInt32BE(33);
    assert.equal(inflateSync(png.bytes.subarray(41, 41 + idatLength)).length, 90 * 481);

    assert.equal((await fetchRaw(url.replace(/\/0\.png$/, '/5000.png'))).status, 403, 'another frame under the same signature');
    assert.equal((await fetchRaw(url.replace(/\/signed\/0\/(\d+)\//, (_, e: string) => `/signed/0/${Number(e) + 1}/`))).status, 403, 'a longer life');
    clock.advance(3_601_000);
    const expired = await fetchRaw(url);
    assert.equal(expired.status, 403);
    assert.match(expired.text, /Request has expired/);
    clock.advance(-3_601_000);
    ctx.fake.expireThumbnails();
    assert.equal((await fetchRaw(url)).status, 403);
    assert.equal((await fetchBytes(await firstThumbnail())).status, 200, 'new URLs work');
    assert.deepEqual(
      ctx.fake.media.requests.map((r) => [r.status, r.note]),
      [[200, 'served'], [403, 'bad signature'], [403, 'bad signature'], [403, 'expired'], [403, 'expired (revoked)'], [200, 'served']],
    );
  });

  it('no thumbnail_url without the thumbnail add-on', async () => {
    // The third seeded model set: Marengo (visual) and Pegasus, no add-ons.
    const [, , marengoPlain] = ctx.fake.seedIndexes(3, { namePrefix: 'plain' });
    const [video] = ctx.fake.seedSearchableVideos(marengoPlain, [{ filename: 'night.mp4', duration: 5, transcript: [] }]);
    const r = await search(ctx.fake, [['index_id', marengoPlain], ['search_options', 'visual'], ['query_text', 'night']]);
    assert.deepEqual((r.body as Page).data.map((c) => [c.video_id, c.thumbnail_url]), [[video, undefined]]);
  });

  it('streams: the playlist and its relative segments are served with CORS and HLS types; the AAC variant has its own', async () => {
    const asset = (await call(ctx.fake, 'GET', `/indexes/${indexId}/indexed-assets/${ids[0]}?transcription=true`)).body as {
      hls: { video_url: string; status: string; thumbnail_urls: string[] };
      transcription: unknown;
    };
    assert.equal(asset.hls.status, 'COMPLETE');
    assert.deepEqual(asset.transcription, VIDEOS[0].transcript);
    const playlist = await fetchBytes(asset.hls.video_url);
    assert.equal(playlist.headers['content-type'], 'application/vnd.apple.mpegurl');
    assert.equal(playlist.headers['access-control-allow-origin'], '*');
    const text = playlist.bytes.toString('utf8');
    assert.match(text, /^#EXTM3U/);
    const uris = ['init.mp4', ...text.split('\n').filter((line) => line !== '' && !line.startsWith('#'))];
    assert.equal(uris.length, 5);
    for (const uri of uris) {
      const part = await fetchBytes(new URL(uri, asset.hls.video_url).toString());
      assert.equal(part.status, 200, uri);
      assert.equal(part.headers['access-control-allow-origin'], '*');
      assert.ok(part.bytes.length > 500, uri);
    }
    const silentInit = await fetchBytes(new URL('init.mp4', asset.hls.video_url).toString());
    const aac = (await call(ctx.fake, 'GET', `/indexes/${indexId}/indexed-assets/${ids[2]}`)).body as { hls: { video_url: string } };
    const aacInit = await fetchBytes(new URL('init.mp4', aac.hls.video_url).toString());
    assert.ok(aacInit.bytes.includes(Buffer.from('mp4a')) && !silentInit.bytes.includes(Buffer.from('mp4a')), 'only the aac variant has an audio track');
    const preflight = await fetchRaw(asset.hls.video_url, 'OPTIONS');
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers['access-control-allow-origin'], '*');
    assert.equal((await fetchRaw(asset.hls.video_url.replace(ids[0], ids[2]))).status, 403, 'a signature is for one stream');
  });

  it('setHlsStatus: PROCESSING and ERROR show and do not play; undefined removes hls; streams off have none', async () => {
    const hlsOf = async (id: string): Promise<{ status: string; video_url: string; thumbnail_urls: string[] } | undefined> =>
      ((await call(ctx.fake, 'GET', `/indexes/${indexId}/indexed-assets/${id}`)).body as { hls?: { status: string; video_url: string; thumbnail_urls: string[] } }).hls;
    assert.equal(await hlsOf(ids[1]), undefined, 'seeded without a stream');
    ctx.fake.setHlsStatus(ids[0], 'PROCESSING');
    const processing = await hlsOf(ids[0]);
    assert.equal(processing?.status, 'PROCESSING');
    assert.deepEqual(processing?.thumbnail_urls, []);
    assert.equal((await fetchRaw(processing?.video_url ?? '')).status, 404);
    ctx.fake.setHlsStatus(ids[0], 'ERROR');
    assert.equal((await hlsOf(ids[0]))?.status, 'ERROR');
    ctx.fake.setHlsStatus(ids[0], undefined);
    assert.equal(await hlsOf(ids[0]), undefined);
    ctx.fake.setHlsStatus(ids[1], 'COMPLETE');
    assert.equal((await fetchRaw((await hlsOf(ids[1]))?.video_url ?? '')).status, 200);
    assert.throws(() => ctx.fake.setHlsStatus('0123456789abcdef01234567', 'COMPLETE'), /no indexed asset/);
  });

  it('stream URLs expire like thumbnails, and a request with x-api-key is recorded', async () => {
    const url = ((await call(ctx.fake, 'GET', `/indexes/${indexId}/indexed-assets/${ids[0]}`)).body as { hls: { video_url: string } }).hls.video_url;
    await fetchBytes(url, { 'x-api-key': 'leaked' });
    assert.deepEqual(ctx.fake.media.requestsWithApiKey().map((r) => r.path), [`/hls/${ids[0]}/index.m3u8`]);
    clock.advance(3_601_000);
    assert.equal((await fetchRaw(url)).status, 403);
    clock.advance(-3_601_000);
  });
});

/** A GET with the body as bytes (fetchRaw decodes text); no keep-alive, so nothing outlives the test. */
function fetchBytes(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: IncomingHttpHeaders; bytes: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, bytes: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}
