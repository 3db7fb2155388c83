import assert from 'node:assert/strict';
import { setImmediate as nextTick } from 'node:timers/promises';
import { startFakeServer } from '../../fake/server';
import { validateErrorBody } from '../../fake/openapi';
import { call, errorBody, FIXED_NOW, KEY, useFake, VALID_CREATE } from './helpers';

/** Resolves once the fake has logged `count` requests, i.e. has received and parsed them. */
async function untilLogged(fake: { requests: unknown[] }, count: number): Promise<void> {
  while (fake.requests.length < count) await nextTick();
}

describe('fake server: faults', () => {
  const ctx = useFake({ now: () => FIXED_NOW, seedIndexes: 2 });

  it('unauthorized: 401 api_key_invalid even for a valid key', async () => {
    ctx.fake.injectFault({ kind: 'unauthorized' });
    const r = await call(ctx.fake, 'GET', '/indexes');
    assert.equal(r.status, 401);
    assert.equal(errorBody(r).code, 'api_key_invalid');
    assert.deepEqual(validateErrorBody(r.body), []);
  });

  it('forbidden: 403 read_not_allowed', async () => {
    ctx.fake.injectFault({ kind: 'forbidden' });
    const r = await call(ctx.fake, 'GET', '/indexes');
    assert.equal(r.status, 403);
    assert.equal(errorBody(r).code, 'read_not_allowed');
    assert.deepEqual(validateErrorBody(r.body), []);
  });

  it('rateLimited: 429 with an empty body and no Retry-After', async () => {
    ctx.fake.injectFault({ kind: 'rateLimited' });
    const r = await call(ctx.fake, 'GET', '/indexes');
    assert.equal(r.status, 429);
    assert.equal(r.text, '');
    assert.equal(r.headers['retry-after'], undefined);
  });

  it('rateLimitedRetryAfter: 429 with Retry-After in seconds (default 1)', async () => {
    ctx.fake.injectFault({ kind: 'rateLimitedRetryAfter', retryAfterSeconds: 7 });
    ctx.fake.injectFault({ kind: 'rateLimitedRetryAfter' });
    const first = await call(ctx.fake, 'GET', '/indexes');
    assert.equal(first.status, 429);
    assert.equal(first.headers['retry-after'], '7');
    assert.equal(first.text, '');
    assert.equal((await call(ctx.fake, 'GET', '/indexes')).headers['retry-after'], '1');
  });

  it('rateLimitedJson: 429 too_many_requests with X-Ratelimit-Reset in epoch seconds', async () => {
    ctx.fake.injectFault({ kind: 'rateLimitedJson', retryAfterSeconds: 30 });
    const r = await call(ctx.fake, 'GET', '/indexes');
    assert.equal(r.status, 429);
    assert.equal(errorBody(r).code, 'too_many_requests');
    assert.deepEqual(validateErrorBody(r.body), []);
    assert.equal(r.headers['x-ratelimit-reset'], String(FIXED_NOW.getTime() / 1000 + 30));
    assert.equal(r.headers['x-ratelimit-remaining'], '0');
  });

  const gateway: [Parameters<typeof ctx.fake.injectFault>[0]['kind'], number][] = [
    ['serverErrorHtml', 500],
    ['badGateway', 502],
    ['unavailable', 503],
    ['gatewayTimeout', 504],
  ];
  for (const [kind, status] of gateway) {
    it(`${kind}: ${status} with an HTML body`, async () => {
      ctx.fake.injectFault({ kind });
      const r = await call(ctx.fake, 'GET', '/indexes');
      assert.equal(r.status, status);
      assert.match(String(r.headers['content-type']), /^text\/html/);
      assert.match(r.text, /^<!DOCTYPE html>/);
      assert.ok(!r.text.includes(KEY));
    });
  }

  it('malformedJson: 200 application/json whose body does not parse', async () => {
    ctx.fake.injectFault({ kind: 'malformedJson' });
    const r = await call(ctx.fake, 'GET', '/indexes');
    assert.equal(r.status, 200);
    assert.match(String(r.headers['content-type']), /^application\/json/);
    assert.throws(() => JSON.parse(r.text) as unknown, SyntaxError);
  });

  it('reset: the connection dies mid-response', async () => {
    ctx.fake.injectFault({ kind: 'reset' });
    await assert.rejects(call(ctx.fake, 'GET', '/indexes'));
    assert.equal((await call(ctx.fake, 'GET', '/indexes')).status, 200, 'the next request is served');
  });

  it('reset afterResponse on a mutation: the change is applied, the answer is lost', async () => {
    ctx.fake.injectFault({ kind: 'reset', method: 'POST', path: '/indexes', afterResponse: true });
    await assert.rejects(call(ctx.fake, 'POST', '/indexes', { json: VALID_CREATE }));
    assert.ok(ctx.fake.listIndexes().some((i) => i.index_name === VALID_CREATE.index_name));
    const retry = await call(ctx.fake, 'POST', '/indexes', { json: VALID_CREATE });
    assert.equal(errorBody(retry).code, 'index_name_already_exists');
  });

  it('reset before the response (default) leaves state untouched', async () => {
    ctx.fake.injectFault({ kind: 'reset', method: 'POST' });
    await assert.rejects(call(ctx.fake, 'POST', '/indexes', { json: VALID_CREATE }));
    assert.ok(!ctx.fake.listIndexes().some((i) => i.index_name === VALID_CREATE.index_name));
  });

  it('hang: no answer until close(), which releases the request', async () => {
    const fake = await startFakeServer({ validKeys: [KEY] });
    try {
      fake.injectFault({ kind: 'hang' });
      let settled = false;
      const pending = call(fake, 'GET', '/indexes').finally(() => {
        settled = true;
      });
      pending.catch(() => undefined);
      await untilLogged(fake, 1);
      // The fault is consumed, so a second request is answered while the first still hangs.
      assert.equal((await call(fake, 'GET', '/indexes')).status, 200);
      assert.equal(settled, false);
      assert.equal(fake.hangingCount, 1);
      await fake.close();
      await assert.rejects(pending);
      assert.equal(fake.hangingCount, 0);
    } finally {
      await fake.close();
    }
  });

  it('hang afterResponse on DELETE: the index is deleted but no answer comes', async () => {
    const fake = await startFakeServer({ validKeys: [KEY], seedIndexes: 1 });
    try {
      const [index] = fake.listIndexes();
      fake.injectFault({ kind: 'hang', method: 'DELETE', afterResponse: true });
      const pending = call(fake, 'DELETE', `/indexes/${index._id}`);
      pending.catch(() => undefined);
      await untilLogged(fake, 1);
      while (fake.hangingCount === 0) await nextTick();
      assert.deepEqual(fake.listIndexes(), []);
      await fake.close();
      await assert.rejects(pending);
    } finally {
      await fake.close();
    }
  });

  it('afterResponse is ignored for kinds other than hang/reset (applied before, no change)', async () => {
    ctx.fake.injectFault({ kind: 'unavailable', method: 'POST', afterResponse: true });
    assert.equal((await call(ctx.fake, 'POST', '/indexes', { json: VALID_CREATE })).status, 503);
    assert.ok(!ctx.fake.listIndexes().some((i) => i.index_name === VALID_CREATE.index_name));
  });

  it('a fault applies once by default, then normal service resumes', async () => {
    ctx.fake.injectFault({ kind: 'unavailable' });
    assert.equal((await call(ctx.fake, 'GET', '/indexes')).status, 503);
    assert.equal((await call(ctx.fake, 'GET', '/indexes')).status, 200);
  });

  it('times: N applies N times', async () => {
    ctx.fake.injectFault({ kind: 'badGateway', times: 3 });
    for (let i = 0; i < 3; i++) assert.equal((await call(ctx.fake, 'GET', '/indexes')).status, 502);
    assert.equal((await call(ctx.fake, 'GET', '/indexes')).status, 200);
  });

  it('times: Infinity applies until clearFaults()', async () => {
    ctx.fake.injectFault({ kind: 'gatewayTimeout', times: Infinity });
    for (let i = 0; i < 5; i++) assert.equal((await call(ctx.fake, 'GET', '/indexes')).status, 504);
    ctx.fake.clearFaults();
    assert.equal((await call(ctx.fake, 'GET', '/indexes')).status, 200);
  });

  it('refuses a fault with times <= 0', () => {
    assert.throws(() => ctx.fake.injectFault({ kind: 'reset', times: 0 }), RangeError);
  });

  it('matches by method (case-insensitive) and by exact path', async () => {
    ctx.fake.injectFault({ kind: 'forbidden', method: 'post', path: '/indexes' });
    assert.equal((await call(ctx.fake, 'GET', '/indexes')).status, 200, 'other method not affected');
    const id = ctx.fake.listIndexes()[0]._id;
    assert.equal((await call(ctx.fake, 'GET', `/indexes/${id}`)).status, 200, 'other path not affected');
    assert.equal((await call(ctx.fake, 'POST', '/indexes', { json: VALID_CREATE })).status, 403);
  });

  it('matches by RegExp against the path after /v1.3, even a global RegExp', async () => {
    ctx.fake.injectFault({ kind: 'unavailable', path: /^\/indexes\/[0-9a-f]+$/g, times: 2 });
    const id = ctx.fake.listIndexes()[0]._id;
    assert.equal((await call(ctx.fake, 'GET', '/indexes')).status, 200);
    assert.equal((await call(ctx.fake, 'GET', `/indexes/${id}`)).status, 503);
    assert.equal((await call(ctx.fake, 'GET', `/indexes/${id}`)).status, 503);
    assert.equal((await call(ctx.fake, 'GET', `/indexes/${id}`)).status, 200);
  });

  it('queued faults apply in order', async () => {
    ctx.fake.injectFault({ kind: 'rateLimited' });
    ctx.fake.injectFault({ kind: 'unavailable' });
    assert.equal((await call(ctx.fake, 'GET', '/indexes')).status, 429);
    assert.equal((await call(ctx.fake, 'GET', '/indexes')).status, 503);
    assert.equal((await call(ctx.fake, 'GET', '/indexes')).status, 200);
  });

  it('faults apply before auth and are still logged', async () => {
    ctx.fake.injectFault({ kind: 'unavailable' });
    assert.equal((await call(ctx.fake, 'GET', '/indexes', { key: 'wrong' })).status, 503);
    assert.equal(ctx.fake.requests.length, 1);
  });
});

describe('fake server: latency', () => {
  it('delays every response, faults included: with a huge latency nothing is answered until close()', async () => {
    const fake = await startFakeServer({ validKeys: [KEY], latencyMs: 10 * 60 * 1000 });
    try {
      let settled = 0;
      fake.injectFault({ kind: 'unavailable', method: 'POST' });
      const pending = [call(fake, 'GET', '/indexes'), call(fake, 'POST', '/indexes', { json: VALID_CREATE })].map((p) =>
        p.finally(() => {
          settled++;
        }),
      );
      for (const p of pending) p.catch(() => undefined);
      await untilLogged(fake, 2);
      await nextTick();
      assert.equal(settled, 0);
      await fake.close();
      for (const p of pending) await assert.rejects(p);
    } finally {
      await fake.close();
    }
  });

  it('setLatency changes the delay at runtime', async () => {
    const fake = await startFakeServer({ validKeys: [KEY], latencyMs: 10 * 60 * 1000 });
    try {
      fake.setLatency(0);
      assert.equal((await call(fake, 'GET', '/indexes')).status, 200);
    } finally {
      await fake.close();
    }
  });
});
