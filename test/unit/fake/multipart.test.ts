import assert from 'node:assert/strict';
import { startFakeServer, type FakeAsset } from '../../fake/server';
import {
  allUrls,
  chunkOf,
  Clock,
  createSession,
  fileBytes,
  formData,
  MULTIPART,
  put,
  requestsValid,
  uploadAll,
  useAssetFake,
  valid,
  type Report,
  type Session,
} from './assetHelpers';
import { call, errorBody, KEY, type CallResult } from './helpers';

const MiB = 1024 * 1024;
const SESSION = { filename: 'big.mp4', type: 'video', total_size: 5 * 1024 + 100 };

interface StatusBody {
  upload_id: string;
  status: string;
  uploaded_chunks: { index: number; status: string; uploaded_at?: string; error?: string }[];
  chunks_completed: number;
  chunks_failed: number;
  chunks_pending: number;
  page_info: { total_results: number; total_page: number };
  total_size: number;
  uploaded_size: number;
}

type ReportAnswer = { url?: string; asset_id: string; processed_chunks: number; duplicate_chunks: number; total_completed: number };

describe('fake server: POST /assets/multipart-uploads', () => {
  const ctx = useAssetFake({ chunkSize: 1024, initialUploadUrls: 3 });

  it('201 with the spec shape: chunk_size, total_chunks, the first N presigned URLs at the storage origin, 24 h expiry', async () => {
    const before = Date.now();
    const session = await createSession(ctx.fake, { ...SESSION, enable_hls: true, user_metadata: { batch: 5 } });
    const after = Date.now();
    /**
     * Whether `iso` is `ttlMs` after the moment the fake read its clock, between `before` and `after`;
     * a presigned URL counts from the whole second it was signed in, as S3's X-Amz-Date does.
     */
    const expiresAfter = (iso: string, ttlMs: number, signedInWholeSeconds = false) => {
      const earliest = signedInWholeSeconds ? Math.floor(before / 1000) * 1000 : before;
      return Date.parse(iso) >= earliest + ttlMs && Date.parse(iso) <= after + ttlMs;
    };
    requestsValid(ctx.fake);
    assert.equal(session.chunk_size, 1024);
    assert.equal(session.total_chunks, 6, 'ceil(5220 / 1024)');
    assert.deepEqual(session.upload_headers, {});
    assert.deepEqual(
      session.upload_urls.map((u) => u.chunk_index),
      [1, 2, 3],
    );
    for (const u of session.upload_urls) {
      assert.ok(u.url.startsWith(`${ctx.fake.storageOrigin}/uploads/${session.upload_id}/${u.chunk_index}?`), u.url);
      assert.match(u.url, /X-Amz-Signature=[0-9a-f]{64}/);
      assert.match(u.url, /X-Amz-Expires=3600/);
      assert.ok(expiresAfter(u.expires_at, 3600_000, true), `url ttl ${Date.parse(u.expires_at) - before} ms from before the call`);
    }
    assert.notEqual(new URL(ctx.fake.storageOrigin).port, new URL(ctx.fake.origin).port, 'another origin');
    assert.ok(expiresAfter(session.expires_at, 24 * 3600_000), `session ttl ${Date.parse(session.expires_at) - before} ms from before the call`);

    const asset = await call(ctx.fake, 'GET', `/assets/${session.asset_id}`);
    valid('GET', '/assets/{asset_id}', asset);
    const body = asset.body as FakeAsset;
    assert.deepEqual([body.method, body.status, body.filename, body.hls?.status], ['multipart', 'processing', 'big.mp4', 'pending']);
    assert.deepEqual(body.user_metadata, { batch: 5 });
    const again = (await call(ctx.fake, 'GET', `/assets/${session.asset_id}`)).body as FakeAsset;
    assert.equal(again.status, 'processing', 'polls do not advance an asset whose upload is unfinished');
  });

  it('the default chunk size is 5 MiB and the default initial set is 10 URLs', async () => {
    const fake = await startFakeServer({ validKeys: [KEY] });
    try {
      const session = await createSession(fake, { filename: 'huge.mp4', type: 'video', total_size: 100 * MiB + 1 });
      assert.equal(session.chunk_size, 5 * MiB);
      assert.equal(session.total_chunks, 21);
      assert.equal(session.upload_urls.length, 10);
    } finally {
      await fake.close();
    }
  });

  it('refuses a multipart/form-data body with 400 content_type_invalid', async () => {
    const r = await call(ctx.fake, 'POST', '/assets/multipart-uploads', {
      raw: formData({ filename: 'a.mp4', type: 'video', total_size: '10' }),
      headers: { 'content-type': MULTIPART },
    });
    assert.equal(r.status, 400);
    assert.equal(errorBody(r).code, 'content_type_invalid');
    valid('POST', '/assets/multipart-uploads', r);
  });

  const refusals: [string, Record<string, unknown>, string][] = [
    ['no filename', { type: 'video', total_size: 10 }, 'parameter_not_provided'],
    ['no type', { filename: 'a.mp4', total_size: 10 }, 'parameter_not_provided'],
    ['no total_size', { filename: 'a.mp4', type: 'video' }, 'parameter_not_provided'],
    ['an unknown type', { filename: 'a.mp4', type: 'document', total_size: 10 }, 'parameter_invalid'],
    ['total_size 0', { filename: 'a.mp4', type: 'video', total_size: 0 }, 'parameter_invalid'],
    ['a fractional total_size', { filename: 'a.mp4', type: 'video', total_size: 10.5 }, 'parameter_invalid'],
    ['total_size as a string', { filename: 'a.mp4', type: 'video', total_size: '10' }, 'parameter_invalid'],
    ['an empty filename', { filename: '', type: 'video', total_size: 10 }, 'parameter_invalid'],
    ['enable_hls as a string', { ...SESSION, enable_hls: 'true' }, 'parameter_invalid'],
    ['user_metadata with an array value', { ...SESSION, user_metadata: { a: [1] } }, 'parameter_invalid'],
    ['an unknown field', { ...SESSION, chunk_size: 1024 }, 'parameter_unknown'],
    ['an image over 32 MB', { filename: 'a.png', type: 'image', total_size: 32_000_001 }, 'video_filesize_too_large'],
    ['a video over 10 GB', { filename: 'a.mp4', type: 'video', total_size: 10_000_000_001 }, 'video_filesize_too_large'],
  ];
  for (const [what, body, code] of refusals) {
    it(`refuses ${what} with 400 ${code}`, async () => {
      const r = await call(ctx.fake, 'POST', '/assets/multipart-uploads', { json: body });
      assert.equal(r.status, 400, r.text);
      assert.equal(errorBody(r).code, code);
      valid('POST', '/assets/multipart-uploads', r);
      assert.deepEqual(ctx.fake.multipartSessions(), []);
      assert.deepEqual(ctx.fake.assets(), []);
    });
  }

  it('DELETE on the collection is 405 with Allow: POST, GET (not taken for an asset id)', async () => {
    const r = await call(ctx.fake, 'DELETE', '/assets/multipart-uploads');
    assert.equal(r.status, 405);
    assert.equal(r.headers.allow, 'POST, GET');
  });
});

describe('fake server: multipart upload, chunks reported', () => {
  const ctx = useAssetFake({ chunkSize: 1024, initialUploadUrls: 2 });
  const file = fileBytes(SESSION.total_size);

  async function report(session: Session, chunks: Report[]): Promise<CallResult> {
    const r = await call(ctx.fake, 'POST', `/assets/multipart-uploads/${session.upload_id}`, { json: { completed_chunks: chunks } });
    valid('POST', '/assets/multipart-uploads/{upload_id}', r);
    return r;
  }

  async function status(session: Session, query = ''): Promise<StatusBody> {
    const r = await call(ctx.fake, 'GET', `/assets/multipart-uploads/${session.upload_id}${query}`);
    assert.equal(r.status, 200, r.text);
    valid('GET', '/assets/multipart-uploads/{upload_id}', r);
    return r.body as StatusBody;
  }

  it('upload every chunk once, report in batches with a duplicate: url on the last batch, asset processing then ready', async () => {
    const session = await createSession(ctx.fake, SESSION);
    const reports = await uploadAll(ctx.fake, session, file);
    assert.equal(reports[5].chunk_size, 100, 'the last chunk is smaller');

    const first = await report(session, [reports[0], reports[1], reports[0]]);
    assert.equal(first.status, 200, first.text);
    assert.deepEqual(first.body, { asset_id: session.asset_id, processed_chunks: 2, duplicate_chunks: 1, total_completed: 2 });
    const mid = await status(session, '?page=1&page_limit=4');
    assert.equal(mid.status, 'active');
    assert.deepEqual(
      mid.uploaded_chunks.map((c) => [c.index, c.status, c.uploaded_at !== undefined]),
      [
        [1, 'completed', true],
        [2, 'completed', true],
        [3, 'pending', false],
        [4, 'pending', false],
      ],
    );
    assert.deepEqual([mid.chunks_completed, mid.chunks_failed, mid.chunks_pending, mid.uploaded_size], [2, 0, 4, 2048]);
    assert.deepEqual([mid.page_info.total_results, mid.page_info.total_page], [6, 2]);
    assert.deepEqual(
      (await status(session, '?page=2&page_limit=4')).uploaded_chunks.map((c) => c.index),
      [5, 6],
    );

    const last = await report(session, [reports[5], reports[4], reports[3], reports[2], reports[1]]);
    const done = last.body as ReportAnswer;
    assert.deepEqual({ ...done, url: undefined }, { url: undefined, asset_id: session.asset_id, processed_chunks: 4, duplicate_chunks: 1, total_completed: 6 });
    assert.equal(done.url, `${ctx.fake.storageOrigin}/assets/${session.asset_id}/big.mp4`);
    const final = await status(session);
    assert.equal(final.status, 'completed');
    assert.equal(final.uploaded_size, SESSION.total_size);

    const control = ctx.fake.multipartSession(session.upload_id);
    assert.deepEqual(
      control?.chunks.map((c) => [c.index, c.putsStored, c.putAttempts, c.status]),
      [1, 2, 3, 4, 5, 6].map((i) => [i, 1, 1, 'completed']),
      'nothing uploaded twice',
    );
    assert.deepEqual(
      control?.chunks.map((c) => c.reports),
      [2, 2, 1, 1, 1, 1],
    );

    const asset = async () => {
      const r = await call(ctx.fake, 'GET', `/assets/${session.asset_id}`);
      valid('GET', '/assets/{asset_id}', r);
      return r.body as FakeAsset;
    };
    assert.equal((await asset()).status, 'processing');
    const ready = await asset();
    assert.equal(ready.status, 'ready');
    assert.equal(ready.size, SESSION.total_size);

    const again = await report(session, [reports[0]]);
    assert.deepEqual(again.body, { url: done.url, asset_id: session.asset_id, processed_chunks: 0, duplicate_chunks: 1, total_completed: 6 }, 'a retried final report is answered');
    requestsValid(ctx.fake);
  });

  it('a proof with or without the quotes S3 puts around the ETag is accepted', async () => {
    const session = await createSession(ctx.fake, SESSION);
    const reports = await uploadAll(ctx.fake, session, file);
    const unquoted = { ...reports[0], proof: reports[0].proof.replace(/"/g, '') };
    assert.equal((await report(session, [unquoted, reports[1]])).status, 200);
  });

  it('a wrong proof: 400 chunk_proof_invalid, nothing of the batch recorded, the chunk shown as failed until a good report', async () => {
    const session = await createSession(ctx.fake, SESSION);
    const reports = await uploadAll(ctx.fake, session, file);
    const wrong = { ...reports[2], proof: reports[3].proof };
    const r = await report(session, [reports[0], wrong]);
    assert.equal(r.status, 400);
    assert.equal(errorBody(r).code, 'chunk_proof_invalid');
    assert.match(errorBody(r).message, /chunk 3/);
    const after = await status(session);
    assert.deepEqual([after.chunks_completed, after.chunks_failed, after.chunks_pending], [0, 1, 5]);
    const failed = after.uploaded_chunks[2];
    assert.equal(failed.status, 'failed');
    assert.match(failed.error ?? '', /does not match/);
    assert.equal((await report(session, [reports[2]])).status, 200);
    assert.equal((await status(session)).uploaded_chunks[2].status, 'completed');
  });

  it('reporting a chunk that was never uploaded: 400 chunk_proof_invalid', async () => {
    const session = await createSession(ctx.fake, SESSION);
    const r = await report(session, [{ chunk_index: 1, proof: 'd41d8cd98f00b204e9800998ecf8427e', proof_type: 'etag', chunk_size: 1024 }]);
    assert.equal(r.status, 400);
    assert.equal(errorBody(r).code, 'chunk_proof_invalid');
    assert.match(errorBody(r).message, /has not been uploaded/);
  });

  const badReports: [string, (good: Report) => unknown, string][] = [
    ['no completed_chunks', () => undefined, 'parameter_not_provided'],
    ['an empty completed_chunks', () => [], 'parameter_invalid'],
    ['chunk_index 0', (g) => [{ ...g, chunk_index: 0 }], 'parameter_invalid'],
    ['a chunk_index past the last chunk', (g) => [{ ...g, chunk_index: 7 }], 'parameter_invalid'],
    ['a chunk_size that is not the chunk size', (g) => [{ ...g, chunk_size: 1000 }], 'parameter_invalid'],
    ["proof_type 'md5'", (g) => [{ ...g, proof_type: 'md5' }], 'parameter_invalid'],
    ['an empty proof', (g) => [{ ...g, proof: '' }], 'parameter_invalid'],
    ['a missing proof', (g) => [{ chunk_index: g.chunk_index, proof_type: 'etag', chunk_size: g.chunk_size }], 'parameter_not_provided'],
    ['an unknown chunk field', (g) => [{ ...g, part_number: 1 }], 'parameter_unknown'],
  ];
  for (const [what, make, code] of badReports) {
    it(`refuses ${what} with 400 ${code}`, async () => {
      const session = await createSession(ctx.fake, SESSION);
      const [good] = await uploadAll(ctx.fake, session, file);
      const chunks = make(good);
      const r = await call(ctx.fake, 'POST', `/assets/multipart-uploads/${session.upload_id}`, { json: chunks === undefined ? {} : { completed_chunks: chunks } });
      assert.equal(r.status, 400, r.text);
      assert.equal(errorBody(r).code, code);
      valid('POST', '/assets/multipart-uploads/{upload_id}', r);
      assert.equal((await status(session)).chunks_completed, 0);
    });
  }

  it('an unknown upload id: 404 resource_not_exist on every operation', async () => {
    const id = '0123456789abcdef01234567';
    for (const [method, path, json] of [
      ['GET', `/assets/multipart-uploads/${id}`, undefined],
      ['POST', `/assets/multipart-uploads/${id}`, { completed_chunks: [] }],
      ['POST', `/assets/multipart-uploads/${id}/presigned-urls`, { start: 1, count: 1 }],
    ] as const) {
      const r = await call(ctx.fake, method, path, json === undefined ? {} : { json });
      assert.equal(r.status, 404, `${method} ${path}`);
      assert.equal(errorBody(r).code, 'resource_not_exist');
      valid(method, path, r);
    }
  });

  it('presigned-urls: fresh URLs for {start, count}, each different from the first ones', async () => {
    const session = await createSession(ctx.fake, SESSION);
    const r = await call(ctx.fake, 'POST', `/assets/multipart-uploads/${session.upload_id}/presigned-urls`, { json: { start: 2, count: 5 } });
    assert.equal(r.status, 200, r.text);
    valid('POST', '/assets/multipart-uploads/{upload_id}/presigned-urls', r);
    const body = r.body as { upload_id: string; start_index: number; count: number; upload_urls: { chunk_index: number; url: string }[]; generated_at: string; expires_at: string };
    assert.deepEqual([body.upload_id, body.start_index, body.count], [session.upload_id, 2, 5]);
    assert.deepEqual(
      body.upload_urls.map((u) => u.chunk_index),
      [2, 3, 4, 5, 6],
    );
    assert.notEqual(body.upload_urls[0].url, session.upload_urls[1].url);
    assert.equal(Date.parse(body.expires_at) - Date.parse(body.generated_at), 3600_000);
    // Both the old and the new URL for chunk 2 work (until used).
    assert.equal((await put(body.upload_urls[0].url, chunkOf(file, 1024, 2))).status, 200);
    assert.equal(ctx.fake.multipartSession(session.upload_id)?.chunks[1].urlsIssued, 2);
    requestsValid(ctx.fake);
  });

  for (const [what, body, code] of [
    ['count over 50', { start: 1, count: 51 }, 'parameter_invalid'],
    ['a range past the last chunk', { start: 5, count: 3 }, 'parameter_invalid'],
    ['start 0', { start: 0, count: 1 }, 'parameter_invalid'],
    ['no count', { start: 1 }, 'parameter_not_provided'],
    ['an unknown field', { start: 1, count: 1, end: 2 }, 'parameter_unknown'],
  ] as const) {
    it(`presigned-urls refuses ${what} with 400 ${code}`, async () => {
      const session = await createSession(ctx.fake, SESSION);
      const r = await call(ctx.fake, 'POST', `/assets/multipart-uploads/${session.upload_id}/presigned-urls`, { json: body });
      assert.equal(r.status, 400, r.text);
      assert.equal(errorBody(r).code, code);
      valid('POST', '/assets/multipart-uploads/{upload_id}/presigned-urls', r);
    });
  }

  it('GET /assets/multipart-uploads lists incomplete sessions, newest first, paged', async () => {
    const a = await createSession(ctx.fake, SESSION);
    const b = await createSession(ctx.fake, { ...SESSION, filename: 'b.mp4' });
    const done = await createSession(ctx.fake, { filename: 'small.mp4', type: 'video', total_size: 10 });
    const [only] = await uploadAll(ctx.fake, done, fileBytes(10));
    assert.equal((await report(done, [only])).status, 200);
    const r = await call(ctx.fake, 'GET', '/assets/multipart-uploads?page_limit=1&page=2');
    valid('GET', '/assets/multipart-uploads', r);
    const body = r.body as { data: { upload_id: string; status: string; total_chunks: number }[]; page_info: { total_results: number } };
    assert.equal(body.page_info.total_results, 2, 'the completed one is not listed');
    assert.deepEqual(
      body.data.map((s) => [s.upload_id, s.status, s.total_chunks]),
      [[a.upload_id, 'active', 6]],
    );
    const first = (await call(ctx.fake, 'GET', '/assets/multipart-uploads')).body as { data: { upload_id: string }[] };
    assert.deepEqual(
      first.data.map((s) => s.upload_id),
      [b.upload_id, a.upload_id],
    );
    assert.equal((await call(ctx.fake, 'GET', '/assets/multipart-uploads?page_limit=51')).status, 400);
  });

  it('deleting the asset of an unfinished upload fails the session', async () => {
    const session = await createSession(ctx.fake, SESSION);
    assert.equal((await call(ctx.fake, 'DELETE', `/assets/${session.asset_id}`)).status, 200);
    assert.equal((await status(session)).status, 'failed');
    assert.equal((await put(session.upload_urls[0].url, chunkOf(file, 1024, 1))).status, 404);
  });
});

describe('fake server: multipart session expiry', () => {
  const clock = new Clock();
  const ctx = useAssetFake({ chunkSize: 1024, now: clock.now });
  const file = fileBytes(SESSION.total_size);

  async function expectExpired(session: Session): Promise<void> {
    const r = await call(ctx.fake, 'GET', `/assets/multipart-uploads/${session.upload_id}`);
    valid('GET', '/assets/multipart-uploads/{upload_id}', r);
    assert.equal((r.body as StatusBody).status, 'expired');
    const reported = await call(ctx.fake, 'POST', `/assets/multipart-uploads/${session.upload_id}`, {
      json: { completed_chunks: [{ chunk_index: 1, proof: 'x', proof_type: 'etag', chunk_size: 1024 }] },
    });
    assert.equal(reported.status, 400);
    assert.equal(errorBody(reported).code, 'upload_session_expired');
    valid('POST', '/assets/multipart-uploads/{upload_id}', reported);
    const more = await call(ctx.fake, 'POST', `/assets/multipart-uploads/${session.upload_id}/presigned-urls`, { json: { start: 1, count: 1 } });
    assert.equal(errorBody(more).code, 'upload_session_expired');
    const listed = (await call(ctx.fake, 'GET', '/assets/multipart-uploads')).body as { data: { upload_id: string; status: string }[] };
    assert.deepEqual(
      listed.data.map((s) => s.status),
      ['expired'],
    );
  }

  it('after 24 hours of the fake clock the session is expired: status says so, reports and URLs are refused', async () => {
    const session = await createSession(ctx.fake, SESSION);
    clock.advance(24 * 3600_000 - 1);
    assert.equal(ctx.fake.multipartSession(session.upload_id)?.status, 'active');
    clock.advance(1);
    await expectExpired(session);
  });

  it('expireUploadSession(id) expires it at once; its chunk PUTs get 404 NoSuchUpload', async () => {
    const session = await createSession(ctx.fake, SESSION);
    const urls = await allUrls(ctx.fake, session);
    ctx.fake.expireUploadSession(session.upload_id);
    await expectExpired(session);
    const r = await put(urls.get(1) ?? '', chunkOf(file, 1024, 1));
    assert.equal(r.status, 404);
    assert.match(r.text, /<Code>NoSuchUpload<\/Code>/);
    assert.throws(() => ctx.fake.expireUploadSession('0123456789abcdef01234567'));
  });
});

describe('fake server: faults while reporting chunks (the general injectFault)', () => {
  const ctx = useAssetFake({ chunkSize: 1024 });
  const file = fileBytes(SESSION.total_size);
  const reportPath = /^\/assets\/multipart-uploads\/[0-9a-f]{24}$/;

  it('a 503 on the report records nothing; the retry is processed', async () => {
    const session = await createSession(ctx.fake, SESSION);
    const reports = await uploadAll(ctx.fake, session, file);
    ctx.fake.injectFault({ kind: 'unavailable', method: 'POST', path: reportPath });
    const failed = await call(ctx.fake, 'POST', `/assets/multipart-uploads/${session.upload_id}`, { json: { completed_chunks: reports } });
    assert.equal(failed.status, 503);
    assert.equal(ctx.fake.multipartSession(session.upload_id)?.status, 'active');
    const retried = await call(ctx.fake, 'POST', `/assets/multipart-uploads/${session.upload_id}`, { json: { completed_chunks: reports } });
    assert.equal((retried.body as ReportAnswer).processed_chunks, 6);
  });

  it('a reset after the report was applied: the retry sees duplicates and the url', async () => {
    const session = await createSession(ctx.fake, SESSION);
    const reports = await uploadAll(ctx.fake, session, file);
    ctx.fake.injectFault({ kind: 'reset', method: 'POST', path: reportPath, afterResponse: true });
    await assert.rejects(call(ctx.fake, 'POST', `/assets/multipart-uploads/${session.upload_id}`, { json: { completed_chunks: reports } }));
    assert.equal(ctx.fake.multipartSession(session.upload_id)?.status, 'completed');
    const retried = (await call(ctx.fake, 'POST', `/assets/multipart-uploads/${session.upload_id}`, { json: { completed_chunks: reports } })).body as ReportAnswer;
    assert.deepEqual([retried.processed_chunks, retried.duplicate_chunks, typeof retried.url], [0, 6, 'string']);
  });
});
