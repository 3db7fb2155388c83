import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { startFakeServer } from '../../fake/server';
import { chunkOf, Clock, createSession, fetchRaw, fileBytes, md5Etag, put, useAssetFake, type Session } from './assetHelpers';
import { call, KEY } from './helpers';

const CHUNK = 1024;
const SESSION = { filename: 'movie.mp4', type: 'video', total_size: 3 * CHUNK + 10 };

function withQuery(url: string, change: (q: URLSearchParams) => void): string {
  const u = new URL(url);
  change(u.searchParams);
  return u.toString();
}

describe('fake storage origin: chunk PUTs', () => {
  const clock = new Clock();
  const ctx = useAssetFake({ chunkSize: CHUNK, initialUploadUrls: 4, now: clock.now });
  const file = fileBytes(SESSION.total_size);
  let session: Session;
  const url = (index: number) => session.upload_urls[index - 1].url;

  beforeEach(async () => {
    session = await createSession(ctx.fake, SESSION);
  });

  it('stores a chunk and answers 200 with the quoted MD5 as ETag; the log has the path but not the signature', async () => {
    const body = chunkOf(file, CHUNK, 1);
    const r = await put(url(1), body);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.headers.etag, md5Etag(body));
    assert.equal(r.text, '');
    const [entry] = ctx.fake.storage.requests;
    assert.deepEqual(
      { method: entry.method, path: entry.path, bytes: entry.bytes, status: entry.status, chunk: entry.chunkIndex, apiKey: entry.apiKey, note: entry.note },
      { method: 'PUT', path: `/uploads/${session.upload_id}/1`, bytes: CHUNK, status: 200, chunk: 1, apiKey: false, note: 'stored' },
    );
    assert.equal(entry.query['X-Amz-Signature'], '[redacted]');
    assert.ok(!JSON.stringify(ctx.fake.storage.requests).includes(new URL(url(1)).searchParams.get('X-Amz-Signature') ?? 'x'));
    const chunk = ctx.fake.multipartSession(session.upload_id)?.chunks[0];
    assert.deepEqual([chunk?.putsStored, chunk?.bytesStored, chunk?.etag, chunk?.status], [1, CHUNK, md5Etag(body), 'pending']);
  });

  it('the last chunk may be smaller; any other length is refused with 400 EntityTooSmall / EntityTooLarge', async () => {
    assert.equal((await put(url(4), chunkOf(file, CHUNK, 4))).status, 200, 'the 10-byte last chunk');
    const small = await put(url(1), Buffer.alloc(CHUNK - 1));
    assert.equal(small.status, 400);
    assert.match(small.text, /<Code>EntityTooSmall<\/Code>/);
    assert.equal(small.headers['content-type'], 'application/xml');
    const large = await put(url(2), Buffer.alloc(CHUNK + 1));
    assert.equal(large.status, 400);
    assert.match(large.text, /<Code>EntityTooLarge<\/Code>/);
    const chunks = ctx.fake.multipartSession(session.upload_id)?.chunks;
    assert.deepEqual(
      chunks?.map((c) => [c.putAttempts, c.putsStored]),
      [
        [1, 0],
        [1, 0],
        [0, 0],
        [1, 1],
      ],
    );
  });

  it('records every request that carries an x-api-key (and still stores the chunk, as S3 would)', async () => {
    assert.deepEqual(ctx.fake.storage.requestsWithApiKey(), []);
    await put(url(1), chunkOf(file, CHUNK, 1));
    assert.deepEqual(ctx.fake.storage.requestsWithApiKey(), [], 'a clean PUT is not recorded');
    const r = await put(url(2), chunkOf(file, CHUNK, 2), { 'x-api-key': KEY });
    assert.equal(r.status, 200);
    await fetchRaw(`${ctx.fake.storageOrigin}/hls/abc/index.m3u8`).catch(() => undefined);
    const leaked = ctx.fake.storage.requestsWithApiKey();
    assert.deepEqual(
      leaked.map((l) => [l.method, l.path, l.headers['x-api-key']]),
      [['PUT', `/uploads/${session.upload_id}/2`, KEY]],
    );
    assert.equal(ctx.fake.storage.requests.filter((e) => e.apiKey).length, 1);
    assert.ok(!r.text.includes(KEY) && !JSON.stringify(r.headers).includes(KEY), 'never echoed');
  });

  it('a tampered signature, a URL moved to another chunk, or a missing parameter: 403, nothing stored', async () => {
    const tampered = withQuery(url(1), (q) => q.set('X-Amz-Signature', '0'.repeat(64)));
    const moved = url(1).replace(`/uploads/${session.upload_id}/1?`, `/uploads/${session.upload_id}/2?`);
    const longer = withQuery(url(1), (q) => q.set('X-Amz-Expires', '999999'));
    const unsigned = withQuery(url(1), (q) => q.delete('X-Amz-Signature'));
    for (const [bad, code] of [
      [tampered, 'SignatureDoesNotMatch'],
      [moved, 'SignatureDoesNotMatch'],
      [longer, 'SignatureDoesNotMatch'],
      [unsigned, 'AccessDenied'],
    ]) {
      const r = await put(bad, chunkOf(file, CHUNK, 1));
      assert.equal(r.status, 403, bad);
      assert.match(r.text, new RegExp(`<Code>${code}</Code>`));
    }
    assert.deepEqual(
      ctx.fake.multipartSession(session.upload_id)?.chunks.map((c) => c.putAttempts + c.putsStored),
      [0, 0, 0, 0],
    );
  });

  it('an expired URL (the fake clock past X-Amz-Expires): 403 AccessDenied "Request has expired"; a fresh URL works', async () => {
    clock.advance(3600_000);
    assert.equal((await put(url(1), chunkOf(file, CHUNK, 1))).status, 200, 'valid up to its last second');
    clock.advance(1001);
    const r = await put(url(2), chunkOf(file, CHUNK, 2));
    assert.equal(r.status, 403);
    assert.match(r.text, /<Code>AccessDenied<\/Code><Message>Request has expired<\/Message>/);
    assert.match(r.text, /<ServerTime>/);
    const fresh = await call(ctx.fake, 'POST', `/assets/multipart-uploads/${session.upload_id}/presigned-urls`, { json: { start: 2, count: 1 } });
    const [renewed] = (fresh.body as { upload_urls: { url: string }[] }).upload_urls;
    assert.equal((await put(renewed.url, chunkOf(file, CHUNK, 2))).status, 200);
  });

  it('a URL is used once: a second PUT after it stored a chunk gets 403', async () => {
    assert.equal((await put(url(1), chunkOf(file, CHUNK, 1))).status, 200);
    const again = await put(url(1), chunkOf(file, CHUNK, 1));
    assert.equal(again.status, 403);
    assert.match(again.text, /already been used/);
    assert.equal(ctx.fake.multipartSession(session.upload_id)?.chunks[0].putsStored, 1);
  });

  it('a PUT without Content-Length (chunked) is refused with 411 MissingContentLength', async () => {
    const r = await put(url(1), chunkOf(file, CHUNK, 1), {}, { chunked: true });
    assert.equal(r.status, 411);
    assert.match(r.text, /MissingContentLength/);
  });

  it('accepts PUT only, reserves /hls, /thumbnails and /assets for reads (404 for now), and never redirects', async () => {
    const get = await fetchRaw(url(1));
    assert.equal(get.status, 405);
    assert.equal(get.headers.allow, 'PUT');
    assert.equal(get.headers.location, undefined);
    for (const path of ['/hls/0123456789abcdef01234567/index.m3u8', '/thumbnails/0123456789abcdef01234567.jpg', `/assets/${session.asset_id}/movie.mp4`]) {
      const r = await fetchRaw(`${ctx.fake.storageOrigin}${path}`);
      assert.equal(r.status, 404, path);
      assert.match(r.text, /NoSuchKey/);
    }
    assert.equal((await fetchRaw(`${ctx.fake.storageOrigin}/anything`, 'DELETE')).status, 405);
    assert.equal((await put(`${ctx.fake.storageOrigin}/elsewhere`, Buffer.alloc(1))).status, 403);
    assert.ok(
      ctx.fake.storage.requests.every((e) => e.status === undefined || e.status < 300 || e.status >= 400),
      'no 3xx',
    );
  });

  it('the storage origin closes with the fake', async () => {
    const fake = await startFakeServer({ validKeys: [KEY] });
    const origin = fake.storageOrigin;
    assert.equal((await fetchRaw(`${origin}/x`)).status, 404);
    await fake.close();
    await assert.rejects(fetchRaw(`${origin}/x`), (e: NodeJS.ErrnoException) => e.code === 'ECONNREFUSED');
  });
});

describe('fake storage origin: upload_headers', () => {
  const ctx = useAssetFake({ chunkSize: CHUNK, uploadHeaders: { 'Content-Type': 'application/octet-stream', 'x-amz-server-side-encryption': 'AES256' } });

  it('the session announces them, and a PUT without them is refused as a signature mismatch', async () => {
    const session = await createSession(ctx.fake, SESSION);
    assert.deepEqual(session.upload_headers, { 'Content-Type': 'application/octet-stream', 'x-amz-server-side-encryption': 'AES256' });
    assert.match(session.upload_urls[0].url, /X-Amz-SignedHeaders=content-type%3Bhost%3Bx-amz-server-side-encryption/);
    const body = fileBytes(CHUNK);
    const missing = await put(session.upload_urls[0].url, body);
    assert.equal(missing.status, 403);
    assert.match(missing.text, /SignatureDoesNotMatch/);
    const ok = await put(session.upload_urls[0].url, body, session.upload_headers);
    assert.equal(ok.status, 200, ok.text);
  });
});

describe('fake storage origin: faults and throttle', () => {
  const ctx = useAssetFake({ chunkSize: 64 * 1024, initialUploadUrls: 4 });
  const file = fileBytes(3 * 64 * 1024);
  let session: Session;
  const url = (index: number) => session.upload_urls[index - 1].url;
  const chunk = (index: number) => chunkOf(file, 64 * 1024, index);

  beforeEach(async () => {
    session = await createSession(ctx.fake, { filename: 'f.mp4', type: 'video', total_size: file.length });
  });

  it('chunkResetMidBody: the connection is reset after N bytes, nothing stored; the same URL works after', async () => {
    ctx.fake.injectStorageFault({ kind: 'chunkResetMidBody', afterBytes: 16 * 1024, chunkIndex: 2 });
    assert.equal((await put(url(1), chunk(1))).status, 200, 'another chunk does not consume it');
    await assert.rejects(put(url(2), chunk(2)), (e: NodeJS.ErrnoException) => ['ECONNRESET', 'EPIPE'].includes(e.code ?? ''));
    const entry = ctx.fake.storage.requests.at(-1);
    assert.equal(entry?.status, undefined);
    assert.match(entry?.note ?? '', /^reset after \d+ bytes$/);
    const state = ctx.fake.multipartSession(session.upload_id)?.chunks[1];
    assert.deepEqual([state?.putAttempts, state?.putsStored], [1, 0]);
    assert.equal((await put(url(2), chunk(2))).status, 200, 'once only, and the unused URL is still good');
  });

  it('chunkUrlExpired: the next PUT is refused as expired, the one after is not', async () => {
    ctx.fake.injectStorageFault({ kind: 'chunkUrlExpired' });
    const r = await put(url(1), chunk(1));
    assert.equal(r.status, 403);
    assert.match(r.text, /Request has expired/);
    assert.equal((await put(url(1), chunk(1))).status, 200);
  });

  it('chunkServerError: 500 InternalError or 503 SlowDown, nothing stored', async () => {
    ctx.fake.injectStorageFault({ kind: 'chunkServerError' });
    ctx.fake.injectStorageFault({ kind: 'chunkServerError', status: 503 });
    const first = await put(url(1), chunk(1));
    assert.equal(first.status, 500);
    assert.match(first.text, /InternalError/);
    const second = await put(url(1), chunk(1));
    assert.equal(second.status, 503);
    assert.match(second.text, /SlowDown/);
    assert.equal(ctx.fake.multipartSession(session.upload_id)?.chunks[0].putsStored, 0);
    assert.equal((await put(url(1), chunk(1))).status, 200);
  });

  it('chunkNoEtag: 200 without an ETag header, the chunk stored all the same', async () => {
    ctx.fake.injectStorageFault({ kind: 'chunkNoEtag' });
    const r = await put(url(1), chunk(1));
    assert.equal(r.status, 200);
    assert.equal(r.headers.etag, undefined);
    assert.equal(ctx.fake.multipartSession(session.upload_id)?.chunks[0].etag, md5Etag(chunk(1)));
  });

  it('clearFaults() drops storage faults too', async () => {
    ctx.fake.injectStorageFault({ kind: 'chunkServerError', times: Infinity });
    ctx.fake.clearFaults();
    assert.equal((await put(url(1), chunk(1))).status, 200);
  });

  it('setStorageThrottle slows the reading of chunks, and bytesReceived shows the progress meanwhile', async () => {
    ctx.fake.setStorageThrottle(128 * 1024);
    const started = Date.now();
    const pending = put(url(1), chunk(1));
    await sleep(150);
    const midway = ctx.fake.storage.bytesReceived;
    assert.ok(midway > 0 && midway < 64 * 1024, `midway ${midway}`);
    assert.equal((await pending).status, 200);
    assert.ok(Date.now() - started >= 300, `took ${Date.now() - started} ms`);
    assert.equal(ctx.fake.storage.bytesReceived, 64 * 1024);
    ctx.fake.setStorageThrottle(undefined);
  });

  it('a client that gives up mid-chunk leaves nothing stored', async () => {
    ctx.fake.setStorageThrottle(64 * 1024);
    await new Promise<void>((resolve) => {
      const req = httpRequest(url(1), { method: 'PUT', headers: { 'content-length': String(64 * 1024) }, agent: false });
      req.on('error', () => resolve());
      req.write(chunk(1).subarray(0, 8 * 1024));
      setTimeout(() => {
        req.destroy();
        resolve();
      }, 50);
    });
    for (let i = 0; i < 50 && ctx.fake.storage.requests.at(-1)?.note === ''; i++) await sleep(10);
    assert.equal(ctx.fake.storage.requests.at(-1)?.note, 'aborted by the client');
    assert.equal(ctx.fake.multipartSession(session.upload_id)?.chunks[0].putsStored, 0);
  });
});

describe('fake server CLI: storage origin', () => {
  it('prints the storage origin beside the url', async () => {
    const cli = join(__dirname, '..', '..', 'fake', 'cli.js');
    const child = spawn(process.execPath, [cli, '--key', 'tlk_cli'], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const lines = createInterface({ input: child.stdout });
      const [line] = (await once(lines, 'line')) as [string];
      const { url, storageOrigin } = JSON.parse(line) as { url: string; storageOrigin: string };
      assert.match(storageOrigin, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.notEqual(new URL(storageOrigin).port, new URL(url).port);
      assert.equal((await fetch(`${storageOrigin}/hls/x/index.m3u8`)).status, 404);
      const exited = once(child, 'exit') as Promise<[number | null, string | null]>;
      child.kill('SIGTERM');
      const [code] = await exited;
      assert.equal(code, 0);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });
});
