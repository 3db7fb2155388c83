import type { Logger } from '../common/logging/logger';
import { RETRYABLE_STATUSES, TwelveLabsError } from './errors';
import type { RetryPolicy } from './ports';

/**
 * Retries for idempotent calls only. GET, PUT and DELETE are retried on 429, 502, 503, 504 and on
 * connection failures, with exponential backoff and full jitter, honouring the server's
 * `Retry-After` / `X-Ratelimit-Reset`, bounded in attempts and in total time. A POST is never
 * repeated here: a POST that failed without an answer may have created something, and only the
 * caller can find out (Create Index looks the name up first).
 */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  maxTotalMs: 30_000,
};

/** Time and chance, injectable so that tests run without waiting and without flakiness. */
export interface RetryClock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** In [0, 1). */
  random(): number;
}

export const systemClock: RetryClock = {
  now: () => Date.now(),
  sleep: abortableSleep,
  random: () => Math.random(),
};

const IDEMPOTENT: ReadonlySet<HttpMethod> = new Set<HttpMethod>(['GET', 'PUT', 'DELETE']);

export function isIdempotent(method: HttpMethod): boolean {
  return IDEMPOTENT.has(method);
}

/** Whether this failure of this method may be retried at all (the budget is checked separately). */
export function isRetryable(method: HttpMethod, error: TwelveLabsError): boolean {
  return isIdempotent(method) && isTransient(error);
}

/** A failure the same request may get past later: a rate limit, an overloaded gateway, a lost connection. */
export function isTransient(error: TwelveLabsError): boolean {
  if (error.kind === 'http') {
    return RETRYABLE_STATUSES.has(error.status);
  }
  return error.kind === 'network' || error.kind === 'noResponse';
}

/**
 * The wait before retry number `retry` (1 for the first retry). Without a server hint: full jitter over
 * `base * 2^(retry-1)`, capped at `maxDelayMs`. With one: the server's wait plus up to 10% jitter so
 * that parallel callers do not return in lockstep.
 */
export function backoffDelay(retry: number, policy: RetryPolicy, random: number, serverWaitMs?: number): number {
  if (serverWaitMs !== undefined) {
    return Math.round(serverWaitMs + serverWaitMs * 0.1 * random);
  }
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.round(ceiling * random);
}

export interface RetryContext {
  method: HttpMethod;
  /** For log lines; never includes the query string (it may hold a name the user typed, not a secret, but still). */
  label: string;
  policy: RetryPolicy;
  clock: RetryClock;
  logger: Logger;
  signal?: AbortSignal;
  /**
   * Overrides `isRetryable` for calls that are safe to repeat although their method is not (a POST
   * that reports multipart chunks: the server counts a repeat as duplicates).
   */
  retryable?: (error: TwelveLabsError) => boolean;
}

/** Runs `attempt` until it succeeds, fails for good, or the policy's count or time budget runs out. */
export async function withRetry<T>(attempt: (attemptNumber: number) => Promise<T>, context: RetryContext): Promise<T> {
  const { policy, clock, method, label, logger, signal } = context;
  const retryable = context.retryable ?? ((error: TwelveLabsError) => isRetryable(method, error));
  const started = clock.now();
  for (let attemptNumber = 1; ; attemptNumber++) {
    try {
      return await attempt(attemptNumber);
    } catch (error) {
      if (!(error instanceof TwelveLabsError) || error.isCancelled || !retryable(error) || attemptNumber >= policy.maxAttempts) {
        throw error;
      }
      const delay = backoffDelay(attemptNumber, policy, clock.random(), error.retryAfterMs);
      const elapsed = clock.now() - started;
      if (elapsed + delay > policy.maxTotalMs) {
        logger.debug(`${method} ${label}: not retrying, a ${delay} ms wait would exceed the ${policy.maxTotalMs} ms budget`);
        throw error;
      }
      logger.debug(`${method} ${label}: ${error.code} (attempt ${attemptNumber}), retrying in ${delay} ms`);
      if (signal?.aborted) {
        throw cancelledError();
      }
      await clock.sleep(delay, signal);
      if (signal?.aborted) {
        throw cancelledError();
      }
    }
  }
}

export function cancelledError(): TwelveLabsError {
  return new TwelveLabsError('cancelled', 0, 'cancelled', 'The request was cancelled.');
}

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) {
      resolve();
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
