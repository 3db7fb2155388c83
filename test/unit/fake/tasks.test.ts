import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { validateErrorBody, validateRequest, validateResponse } from '../../fake/openapi';
import { startFakeServer, type FakeTask, type FakeTwelveLabs } from '../../fake/server';
import { BOUNDARY, formData as multipart, MULTIPART, type Part } from './assetHelpers';
import { call, errorBody, KEY, useFake, type CallResult } from './helpers';

function upload(fake: FakeTwelveLabs, fields: Record<string, Part>): Promise<CallResult> {
  return call(fake, 'POST', '/tasks', { raw: multipart(fields), headers: { 'content-type': MULTIPART } });
}

function valid(method: string, path: string, r: CallResult, allowUnknown = false): void {
  const errors = r.status >= 400 ? validateErrorBody(r.body) : validateResponse(method, path, r.status, r.body, { allowUnknown });
  assert.deepEqual(errors, [], `${method} ${path} ${r.status} ${r.text}`);
}

function lastRequestValid(fake: FakeTwelveLabs): void {
  const request = fake.requests.at(-1);
  assert.ok(request);
  const contentType = request.headers['content-type'];
  assert.deepEqual(
    validateRequest(request.method, request.path, {
      query: request.query,
      body: request.body,
      contentType: typeof contentType === 'string' ? contentType : undefined,
    }),
    [],
  );
}

describe('fake server: POST /tasks', () => {
  const ctx = useFake({ seedIndexes: 1 });
  const indexId = () => ctx.fake.listIndexes()[0]._id;

  it('accepts a file upload: 200 {_id, video_id}, the request matching the spec', async () => {
    const r = await upload(ctx.fake, { index_id: indexId(), video_file: { filename: 'clip.mp4', size: 5000 }, enable_video_stream: 'false' });
    assert.equal(r.status, 200, r.text);
    const body = r.body as { _id: string; video_id: string };
    assert.match(body._id, /^[0-9a-f]{24}$/);
    assert.match(body.video_id, /^[0-9a-f]{24}$/);
    valid('POST', '/tasks', r);
    lastRequestValid(ctx.fake);
    assert.deepEqual(ctx.fake.requests[0].body, {
      index_id: indexId(),
      video_file: { filename: 'clip.mp4', mimeType: 'video/mp4', size: 5000 },
      enable_video_stream: 'false',
    });
    const [task] = ctx.fake.listTasks();
    assert.equal(task.status, 'validating');
    assert.equal(task.system_metadata.filename, 'clip.mp4');
    assert.equal(task.hls, undefined, 'no stream was asked for');
  });

  it('accepts a video_url and user_metadata', async () => {
    const r = await upload(ctx.fake, { index_id: indexId(), video_url: 'https://example.com/media/talk%20one.mp4', user_metadata: '{"topic":"demo","n":3}' });
    assert.equal(r.status, 200, r.text);
    lastRequestValid(ctx.fake);
    assert.equal(ctx.fake.listTasks()[0].system_metadata.filename, 'talk one.mp4');
  });

  it('refuses a JSON body with 400 content_type_invalid', async () => {
    const r = await call(ctx.fake, 'POST', '/tasks', { json: { index_id: indexId(), video_url: 'https://example.com/a.mp4' } });
    assert.equal(r.status, 400);
    assert.equal(errorBody(r).code, 'content_type_invalid');
    valid('POST', '/tasks', r);
  });

  const refusals: [string, () => Record<string, Part>, string][] = [
    ['no index_id', () => ({ video_url: 'https://example.com/a.mp4' }), 'parameter_not_provided'],
    ['an unknown index', () => ({ index_id: '0123456789abcdef01234567', video_url: 'https://example.com/a.mp4' }), 'resource_not_exist'],
    ['neither video_file nor video_url', () => ({ index_id: indexId() }), 'parameter_not_provided'],
    ['both video_file and video_url', () => ({ index_id: indexId(), video_url: 'https://e.com/a.mp4', video_file: { filename: 'a.mp4', size: 10 } }), 'parameter_invalid'],
    ['a video_file sent as text', () => ({ index_id: indexId(), video_file: 'not a file' }), 'parameter_invalid'],
    ['an empty file', () => ({ index_id: indexId(), video_file: { filename: 'a.mp4', size: 0 } }), 'video_file_broken'],
    ['a bad enable_video_stream', () => ({ index_id: indexId(), video_url: 'https://e.com/a.mp4', enable_video_stream: 'yes' }), 'parameter_invalid'],
    ['user_metadata that is not a JSON object', () => ({ index_id: indexId(), video_url: 'https://e.com/a.mp4', user_metadata: '[1]' }), 'parameter_invalid'],
    ['a non-http video_url', () => ({ index_id: indexId(), video_url: 'file:///etc/passwd' }), 'parameter_invalid'],
    ['an unknown field', () => ({ index_id: indexId(), video_url: 'https://e.com/a.mp4', videoFile: 'x' }), 'parameter_unknown'],
  ];
  for (const [what, fields, code] of refusals) {
    it(`refuses ${what} with 400 ${code}`, async () => {
      const r = await upload(ctx.fake, fields());
      assert.equal(r.status, 400, r.text);
      assert.equal(errorBody(r).code, code);
      valid('POST', '/tasks', r);
      assert.equal(ctx.fake.listTasks().length, 0);
    });
  }

  it('refuses a file over the limit with video_filesize_too_large (limit configurable)', async () => {
    const small = await startFakeServer({ validKeys: [KEY], seedIndexes: 1, maxUploadBytes: 1000 });
    try {
      const id = small.listIndexes()[0]._id;
      const over = await upload(small, { index_id: id, video_file: { filename: 'big.mp4', size: 1001 } });
      assert.equal(over.status, 400);
      assert.equal(errorBody(over).code, 'video_filesize_too_large');
      assert.equal((await upload(small, { index_id: id, video_file: { filename: 'ok.mp4', size: 1000 } })).status, 200);
    } finally {
      await small.close();
    }
  });

  it('counts a large streamed body without keeping it', async () => {
    const size = 64 * 1024 * 1024;
    const head = Buffer.from(
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="index_id"\r\n\r\n${indexId()}\r\n` +
        `--${BOUNDARY}\r\nContent-Disposition: form-data; name="video_file"; filename="big.mp4"\r\nContent-Type: video/mp4\r\n\r\n`,
    );
    const tail = Buffer.from(`\r\n--${BOUNDARY}--\r\n`);
    const chunk = Buffer.alloc(1024 * 1024, 3);
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        `${ctx.fake.url}/tasks`,
        { method: 'POST', headers: { 'x-api-key': KEY, 'content-type': MULTIPART, 'content-length': String(head.length + size + tail.length) } },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', reject);
      req.write(head);
      let sent = 0;
      const pump = (): void => {
        while (sent < size) {
          sent += chunk.length;
          if (!req.write(chunk)) {
            req.once('drain', pump);
            return;
          }
        }
        req.end(tail);
      };
      pump();
    });
    assert.equal(status, 200);
    assert.deepEqual((ctx.fake.requests[0].body as Record<string, unknown>).video_file, { filename: 'big.mp4', mimeType: 'video/mp4', size });
  });
});

describe('fake server: task progression, GET /tasks/{id}, GET /tasks', () => {
  const ctx = useFake({ seedIndexes: 2 });
  const indexId = (i = 0) => ctx.fake.listIndexes()[i]._id;

  async function newTask(fields: Record<string, Part> = {}): Promise<string> {
    const r = await upload(ctx.fake, { index_id: indexId(), video_file: { filename: 'clip.mp4', size: 2_500_000 }, ...fields });
    assert.equal(r.status, 200, r.text);
    return (r.body as { _id: string })._id;
  }

  async function poll(id: string): Promise<FakeTask> {
    const r = await call(ctx.fake, 'GET', `/tasks/${id}`);
    assert.equal(r.status, 200, r.text);
    valid('GET', `/tasks/${id}`, r);
    return r.body as FakeTask;
  }

  it('moves one state per poll by default; once ready the video is listed and the index counts it', async () => {
    const id = await newTask();
    const seen = [];
    for (let i = 0; i < 5; i++) seen.push((await poll(id)).status);
    assert.deepEqual(seen, ['pending', 'queued', 'indexing', 'ready', 'ready']);
    const task = await poll(id);
    assert.deepEqual(task.system_metadata, { filename: 'clip.mp4', duration: 10, width: 1280, height: 720 });
    assert.equal(task.hls?.status, 'COMPLETE', 'enable_video_stream defaults to true');
    const videos = await call(ctx.fake, 'GET', `/indexes/${indexId()}/videos`);
    valid('GET', `/indexes/${indexId()}/videos`, videos);
    const listed = (videos.body as { data: { _id: string; system_metadata: { filename: string; size: number } }[] }).data;
    assert.deepEqual(
      listed.map((v) => [v._id, v.system_metadata.filename, v.system_metadata.size]),
      [[task.video_id, 'clip.mp4', 2_500_000]],
    );
    const index = ctx.fake.listIndexes()[0];
    assert.equal(index.video_count, 1);
    assert.equal(index.total_duration, 10);
  });

  it('advances with time when told to ({ everyMs })', async () => {
    ctx.fake.setTaskAdvance({ everyMs: 40 });
    const id = await newTask();
    assert.equal(ctx.fake.listTasks()[0].status, 'validating');
    await new Promise((resolve) => setTimeout(resolve, 220));
    assert.equal((await poll(id)).status, 'ready');
  });

  it('instant: ready at once', async () => {
    ctx.fake.setTaskAdvance('instant');
    const id = await newTask();
    assert.equal((await poll(id)).status, 'ready');
    assert.equal(ctx.fake.listVideos(indexId())?.length, 1);
  });

  it('failNextTask: the task fails with the given code and message, and no video appears', async () => {
    ctx.fake.failNextTask({ code: 'video_resolution_too_low', message: 'The resolution is too low.', at: 'queued' });
    const id = await newTask();
    assert.equal((await poll(id)).status, 'pending');
    const r = await call(ctx.fake, 'GET', `/tasks/${id}`);
    valid('GET', `/tasks/${id}`, r, true);
    const failed = r.body as FakeTask;
    assert.equal(failed.status, 'failed');
    assert.deepEqual(failed.error, { code: 'video_resolution_too_low', message: 'The resolution is too low.' });
    assert.equal((await poll(await newTask())).status, 'pending', 'only the next task fails');
    assert.equal(ctx.fake.listVideos(indexId())?.length, 0);
  });

  it('an unknown task id: 400 resource_not_exist', async () => {
    const r = await call(ctx.fake, 'GET', '/tasks/0123456789abcdef01234567');
    assert.equal(r.status, 400);
    assert.equal(errorBody(r).code, 'resource_not_exist');
  });

  it('lists tasks newest first, paged, filtered by index_id and (repeated) status', async () => {
    ctx.fake.setTaskAdvance('instant');
    const first = await newTask();
    ctx.fake.setTaskAdvance('poll');
    const second = await newTask();
    const other = (await upload(ctx.fake, { index_id: indexId(1), video_url: 'https://e.com/x.mp4' })).body as { _id: string };
    const all = await call(ctx.fake, 'GET', '/tasks');
    valid('GET', '/tasks', all);
    lastRequestValid(ctx.fake);
    const ids = (r: CallResult) => (r.body as { data: { _id: string }[] }).data.map((t) => t._id);
    assert.deepEqual(ids(all), [other._id, second, first]);
    const byIndex = await call(ctx.fake, 'GET', `/tasks?index_id=${indexId()}&page_limit=1&page=2`);
    assert.deepEqual(ids(byIndex), [first]);
    assert.deepEqual((byIndex.body as { page_info: unknown }).page_info, { limit_per_page: 1, page: 2, total_page: 2, total_results: 2 });
    const byStatus = await call(ctx.fake, 'GET', '/tasks?status=ready&status=failed');
    lastRequestValid(ctx.fake);
    assert.deepEqual(ids(byStatus), [first]);
    assert.equal((await call(ctx.fake, 'GET', '/tasks?status=done')).status, 400);
  });
});

describe('fake server: upload faults', () => {
  const ctx = useFake({ seedIndexes: 1 });
  const fields = () => ({ index_id: ctx.fake.listIndexes()[0]._id, video_file: { filename: 'a.mp4', size: 1024 * 1024 } });

  it('resetMidBody: the connection is reset after the given bytes, with no answer and no task', async () => {
    ctx.fake.injectUploadFault({ kind: 'resetMidBody', afterBytes: 64 * 1024 });
    await assert.rejects(upload(ctx.fake, fields()), (error: NodeJS.ErrnoException) => ['ECONNRESET', 'EPIPE'].includes(error.code ?? ''));
    assert.equal(ctx.fake.listTasks().length, 0);
    assert.match(String((ctx.fake.requests[0].body as { reset: string }).reset), /^after \d+ bytes$/);
    assert.equal((await upload(ctx.fake, fields())).status, 200, 'once only');
  });

  for (const [kind, code] of [
    ['videoFileSizeTooLarge', 'video_filesize_too_large'],
    ['usageLimitExceeded', 'usage_limit_exceeded'],
  ] as const) {
    it(`${kind}: 400 ${code} after the body, no task`, async () => {
      ctx.fake.injectUploadFault({ kind });
      const r = await upload(ctx.fake, fields());
      assert.equal(r.status, 400);
      assert.equal(errorBody(r).code, code);
      valid('POST', '/tasks', r);
      assert.equal(ctx.fake.listTasks().length, 0);
    });
  }

  it('upload faults touch only POST /tasks, and clearFaults() drops them', async () => {
    ctx.fake.injectUploadFault({ kind: 'usageLimitExceeded', times: Infinity });
    assert.equal((await call(ctx.fake, 'GET', '/indexes')).status, 200);
    ctx.fake.clearFaults();
    assert.equal((await upload(ctx.fake, fields())).status, 200);
  });

  it('setUploadThrottle slows the reading of upload bodies', async () => {
    ctx.fake.setUploadThrottle(4 * 1024 * 1024);
    const started = Date.now();
    assert.equal((await upload(ctx.fake, fields())).status, 200);
    assert.ok(Date.now() - started >= 200, `took ${Date.now() - started} ms`);
  });
});
