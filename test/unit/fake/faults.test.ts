import assert from 'node:assert/strict';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { setImmediate as nextTick } from 'node:timers/promises';
import { startFakeServer, type FakeTwelveLabs } from '../../fake/server';
import { validateErrorBody } from '../../fake/openapi';
import { call, errorBody, FIXED_NOW, KEY, useFake, VALID_CREATE } from './helpers';
import { nestingDepth } from '../fakes/json';

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

interface RawAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** Whether the body arrived whole (`res.complete`). */
  complete: boolean;
  /** Whether the server closed its side cleanly (a FIN reached the socket), as opposed to a reset. */
  finReceived: boolean;
  /** Milliseconds from the headers to the end of the body. */
  bodyMs: number;
  dataEvents: number;
}

/**
 * Reads an answer byte for byte, without treating a cut body as an error, so a test can tell a FIN
 * from a reset and a complete body from a partial one. `stopAfterBytes` hangs up first (for endless bodies).
 */
function rawCall(fake: FakeTwelveLabs, method: string, path: string, options: { json?: unknown; stopAfterBytes?: number } = {}): Promise<RawAnswer> {
  const payload = options.json === undefined ? undefined : JSON.stringify(options.json);
  const headers: Record<string, string> = { 'x-api-key': KEY };
  if (payload !== undefined) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = String(Buffer.byteLength(payload));
  }
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = httpRequest(new URL(fake.url + path), { method, headers, agent: false }, (res) => {
      answered = true;
      const started = Date.now();
      const chunks: Buffer[] = [];
      let size = 0;
      let dataEvents = 0;
      let finReceived = false;
      res.socket.once('end', () => {
        finReceived = true;
      });
      res.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        size += chunk.length;
        dataEvents++;
        if (options.stopAfterBytes !== undefined && size >= options.stopAfterBytes) res.destroy();
      });
      res.on('error', () => undefined);
      res.on('close', () => {
        // The socket's own 'end' may come a tick after the response gives up.
        setImmediate(() =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), complete: res.complete, finReceived, bodyMs: Date.now() - started, dataEvents }),
        );
      });
    });
    req.setTimeout(10_000, () => req.destroy(new Error('no answer within 10 s')));
    // Once the answer has started, a reset is what is being observed: 'close' reports it.
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    req.end(payload);
  });
}

describe('fake server: faults in the answer body', () => {
  const ctx = useFake({ now: () => FIXED_NOW, seedIndexes: 3 });

  describe('finMidBody', () => {
    it('sends the headers and part of the body, then closes cleanly (FIN, not a reset)', async () => {
      ctx.fake.injectFault({ kind: 'finMidBody' });
      const r = await rawCall(ctx.fake, 'GET', '/indexes');
      assert.equal(r.status, 200);
      const promised = Number(r.headers['content-length']);
      assert.ok(promised > 0);
      assert.ok(r.body.length > 0 && r.body.length < promised, `${r.body.length} of ${promised} bytes`);
      assert.equal(r.complete, false);
      assert.equal(r.finReceived, true, 'the socket ended cleanly');
      assert.equal((await call(ctx.fake, 'GET', '/indexes')).status, 200, 'the next request is served');
    });

    it('differs from reset, whose socket never sees a clean end', async () => {
      ctx.fake.injectFault({ kind: 'reset' });
      const r = await rawCall(ctx.fake, 'GET', '/indexes');
      assert.equal(r.complete, false);
      assert.equal(r.finReceived, false);
    });

    it('cutAfterBytes sets where the body stops; chunked cuts a chunked body before its last chunk', async () => {
      ctx.fake.injectFault({ kind: 'finMidBody', cutAfterBytes: 10 });
      ctx.fake.injectFault({ kind: 'finMidBody', chunked: true, cutAfterBytes: 25 });
      const fixed = await rawCall(ctx.fake, 'GET', '/indexes');
      assert.equal(fixed.body.length, 10);
      const chunked = await rawCall(ctx.fake, 'GET', '/indexes');
      assert.equal(chunked.headers['transfer-encoding'], 'chunked');
      assert.equal(chunked.headers['content-length'], undefined);
      assert.equal(chunked.body.length, 25);
      assert.equal(chunked.complete, false);
      assert.equal(chunked.finReceived, true);
    });

    it('afterResponse on a create: the index exists, its answer is cut short', async () => {
      ctx.fake.injectFault({ kind: 'finMidBody', method: 'POST', path: '/indexes', afterResponse: true });
      const r = await rawCall(ctx.fake, 'POST', '/indexes', { json: VALID_CREATE });
      assert.equal(r.status, 201);
      assert.equal(r.complete, false);
      assert.ok(r.body.toString().startsWith('{"_id":"'));
      assert.ok(ctx.fake.listIndexes().some((i) => i.index_name === VALID_CREATE.index_name));
    });

    it('before the handler (default): no change, a synthetic body', async () => {
      ctx.fake.injectFault({ kind: 'finMidBody', method: 'POST' });
      const r = await rawCall(ctx.fake, 'POST', '/indexes', { json: VALID_CREATE });
      assert.equal(r.status, 200);
      assert.equal(r.complete, false);
      assert.ok(!ctx.fake.listIndexes().some((i) => i.index_name === VALID_CREATE.index_name));
    });
  });

  describe('slowDrip', () => {
    it('sends the real answer one byte at a time, dripIntervalMs apart', async () => {
      const id = ctx.fake.listIndexes()[0]._id;
      const normal = await call(ctx.fake, 'GET', `/indexes/${id}`);
      ctx.fake.injectFault({ kind: 'slowDrip', dripIntervalMs: 2 });
      const r = await rawCall(ctx.fake, 'GET', `/indexes/${id}`);
      assert.equal(r.status, 200);
      assert.equal(r.complete, true);
      assert.deepEqual(JSON.parse(r.body.toString()), normal.body);
      // Timers wait at least their delay, so the body cannot arrive faster than a byte per interval.
      assert.ok(r.bodyMs >= (r.body.length - 1) * 2, `${r.body.length} bytes in ${r.bodyMs} ms`);
      assert.ok(r.dataEvents > r.body.length / 4, `${r.dataEvents} data events for ${r.body.length} bytes`);
    });

    it('applies the change before it starts dripping', async () => {
      ctx.fake.injectFault({ kind: 'slowDrip', method: 'POST', dripIntervalMs: 1 });
      const r = await rawCall(ctx.fake, 'POST', '/indexes', { json: VALID_CREATE });
      assert.equal(r.status, 201);
      assert.ok(ctx.fake.listIndexes().some((i) => i.index_name === VALID_CREATE.index_name));
    });

    it('close() stops a drip that would take minutes', async () => {
      const fake = await startFakeServer({ validKeys: [KEY], seedIndexes: 1 });
      try {
        fake.injectFault({ kind: 'slowDrip', dripIntervalMs: 60_000 });
        const pending = rawCall(fake, 'GET', '/indexes');
        await untilLogged(fake, 1);
        await fake.close();
        const r = await pending;
        assert.equal(r.complete, false);
        assert.ok(r.body.length <= 1);
      } finally {
        await fake.close();
      }
    });
  });

  describe('oversizedBody', () => {
    it('pads the real answer to 8 MiB of valid JSON with a Content-Length', async () => {
      ctx.fake.injectFault({ kind: 'oversizedBody' });
      const r = await rawCall(ctx.fake, 'GET', '/indexes');
      assert.equal(r.status, 200);
      assert.equal(r.body.length, 8 * 1024 * 1024);
      assert.equal(r.headers['content-length'], String(8 * 1024 * 1024));
      const parsed = JSON.parse(r.body.toString()) as { data: unknown[] };
      assert.equal(parsed.data.length, 3);
    });

    it('bodyBytes and chunked: any size, without announcing it', async () => {
      ctx.fake.injectFault({ kind: 'oversizedBody', bodyBytes: 100_000, chunked: true });
      const r = await rawCall(ctx.fake, 'GET', '/indexes');
      assert.equal(r.body.length, 100_000);
      assert.equal(r.headers['content-length'], undefined);
      assert.equal(r.headers['transfer-encoding'], 'chunked');
      assert.doesNotThrow(() => JSON.parse(r.body.toString()) as unknown);
    });

    it('turns a 204 into a 200 with a body (a 204 cannot carry one)', async () => {
      const id = ctx.fake.listIndexes()[0]._id;
      ctx.fake.injectFault({ kind: 'oversizedBody', method: 'DELETE', bodyBytes: 5000 });
      const r = await rawCall(ctx.fake, 'DELETE', `/indexes/${id}`);
      assert.equal(r.status, 200);
      assert.equal(r.body.length, 5000);
      assert.equal(ctx.fake.listIndexes().length, 2, 'the delete happened');
    });
  });

  describe('endlessBody', () => {
    it('streams a chunked JSON list that never ends, until the client hangs up', async () => {
      ctx.fake.injectFault({ kind: 'endlessBody' });
      const r = await rawCall(ctx.fake, 'GET', '/indexes', { stopAfterBytes: 20 * 1024 * 1024 });
      assert.equal(r.status, 200);
      assert.equal(r.headers['transfer-encoding'], 'chunked');
      assert.equal(r.headers['content-length'], undefined);
      assert.ok(r.body.length >= 20 * 1024 * 1024);
      assert.ok(r.body.toString('utf8', 0, 9) === '{"data":[');
      assert.equal(r.complete, false);
      assert.equal((await call(ctx.fake, 'GET', '/indexes')).status, 200, 'the server is still serving');
    });
  });

  describe('hostileShapes', () => {
    interface Loose {
      data: Record<string, unknown>[];
      page_info: Record<string, unknown>;
    }
    const list = async (fault: Parameters<typeof ctx.fake.injectFault>[0]): Promise<Loose> => {
      ctx.fake.injectFault(fault);
      const r = await call(ctx.fake, 'GET', '/indexes');
      assert.equal(r.status, 200);
      return r.body as Loose;
    };

    it('wrongTypes (default): ids, names and statuses stay, every other known field has the wrong type', async () => {
      const body = await list({ kind: 'hostileShapes' });
      assert.equal(body.data.length, 3);
      for (const [i, item] of body.data.entries()) {
        assert.match(String(item._id), /^[0-9a-f]{24}$/);
        assert.equal(typeof item.index_name, 'string');
        assert.deepEqual(item.models, i % 2 === 0 ? 'visual' : [{ model_name: 5, model_options: 'visual' }, 'pegasus']);
        assert.equal(item.addons, 'x');
        assert.equal(item.video_count, 'many');
        assert.equal(typeof item.total_duration, 'string');
        assert.equal(item.created_at, 5);
      }
    });

    it('badItems: hostile items between the real ones; a single object gets a numeric _id', async () => {
      const body = await list({ kind: 'hostileShapes', hostile: 'badItems' });
      const real = body.data.filter((item) => typeof item === 'object' && item !== null && /^[0-9a-f]{24}$/.test(String(item._id)));
      assert.equal(real.length, 3);
      assert.ok(body.data.includes(null as never));
      assert.ok(body.data.some((item) => typeof item === 'string'));
      assert.ok(body.data.some((item) => typeof item === 'object' && item !== null && item._id === 7));
      assert.ok(body.data.some((item) => typeof item === 'object' && item !== null && item.index_name === 7));
      const id = ctx.fake.listIndexes()[0]._id;
      ctx.fake.injectFault({ kind: 'hostileShapes', hostile: 'badItems' });
      const single = (await call(ctx.fake, 'GET', `/indexes/${id}`)).body as Record<string, unknown>;
      assert.equal(single._id, 7);
      assert.equal(single.index_name, ctx.fake.listIndexes()[0].index_name);
    });

    it('deepNesting: every object carries a field nested nestingDepth levels deep', async () => {
      ctx.fake.injectFault({ kind: 'hostileShapes', hostile: 'deepNesting', nestingDepth: 50_000 });
      const r = await rawCall(ctx.fake, 'GET', '/indexes');
      const parsed = JSON.parse(r.body.toString()) as Loose;
      assert.equal(parsed.data.length, 3);
      assert.ok(nestingDepth(parsed.data[0].nested) >= 50_000);
      assert.throws(() => JSON.stringify(parsed), RangeError, 'deep enough to overflow a recursive walk');
    });

    it('hugeTotals: a valid page_info that claims a billion pages', async () => {
      const body = await list({ kind: 'hostileShapes', hostile: 'hugeTotals' });
      assert.equal(body.data.length, 3);
      assert.equal(body.page_info.total_page, 1e9);
      assert.equal(body.page_info.total_results, 1e9 * 10);
      const custom = await list({ kind: 'hostileShapes', hostile: 'hugeTotals', totalPages: 5000 });
      assert.equal(custom.page_info.total_page, 5000);
    });

    it('badEnvelope: data is not a list; a single object becomes an array', async () => {
      const body = await list({ kind: 'hostileShapes', hostile: 'badEnvelope' });
      assert.equal(typeof body.data, 'string');
      const id = ctx.fake.listIndexes()[0]._id;
      ctx.fake.injectFault({ kind: 'hostileShapes', hostile: 'badEnvelope' });
      assert.ok(Array.isArray((await call(ctx.fake, 'GET', `/indexes/${id}`)).body));
    });

    it('badPageInfo: page_info of the wrong types, negative and infinite', async () => {
      const body = await list({ kind: 'hostileShapes', hostile: 'badPageInfo' });
      assert.equal(body.data.length, 3);
      assert.equal(body.page_info.page, 'one');
      assert.equal(body.page_info.limit_per_page, -1);
      assert.equal(body.page_info.total_page, Infinity);
    });

    it('applies the change and reshapes only 2xx answers: a create happens, an error passes unchanged', async () => {
      ctx.fake.injectFault({ kind: 'hostileShapes', hostile: 'badItems', method: 'POST' });
      const created = await call(ctx.fake, 'POST', '/indexes', { json: VALID_CREATE });
      assert.equal(created.status, 201);
      assert.deepEqual(created.body, { _id: 7 });
      assert.ok(ctx.fake.listIndexes().some((i) => i.index_name === VALID_CREATE.index_name));
      ctx.fake.injectFault({ kind: 'hostileShapes', hostile: 'badEnvelope' });
      const missing = await call(ctx.fake, 'GET', '/indexes/0123456789abcdef01234567');
      assert.equal(missing.status, 400);
      assert.equal(errorBody(missing).code, 'resource_not_exist');
      assert.deepEqual(validateErrorBody(missing.body), []);
    });
  });
});
