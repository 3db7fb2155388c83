import * as assert from 'node:assert/strict';
import { TwelveLabsError } from '../../../src/api/errors';
import { rejection, startHarness, type Harness } from './helpers';
import { CANARY_KEY } from '../../canary';
import { isRetryable } from '../../../src/api/retry';

const MARENGO = { model_name: 'marengo3.0', model_options: ['visual', 'audio'] };

/** Every fault the fake can inject, and what the client must make of it. */
describe('TwelveLabsClient under faults (fake server over HTTP)', () => {
  let h: Harness;

  beforeEach(async () => {
    h = await startHarness({ fake: { seedIndexes: 3 }, timeoutMs: 400 });
  });
  afterEach(async () => {
    await h.fake.close();
  });

  const gets = () => h.fake.requests.filter((request) => request.method === 'GET').length;
  const posts = () => h.fake.requests.filter((request) => request.method === 'POST').length;

  describe('retried for GET, PUT and DELETE', () => {
    const transient = [
      { kind: 'rateLimited', status: 429 },
      { kind: 'rateLimitedRetryAfter', status: 429 },
      { kind: 'rateLimitedJson', status: 429 },
      { kind: 'badGateway', status: 502 },
      { kind: 'unavailable', status: 503 },
      { kind: 'gatewayTimeout', status: 504 },
    ] as const;

    for (const { kind, status } of transient) {
      it(`${kind} (${status}) once: GET succeeds on the second attempt`, async () => {
        h.fake.injectFault({ kind, retryAfterSeconds: 1 });
        const page = await h.client.listIndexes();
        assert.equal(page.data.length, 3);
        assert.equal(gets(), 2);
        assert.equal(h.clock.sleeps.length, 1);
      });

      it(`${kind} (${status}) for good: GET gives up after maxAttempts with the mapped error`, async () => {
        h.fake.injectFault({ kind, times: Infinity, retryAfterSeconds: 1 });
        const error = await rejection(() => h.client.listIndexes());
        assert.ok(error instanceof TwelveLabsError);
        assert.equal(error.status, status);
        assert.equal(isRetryable('GET', error), true);
        assert.equal(gets(), 4);
        assert.equal(h.clock.sleeps.length, 3);
      });

      it(`${kind} (${status}): POST /indexes is sent once and not retried`, async () => {
        h.fake.injectFault({ kind, retryAfterSeconds: 1 });
        const error = await rejection(() => h.client.createIndex({ name: `once-${kind}`, models: [MARENGO] }));
        assert.ok(error instanceof TwelveLabsError);
        assert.equal(error.status, status);
        assert.equal(posts(), 1);
        assert.equal(h.clock.sleeps.length, 0);
      });
    }

    it('retries PUT (rename) after a 503', async () => {
      const [index] = h.fake.listIndexes();
      h.fake.injectFault({ kind: 'unavailable', method: 'PUT' });
      await h.client.renameIndex(index._id, 'renamed-after-503');
      assert.equal(h.fake.requests.filter((request) => request.method === 'PUT').length, 2);
      assert.ok(h.fake.listIndexes().some((entry) => entry.index_name === 'renamed-after-503'));
    });

    it('retries DELETE after a 502', async () => {
      const [index] = h.fake.listIndexes();
      h.fake.injectFault({ kind: 'badGateway', method: 'DELETE' });
      await h.client.deleteIndex(index._id);
      assert.equal(h.fake.requests.filter((request) => request.method === 'DELETE').length, 2);
      assert.equal(h.fake.listIndexes().length, 2);
    });

    it('retries a GET whose connection was reset mid-body', async () => {
      h.fake.injectFault({ kind: 'reset' });
      const page = await h.client.listIndexes();
      assert.equal(page.data.length, 3);
      assert.equal(gets(), 2);
    });

    it('retries a GET that hung past the timeout', async () => {
      h.fake.injectFault({ kind: 'hang' });
      const page = await h.client.listIndexes();
      assert.equal(page.data.length, 3);
      assert.equal(gets(), 2);
    });

    it('retries connection refused, then reports kind network', async () => {
      const port = Number(new URL(h.fake.origin).port);
      await h.fake.close();
      const closed = await startHarness({ baseUrl: `http://127.0.0.1:${port}/v1.3` });
      try {
        const error = await rejection(() => closed.client.listIndexes());
        assert.ok(error instanceof TwelveLabsError);
        assert.equal(error.kind, 'network');
        assert.equal(error.code, 'ECONNREFUSED');
        assert.equal(closed.clock.sleeps.length, 3);
      } finally {
        await closed.fake.close();
      }
      h = await startHarness();
    });
  });

  describe('waiting', () => {
    it('honours Retry-After (seconds)', async () => {
      h.fake.injectFault({ kind: 'rateLimitedRetryAfter', retryAfterSeconds: 3 });
      await h.client.listIndexes();
      assert.equal(h.clock.sleeps.length, 1);
      assert.ok(h.clock.sleeps[0] >= 3000, `waited ${h.clock.sleeps[0]} ms`);
      assert.ok(h.clock.sleeps[0] <= 3300, `waited ${h.clock.sleeps[0]} ms`);
    });

    it('honours X-Ratelimit-Reset (epoch seconds)', async () => {
      h.fake.injectFault({ kind: 'rateLimitedJson', retryAfterSeconds: 5 });
      await h.client.listIndexes();
      assert.equal(h.clock.sleeps.length, 1);
      // The reset is a whole second, so the wait is between 4 and 5 seconds (plus jitter).
      assert.ok(h.clock.sleeps[0] >= 3900 && h.clock.sleeps[0] <= 5500, `waited ${h.clock.sleeps[0]} ms`);
    });

    it('backs off exponentially when the server gives no hint', async () => {
      h.fake.injectFault({ kind: 'badGateway', times: 3 });
      await h.client.listIndexes();
      // random() is 0.5 in the harness: half of 500, 1000, 2000.
      assert.deepEqual(h.clock.sleeps, [250, 500, 1000]);
    });

    it('gives up rather than wait past the total time budget', async () => {
      await h.fake.close();
      h = await startHarness({ fake: { seedIndexes: 1 }, retry: { maxTotalMs: 10_000 } });
      h.fake.injectFault({ kind: 'rateLimitedRetryAfter', retryAfterSeconds: 60 });
      const error = await rejection(() => h.client.listIndexes());
      assert.ok(error instanceof TwelveLabsError);
      assert.equal(error.status, 429);
      assert.equal(error.retryAfterMs, 60_000);
      assert.equal(h.clock.sleeps.length, 0);
      assert.equal(gets(), 1);
    });
  });

  describe('not retried', () => {
    const permanent = [
      { kind: 'unauthorized', status: 401, code: 'api_key_invalid' },
      { kind: 'forbidden', status: 403, code: 'read_not_allowed' },
      { kind: 'serverErrorHtml', status: 500, code: 'http_500' },
    ] as const;
    for (const { kind, status, code } of permanent) {
      it(`${kind} (${status}) is reported at once as ${code}`, async () => {
        h.fake.injectFault({ kind });
        const error = await rejection(() => h.client.listIndexes());
        assert.ok(error instanceof TwelveLabsError);
        assert.equal(error.kind, 'http');
        assert.equal(error.status, status);
        assert.equal(error.code, code);
        assert.equal(gets(), 1);
        assert.equal(h.clock.sleeps.length, 0);
      });
    }

    it('an HTML error page never reaches the message', async () => {
      h.fake.injectFault({ kind: 'serverErrorHtml' });
      const error = await rejection(() => h.client.listIndexes());
      assert.ok(error instanceof TwelveLabsError);
      assert.doesNotMatch(error.message, /<|html/i);
    });

    it('a 200 with malformed JSON is kind malformedResponse, sent once', async () => {
      h.fake.injectFault({ kind: 'malformedJson' });
      const error = await rejection(() => h.client.listIndexes());
      assert.ok(error instanceof TwelveLabsError);
      assert.equal(error.kind, 'malformedResponse');
      assert.equal(error.status, 200);
      assert.equal(gets(), 1);
    });

    it('a 401 calls onUnauthorized once, with the key that request carried', async () => {
      h.fake.injectFault({ kind: 'unauthorized' });
      await rejection(() => h.client.listIndexes());
      assert.deepEqual(h.unauthorizedKeys(), [CANARY_KEY]);
    });
  });

  describe('a POST that failed ambiguously is never repeated', () => {
    it('reset after the server created the index: one POST, kind noResponse, and the index exists', async () => {
      h.fake.injectFault({ kind: 'reset', method: 'POST', afterResponse: true });
      const error = await rejection(() => h.client.createIndex({ name: 'maybe-created', models: [MARENGO] }));
      assert.ok(error instanceof TwelveLabsError);
      assert.equal(error.kind, 'noResponse');
      assert.equal(posts(), 1);
      assert.ok(h.fake.listIndexes().some((index) => index.index_name === 'maybe-created'));
    });

    it('hang (timeout) on POST: one POST, kind noResponse', async () => {
      h.fake.injectFault({ kind: 'hang', method: 'POST', afterResponse: true });
      const error = await rejection(() => h.client.createIndex({ name: 'hung', models: [MARENGO] }));
      assert.ok(error instanceof TwelveLabsError);
      assert.equal(error.kind, 'noResponse');
      assert.equal(error.code, 'ETIMEDOUT');
      assert.equal(posts(), 1);
      assert.equal(h.clock.sleeps.length, 0);
    });

    it('reset before the server acted: still one POST', async () => {
      h.fake.injectFault({ kind: 'reset', method: 'POST' });
      await rejection(() => h.client.createIndex({ name: 'not-created', models: [MARENGO] }));
      assert.equal(posts(), 1);
    });
  });

  describe('keys', () => {
    it('refuses a missing key as kind noKey without sending anything', async () => {
      h.setKey(undefined);
      const error = await rejection(() => h.client.listIndexes());
      assert.ok(error instanceof TwelveLabsError);
      assert.equal(error.kind, 'noKey');
      assert.equal(error.code, 'api_key_missing');
      assert.equal(h.fake.requests.length, 0);
    });

    for (const [label, key] of [
      ['a line break', 'tlk_abc\r\nX-Injected: 1'],
      ['a non-ASCII character', 'tlk_abcdé1234567'],
      ['a NUL', 'tlk_abc\u0000def'],
      ['surrounding spaces', ' tlk_abcdef123456 '],
    ] as const) {
      it(`refuses a key with ${label} as kind noKey before sending`, async () => {
        h.setKey(key);
        const error = await rejection(() => h.client.listIndexes());
        assert.ok(error instanceof TwelveLabsError);
        assert.equal(error.kind, 'noKey');
        assert.equal(error.code, 'api_key_malformed');
        assert.ok(!error.message.includes(key.trim()));
        assert.equal(h.fake.requests.length, 0);
      });
    }

    it('validateKey refuses an unsendable candidate the same way', async () => {
      const error = await rejection(() => h.client.validateKey('tlk_bad\nkey'));
      assert.ok(error instanceof TwelveLabsError);
      assert.equal(error.kind, 'noKey');
      assert.equal(h.fake.requests.length, 0);
    });

    it('reads the key for each call, so a rotated key is used at once', async () => {
      await h.client.listIndexes();
      h.fake.addKey('tlk_rotated0000000000000');
      h.setKey('tlk_rotated0000000000000');
      await h.client.listIndexes();
      assert.equal(h.fake.requests[1].headers['x-api-key'], 'tlk_rotated0000000000000');
    });
  });
});
