// Faults and pacing that only make sense while a request body is still arriving: a connection reset
// part-way through an upload, upload-specific refusals, and a slow reader so that a test has time
// to cancel an upload of a small file.
import type { IncomingMessage } from 'node:http';
import { Transform, type TransformCallback } from 'node:stream';
import type { Outcome } from './http';
import { usageLimitExceeded, videoFileSizeTooLarge } from './tasks';

export type UploadFaultKind =
  /** Reads `afterBytes` of the body, then resets the TCP connection: no answer at all. */
  | 'resetMidBody'
  /** Reads the whole body, then answers 400 video_filesize_too_large whatever its size. */
  | 'videoFileSizeTooLarge'
  /** Reads the whole body, then answers 400 usage_limit_exceeded. */
  | 'usageLimitExceeded';

export interface UploadFaultSpec {
  kind: UploadFaultKind;
  /** Default 1; Infinity = until cleared. */
  times?: number;
  /** For resetMidBody; default 256 KiB. */
  afterBytes?: number;
}

/** Upload faults apply to `POST /tasks` only, in insertion order. */
export class UploadFaultQueue {
  private faults: { spec: UploadFaultSpec; remaining: number }[] = [];

  add(spec: UploadFaultSpec): void {
    const times = spec.times ?? 1;
    if (!(times > 0)) throw new RangeError(`fault times must be > 0, got ${String(spec.times)}`);
    this.faults.push({ spec: { ...spec }, remaining: times });
  }

  clear(): void {
    this.faults = [];
  }

  take(): UploadFaultSpec | undefined {
    const fault = this.faults[0];
    if (!fault) return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.faults.shift();
    return fault.spec;
  }
}

export function uploadFaultOutcome(spec: UploadFaultSpec, maxUploadBytes: number): Outcome | undefined {
  switch (spec.kind) {
    case 'videoFileSizeTooLarge':
      return videoFileSizeTooLarge(maxUploadBytes);
    case 'usageLimitExceeded':
      return usageLimitExceeded();
    case 'resetMidBody':
      return undefined;
  }
}

export const DEFAULT_RESET_AFTER_BYTES = 256 * 1024;

/** Counts the body until `afterBytes`, then resets the connection. Resolves with the bytes received. */
export function resetMidBody(req: IncomingMessage, afterBytes = DEFAULT_RESET_AFTER_BYTES): Promise<number> {
  return new Promise((resolve) => {
    let received = 0;
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      const socket = req.socket;
      if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
      else socket.destroy();
      resolve(received);
    };
    req.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received >= afterBytes) finish();
    });
    // A body shorter than the threshold: reset once it has all arrived, still without an answer.
    req.on('end', finish);
    req.on('error', finish);
  });
}

/** Passes bytes on no faster than `bytesPerSecond`, so backpressure slows the sender to that rate. */
export class Throttle extends Transform {
  private nextAt = Date.now();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly bytesPerSecond: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    const now = Date.now();
    this.nextAt = Math.max(this.nextAt, now) + (chunk.length / this.bytesPerSecond) * 1000;
    this.push(chunk);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      callback();
    }, Math.max(0, this.nextAt - now));
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    if (this.timer) clearTimeout(this.timer);
    callback(error);
  }
}
