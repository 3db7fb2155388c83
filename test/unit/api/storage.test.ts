import * as assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readMultipartSession, readPresignedUrlBatch, readUploadStatus, usableRemoteUrl } from '../../../src/api/assetShapes';
import { TwelveLabsError } from '../../../src/api/errors';
import { ShapeReport, type ShapeContext } from '../../../src/api/shapes';
import { StorageClient, type ChunkBody, type ChunkPut } from '../../../src/api/storage';
import { MemoryLogger } from '../fakes/logger';

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  bytes: number;
}

/** A bare storage stand-in: records each request, answers with `respond`. */
async function startStorage(respond: (res: ServerResponse, seen: Seen) => void): Promise<{ url: string; seen: Seen[]; close(): Promise<void> }> {
  const seen: Seen[] = [];
  const server: Server = createServer((req, res) => {
    const entry: Seen = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, bytes: 0 };
    seen.push(entry);
    req.on('data', (chunk: Buffer) => (entry.bytes += chunk.length));
    req.on('end', () => respond(res, entry));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A chunk body over bytes in memory. */
function bodyOf(bytes: Buffer, unchanged = true): ChunkBody {
  return {
    read: (buffer, length, offset) => Promise.resolve(bytes.copy(buffer, 0, offset, offset + length)),
    unchanged: () => Promise.resolve(unchanged),
    problem: () => new TwelveLabsError('file', 0, 'EIO', 'unreadable'),
    changed: () => new TwelveLabsError('file', 0, 'file_changed', 'changed'),
  };
}

function chunk(url: string, body: Buffer, extra: Partial<ChunkPut> = {}): ChunkPut {
  return {
    chunkIndex: 1,
    url,
    headers: {},
    body: bodyOf(body),
    length: body.length,
    signal: new AbortController().signal,
    stallMs: 2_000,
    ...extra,
  };
}

const context = (): ShapeContext => ({ report: new ShapeReport(), mask: (text) => text });

describe('StorageClient: chunk PUTs to presigned URLs', () => {
  const logger = new MemoryLogger();
  let storage: StorageClient;
  beforeEach(() => {
    storage = new StorageClient(logger, 2);
  });
  afterEach(() => storage.destroy());

  it('sends the body with its length, the upload headers and nothing else of ours (no key, no cookie, no auth)', async () => {
    const server = await startStorage((res) => {
      res.writeHead(200, { ETag: '"abc123"' });
      res.end();
    });
    try {
      const outcome = await storage.put(chunk(`${server.url}/bucket/key?X-Amz-Signature=deadbeef&X-Amz-Expires=60`, Buffer.alloc(1000, 1), { headers: { 'x-amz-acl': 'private' } }));
      assert.deepEqual(outcome, { ok: true, etag: '"abc123"' });
      const [request] = server.seen;
      assert.equal(request.method, 'PUT');
      assert.equal(request.bytes, 1000);
      assert.equal(request.headers['content-length'], '1000');
      assert.equal(request.headers['x-amz-acl'], 'private');
      assert.equal(request.headers['content-type'], 'application/octet-stream');
      assert.deepEqual(Object.keys(request.headers).sort(), ['connection', 'content-length', 'content-type', 'host', 'x-amz-acl']);
      assert.ok(!logger.lines.join('\n').includes('deadbeef'), 'the signature is not logged');
      assert.ok(logger.lines.some((line) => line.includes(`PUT chunk 1 → ${server.url}/bucket/key: stored`)));
    } finally {
      await server.close();
    }
  });

  it('a body of several buffers arrives whole and in order; progress counts every byte', async () => {
    const received: Buffer[] = [];
    const echo = createServer((req, res) => {
      req.on('data', (piece: Buffer) => received.push(piece));
      req.on('end', () => {
        res.writeHead(200, { ETag: '"e"' });
        res.end();
      });
    });
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
    try {
      const bytes = Buffer.alloc(3 * 1024 * 1024 + 7);
      for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7 + (i >> 10)) & 0xff;
      let counted = 0;
      const outcome = await storage.put(chunk(`http://127.0.0.1:${(echo.address() as AddressInfo).port}/k`, bytes, { onBytes: (n) => (counted += n) }));
      assert.ok(outcome.ok);
      assert.ok(Buffer.concat(received).equals(bytes), 'the bytes arrived intact');
      assert.equal(counted, bytes.length);
    } finally {
      echo.closeAllConnections();
      await new Promise<void>((resolve) => echo.close(() => resolve()));
    }
  });

  it('a file that changed by its last byte: fatal file error, the body never completed', async () => {
    const server = await startStorage((res) => {
      res.writeHead(200, { ETag: '"e"' });
      res.end();
    });
    try {
      const bytes = Buffer.alloc(2 * 1024 * 1024);
      const outcome = await storage.put({ ...chunk(`${server.url}/k`, bytes), body: bodyOf(bytes, false) });
      assert.ok(!outcome.ok && outcome.action === 'fatal' && outcome.error.code === 'file_changed', JSON.stringify(outcome));
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.ok((server.seen[0]?.bytes ?? 0) < bytes.length, 'the storage never got the whole body');
    } finally {
      await server.close();
    }
  });

  it('a redirect is an error and is not followed: the other host sees nothing', async () => {
    const elsewhere = await startStorage((res) => {
      res.writeHead(200, { ETag: '"x"' });
      res.end();
    });
    const server = await startStorage((res) => {
      res.writeHead(307, { Location: `${elsewhere.url}/steal` });
      res.end();
    });
    try {
      const outcome = await storage.put(chunk(`${server.url}/k?sig=1`, Buffer.alloc(10)));
      assert.equal(outcome.ok, false);
      assert.ok(!outcome.ok && outcome.action === 'fatal' && outcome.error.code === 'storage_redirect' && outcome.error.status === 307);
      assert.equal(elsewhere.seen.length, 0);
    } finally {
      await server.close();
      await elsewhere.close();
    }
  });

  for (const [status, body, action, code] of [
    [403, '<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>', 'refresh', 'AccessDenied'],
    [404, '<Error><Code>NoSuchUpload</Code></Error>', 'gone', 'NoSuchUpload'],
    [500, '<Error><Code>InternalError</Code></Error>', 'retry', 'InternalError'],
    [503, '', 'retry', 'storage_http_503'],
    [400, '<Error><Code>RequestTimeout</Code></Error>', 'retry', 'RequestTimeout'],
    [400, '<Error><Code>EntityTooSmall</Code></Error>', 'fatal', 'EntityTooSmall'],
    [200, '', 'refresh', 'chunk_etag_missing'],
  ] as const) {
    it(`HTTP ${status} ${code}: ${action}`, async () => {
      const server = await startStorage((res) => {
        res.writeHead(status, { 'Content-Type': 'application/xml' });
        res.end(body);
      });
      try {
        const outcome = await storage.put(chunk(`${server.url}/k?s=1`, Buffer.alloc(10)));
        assert.ok(!outcome.ok);
        assert.equal(outcome.action, action);
        assert.equal(outcome.error.code, code);
        assert.doesNotMatch(outcome.error.message, /127\.0\.0\.1|s=1/);
      } finally {
        await server.close();
      }
    });
  }

  it('a server that never answers: the stall timeout ends the PUT (retry, upload_stalled)', async () => {
    const server = await startStorage(() => undefined);
    try {
      const started = Date.now();
      const outcome = await storage.put(chunk(`${server.url}/k`, Buffer.alloc(10), { stallMs: 150 }));
      assert.ok(!outcome.ok && outcome.action === 'retry' && outcome.error.code === 'upload_stalled');
      assert.ok(Date.now() - started < 1_000);
    } finally {
      await server.close();
    }
  });

  it('a refused connection is a network error to retry; an abort is cancelled at once', async () => {
    const refused = await storage.put(chunk('http://127.0.0.1:1/k', Buffer.alloc(10)));
    assert.ok(!refused.ok && refused.action === 'retry' && refused.error.kind === 'network' && refused.error.code === 'ECONNREFUSED');
    const server = await startStorage(() => undefined);
    try {
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 50);
      const started = Date.now();
      const outcome = await storage.put(chunk(`${server.url}/k`, Buffer.alloc(10), { signal: controller.signal }));
      assert.ok(!outcome.ok && outcome.action === 'cancelled');
      assert.ok(Date.now() - started < 500);
    } finally {
      await server.close();
    }
  });
});

describe('assetShapes: the multipart answers the upload acts on', () => {
  const good = {
    upload_id: '0123456789abcdef01234567',
    asset_id: 'abcdef0123456789abcdef01',
    upload_urls: [{ chunk_index: 1, url: 'https://storage.example.com/u/1?X-Amz-Signature=s', expires_at: '2026-05-01T13:00:00Z' }],
    upload_headers: { 'x-amz-server-side-encryption': 'AES256' },
    chunk_size: 100,
    total_chunks: 3,
    expires_at: '2026-05-02T12:00:00Z',
  };

  it('keeps a well-formed session', () => {
    assert.deepEqual(readMultipartSession(structuredClone(good), context(), 250), good);
  });

  it('refuses a session it could not drive: ids that are not plain tokens, a chunk count that does not split the size, non-integer sizes', () => {
    for (const change of [
      { upload_id: '../../etc' },
      { asset_id: 7 },
      { total_chunks: 2 },
      { chunk_size: 0 },
      { chunk_size: 99.5 },
      { upload_urls: 'https://x' },
    ]) {
      assert.equal(readMultipartSession({ ...good, ...change }, context(), 250), undefined, JSON.stringify(change));
    }
  });

  it('drops URLs it will not use (plain http elsewhere, credentials, out of range) and headers that could change the request', () => {
    const ctx = context();
    const session = readMultipartSession(
      {
        ...good,
        upload_urls: [
          ...good.upload_urls,
          { chunk_index: 2, url: 'http://storage.example.com/u/2' },
          { chunk_index: 2, url: 'https://user:pass@storage.example.com/u/2' },
          { chunk_index: 4, url: 'https://storage.example.com/u/4' },
          { chunk_index: 3, url: 'http://127.0.0.1:9/u/3' },
        ],
        upload_headers: { 'X-Ok': 'yes', 'Content-Length': '1', 'x-api-key': 'k', 'X-Bad': 'a\r\nx-api-key: b', 'Bad Name': 'v', 'X-Num': 5 },
      },
      ctx,
      250,
    );
    assert.ok(session);
    assert.deepEqual(
      session.upload_urls.map((u) => u.chunk_index),
      [1, 3],
    );
    assert.deepEqual(session.upload_headers, { 'X-Ok': 'yes' });
    assert.deepEqual([...ctx.report.droppedFields].sort(), ['upload_headers', 'upload_urls']);
    assert.equal(usableRemoteUrl('javascript:alert(1)'), false);
  });

  it('fresh URLs outside the range asked for are dropped; a status page needs its chunk list', () => {
    const batch = readPresignedUrlBatch({ upload_urls: [{ chunk_index: 4, url: 'https://s.example.com/4' }, { chunk_index: 9, url: 'https://s.example.com/9' }] }, context(), { first: 4, last: 5 });
    assert.deepEqual(
      batch?.upload_urls.map((u) => u.chunk_index),
      [4],
    );
    assert.equal(readUploadStatus({ status: 'active' }, context(), { page: 1, limit: 50 }), undefined);
    const status = readUploadStatus({ status: 'active', uploaded_chunks: [{ index: 1, status: 'completed' }, { index: 'two', status: 'pending' }, null] }, context(), { page: 1, limit: 50 });
    assert.deepEqual(
      status?.uploaded_chunks.map((c) => c.index),
      [1],
    );
    assert.equal(status?.page_info.total_page, 1);
  });
});
