import * as http from 'node:http';
import * as https from 'node:https';
import type { Logger } from '../common/logging/logger';
import { Deadline } from './deadline';
import { TwelveLabsError } from './errors';
import { readBody } from './responseBody';
import { cancelledError } from './retry';
import { duration } from './upload';

/**
 * Chunk PUTs to presigned storage URLs: another origin, which must never see the API key. This is a
 * separate request path on purpose, not the API client's axios instance with a header removed:
 * plain `node:http`/`node:https` requests built from nothing, with only `upload_headers`, the
 * content type and the length. Node's client never follows redirects, and a 3xx is an error here,
 * so nothing can carry even these requests somewhere else. Log lines name the chunk and the URL's
 * origin and path, never its query (the signature).
 *
 * The body is a range of the file, read straight into a few buffers that are written to the
 * request and reused once each write is done: at most `BUFFERS_PER_PUT` × `BUFFER_BYTES` in memory
 * per PUT, no stream pipeline between the file and the socket, and no garbage to collect (with
 * 1 MiB stream chunks, the garbage collector and the stream hops cost more CPU than the copy, which
 * showed against curl on a two-core machine). A byte counts as sent once its write is done. A stall
 * timer restarts on every finished write; once the body is out, the answer gets one more stall
 * period in all. Nothing here retries: `put` says what the uploader should do next.
 */

/** What the uploader does after a failed PUT. */
export type PutAction =
  /** A reset, a stall, a 5xx or 429: the same URL may work (a presigned PUT is idempotent). */
  | 'retry'
  /** A 403 (expired or used URL, signature), or a 2xx without ETag: a fresh URL first. */
  | 'refresh'
  /** 404 NoSuchUpload: the session is gone (expired, completed, aborted). */
  | 'gone'
  /** Anything retrying cannot fix: a redirect, a 4xx, the file changed. */
  | 'fatal'
  | 'cancelled';

export type PutOutcome = { ok: true; etag: string } | { ok: false; action: PutAction; error: TwelveLabsError };

/** Where a chunk's bytes come from: a range of the open file. */
export interface ChunkBody {
  /** Reads `length` bytes at `offset` (within the chunk) into `buffer`; resolves with the count read. */
  read(buffer: Buffer, length: number, offset: number): Promise<number>;
  /** Resolves true when the file is still the one it was (size, time of change); asked after the last read. */
  unchanged(): Promise<boolean>;
  /** The typed error for a failed read. */
  problem(error: unknown): TwelveLabsError;
  /** The typed error for a file that turned out shorter, or changed. */
  changed(): TwelveLabsError;
}

export interface ChunkPut {
  /** 1-based, for messages and logs. */
  chunkIndex: number;
  url: string;
  /** The session's `upload_headers`. */
  headers: Readonly<Record<string, string>>;
  body: ChunkBody;
  length: number;
  signal: AbortSignal;
  stallMs: number;
  /** Bytes of the body handed to the connection, as their writes finish. */
  onBytes?: (bytes: number) => void;
}

/** Two buffers per PUT: one is read into while the other is written. */
const BUFFERS_PER_PUT = 2;
const BUFFER_BYTES = 512 * 1024;
const MAX_SPARE_BUFFERS = 16;

/** The largest storage answer read (S3's are under 1 KiB of XML). */
const MAX_STORAGE_ANSWER_BYTES = 64 * 1024;
/** S3 error codes are short CamelCase tokens. */
const STORAGE_CODE = /<Code>([A-Za-z0-9.]{1,64})<\/Code>/;
/** An ETag is a quoted token; anything else (line breaks, huge values) is not one. */
const ETAG = /^(W\/)?"?[\x21\x23-\x7e]{1,200}"?$/;

/** One per upload: keep-alive connections, at most `maxSockets` at once, closed by `destroy`. */
export class StorageClient {
  private readonly httpAgent: http.Agent;
  private readonly httpsAgent: https.Agent;
  /** Buffers whose writes are done, for the next PUT. */
  private readonly spare: Buffer[] = [];

  constructor(
    private readonly logger: Logger,
    maxSockets: number,
  ) {
    this.httpAgent = new http.Agent({ keepAlive: true, maxSockets });
    this.httpsAgent = new https.Agent({ keepAlive: true, maxSockets });
  }

  destroy(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
    this.spare.length = 0;
  }

  private buffer(): Buffer {
    return this.spare.pop() ?? Buffer.allocUnsafe(BUFFER_BYTES);
  }

  private giveBack(buffer: Buffer): void {
    if (this.spare.length < MAX_SPARE_BUFFERS) {
      this.spare.push(buffer);
    }
  }

  /** One PUT. Resolves with the ETag or what to do about the failure; never rejects. */
  put(chunk: ChunkPut): Promise<PutOutcome> {
    const url = new URL(chunk.url);
    const where = `${url.origin}${url.pathname}`;
    const started = Date.now();
    const log = (outcome: PutOutcome, sent: number): PutOutcome => {
      if (outcome.ok) {
        this.logger.trace(`PUT chunk ${chunk.chunkIndex} → ${where}: stored in ${Date.now() - started} ms`);
      } else if (outcome.action !== 'cancelled') {
        this.logger.debug(`PUT chunk ${chunk.chunkIndex} → ${where}: ${outcome.error.status || outcome.error.code} after ${Date.now() - started} ms, ${sent} of ${chunk.length} bytes sent`);
      }
      return outcome;
    };
    return new Promise((resolve) => {
      const deadline = new Deadline(chunk.stallMs, chunk.signal);
      let sent = 0;
      let settled = false;
      const settle = (outcome: PutOutcome): void => {
        if (settled) {
          return;
        }
        settled = true;
        deadline.signal.removeEventListener('abort', onAbort);
        deadline.dispose();
        for (const buffer of free.splice(0)) {
          this.giveBack(buffer);
        }
        resolve(log(outcome, sent));
      };
      const onAbort = (): void => {
        request.destroy();
        settle(stoppedOutcome());
      };
      const stoppedOutcome = (): PutOutcome =>
        deadline.expired
          ? { ok: false, action: 'retry', error: storageStalled(chunk.chunkIndex, chunk.stallMs) }
          : { ok: false, action: 'cancelled', error: cancelledError() };
      const fileFailed = (error: TwelveLabsError): void => {
        request.destroy();
        settle({ ok: false, action: 'fatal', error });
      };

      const headers: Record<string, string> = hasHeader(chunk.headers, 'content-type') ? { ...chunk.headers } : { 'Content-Type': 'application/octet-stream', ...chunk.headers };
      headers['Content-Length'] = String(chunk.length);
      const transport = url.protocol === 'https:' ? https : http;
      const request = transport.request(url, { method: 'PUT', headers, agent: url.protocol === 'https:' ? this.httpsAgent : this.httpAgent });

      // The body: read into a free buffer, write it, read the next into the other meanwhile.
      const free = Array.from({ length: BUFFERS_PER_PUT }, () => this.buffer());
      const release = (buffer: Buffer): void => {
        if (settled) {
          this.giveBack(buffer);
        } else {
          free.push(buffer);
        }
      };
      let offset = 0;
      let pumping = false;
      let bodyDone = false;
      const stopped = (): boolean => settled || bodyDone;
      const pump = (): void => {
        if (pumping || stopped()) {
          return;
        }
        pumping = true;
        void (async () => {
          while (!stopped() && offset < chunk.length && free.length > 0) {
            const buffer = free.pop() as Buffer;
            const wanted = Math.min(buffer.length, chunk.length - offset);
            let got: number;
            try {
              got = await chunk.body.read(buffer, wanted, offset);
            } catch (error) {
              fileFailed(chunk.body.problem(error));
              return;
            }
            if (got !== wanted) {
              fileFailed(chunk.body.changed());
              return;
            }
            if (stopped()) {
              release(buffer);
              return;
            }
            offset += got;
            request.write(got === buffer.length ? buffer : buffer.subarray(0, got), (error) => {
              // Reused only once its write is done (the socket writes from this very memory); after
              // a failed write it is left to the garbage collector.
              if (error) {
                return;
              }
              release(buffer);
              sent += got;
              deadline.restart(chunk.stallMs);
              chunk.onBytes?.(got);
              pump();
            });
          }
          if (!stopped() && offset === chunk.length) {
            // The last byte goes out only for the file it was read from (as upload.ts's SizeGuard).
            let same: boolean;
            try {
              same = await chunk.body.unchanged();
            } catch (error) {
              fileFailed(chunk.body.problem(error));
              return;
            }
            if (!same) {
              fileFailed(chunk.body.changed());
              return;
            }
            if (!stopped()) {
              bodyDone = true;
              request.end();
            }
          }
        })().finally(() => {
          pumping = false;
          if (!stopped() && offset < chunk.length && free.length > 0) {
            pump();
          }
        });
      };

      request.on('error', (error: NodeJS.ErrnoException) => {
        settle(deadline.signal.aborted ? stoppedOutcome() : { ok: false, action: 'retry', error: connectionFailed(chunk.chunkIndex, error.code) });
      });
      request.on('finish', () => {
        // The whole body is out: the answer gets one stall period in all.
        deadline.restart(chunk.stallMs);
      });
      request.on('response', (response: http.IncomingMessage) => {
        // An answer before the whole body (an early refusal) stops the sending; that connection is done for.
        const complete = bodyDone;
        bodyDone = true;
        deadline.restart(chunk.stallMs);
        void readBody(response, { maxBytes: MAX_STORAGE_ANSWER_BYTES, signal: deadline.signal }).then((body) => {
          if (!complete) {
            request.destroy();
          }
          if (body.kind === 'aborted') {
            settle(stoppedOutcome());
            return;
          }
          const status = response.statusCode ?? 0;
          if (status >= 200 && status < 300) {
            if (body.kind !== 'complete' && body.kind !== 'tooLarge') {
              settle({ ok: false, action: 'retry', error: connectionFailed(chunk.chunkIndex, 'response_incomplete') });
              return;
            }
            const etag = singleHeader(response.headers.etag);
            settle(etag !== undefined && ETAG.test(etag) ? { ok: true, etag } : { ok: false, action: 'refresh', error: etagMissing(chunk.chunkIndex) });
            return;
          }
          const code = body.kind === 'complete' ? STORAGE_CODE.exec(body.text)?.[1] : undefined;
          settle({ ok: false, action: actionFor(status, code), error: refused(chunk.chunkIndex, status, code) });
        });
      });

      if (deadline.signal.aborted) {
        onAbort();
        return;
      }
      deadline.signal.addEventListener('abort', onAbort, { once: true });
      pump();
    });
  }
}

function actionFor(status: number, code: string | undefined): PutAction {
  if (status >= 300 && status < 400) {
    return 'fatal';
  }
  if (status === 403) {
    return 'refresh';
  }
  if (status === 404 && (code === undefined || code === 'NoSuchUpload')) {
    return 'gone';
  }
  // S3 answers a body that came too slowly with 400 RequestTimeout.
  if (status === 408 || status === 429 || status >= 500 || code === 'RequestTimeout') {
    return 'retry';
  }
  return 'fatal';
}

function refused(chunkIndex: number, status: number, code: string | undefined): TwelveLabsError {
  if (status >= 300 && status < 400) {
    return new TwelveLabsError(
      'http',
      status,
      'storage_redirect',
      `The upload storage answered chunk ${chunkIndex} with a redirect (HTTP ${status}), which the extension does not follow; nothing more was sent there.`,
    );
  }
  const what = code ? `HTTP ${status} ${code}` : `HTTP ${status}`;
  return new TwelveLabsError('http', status, code ?? `storage_http_${status}`, `The upload storage refused chunk ${chunkIndex} (${what}).`);
}

const NOT_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);

function connectionFailed(chunkIndex: number, code: string | undefined): TwelveLabsError {
  const label = code ?? 'ERR_NETWORK';
  return NOT_CONNECTED.has(label)
    ? new TwelveLabsError('network', 0, label, `Could not connect to the upload storage (${label}).`)
    : new TwelveLabsError('noResponse', 0, label, `The connection to the upload storage failed while sending chunk ${chunkIndex} (${label}).`);
}

function storageStalled(chunkIndex: number, stallMs: number): TwelveLabsError {
  return new TwelveLabsError('noResponse', 0, 'upload_stalled', `The upload of chunk ${chunkIndex} made no progress for ${duration(stallMs)}.`);
}

function etagMissing(chunkIndex: number): TwelveLabsError {
  return new TwelveLabsError(
    'malformedResponse',
    200,
    'chunk_etag_missing',
    `The upload storage accepted chunk ${chunkIndex} without the ETag that proves it, so it cannot be reported.`,
  );
}

function hasHeader(headers: Readonly<Record<string, string>>, name: string): boolean {
  return Object.keys(headers).some((key) => key.toLowerCase() === name);
}

function singleHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
