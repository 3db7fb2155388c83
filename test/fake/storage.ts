// The storage origin that presigned chunk URLs point at: a second node:http server on its own port,
// standing in for the S3 bucket behind the real multipart uploads. It is a different origin on
// purpose, so a client that leaks its x-api-key to "wherever the URL points" is caught: every such
// request is recorded. It speaks S3's dialect (XML errors, quoted MD5 ETags) and never redirects.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { LoopbackOrigin, type ApiKeyRequest } from './loopback';
import { resetMidBody, Throttle } from './uploads';

/** What the platform knows about the chunk a URL names; the multipart book answers. */
export type ChunkTarget =
  | { kind: 'chunk'; size: number }
  /** Unknown, expired, completed or failed session: S3's NoSuchUpload. */
  | { kind: 'no-upload' }
  | { kind: 'no-chunk' };

export interface ChunkSink {
  target(uploadId: string, chunkIndex: number): ChunkTarget;
  /** A signed, unexpired PUT reached the chunk, whatever became of it. */
  attempted(uploadId: string, chunkIndex: number): void;
  stored(uploadId: string, chunkIndex: number, etag: string, bytes: number): void;
}

export type StorageFaultKind =
  /** Reads `afterBytes` (default 256 KiB) of the chunk, then resets the connection: no answer, nothing stored. */
  | 'chunkResetMidBody'
  /** The PUT is refused as if its URL had expired (403 AccessDenied "Request has expired"), whatever its expiry. */
  | 'chunkUrlExpired'
  /** Reads the chunk, stores nothing, answers `status` (500 InternalError, or 503 SlowDown). */
  | 'chunkServerError'
  /** Stores the chunk and answers 200 without an ETag header (as a bucket without CORS `ExposeHeaders` looks to a browser). */
  | 'chunkNoEtag';

export interface StorageFaultSpec {
  kind: StorageFaultKind;
  /** Default 1; Infinity = until cleared. */
  times?: number;
  /** Only PUTs for this upload session / this chunk (1-based) consume the fault. */
  uploadId?: string;
  chunkIndex?: number;
  /** chunkResetMidBody. */
  afterBytes?: number;
  /** chunkServerError; default 500. */
  status?: 500 | 503;
}

export interface StorageRequest {
  method: string;
  /** The path only: the signed query string stays out of the log. */
  path: string;
  /** The query's parameter names and values, except X-Amz-Signature's value. */
  query: Record<string, string>;
  /** Body bytes read (what arrived before a reset, for a reset). */
  bytes: number;
  /** Undefined when the connection was reset or dropped instead of answered. */
  status: number | undefined;
  uploadId?: string;
  chunkIndex?: number;
  /** The request carried an x-api-key header (it never should). */
  apiKey: boolean;
  /** What happened, in a word or two: 'stored', 'expired', 'bad signature', 'reset after N bytes'... */
  note: string;
}

export type StorageApiKeyRequest = ApiKeyRequest;

export interface StorageOriginOptions {
  now: () => Date;
  /** Presigned URL lifetime; default 3600 s ("URLs expire after one hour"). */
  urlTtlSeconds?: number;
  /** The spec: "Each URL can only be used once". A URL that stored a chunk is refused after that; default true. */
  singleUseUrls?: boolean;
  /** Headers the client must send with each PUT (the session's `upload_headers`); signed like S3's SignedHeaders. Default {}. */
  uploadHeaders?: Record<string, string>;
  throttleBytesPerSecond?: number;
  port?: number;
}

export const DEFAULT_URL_TTL_SECONDS = 3600;
const UPLOAD_PATH = /^\/uploads\/([0-9a-f]{24})\/(\d+)$/;
const SIGNATURE = 'X-Amz-Signature';
const REQUIRED_QUERY = ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Date', 'X-Amz-Expires', 'X-Amz-SignedHeaders', SIGNATURE];
/** Not AWS4-HMAC-SHA256: the signature is ours, and a client must treat the URL as opaque anyway. */
const ALGORITHM = 'FAKE-HMAC-SHA256';

/** S3's `X-Amz-Date` spelling: 20260501T120000Z. */
function amzDate(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

function parseAmzDate(value: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return undefined;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
  return Number.isNaN(ms) ? undefined : ms;
}

function escapeXml(s: string): string {
  return s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

export interface StorageAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
  note: string;
}

export function xmlError(status: number, code: string, message: string, note: string, extra: Record<string, string> = {}, headers: Record<string, string> = {}): StorageAnswer {
  const elements = Object.entries(extra)
    .map(([k, v]) => `<${k}>${escapeXml(v)}</${k}>`)
    .join('');
  const body =
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<Error><Code>${code}</Code><Message>${escapeXml(message)}</Message>${elements}<RequestId>${randomBytes(8).toString('hex').toUpperCase()}</RequestId></Error>`;
  return { status, headers: { 'Content-Type': 'application/xml', ...headers }, body, note };
}

class StorageFaultQueue {
  private faults: { spec: StorageFaultSpec; remaining: number }[] = [];

  add(spec: StorageFaultSpec): void {
    const times = spec.times ?? 1;
    if (!(times > 0)) throw new RangeError(`fault times must be > 0, got ${String(spec.times)}`);
    this.faults.push({ spec: { ...spec }, remaining: times });
  }

  clear(): void {
    this.faults = [];
  }

  /** The first matching fault among `kinds`, consumed once: a PUT refused before a fault applies leaves it queued. */
  take(uploadId: string, chunkIndex: number, kinds: readonly StorageFaultKind[]): StorageFaultSpec | undefined {
    const i = this.faults.findIndex(
      (f) =>
        kinds.includes(f.spec.kind) &&
        (f.spec.uploadId === undefined || f.spec.uploadId === uploadId) &&
        (f.spec.chunkIndex === undefined || f.spec.chunkIndex === chunkIndex),
    );
    if (i < 0) return undefined;
    const fault = this.faults[i];
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.faults.splice(i, 1);
    return fault.spec;
  }
}

export class StorageOrigin extends LoopbackOrigin<StorageRequest> {
  /** Set once the multipart book exists (the two refer to each other). */
  sink: ChunkSink | undefined;
  private readonly faults = new StorageFaultQueue();
  /** Credentials of URLs that stored a chunk: the spec's "Each URL can only be used once". */
  private readonly used = new Set<string>();
  private readonly secret = randomBytes(32);
  private readonly now: () => Date;
  private readonly ttlSeconds: number;
  private readonly singleUse: boolean;
  readonly uploadHeaders: Readonly<Record<string, string>>;
  throttleBytesPerSecond: number | undefined;
  /** Body bytes read so far, across requests, counted as they arrive (tests watch progress with it). */
  bytesReceived = 0;

  constructor(options: StorageOriginOptions) {
    super();
    this.now = options.now;
    this.ttlSeconds = options.urlTtlSeconds ?? DEFAULT_URL_TTL_SECONDS;
    this.singleUse = options.singleUseUrls ?? true;
    this.uploadHeaders = { ...(options.uploadHeaders ?? {}) };
    this.throttleBytesPerSecond = options.throttleBytesPerSecond;
  }

  protected serve(req: IncomingMessage, res: ServerResponse): void {
    this.handle(req, res).catch((error: unknown) => {
      console.error('[fake storage] request failed', error);
      res.destroy();
    });
  }

  injectFault(spec: StorageFaultSpec): void {
    this.faults.add(spec);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  private signedHeaderNames(): string {
    return ['host', ...Object.keys(this.uploadHeaders).map((h) => h.toLowerCase())].sort().join(';');
  }

  private sign(path: string, query: URLSearchParams): string {
    const text = ['PUT', path, ...REQUIRED_QUERY.filter((k) => k !== SIGNATURE).map((k) => `${k}=${query.get(k) ?? ''}`)].join('\n');
    return createHmac('sha256', this.secret).update(text).digest('hex');
  }

  /** A URL for one chunk PUT, valid `urlTtlSeconds` from now (second precision, as X-Amz-Date has). */
  presign(uploadId: string, chunkIndex: number): { url: string; expiresAt: number } {
    const issued = Math.floor(this.now().getTime() / 1000) * 1000;
    const path = `/uploads/${uploadId}/${chunkIndex}`;
    const query = new URLSearchParams({
      'X-Amz-Algorithm': ALGORITHM,
      'X-Amz-Credential': `FAKEKEY/${randomBytes(8).toString('hex')}`,
      'X-Amz-Date': amzDate(issued),
      'X-Amz-Expires': String(this.ttlSeconds),
      'X-Amz-SignedHeaders': this.signedHeaderNames(),
    });
    query.set(SIGNATURE, this.sign(path, query));
    return { url: `${this.origin}${path}?${query.toString()}`, expiresAt: issued + this.ttlSeconds * 1000 };
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const query: Record<string, string> = {};
    for (const [k, v] of url.searchParams) query[k] = k === SIGNATURE ? '[redacted]' : v;
    const apiKey = this.noteApiKey(method, url.pathname, req.headers);
    const entry: StorageRequest = { method, path: url.pathname, query, bytes: 0, status: undefined, apiKey, note: '' };
    this.requests.push(entry);

    const m = UPLOAD_PATH.exec(url.pathname);
    if (!m) {
      // /hls/<id>/index.m3u8, /thumbnails/<id>.jpg and /assets/<id>/... are reserved for media the
      // fake will serve later; for now every read is a NoSuchKey.
      const answer =
        method === 'GET' || method === 'HEAD'
          ? xmlError(404, 'NoSuchKey', 'The specified key does not exist.', 'no such key')
          : method === 'PUT'
            ? xmlError(403, 'AccessDenied', 'Access Denied', 'not an upload path')
            : xmlError(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.', 'method not allowed', {}, { Allow: 'GET, HEAD' });
      await this.answer(req, res, entry, answer);
      return;
    }
    const uploadId = m[1];
    const chunkIndex = Number(m[2]);
    entry.uploadId = uploadId;
    entry.chunkIndex = chunkIndex;
    if (method !== 'PUT') {
      await this.answer(req, res, entry, xmlError(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.', 'method not allowed', {}, { Allow: 'PUT' }));
      return;
    }

    const refusal = this.authorize(url, req.headers);
    if (refusal) {
      await this.answer(req, res, entry, refusal);
      return;
    }
    const expiredFault = this.faults.take(uploadId, chunkIndex, ['chunkUrlExpired']);
    const expiresAt = (parseAmzDate(url.searchParams.get('X-Amz-Date') ?? '') ?? 0) + Number(url.searchParams.get('X-Amz-Expires')) * 1000;
    const nowMs = this.now().getTime();
    if (expiredFault || nowMs > expiresAt) {
      await this.answer(
        req,
        res,
        entry,
        xmlError(403, 'AccessDenied', 'Request has expired', expiredFault ? 'expired (fault)' : 'expired', {
          'X-Amz-Expires': url.searchParams.get('X-Amz-Expires') ?? '',
          Expires: new Date(expiresAt).toISOString(),
          ServerTime: new Date(nowMs).toISOString(),
        }),
      );
      return;
    }
    const credential = url.searchParams.get('X-Amz-Credential') ?? '';
    if (this.singleUse && this.used.has(credential)) {
      // The spec's "Each URL can only be used once"; the S3 code for it is our choice [?].
      await this.answer(req, res, entry, xmlError(403, 'AccessDenied', 'This presigned URL has already been used. Request a new one.', 'url reused'));
      return;
    }
    const target = this.sink?.target(uploadId, chunkIndex) ?? { kind: 'no-upload' };
    if (target.kind !== 'chunk') {
      const answer =
        target.kind === 'no-upload'
          ? xmlError(404, 'NoSuchUpload', 'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.', 'no such upload')
          : xmlError(400, 'InvalidArgument', 'Part number must be an integer between 1 and the number of chunks of the session.', 'no such chunk');
      await this.answer(req, res, entry, answer);
      return;
    }
    // S3 refuses a PUT without a length (a chunked body) rather than guess.
    if (req.headers['content-length'] === undefined) {
      await this.answer(req, res, entry, xmlError(411, 'MissingContentLength', 'You must provide the Content-Length HTTP header.', 'no content-length'));
      return;
    }

    this.sink?.attempted(uploadId, chunkIndex);
    const fault = this.faults.take(uploadId, chunkIndex, ['chunkResetMidBody', 'chunkServerError', 'chunkNoEtag']);
    if (fault?.kind === 'chunkResetMidBody') {
      const received = await resetMidBody(req, fault.afterBytes);
      entry.bytes = received;
      this.bytesReceived += received;
      entry.note = `reset after ${received} bytes`;
      return;
    }
    const body = await this.readChunk(req, entry);
    if (!body) {
      entry.note = 'aborted by the client';
      return;
    }
    if (body.bytes !== target.size) {
      const small = body.bytes < target.size;
      await this.answer(
        req,
        res,
        entry,
        xmlError(
          400,
          small ? 'EntityTooSmall' : 'EntityTooLarge',
          `Your chunk is ${small ? 'smaller' : 'larger'} than the size of chunk ${chunkIndex} (${target.size} bytes).`,
          'wrong length',
          { ProposedSize: String(body.bytes), ExpectedSize: String(target.size) },
        ),
      );
      return;
    }
    if (fault?.kind === 'chunkServerError') {
      const answer =
        fault.status === 503
          ? xmlError(503, 'SlowDown', 'Please reduce your request rate.', 'server error (fault)')
          : xmlError(500, 'InternalError', 'We encountered an internal error. Please try again.', 'server error (fault)');
      await this.answer(req, res, entry, answer);
      return;
    }
    const etag = `"${body.md5}"`;
    this.sink?.stored(uploadId, chunkIndex, etag, body.bytes);
    this.used.add(credential);
    const headers: Record<string, string> = fault?.kind === 'chunkNoEtag' ? {} : { ETag: etag };
    await this.answer(req, res, entry, { status: 200, headers, body: '', note: fault?.kind === 'chunkNoEtag' ? 'stored, no etag (fault)' : 'stored' });
  }

  /** Signature, required parameters and signed headers; undefined when the request may proceed. */
  private authorize(url: URL, headers: IncomingHttpHeaders): StorageAnswer | undefined {
    const params = url.searchParams;
    if (!REQUIRED_QUERY.every((k) => params.has(k))) {
      return xmlError(403, 'AccessDenied', 'Query-string authentication requires the X-Amz-Signature, X-Amz-Date, X-Amz-Expires and X-Amz-Credential parameters.', 'unsigned');
    }
    const given = Buffer.from(params.get(SIGNATURE) ?? '', 'utf8');
    const expected = Buffer.from(this.sign(url.pathname, params), 'utf8');
    if (params.get('X-Amz-Algorithm') !== ALGORITHM || given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return xmlError(403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.', 'bad signature');
    }
    for (const [name, value] of Object.entries(this.uploadHeaders)) {
      const sent = headers[name.toLowerCase()];
      if ((Array.isArray(sent) ? sent[0] : sent) !== value) {
        return xmlError(403, 'SignatureDoesNotMatch', `The request signature we calculated does not match: the signed header ${name.toLowerCase()} is missing or different.`, 'signed header mismatch');
      }
    }
    return undefined;
  }

  /** Reads (and hashes) the body, through the throttle when one is set; undefined when the client went away. */
  private readChunk(req: IncomingMessage, entry: StorageRequest): Promise<{ bytes: number; md5: string } | undefined> {
    return new Promise((resolve) => {
      const hash = createHash('md5');
      let bytes = 0;
      let settled = false;
      const throttle = this.throttleBytesPerSecond ? new Throttle(this.throttleBytesPerSecond) : undefined;
      const source = throttle ? req.pipe(throttle) : req;
      const fail = (): void => {
        if (settled) return;
        settled = true;
        throttle?.destroy();
        resolve(undefined);
      };
      source.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        entry.bytes = bytes;
        this.bytesReceived += chunk.length;
        hash.update(chunk);
      });
      source.on('end', () => {
        if (settled) return;
        settled = true;
        resolve({ bytes, md5: hash.digest('hex') });
      });
      req.on('aborted', fail);
      req.on('error', fail);
    });
  }

  /** Drains what is left of the body first, so the client reads the answer instead of failing a write. */
  private async answer(req: IncomingMessage, res: ServerResponse, entry: StorageRequest, answer: StorageAnswer): Promise<void> {
    if (!req.complete) {
      await new Promise<void>((resolve) => {
        req.on('data', (chunk: Buffer) => {
          entry.bytes += chunk.length;
          this.bytesReceived += chunk.length;
        });
        req.on('end', resolve);
        req.on('error', () => resolve());
        req.on('aborted', () => resolve());
        req.resume();
      });
    }
    entry.note ||= answer.note;
    if (res.destroyed) return;
    entry.status = answer.status;
    const body = Buffer.from(answer.body);
    res.writeHead(answer.status, {
      ...answer.headers,
      'Content-Length': String(body.length),
      'x-amz-request-id': randomBytes(8).toString('hex').toUpperCase(),
    });
    res.end(body);
  }
}
