import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TwelveLabsError } from '../../../src/api/errors';
import { readSearchPage } from '../../../src/api/searchShapes';
import { checkSearchRequest, isSearchTokenExpired, SEARCH_TOKEN_EXPIRED_CODE, SEARCH_TOKEN_EXPIRED_CODES, type SearchRequest } from '../../../src/api/searchTypes';
import { ShapeReport } from '../../../src/api/shapes';
import type { SearchableVideo } from '../../fake/server';
import { assertNoCanary, useAssetHarness, useTempDir } from './assetHarness';

const VIDEOS: SearchableVideo[] = [
  {
    filename: 'beach-dog.mp4',
    duration: 20,
    transcript: [
      { start: 0, end: 5, value: 'A dog runs along the beach.' },
      { start: 10, end: 15, value: 'Two dogs chase the ball.' },
    ],
    userMetadata: { team: 'red' },
    stream: true,
  },
  { filename: 'kitchen.mp4', duration: 8, transcript: [{ start: 1, end: 6, value: 'No dog in the kitchen.' }] },
];

describe('API client: search', () => {
  const harness = useAssetHarness();
  const h = () => harness.h;
  const files = useTempDir('search-');
  let indexId = '';
  let ids: string[] = [];
  beforeEach(() => {
    [indexId] = h().fake.seedIndexes(1);
    ids = h().fake.seedSearchableVideos(indexId, VIDEOS);
  });

  it('POST /search as multipart: one search_options part per option, the filter as JSON, then reads the clips', async () => {
    const page = await h().client.search({
      indexId,
      searchOptions: ['visual', 'transcription'],
      queryText: '  dog  ',
      transcriptionOptions: ['lexical', 'semantic'],
      operator: 'or',
      pageLimit: 2,
      filter: { duration: { gte: 10 } },
      includeUserMetadata: true,
    });
    const request = h().fake.requests.at(-1);
    assert.equal(request?.method, 'POST');
    assert.match(String(request?.headers['content-type']), /^multipart\/form-data; boundary=/);
    assert.deepEqual(request?.body, {
      index_id: indexId,
      search_options: ['visual', 'transcription'],
      query_text: 'dog',
      transcription_options: ['lexical', 'semantic'],
      operator: 'or',
      page_limit: '2',
      filter: '{"duration":{"gte":10}}',
      include_user_metadata: 'true',
    });
    assert.deepEqual(
      page.data.map((clip) => [clip.video_id, clip.start, clip.end, clip.rank, clip.user_metadata]),
      [
        [ids[0], 0, 5, 1, { team: 'red' }],
        [ids[0], 10, 15, 2, { team: 'red' }],
      ],
    );
    assert.ok(page.data[0].thumbnail_url?.startsWith(h().fake.mediaOrigin));
    assert.equal(page.page_info.limit_per_page, 2);
    assert.equal(typeof page.page_info.page_expires_at, 'string');
    assert.deepEqual(page.search_pool, { total_count: 2, total_duration: 28, index_id: indexId });
  });

  it('pages on with searchPage; an expired token is search_page_token_expired, so the caller runs the search again', async () => {
    const first = await h().client.search({ indexId, searchOptions: ['transcription'], queryText: 'dog', pageLimit: 1 });
    const token = first.page_info.next_page_token ?? '';
    const second = await h().client.searchPage(token, { includeUserMetadata: true });
    assert.deepEqual(second.data.map((clip) => [clip.rank, clip.user_metadata]), [[2, { team: 'red' }]]);
    assert.equal(h().fake.requests.at(-1)?.query.include_user_metadata, 'true');
    assert.ok(second.page_info.prev_page_token);
    h().fake.expireSearchTokens();
    const error = await h().client.searchPage(token).then(
      () => assert.fail('an expired token was accepted'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof TwelveLabsError);
    assert.deepEqual([error.kind, error.status, error.code], ['http', 400, SEARCH_TOKEN_EXPIRED_CODE]);
    assert.ok(isSearchTokenExpired(error));
    assert.ok(SEARCH_TOKEN_EXPIRED_CODES.includes(error.code));
    assert.equal(h().fake.requests.filter((r) => r.path.startsWith('/search/')).length, 2, 'a refused token is not retried');
    assertNoCanary(error);
  });

  it('the {code} error body of the other guess is read the same way', async () => {
    const next = await harness.restart({ fake: { searchTokenErrorBody: 'code', validateResponses: false } });
    const [index] = next.fake.seedIndexes(1);
    next.fake.seedSearchableVideos(index, VIDEOS);
    const first = await next.client.search({ indexId: index, searchOptions: ['transcription'], queryText: 'dog', pageLimit: 1 });
    next.fake.expireSearchTokens();
    await assert.rejects(next.client.searchPage(first.page_info.next_page_token ?? ''), (e: unknown) => isSearchTokenExpired(e));
  });

  it('group_by=video: results carry the video id and its clips', async () => {
    const page = await h().client.search({ indexId, searchOptions: ['transcription'], queryText: 'dog', groupBy: 'video' });
    assert.deepEqual(page.data.map((video) => [video.id, video.clips?.map((clip) => clip.start)]), [[ids[0], [0, 10]], [ids[1], [1]]]);
  });

  it('image queries: URLs and local files (streamed as query_media_file parts) after query_media_type=image', async () => {
    const image = path.join(files.dir, 'kitchen.png');
    fs.writeFileSync(image, Buffer.from('89504e470d0a1a0a', 'hex'));
    const page = await h().client.search({
      indexId,
      searchOptions: ['visual'],
      queryMedia: [{ type: 'image', url: 'https://example.com/beach.jpg' }, { type: 'image', path: image }],
    });
    assert.deepEqual([...new Set(page.data.map((clip) => clip.video_id))], ids);
    const body = h().fake.requests.at(-1)?.body as Record<string, unknown>;
    assert.equal(body.query_media_type, 'image');
    assert.equal(body.query_media_url, 'https://example.com/beach.jpg');
    assert.deepEqual(body.query_media_file, { filename: 'kitchen.png', mimeType: 'image/png', size: 8 });
    const single = await h().client.search({ indexId, searchOptions: ['visual'], queryMedia: { type: 'image', path: image } });
    assert.deepEqual([...new Set(single.data.map((clip) => clip.video_id))], [ids[1]]);
  });

  it('a missing image file is a file error and nothing is sent', async () => {
    const before = h().fake.requests.length;
    await assert.rejects(
      h().client.search({ indexId, searchOptions: ['visual'], queryMedia: { type: 'image', path: path.join(files.dir, 'gone.png') } }),
      (e: unknown) => e instanceof TwelveLabsError && e.kind === 'file' && e.code === 'ENOENT',
    );
    assert.equal(h().fake.requests.length, before);
  });

  it('retried like a GET on 429 and 503 (a search changes nothing), with the server\'s wait', async () => {
    h().fake.injectFault({ kind: 'rateLimitedRetryAfter', method: 'POST', path: '/search', retryAfterSeconds: 2 });
    h().fake.injectFault({ kind: 'unavailable', method: 'POST', path: '/search' });
    const page = await h().client.search({ indexId, searchOptions: ['transcription'], queryText: 'kitchen' });
    assert.deepEqual(page.data.map((clip) => clip.video_id), [ids[1]]);
    assert.equal(h().fake.requests.filter((r) => r.path === '/search').length, 3);
    assert.ok(h().clock.sleeps[0] >= 2000, String(h().clock.sleeps));
  });

  it('the server\'s refusals come through with their code and message', async () => {
    await assert.rejects(
      h().client.search({ indexId, searchOptions: ['visual'], queryText: 'dog', filter: { duration: { between: [1, 2] } } }),
      (e: unknown) => e instanceof TwelveLabsError && e.status === 400 && e.code === 'search_filter_invalid',
    );
    await assert.rejects(
      h().client.search({ indexId: '0123456789abcdef01234567', searchOptions: ['visual'], queryText: 'dog' }),
      (e: unknown) => e instanceof TwelveLabsError && e.code === 'resource_not_exist',
    );
  });

  it('requests the server would refuse are refused before sending, with the server\'s codes', async () => {
    const base: SearchRequest = { indexId, searchOptions: ['visual'], queryText: 'dog' };
    const cases: [string, SearchRequest, string][] = [
      ['no index', { ...base, indexId: ' ' }, 'parameter_not_provided'],
      ['no option', { ...base, searchOptions: [] }, 'parameter_not_provided'],
      ['an option twice', { ...base, searchOptions: ['visual', 'visual'] }, 'parameter_invalid'],
      ['no query', { ...base, queryText: '   ' }, 'parameter_not_provided'],
      ['501 words', { ...base, queryText: 'dog '.repeat(501) }, 'parameter_invalid'],
      ['11 images', { ...base, queryMedia: Array.from({ length: 11 }, (_, i) => ({ type: 'image' as const, url: `https://e.com/${i}.png` })) }, 'parameter_invalid'],
      ['a file: URL', { ...base, queryMedia: { type: 'image', url: 'file:///etc/passwd' } }, 'parameter_invalid'],
      ['transcription options without transcription', { ...base, transcriptionOptions: ['lexical'] }, 'parameter_invalid'],
      ['page limit 0', { ...base, pageLimit: 0 }, 'parameter_invalid'],
      ['page limit 51', { ...base, pageLimit: 51 }, 'parameter_invalid'],
      ['page limit 2.5', { ...base, pageLimit: 2.5 }, 'parameter_invalid'],
    ];
    for (const [what, request, code] of cases) {
      assert.throws(() => checkSearchRequest(request), (e: unknown) => e instanceof TwelveLabsError && e.kind === 'http' && e.status === 0 && e.code === code, what);
      await assert.rejects(h().client.search(request), (e: unknown) => e instanceof TwelveLabsError && e.code === code, what);
    }
    await assert.rejects(h().client.searchPage(''), (e: unknown) => e instanceof TwelveLabsError && e.code === 'parameter_not_provided');
    assert.equal(h().fake.requests.length, 0);
  });
});

describe('search answers at the boundary', () => {
  const context = () => ({ report: new ShapeReport(), mask: (text: string) => text });

  it('drops results that cannot be shown, and fields of the wrong type, and says so', () => {
    const ctx = context();
    const page = readSearchPage(
      {
        data: [
          { start: 1, end: 2, video_id: 'v1', rank: 1, thumbnail_url: 'https://cdn.example/t.png', transcription: 'hi', user_metadata: { a: 1, b: { deep: true } } },
          { start: 'one', end: 2, video_id: 'v2' },
          { start: 3, end: 2, video_id: 'v3' },
          { start: 1, end: 2 },
          { start: 1, end: 2, video_id: 'v4', rank: 0, thumbnail_url: 'javascript:alert(1)', transcription: 5 },
          { id: 'v5', clips: [{ start: 0, end: 1, video_id: 'v5' }, { start: -1, end: 1, video_id: 'v5' }] },
          { id: 'v6', clips: 'none' },
          null,
        ],
        page_info: { limit_per_page: 10, total_results: 'many', next_page_token: 'abc', prev_page_token: 'a\nb' },
        search_pool: { total_count: 2, index_id: 7 },
      },
      ctx,
    );
    assert.ok(page);
    assert.deepEqual(page.data.map((r) => r.video_id ?? r.id), ['v1', 'v4', 'v5']);
    assert.deepEqual(page.data[0].user_metadata, { a: 1 });
    assert.deepEqual(Object.keys(page.data[1]).sort(), ['end', 'start', 'video_id']);
    assert.deepEqual(page.data[2].clips?.map((c) => c.start), [0]);
    assert.equal(page.skipped, 5);
    assert.deepEqual(page.page_info, { limit_per_page: 10, next_page_token: 'abc' });
    assert.deepEqual(page.search_pool, { total_count: 2 });
    assert.deepEqual(ctx.report.skippedIds, ['v2', 'v3', undefined, 'v6', undefined]);
    assert.deepEqual([...ctx.report.droppedFields].sort(), [
      'clips',
      'page_info.prev_page_token',
      'page_info.total_results',
      'rank',
      'search_pool.index_id',
      'thumbnail_url',
      'transcription',
      'user_metadata',
    ]);
  });

  it('an answer without a data list, or with a page_info that is not an object, is unusable', () => {
    assert.equal(readSearchPage({ page_info: {} }, context()), undefined);
    assert.equal(readSearchPage({ data: [], page_info: 'x' }, context()), undefined);
    assert.equal(readSearchPage([], context()), undefined);
    assert.deepEqual(readSearchPage({ data: [] }, context()), { data: [], page_info: {} });
  });
});

describe('API client: search against wrong answers', () => {
  const harness = useAssetHarness({ fake: { validateResponses: false } });

  it('a search answer of the wrong shape is a malformed-response error; bad items are dropped and logged', async () => {
    const h = harness.h;
    const [indexId] = h.fake.seedIndexes(1);
    h.fake.seedSearchableVideos(indexId, VIDEOS);
    h.fake.injectFault({ kind: 'hostileShapes', hostile: 'badEnvelope', method: 'POST', path: '/search' });
    await assert.rejects(h.client.search({ indexId, searchOptions: ['transcription'], queryText: 'dog' }), (e: unknown) => e instanceof TwelveLabsError && e.kind === 'malformedResponse');
    h.fake.injectFault({ kind: 'hostileShapes', hostile: 'badItems', method: 'POST', path: '/search' });
    const page = await h.client.search({ indexId, searchOptions: ['transcription'], queryText: 'dog' });
    assert.equal(page.data.length, 3);
    assert.ok((page.skipped ?? 0) > 0);
    assert.ok(h.logger.lines.some((line) => line.startsWith('[warn]') && line.includes('POST /search') && line.includes('malformed')), h.logger.lines.join('\n'));
  });
});
