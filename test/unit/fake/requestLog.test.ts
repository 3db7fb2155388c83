import assert from 'node:assert/strict';
import { call, KEY, useFake, VALID_CREATE } from './helpers';

describe('fake server: request log', () => {
  const ctx = useFake({ seedIndexes: 1 });

  it('records method, path without the prefix, query, headers and parsed JSON body', async () => {
    await call(ctx.fake, 'POST', '/indexes', { json: VALID_CREATE, headers: { 'user-agent': 'test-agent' } });
    await call(ctx.fake, 'GET', '/indexes?page=2&index_name=a%20b');
    assert.equal(ctx.fake.requests.length, 2);
    const [post, get] = ctx.fake.requests;
    assert.equal(post.method, 'POST');
    assert.equal(post.path, '/indexes');
    assert.deepEqual(post.query, {});
    assert.deepEqual(post.body, VALID_CREATE);
    assert.equal(post.headers['x-api-key'], KEY);
    assert.equal(post.headers['user-agent'], 'test-agent');
    assert.equal(get.method, 'GET');
    assert.equal(get.path, '/indexes');
    assert.deepEqual(get.query, { page: '2', index_name: 'a b' });
    assert.equal(get.body, undefined);
  });

  it('records refused and unauthenticated requests too', async () => {
    await call(ctx.fake, 'GET', '/indexes', { key: 'wrong' });
    await call(ctx.fake, 'GET', '/nope');
    await call(ctx.fake, 'GET', '/other/prefix', { key: null });
    assert.deepEqual(
      ctx.fake.requests.map((r) => [r.path, r.headers['x-api-key']]),
      [
        ['/indexes', 'wrong'],
        ['/nope', KEY],
        ['/other/prefix', undefined],
      ],
    );
  });

  it('records unparsable JSON and non-JSON bodies as raw strings', async () => {
    await call(ctx.fake, 'POST', '/indexes', { raw: '{"index_name":', headers: { 'content-type': 'application/json' } });
    await call(ctx.fake, 'POST', '/indexes', { raw: 'index_name=a', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.equal(ctx.fake.requests[0].body, '{"index_name":');
    assert.equal(ctx.fake.requests[1].body, 'index_name=a');
  });

  it('records multipart bodies as a field map, files by name, type and size', async () => {
    const boundary = 'b0undary';
    const payload = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="index_id"\r\n\r\nabc\r\n` +
          `--${boundary}\r\nContent-Disposition: form-data; name="video_file"; filename="clip.mp4"\r\nContent-Type: video/mp4\r\n\r\n`,
      ),
      Buffer.alloc(1000, 7),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const r = await call(ctx.fake, 'POST', '/tasks', { raw: payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
    assert.equal(r.status, 400, 'abc is no index');
    assert.deepEqual(ctx.fake.requests[0].body, {
      index_id: 'abc',
      video_file: { filename: 'clip.mp4', mimeType: 'video/mp4', size: 1000 },
    });
  });

  it('clearRequests() empties the log in place', async () => {
    const log = ctx.fake.requests;
    await call(ctx.fake, 'GET', '/indexes');
    ctx.fake.clearRequests();
    assert.equal(log.length, 0);
    assert.equal(ctx.fake.requests, log);
  });

  it('never echoes the x-api-key in a response, even when the request puts it in an echoed place', async () => {
    const canary = 'tlk_CANARY_5f1e2d3c4b5a6978';
    ctx.fake.addKey(canary);
    const responses = [
      await call(ctx.fake, 'GET', `/indexes/${canary}`, { key: canary }),
      await call(ctx.fake, 'GET', `/indexes/${canary}/videos`, { key: canary }),
      await call(ctx.fake, 'POST', '/indexes', { key: canary, json: { ...VALID_CREATE, index_name: canary } }),
      await call(ctx.fake, 'POST', '/indexes', { key: canary, json: { ...VALID_CREATE, index_name: canary } }),
      await call(ctx.fake, 'GET', `/indexes?${canary}=1`, { key: canary }),
      await call(ctx.fake, 'GET', `/nope/${canary}`, { key: canary }),
    ];
    assert.deepEqual(
      responses.map((r) => r.status),
      [400, 400, 201, 400, 400, 404],
    );
    for (const r of responses) {
      assert.ok(!r.text.includes(canary), r.text);
      assert.ok(!JSON.stringify(r.headers).includes(canary));
    }
    // The log, by contrast, keeps the key: tests use it to check what the client sent.
    assert.ok(ctx.fake.requests.every((r) => r.headers['x-api-key'] === canary));
  });
});
