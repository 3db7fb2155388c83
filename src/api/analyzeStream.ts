import type { Readable } from 'node:stream';
import type { AxiosInstance, AxiosResponse } from 'axios';
import type { Logger } from '../common/logging/logger';
import { readAnalyzeEvent } from './analyzeShapes';
import { AnalyzeStreamIncompleteError, type AnalyzeEvent } from './analyzeTypes';
import { Deadline } from './deadline';
import { answerText, malformedAnswer, maskSecrets, timedOut, toTwelveLabsError } from './errorMapping';
import { TwelveLabsError } from './errors';
import type { RetryPolicy } from './ports';
import { announcedLength, readBody } from './responseBody';
import { cancelledError, withRetry, type RetryClock } from './retry';
import { ShapeReport, type ShapeContext } from './shapes';

/**
 * A streamed `POST /analyze`: `streamAnalysis` opens it (`openAnalyzeStream` per attempt, with
 * retries) and reads the NDJSON body with `readAnalyzeEvents` ("Parse each line of the response as a
 * separate JSON object"), yielding each event as soon as its line is complete. Loaded only through
 * the client, like upload.ts (its axios import is for types only).
 *
 * - Lines are split on the byte `\n`, which never occurs inside a UTF-8 sequence, so a character
 *   split across two chunks is decoded whole; `\r\n`, blank lines and a missing last newline are fine.
 * - Memory is bounded: the partial line is at most `maxLineBytes` (longer is a wrong-shape error),
 *   and the whole body at most `maxStreamBytes` (an endless stream is stopped there). The text kept
 *   for AnalyzeStreamIncompleteError is part of that body, so bounded by the same figure.
 * - `idleTimeoutMs` counts only while waiting for the server: time the caller spends between two
 *   `next()` calls is not idleness. A connection that drips, or hangs, is given up with ETIMEDOUT.
 * - The caller's signal destroys the connection at once, whether or not the caller is waiting.
 * - The stream ends normally after `stream_end`; a body that ends, or breaks, before it is
 *   AnalyzeStreamIncompleteError with the text so far.
 * Whatever happens, and when the caller stops iterating early, the response stream is destroyed.
 */

/** The longest single event line: an event carries a fragment of text, far below this. */
export const MAX_ANALYZE_LINE_BYTES = 1024 * 1024;
/**
 * The longest whole stream. Pegasus 1.5 answers at most 98,304 tokens: even one event per token at
 * ~100 bytes each is under 10 MiB, so only a broken or hostile server gets near this.
 */
export const MAX_ANALYZE_STREAM_BYTES = 32 * 1024 * 1024;

export interface AnalyzeStreamReadOptions {
  idleTimeoutMs: number;
  signal?: AbortSignal;
  /** Shape problems are noted here; `mask` scrubs the key from text kept in errors. */
  context: ShapeContext;
  maxLineBytes?: number;
  maxStreamBytes?: number;
  /** Told of each event of a type the spec does not list (it is skipped). */
  onUnknownEvent?: (eventType: string) => void;
}

/** An error answer of a streamed request is read for its code and message, up to this much. */
const MAX_ERROR_BODY_BYTES = 64 * 1024;

/** Server-sent names (event types, finish reasons) are logged only when they look like names. */
const PLAIN_NAME = /^[A-Za-z0-9_.-]{1,64}$/;

/** What a streamed analysis needs of the client (as upload.ts's UploadContext). */
export interface AnalyzeStreamContext {
  http: AxiosInstance;
  key: string;
  logger: Logger;
  now: () => number;
  /** Told which key the server refused, so a key rotated meanwhile is not blamed. */
  onUnauthorized?: (keyUsed: string) => void;
  /** How long an error answer's body may take to arrive: the client's ordinary timeout. */
  errorBodyTimeoutMs: number;
  policy: RetryPolicy;
  clock: RetryClock;
  /** Logs what the events' shapes got wrong, once the stream is over. */
  reportShapes: (label: string, context: ShapeContext) => void;
}

/**
 * The whole streamed analysis: opened with retries (`retryable` decides which failures; only before
 * any event), then its events, with one log line at the end saying how it went.
 */
export async function* streamAnalysis(
  ctx: AnalyzeStreamContext,
  body: Record<string, unknown>,
  options: { idleTimeoutMs: number; signal?: AbortSignal; retryable: (error: TwelveLabsError) => boolean },
): AsyncGenerator<AnalyzeEvent, void, undefined> {
  const { key, logger } = ctx;
  const { idleTimeoutMs, signal } = options;
  const started = Date.now();
  const stream = await withRetry((attempt) => openAnalyzeStream(ctx, body, { idleTimeoutMs, signal, attempt }), {
    method: 'POST',
    label: '/analyze',
    policy: ctx.policy,
    clock: ctx.clock,
    logger,
    signal,
    retryable: options.retryable,
  });
  const shapes: ShapeContext = { report: new ShapeReport(), mask: (text) => maskSecrets(text, key) };
  const name = (text: string): string => (PLAIN_NAME.test(text) ? maskSecrets(text, key) : '(not a plain name)');
  let events = 0;
  let outcome = 'no stream_end';
  try {
    const reading = readAnalyzeEvents(stream, {
      idleTimeoutMs,
      signal,
      context: shapes,
      onUnknownEvent: (type) => logger.debug(`POST /analyze: skipped an event of unknown type ${name(type)}`),
    });
    for await (const event of reading) {
      events++;
      if (event.kind === 'end') {
        outcome = `finish_reason ${name(event.finishReason)}`;
      }
      yield event;
    }
  } catch (error) {
    const mapped = toTwelveLabsError(error, { key, now: ctx.now(), aborted: signal?.aborted });
    outcome = mapped.code;
    throw mapped;
  } finally {
    ctx.reportShapes('POST /analyze', shapes);
    logger.debug(`POST /analyze stream: ${events} event(s), ${outcome}, in ${Date.now() - started} ms`);
  }
}

/**
 * One attempt at `POST /analyze` with `stream: true`: the 2xx body to read with readAnalyzeEvents,
 * or the TwelveLabsError the answer amounts to. The wait for the headers counts as idle time. An
 * error answer arrives as a stream as well: it is read, bounded and in the client's time, for its
 * code and message, and mapped as every other error.
 */
export async function openAnalyzeStream(
  ctx: AnalyzeStreamContext,
  body: Record<string, unknown>,
  options: { idleTimeoutMs: number; signal?: AbortSignal; attempt: number },
): Promise<Readable> {
  const { key } = ctx;
  const { signal } = options;
  const started = Date.now();
  const deadline = new Deadline(options.idleTimeoutMs, signal);
  try {
    let response: AxiosResponse<Readable>;
    try {
      response = await ctx.http.request<Readable>({ method: 'POST', url: '/analyze', data: body, signal: deadline.signal, headers: { 'x-api-key': key } });
    } catch (error) {
      throw deadline.expired ? timedOut() : toTwelveLabsError(error, { key, now: ctx.now(), aborted: signal?.aborted });
    }
    if (response.status >= 200 && response.status < 300) {
      ctx.logger.trace(`POST /analyze → ${response.status} in ${Date.now() - started} ms, streaming`);
      return response.data;
    }
    deadline.restart(ctx.errorBodyTimeoutMs);
    const outcome = await readBody(response.data, { maxBytes: MAX_ERROR_BODY_BYTES, signal: deadline.signal, announcedBytes: announcedLength(response.headers) });
    answerText('POST', { status: response.status, headers: response.headers, body: outcome }, { key, now: ctx.now(), expired: deadline.expired, timeout: timedOut });
    throw malformedAnswer(response.status);
  } catch (error) {
    const mapped = toTwelveLabsError(error, { key, now: ctx.now(), aborted: signal?.aborted });
    ctx.logger.debug(`POST /analyze → ${mapped.status || mapped.code} in ${Date.now() - started} ms (attempt ${options.attempt})`);
    if (mapped.status === 401) {
      ctx.onUnauthorized?.(key);
    }
    throw mapped;
  } finally {
    deadline.dispose();
  }
}

type Stop = 'idle' | 'aborted';

export async function* readAnalyzeEvents(body: Readable, options: AnalyzeStreamReadOptions): AsyncGenerator<AnalyzeEvent, void, undefined> {
  const maxLine = options.maxLineBytes ?? MAX_ANALYZE_LINE_BYTES;
  const maxStream = options.maxStreamBytes ?? MAX_ANALYZE_STREAM_BYTES;
  const signal = options.signal;
  let stop: Stop | undefined;
  const onAbort = (): void => {
    stop ??= 'aborted';
    body.destroy();
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  const chunks = new ChunkPuller(body);
  const texts: string[] = [];
  let generationId: string | undefined;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let received = 0;
  let first = true;

  /** The event of one complete line; undefined for a blank line or an event type we skip. */
  const parseLine = (bytes: Buffer): AnalyzeEvent | undefined => {
    let line = bytes.toString('utf8');
    if (first) {
      first = false;
      if (line.charCodeAt(0) === 0xfeff) {
        line = line.slice(1);
      }
    }
    line = line.trim();
    if (line === '') {
      return undefined;
    }
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw malformedAnswer(200);
    }
    const reading = readAnalyzeEvent(value, options.context);
    if (reading.kind === 'malformed') {
      throw malformedAnswer(200);
    }
    if (reading.kind === 'unknown') {
      options.onUnknownEvent?.(reading.eventType);
      return undefined;
    }
    const event = reading.event;
    if (event.kind === 'start') {
      generationId ??= event.generationId || undefined;
    } else if (event.kind === 'text') {
      texts.push(event.text);
    }
    return event;
  };

  const incomplete = (): AnalyzeStreamIncompleteError => new AnalyzeStreamIncompleteError(options.context.mask(texts.join('')), generationId);

  try {
    if (signal?.aborted) {
      throw cancelledError();
    }
    for (;;) {
      const next = await chunks.next(options.idleTimeoutMs, () => {
        stop ??= 'idle';
        body.destroy();
      });
      if (stop === 'aborted' || signal?.aborted) {
        throw cancelledError();
      }
      if (stop === 'idle') {
        throw stalled(options.idleTimeoutMs);
      }
      if (next === 'cut') {
        throw incomplete();
      }
      if (next === 'end') {
        // NDJSON may omit the last newline: what is left is the last line.
        const event = pendingBytes > 0 ? parseLine(Buffer.concat(pending)) : undefined;
        pending = [];
        pendingBytes = 0;
        if (event) {
          yield event;
          if (event.kind === 'end') {
            return;
          }
        }
        throw incomplete();
      }
      received += next.length;
      if (received > maxStream) {
        throw streamTooLong(maxStream);
      }
      let start = 0;
      for (let newline = next.indexOf(0x0a, start); newline >= 0; newline = next.indexOf(0x0a, start)) {
        const piece = next.subarray(start, newline);
        start = newline + 1;
        if (pendingBytes + piece.length > maxLine) {
          throw lineTooLong(maxLine);
        }
        const line = pendingBytes > 0 ? Buffer.concat([...pending, piece]) : piece;
        pending = [];
        pendingBytes = 0;
        const event = parseLine(line);
        if (event) {
          yield event;
          if (event.kind === 'end') {
            return;
          }
          if (stop === 'aborted' || signal?.aborted) {
            throw cancelledError();
          }
        }
      }
      if (start < next.length) {
        // A copy: a slice would keep the whole chunk alive while the line waits for its end.
        const rest = Buffer.from(next.subarray(start));
        pendingBytes += rest.length;
        if (pendingBytes > maxLine) {
          throw lineTooLong(maxLine);
        }
        pending.push(rest);
      }
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    if (!body.readableEnded) {
      body.destroy();
    }
  }
}

/**
 * Pulls chunks off the body with `read()`, not with the stream's async iterator: the iterator stops
 * returning data once the stream is destroyed, so bytes that arrived just before a reset or a FIN
 * were lost, while `read()` still hands out what is buffered. Only the bytes the reader asked for are
 * taken, so a caller that stops pulling leaves the rest to the stream's own backpressure.
 */
class ChunkPuller {
  private wake: (() => void) | undefined;
  private failed = false;

  constructor(private readonly body: Readable) {
    const poke = (): void => {
      const wake = this.wake;
      this.wake = undefined;
      wake?.();
    };
    body.on('readable', poke);
    body.on('end', poke);
    body.on('close', poke);
    // Also keeps an error arriving after the reader is done from being unhandled.
    body.on('error', () => {
      this.failed = true;
      poke();
    });
  }

  /**
   * The next chunk; `end` when the body finished as it should (all of a Content-Length, or the last
   * chunk of a chunked body); `cut` when it broke or closed short, or when nothing came for `idleMs`
   * (then `onIdle` is called first).
   */
  async next(idleMs: number, onIdle: () => void): Promise<Buffer | 'end' | 'cut'> {
    for (;;) {
      const chunk = this.body.read() as Buffer | string | null;
      if (chunk !== null) {
        return typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      }
      if (this.body.readableEnded) {
        // An IncomingMessage knows whether it got every byte it was promised; a decompressing stream reports a cut as an error instead.
        return (this.body as { complete?: unknown }).complete === false ? 'cut' : 'end';
      }
      if (this.body.destroyed || this.failed) {
        return 'cut';
      }
      const idle = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => {
          this.wake = undefined;
          resolve(true);
        }, idleMs);
        this.wake = () => {
          clearTimeout(timer);
          resolve(false);
        };
      });
      if (idle) {
        onIdle();
        return 'cut';
      }
    }
  }
}

function stalled(idleMs: number): TwelveLabsError {
  return new TwelveLabsError('noResponse', 0, 'ETIMEDOUT', `The analysis stalled: nothing arrived from the Twelve Labs API for ${Math.round(idleMs / 1000)} s.`);
}

function lineTooLong(maxLine: number): TwelveLabsError {
  return new TwelveLabsError(
    'malformedResponse',
    200,
    'malformed_response',
    `The Twelve Labs API sent a streamed event over ${Math.round(maxLine / 1024)} KiB, which the extension does not read.`,
  );
}

function streamTooLong(maxStream: number): TwelveLabsError {
  return new TwelveLabsError(
    'malformedResponse',
    200,
    'response_too_large',
    `The Twelve Labs API streamed more than ${Math.round(maxStream / (1024 * 1024))} MiB for one analysis, so the extension stopped reading it.`,
  );
}
