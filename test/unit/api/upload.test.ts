import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TwelveLabsError } from '../../../src/api/errors';
import type { UploadProgress } from '../../../src/api/taskTypes';
import { canaryForms } from '../../canary';
import { validateRequest } from '../../fake/openapi';
import type { RecordedRequest } from '../../fake/server';
import { CANARY_KEY, rejection, startHarness, type Harness } from './helpers';
import { isRetryable } from '../../../src/api/retry';

const MiB = 1024 * 1024;

/** A file of `size` bytes with a varying pattern, so a truncated or reordered body would show. */
function writeFile(dir: string, name: string, size: number): string {
  const file = path.join(dir, name);
  const fd = fs.openSync(file, 'w');
  const block = Buffer.alloc(MiB);
  for (let i = 0; i < block.length; i++) block[i] = (i * 31) & 0xff;
  for (let written = 0; written < size; written += block.length) {
    fs.writeSync(fd, block, 0, Math.min(block.length, size - written));
  }
  fs.closeSync(fd);
  return file;
}

function checkAgainstSpec(request: RecordedRequest): void {
  const contentType = request.headers['content-type'];
  const errors = validateRequest(request.method, request.path, {
    query: request.query,
    body: request.body,
    contentType: typeof contentType === 'string' ? contentType : undefined,
    headers: request.headers,
  });
  assert.deepEqual(errors, [], `${request.method} ${request.path}`);
}

function assertNoCanary(error: unknown, h: Harness): void {
  const text = [String(error), JSON.stringify(error), (error as Error).stack ?? '', ...h.logger.lines].join('\n');
  for (const form of canaryForms(CANARY_KEY)) {
    assert.ok(!text.includes(form), 'the key leaked into an error or a log line');
  }
}

describe('TwelveLabsClient tasks: createTask streams, reports progress, aborts; getTask and listTasks', () => {
  let h: Harness;
  let dir: string;
  let indexId: string;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tl-upload-'));
  });
  after(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    h = await startHarness({ fake: { seedIndexes: 1 } });
    indexId = h.fake.listIndexes()[0]._id;
  });
  afterEach(async () => {
    await h.fake.close();
  });

  const posts = () => h.fake.requests.filter((r) => r.method === 'POST');

  it('streams a 24 MiB file: the server counts every byte, progress rises to the total, the request matches the spec', async () => {
    const size = 24 * MiB + 12345;
    const file = writeFile(dir, 'clip one.mp4', size);
    const events: UploadProgress[] = [];
    const created = await h.client.createTask(
      { indexId, source: { kind: 'file', path: file, contentType: 'video/mp4' }, enableVideoStream: false, userMetadata: { topic: 'demo' } },
      { onProgress: (p) => events.push({ ...p }) },
    );
    assert.match(created.taskId, /^[0-9a-f]{24}$/);
    assert.match(created.videoId ?? '', /^[0-9a-f]{24}$/);
    assert.equal(posts().length, 1);
    assert.deepEqual(posts()[0].body, {
      index_id: indexId,
      video_file: { filename: 'clip one.mp4', mimeType: 'video/mp4', size },
      enable_video_stream: 'false',
      user_metadata: '{"topic":"demo"}',
    });
    assert.equal(posts()[0].headers['content-length'] !== undefined, true, 'a known length, not chunked');
    checkAgainstSpec(posts()[0]);

    assert.ok(events.length > 10, `only ${events.length} progress events`);
    assert.deepEqual(events[0], { sent: 0, total: size });
    assert.deepEqual(events.at(-1), { sent: size, total: size });
    for (let i = 1; i < events.length; i++) {
      assert.ok(events[i].sent >= events[i - 1].sent, 'progress never goes back');
      assert.equal(events[i].total, size);
    }
  });

  it('hands over a URL instead of a file', async () => {
    const created = await h.client.createTask({ indexId, source: { kind: 'url', url: 'https://example.com/v/talk.mp4' } });
    assert.match(created.taskId, /^[0-9a-f]{24}$/);
    assert.deepEqual(posts()[0].body, { index_id: indexId, video_url: 'https://example.com/v/talk.mp4' });
    checkAgainstSpec(posts()[0]);
  });

  it('an AbortSignal aborts mid-upload at once: cancelled, nothing created, sent once', async () => {
    h.fake.setUploadThrottle(2 * MiB);
    const file = writeFile(dir, 'slow.mp4', 16 * MiB);
    const controller = new AbortController();
    let abortedAt = 0;
    const error = await rejection(() =>
      h.client.createTask(
        { indexId, source: { kind: 'file', path: file } },
        {
          signal: controller.signal,
          onProgress: (p) => {
            if (p.sent >= 2 * MiB && !controller.signal.aborted) {
              abortedAt = Date.now();
              controller.abort();
            }
          },
        },
      ),
    );
    assert.ok(error instanceof TwelveLabsError);
    assert.equal(error.kind, 'cancelled');
    assert.ok(Date.now() - abortedAt < 500, `took ${Date.now() - abortedAt} ms to give up`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(h.fake.listTasks().length, 0);
    assert.ok(posts().length <= 1);
  });

  it('an already aborted signal sends nothing', async () => {
    const error = await rejection(() =>
      h.client.createTask({ indexId, source: { kind: 'url', url: 'https://e.com/a.mp4' } }, { signal: AbortSignal.abort() }),
    );
    assert.ok(error instanceof TwelveLabsError && error.kind === 'cancelled');
    assert.equal(h.fake.requests.length, 0);
  });

  it('a connection reset mid-body: noResponse, not retryable, the POST sent once', async () => {
    h.fake.injectUploadFault({ kind: 'resetMidBody', afterBytes: 2 * MiB });
    const file = writeFile(dir, 'reset.mp4', 8 * MiB);
    const error = await rejection(() => h.client.createTask({ indexId, source: { kind: 'file', path: file } }));
    assert.ok(error instanceof TwelveLabsError, String(error));
    assert.equal(error.kind, 'noResponse');
    assert.equal(isRetryable('POST', error), false);
    assert.equal(posts().length, 1);
    assert.equal(h.clock.sleeps.length, 0);
    assertNoCanary(error, h);
  });

  for (const [kind, code] of [
    ['videoFileSizeTooLarge', 'video_filesize_too_large'],
    ['usageLimitExceeded', 'usage_limit_exceeded'],
  ] as const) {
    it(`${code}: the server's code and message, not retried, no key`, async () => {
      h.fake.injectUploadFault({ kind });
      const file = writeFile(dir, `${kind}.mp4`, MiB);
      const error = await rejection(() => h.client.createTask({ indexId, source: { kind: 'file', path: file } }));
      assert.ok(error instanceof TwelveLabsError);
      assert.equal(error.kind, 'http');
      assert.equal(error.status, 400);
      assert.equal(error.code, code);
      assert.ok(error.message.length > 10);
      assert.equal(posts().length, 1);
      assertNoCanary(error, h);
    });
  }

  it('the fake\'s own size limit, reached by a real body', async () => {
    await h.fake.close();
    h = await startHarness({ fake: { seedIndexes: 1, maxUploadBytes: 3 * MiB } });
    const file = writeFile(dir, 'over.mp4', 3 * MiB + 1);
    const error = await rejection(() => h.client.createTask({ indexId: h.fake.listIndexes()[0]._id, source: { kind: 'file', path: file } }));
    assert.ok(error instanceof TwelveLabsError);
    assert.equal(error.code, 'video_filesize_too_large');
  });

  it('a 401 reports the key that was refused and maps to api_key_invalid', async () => {
    h.fake.injectFault({ kind: 'unauthorized', method: 'POST', path: '/tasks' });
    const file = writeFile(dir, 'unauth.mp4', MiB);
    const error = await rejection(() => h.client.createTask({ indexId, source: { kind: 'file', path: file } }));
    assert.ok(error instanceof TwelveLabsError);
    assert.equal(error.status, 401);
    assert.equal(error.code, 'api_key_invalid');
    assert.equal(h.unauthorized(), 1);
    assertNoCanary(error, h);
  });

  it('no answer after the last byte: the stall timeout ends it (no overall timeout)', async () => {
    h.fake.injectFault({ kind: 'hang', method: 'POST', path: '/tasks' });
    const file = writeFile(dir, 'hang.mp4', MiB);
    const started = Date.now();
    const error = await rejection(() => h.client.createTask({ indexId, source: { kind: 'file', path: file } }, { stallTimeoutMs: 300 }));
    assert.ok(error instanceof TwelveLabsError);
    assert.equal(error.code, 'upload_stalled');
    assert.ok(Date.now() - started < 2000);
  });

  it('an upload slower than the client\'s request timeout still completes', async () => {
    await h.fake.close();
    h = await startHarness({ fake: { seedIndexes: 1 }, timeoutMs: 300 });
    h.fake.setUploadThrottle(4 * MiB);
    const file = writeFile(dir, 'long.mp4', 4 * MiB);
    const created = await h.client.createTask({ indexId: h.fake.listIndexes()[0]._id, source: { kind: 'file', path: file } });
    assert.match(created.taskId, /^[0-9a-f]{24}$/);
  });

  it('a missing file fails before any request, naming the error code', async () => {
    const error = await rejection(() => h.client.createTask({ indexId, source: { kind: 'file', path: path.join(dir, 'nope.mp4') } }));
    assert.ok(error instanceof TwelveLabsError);
    assert.equal(error.code, 'ENOENT');
    assert.equal(h.fake.requests.length, 0);
  });

  it('getTask follows the task to ready; listTasks filters by index and repeated status; all requests match the spec', async () => {
    const created = await h.client.createTask({ indexId, source: { kind: 'url', url: 'https://example.com/a.mp4' } });
    const statuses: string[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await h.client.getTask(created.taskId)).status);
    assert.deepEqual(statuses, ['pending', 'queued', 'indexing', 'ready']);
    const ready = await h.client.getTask(created.taskId);
    assert.equal(ready.video_id, created.videoId);
    const page = await h.client.listTasks(1, 10, { indexId, status: ['ready', 'failed'] });
    assert.deepEqual(
      page.data.map((t) => t._id),
      [created.taskId],
    );
    assert.equal(page.page_info.total_results, 1);
    assert.deepEqual(h.fake.requests.at(-1)?.query, { page: '1', page_limit: '10', index_id: indexId, status: 'ready,failed' });
    h.fake.requests.forEach(checkAgainstSpec);
  });

  it('getTask of an unknown id: resource_not_exist, retried only for transient failures', async () => {
    h.fake.injectFault({ kind: 'unavailable', path: /^\/tasks\// });
    const error = await rejection(() => h.client.getTask('0123456789abcdef01234567'));
    assert.ok(error instanceof TwelveLabsError);
    assert.equal(error.code, 'resource_not_exist');
    assert.equal(h.fake.requests.length, 2, 'the 503 was retried, the 400 was not');
  });

  describe('the file it uploads, and the answer it waits for', () => {

    const upload = (file: string, extra: { size?: number; stallTimeoutMs?: number; onProgress?: (p: UploadProgress) => void } = {}) =>
      h.client.createTask(
        { indexId, source: { kind: 'file', path: file, filename: path.basename(file), size: extra.size } },
        { stallTimeoutMs: extra.stallTimeoutMs, onProgress: extra.onProgress },
      );

    it('a FIFO in place of the file: refused at once as not a regular file, nothing sent, nothing left blocked', async function () {
      if (process.platform === 'win32' || !hasMkfifo()) {
        this.skip(); // mkfifo is not available here: there is no FIFO to swap in.
      }
      const fifo = path.join(dir, 'swapped.mp4');
      execFileSync('mkfifo', [fifo]);
      try {
        const started = Date.now();
        const error = await rejection(() => upload(fifo));
        assert.ok(error instanceof TwelveLabsError, String(error));
        assert.equal(error.kind, 'file');
        assert.equal(error.code, 'file_not_regular');
        assert.match(error.message, /“swapped\.mp4”/);
        assert.ok(Date.now() - started < 1000, `took ${Date.now() - started} ms`);
        assert.equal(h.fake.requests.length, 0);
        assert.equal(openDescriptorsOn(fifo) ?? 0, 0, 'the FIFO was closed');
      } finally {
        // Had an open blocked (the bug), a writer releases its thread so the run can end.
        try {
          fs.closeSync(fs.openSync(fifo, fs.constants.O_WRONLY | fs.constants.O_NONBLOCK));
        } catch {
          // ENXIO: nobody is waiting to read, which is the point.
        }
      }
    });

    it('a file whose size differs from the one the caller checked: file_changed at once, nothing sent', async () => {
      const file = writeFile(dir, 'resized.mp4', MiB);
      const error = await rejection(() => upload(file, { size: MiB - 1 }));
      assert.ok(error instanceof TwelveLabsError, String(error));
      assert.equal(error.kind, 'file');
      assert.equal(error.code, 'file_changed');
      assert.match(error.message, /“resized\.mp4” changed/);
      assert.equal(h.fake.requests.length, 0);
      assert.equal(openDescriptorsOn(file) ?? 0, 0);
    });

    it('the size the caller checked, when it matches, changes nothing', async () => {
      const file = writeFile(dir, 'same.mp4', MiB);
      const created = await upload(file, { size: MiB });
      assert.match(created.taskId, /^[0-9a-f]{24}$/);
      assert.equal(openDescriptorsOn(file) ?? 0, 0);
    });

    // A shorter file shows at the next read; a longer one when the reading reaches the size it had, so that one is smaller.
    for (const [change, size, apply] of [
      ['truncated', 32 * MiB, (file: string) => fs.truncateSync(file, 0)],
      ['grown', 8 * MiB, (file: string) => fs.appendFileSync(file, Buffer.alloc(MiB, 7))],
    ] as const) {
      it(`a file ${change} mid-upload: file_changed (not a 60 s stall), nothing indexed, descriptor closed`, async () => {
        h.fake.setUploadThrottle(4 * MiB);
        const file = writeFile(dir, `${change}.mp4`, size);
        let changed = false;
        const started = Date.now();
        const error = await rejection(() =>
          upload(file, {
            onProgress: (p) => {
              if (p.sent > 0 && !changed) {
                changed = true;
                apply(file);
              }
            },
          }),
        );
        assert.ok(error instanceof TwelveLabsError, String(error));
        assert.equal(error.kind, 'file');
        assert.equal(error.code, 'file_changed');
        assert.equal(error.message, `“${change}.mp4” changed while it was uploading; nothing was indexed from it. Upload it again.`);
        assert.ok(Date.now() - started < 5_000, `took ${Date.now() - started} ms`);
        assert.equal(h.fake.listTasks().length, 0);
        assert.equal(openDescriptorsOn(file) ?? 0, 0, 'the descriptor was closed');
        assertNoCanary(error, h);
      });
    }

    it('descriptors are closed after a successful, a refused and a cancelled upload', async () => {
      const file = writeFile(dir, 'fds.mp4', 4 * MiB);
      await upload(file);
      h.fake.injectUploadFault({ kind: 'usageLimitExceeded' });
      await rejection(() => upload(file));
      h.fake.setUploadThrottle(MiB);
      const controller = new AbortController();
      await rejection(() =>
        h.client.createTask(
          { indexId, source: { kind: 'file', path: file } },
          { signal: controller.signal, onProgress: (p) => (p.sent > 0 ? controller.abort() : undefined) },
        ),
      );
      assert.equal(openDescriptorsOn(file) ?? 0, 0);
    });

    it('the answer cut by a FIN after the task was created: kind noResponse (it may exist), sent once', async () => {
      h.fake.injectFault({ kind: 'finMidBody', method: 'POST', path: '/tasks', afterResponse: true });
      const file = writeFile(dir, 'fin.mp4', MiB);
      const error = await rejection(() => upload(file));
      assert.ok(error instanceof TwelveLabsError, String(error));
      assert.equal(error.kind, 'noResponse');
      assert.equal(error.code, 'response_incomplete');
      assert.equal(posts().length, 1);
      assert.equal(h.fake.listTasks().length, 1, 'the task exists although its answer was lost');
    });

    it('an answer that drips after the upload: bounded by the stall timeout from its headers, kind noResponse', async () => {
      h.fake.injectFault({ kind: 'slowDrip', method: 'POST', path: '/tasks', dripIntervalMs: 700 });
      const file = writeFile(dir, 'drip.mp4', MiB);
      const started = Date.now();
      const error = await rejection(() => upload(file, { stallTimeoutMs: 300 }));
      assert.ok(error instanceof TwelveLabsError, String(error));
      assert.equal(error.kind, 'noResponse');
      assert.equal(error.code, 'ETIMEDOUT');
      assert.doesNotMatch(error.message, /no progress/, 'the upload itself went fine');
      assert.ok(Date.now() - started < 3_000, `took ${Date.now() - started} ms`);
    });

    it('an oversized answer to the upload: response_too_large, saying the task may exist', async () => {
      h.fake.injectFault({ kind: 'oversizedBody', method: 'POST', path: '/tasks' });
      const file = writeFile(dir, 'big-answer.mp4', MiB);
      const error = await rejection(() => upload(file));
      assert.ok(error instanceof TwelveLabsError, String(error));
      assert.equal(error.code, 'response_too_large');
      assert.match(error.message, /may have been made/);
    });

    it('a created task whose id is not a string is a typed error', async () => {
      h.fake.injectFault({ kind: 'hostileShapes', hostile: 'badItems', method: 'POST', path: '/tasks' });
      const error = await rejection(() => h.client.createTask({ indexId, source: { kind: 'url', url: 'https://example.com/a.mp4' } }));
      assert.ok(error instanceof TwelveLabsError, String(error));
      assert.equal(error.kind, 'malformedResponse');
    });
  });
});

/** Descriptors this process holds on `file` (Linux /proc), or undefined where that cannot be seen. */
function openDescriptorsOn(file: string): number | undefined {
  const dir = '/proc/self/fd';
  if (!fs.existsSync(dir)) return undefined;
  let count = 0;
  for (const fd of fs.readdirSync(dir)) {
    try {
      if (fs.readlinkSync(path.join(dir, fd)) === file) count++;
    } catch {
      // Closed between the listing and the look.
    }
  }
  return count;
}

function hasMkfifo(): boolean {
  return spawnSync('mkfifo', ['--version']).error === undefined;
}
