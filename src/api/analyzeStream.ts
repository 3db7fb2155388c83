import type { Readable } from 'node:stream';
import { readAnalyzeEvent } from './analyzeShapes';
import { AnalyzeStreamIncompleteError, type AnalyzeEvent } from './analyzeTypes';
import { malformedAnswer } from './errorMapping';
import { TwelveLabsError } from './errors';
import { cancelledError } from './retry';
import type { ShapeContext } from './shapes';

/**
 * Reads the NDJSON body of a streamed `POST /analyze` ("Parse each line of the response as a
 * separate JSON object") into events, yielding each as soon as its line is complete.
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
  // Errors surface through the iterator; this keeps one arriving after we stopped listening from being unhandled.
  body.on('error', () => undefined);
  const chunks = body[Symbol.asyncIterator]() as AsyncIterator<Buffer | string>;
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
      const next = await nextChunk(chunks, body, options.idleTimeoutMs, (reason) => {
        stop ??= reason;
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
 * The next chunk as a Buffer; `end` when the body finished as it should (all of a Content-Length, or
 * the last chunk of a chunked body); `cut` when it broke or closed short. `onStop('idle')` and a
 * destroyed stream when nothing came for `idleMs`.
 */
async function nextChunk(chunks: AsyncIterator<Buffer | string>, body: Readable, idleMs: number, onStop: (reason: Stop) => void): Promise<Buffer | 'end' | 'cut'> {
  const timer = setTimeout(() => {
    onStop('idle');
    body.destroy();
  }, idleMs);
  try {
    const result = await chunks.next();
    if (result.done) {
      // An IncomingMessage knows whether it got every byte it was promised; a decompressing stream reports a cut as an error instead.
      return (body as { complete?: unknown }).complete === false ? 'cut' : 'end';
    }
    const value = result.value;
    return typeof value === 'string' ? Buffer.from(value) : value;
  } catch {
    return 'cut';
  } finally {
    clearTimeout(timer);
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
