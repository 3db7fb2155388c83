import * as assert from 'node:assert/strict';
import { TwelveLabsError } from '../../../src/api/errors';
import { silentLogger } from '../../../src/common/logging/logger';
import { DEFAULT_RETRY_POLICY, backoffDelay, isRetryable, withRetry, type RetryClock } from '../../../src/api/retry';
import type { RetryPolicy } from '../../../src/api/ports';

function httpError(status: number, retryAfterMs?: number): TwelveLabsError {
  return new TwelveLabsError('http', status, `http_${status}`, `HTTP ${status}`, retryAfterMs);
}

/** A clock whose time moves only when the retry loop sleeps. */
function fakeClock(random = 1): RetryClock & { sleeps: number[] } {
  let now = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    random: () => random,
    sleep: (ms) => {
      sleeps.push(ms);
      now += ms;
      return Promise.resolve();
    },
  };
}

describe('retry policy', () => {
  it('retries only GET, PUT and DELETE, only on 429/502/503/504 and connection failures', () => {
    for (const status of [429, 502, 503, 504]) {
      assert.equal(isRetryable('GET', httpError(status)), true);
      assert.equal(isRetryable('PUT', httpError(status)), true);
      assert.equal(isRetryable('DELETE', httpError(status)), true);
      assert.equal(isRetryable('POST', httpError(status)), false);
    }
    for (const status of [400, 401, 403, 404, 500]) {
      assert.equal(isRetryable('GET', httpError(status)), false);
    }
    const network = new TwelveLabsError('network', 0, 'ECONNREFUSED', 'refused');
    const noResponse = new TwelveLabsError('noResponse', 0, 'ECONNRESET', 'reset');
    assert.equal(isRetryable('GET', network), true);
    assert.equal(isRetryable('GET', noResponse), true);
    assert.equal(isRetryable('POST', network), false);
    assert.equal(isRetryable('POST', noResponse), false);
    assert.equal(isRetryable('GET', new TwelveLabsError('cancelled', 0, 'cancelled', 'x')), false);
    assert.equal(isRetryable('GET', new TwelveLabsError('malformedResponse', 200, 'm', 'x')), false);
  });

  it('grows exponentially, caps at maxDelayMs, and jitters over [0, ceiling)', () => {
    const policy: RetryPolicy = { maxAttempts: 10, baseDelayMs: 100, maxDelayMs: 1000, maxTotalMs: 1e9 };
    assert.deepEqual(
      [1, 2, 3, 4, 5, 6].map((retry) => backoffDelay(retry, policy, 1)),
      [100, 200, 400, 800, 1000, 1000],
    );
    assert.equal(backoffDelay(3, policy, 0), 0);
    assert.equal(backoffDelay(3, policy, 0.5), 200);
  });

  it('waits at least what the server asked for, plus at most 10% jitter', () => {
    assert.equal(backoffDelay(1, DEFAULT_RETRY_POLICY, 0, 5000), 5000);
    assert.equal(backoffDelay(1, DEFAULT_RETRY_POLICY, 1, 5000), 5500);
  });

  it('stops after maxAttempts', async () => {
    const clock = fakeClock();
    let calls = 0;
    await assert.rejects(
      withRetry(
        () => {
          calls++;
          return Promise.reject(httpError(503));
        },
        { method: 'GET', label: '/x', policy: { ...DEFAULT_RETRY_POLICY, maxAttempts: 3 }, clock, logger: silentLogger },
      ),
      (error: unknown) => error instanceof TwelveLabsError && error.status === 503,
    );
    assert.equal(calls, 3);
    assert.equal(clock.sleeps.length, 2);
  });

  it('stops when the next wait would exceed the total budget', async () => {
    const clock = fakeClock(1);
    let calls = 0;
    await assert.rejects(
      withRetry(
        () => {
          calls++;
          return Promise.reject(httpError(502));
        },
        {
          method: 'GET',
          label: '/x',
          policy: { maxAttempts: 100, baseDelayMs: 1000, maxDelayMs: 100_000, maxTotalMs: 10_000 },
          clock,
          logger: silentLogger,
        },
      ),
    );
    // 1000 + 2000 + 4000 = 7000; the next 8000 would pass 10 000.
    assert.deepEqual(clock.sleeps, [1000, 2000, 4000]);
    assert.equal(calls, 4);
  });

  it('never repeats a POST', async () => {
    const clock = fakeClock();
    let calls = 0;
    await assert.rejects(
      withRetry(
        () => {
          calls++;
          return Promise.reject(new TwelveLabsError('noResponse', 0, 'ECONNRESET', 'reset'));
        },
        { method: 'POST', label: '/indexes', policy: DEFAULT_RETRY_POLICY, clock, logger: silentLogger },
      ),
    );
    assert.equal(calls, 1);
  });

  it('stops waiting when the signal fires', async () => {
    const controller = new AbortController();
    const clock = fakeClock();
    clock.sleep = () => {
      controller.abort();
      return Promise.resolve();
    };
    await assert.rejects(
      withRetry(() => Promise.reject(httpError(503)), {
        method: 'GET',
        label: '/x',
        policy: DEFAULT_RETRY_POLICY,
        clock,
        logger: silentLogger,
        signal: controller.signal,
      }),
      (error: unknown) => error instanceof TwelveLabsError && error.kind === 'cancelled',
    );
  });
});
