import type { Readable } from 'node:stream';

/**
 * Reads an answer body from the stream axios hands over (`responseType: 'stream'`). Done here and not
 * by axios, because axios reports a body cut short by a clean close as an error carrying the 200
 * response (so it looked like "HTTP 200"), and stops watching the AbortSignal once the headers are
 * in, so a body that drips forever was never given up on.
 */

/** The largest answer body the client reads. The biggest real answers (a page of 50 indexes) are tens of KiB. */
export const MAX_RESPONSE_BYTES = 4 * 1024 * 1024;

export type BodyOutcome =
  | { kind: 'complete'; text: string }
  /** Longer than allowed, as announced by Content-Length or as counted; reading stopped there. */
  | { kind: 'tooLarge' }
  /** The stream failed or closed before its end: a reset, or a clean close short of Content-Length or of the last chunk. */
  | { kind: 'incomplete' }
  /** The signal fired first. */
  | { kind: 'aborted' };

export interface BodyLimits {
  maxBytes: number;
  signal: AbortSignal;
  /** The Content-Length header, when there is one. */
  announcedBytes?: number;
}

/** Never rejects. Whatever the outcome, the stream is either read to its end or destroyed (which frees the connection). */
export function readBody(stream: Readable, limits: BodyLimits): Promise<BodyOutcome> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let received = 0;
    let settled = false;
    const finish = (outcome: BodyOutcome): void => {
      if (settled) {
        return;
      }
      settled = true;
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('close', onClose);
      limits.signal.removeEventListener('abort', onAbort);
      if (outcome.kind !== 'complete') {
        stream.destroy();
      }
      resolve(outcome);
    };
    const onData = (chunk: Buffer | string): void => {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      received += bytes.length;
      if (received > limits.maxBytes) {
        finish({ kind: 'tooLarge' });
        return;
      }
      chunks.push(bytes);
    };
    // An IncomingMessage knows whether it got every byte it was promised; a decompressing stream reports a cut as an error instead.
    const onEnd = (): void => finish(isCut(stream) ? { kind: 'incomplete' } : { kind: 'complete', text: decode(chunks) });
    const onClose = (): void => finish({ kind: 'incomplete' });
    const onAbort = (): void => finish({ kind: 'aborted' });

    // Errors end in 'close' (handled above); this listener only keeps an error from being unhandled, including after we settle.
    stream.on('error', () => undefined);
    if (limits.signal.aborted) {
      onAbort();
      return;
    }
    // Gone before we got to read it: a close right behind the headers.
    if (stream.destroyed) {
      onClose();
      return;
    }
    if (limits.announcedBytes !== undefined && limits.announcedBytes > limits.maxBytes) {
      finish({ kind: 'tooLarge' });
      return;
    }
    limits.signal.addEventListener('abort', onAbort, { once: true });
    stream.on('data', onData);
    stream.on('end', onEnd);
    stream.on('close', onClose);
  });
}

function isCut(stream: Readable): boolean {
  return (stream as { complete?: unknown }).complete === false;
}

function decode(chunks: Buffer[]): string {
  const text = Buffer.concat(chunks).toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Content-Length as a number, when it is one. */
export function announcedLength(headers: unknown): number | undefined {
  const value = typeof headers === 'object' && headers !== null ? (headers as Record<string, unknown>)['content-length'] : undefined;
  const length = typeof value === 'string' || typeof value === 'number' ? Number(value) : Number.NaN;
  return Number.isFinite(length) && length >= 0 ? length : undefined;
}
