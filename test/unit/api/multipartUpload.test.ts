import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { MultipartProgress, ResumableUpload } from '../../../src/api/assetTypes';
import { TwelveLabsClient } from '../../../src/api/client';
import { TwelveLabsError } from '../../../src/api/errors';
import type { FakeMultipartSession } from '../../fake/server';
import { Clock } from '../fake/assetHelpers';
import { CANARY_KEY, rejection } from './helpers';
import {
  apiRequests,
  assertNoCanary,
  chunkEtag,
  KiB,
  MiB,
  putsFor,
  REPORT_PATH,
  sleep,
  URLS_PATH,
  useAssetHarness,
  useTempDir,
  writeRandomFile,
} from './assetHarness';

const CHUNK = 64 * KiB;

describe('TwelveLabsClient.uploadMultipart against the fake (storage origin over HTTP)', () => {
  const tmp = useTempDir('tl-multipart-');
  const harness = useAssetHarness({ fake: { chunkSize: CHUNK, initialUploadUrls: 4, taskAdvance: 'poll' } });
  const h = () => harness.h;

  const session = (uploadId: string): FakeMultipartSession => {
    const found = h().fake.multipartSession(uploadId);
    assert.ok(found, `no session ${uploadId}`);
    return found;
  };
  /**
   * After an abort, a chunk whose body was all sent may be stored although its answer never came;
   * the server does not list it (only reported chunks count), so the resume sends it again: at most
   * one per worker.
   */
  const assertStoredOnceExceptInFlight = (uploadId: string, workers: number) => {
    const chunks = session(uploadId).chunks;
    const twice = chunks.filter((chunk) => chunk.putsStored !== 1);
    assert.ok(twice.length <= workers && twice.every((chunk) => chunk.putsStored === 2), `stored more than once: ${twice.map((c) => `${c.index}: ${c.putsStored}`).join(', ')}`);
    assert.ok(chunks.every((chunk) => chunk.status === 'completed'));
  };
  const assertEachStoredOnce = (uploadId: string) => {
    const chunks = session(uploadId).chunks;
    assert.deepEqual(
      chunks.filter((chunk) => chunk.putsStored !== 1).map((chunk) => `${chunk.index}: ${chunk.putsStored}`),
      [],
      'every chunk stored exactly once',
    );
    assert.ok(chunks.every((chunk) => chunk.status === 'completed'));
  };

  it('uploads a generated file: every chunk stored once with the right bytes, reported in batches, the asset ready, progress to the total', async () => {
    const size = 13 * CHUNK + 4321;
    const file = writeRandomFile(tmp.dir, 'clip.mp4', size);
    const progress: MultipartProgress[] = [];
    const states: ResumableUpload[] = [];
    const asset = await h().client.uploadMultipart(
      { path: file, userMetadata: { topic: 'demo' } },
      { onProgress: (p) => progress.push({ ...p }), onState: (s) => states.push(structuredClone(s)), reportBatchSize: 4 },
    );
    assert.equal(asset.status, 'ready');
    assert.equal(asset.filename, 'clip.mp4');
    const uploadId = states[0].uploadId;
    const stored = session(uploadId);
    assert.equal(stored.status, 'completed');
    assert.equal(stored.total_chunks, 14);
    assert.equal(stored.asset_id, asset._id);
    assertEachStoredOnce(uploadId);
    for (const chunk of stored.chunks) {
      assert.equal(chunk.etag, chunkEtag(file, CHUNK, chunk.index), `chunk ${chunk.index} holds the file's bytes`);
    }
    assert.equal(putsFor(h().fake, uploadId), 14);
    // 14 chunks in batches of up to 4, one report at a time.
    const reports = apiRequests(h().fake, 'POST', REPORT_PATH);
    assert.ok(reports >= 4 && reports <= 14, `${reports} reports`);
    assert.ok(apiRequests(h().fake, 'POST', URLS_PATH) >= 1, 'URLs past the first 4 were asked for');
    const create = h().fake.requests.find((r) => r.method === 'POST' && r.path === '/assets/multipart-uploads');
    assert.deepEqual(create?.body, { filename: 'clip.mp4', type: 'video', total_size: size, user_metadata: { topic: 'demo' } });

    assert.ok(progress.length > 14, `${progress.length} progress events`);
    for (let i = 1; i < progress.length; i++) assert.ok(progress[i].sent >= progress[i - 1].sent, 'progress never goes back');
    assert.ok(progress.every((p) => p.total === size && p.totalChunks === 14));
    assert.deepEqual(progress.at(-1), { sent: size, total: size, phase: 'processing', chunksCompleted: 14, totalChunks: 14 });

    const last = states.at(-1);
    assert.ok(last);
    assert.deepEqual(last.completedChunks, Array.from({ length: 14 }, (_, i) => i + 1));
    assert.deepEqual(last.unreportedChunks, []);
    assert.equal(last.totalSize, size);
    assert.equal(last.chunkSize, CHUNK);
    assert.equal(last.file.size, size);
    assert.equal(last.file.path, file);
    // What is persisted holds neither the key nor a URL.
    const persisted = JSON.stringify(states);
    assert.ok(!persisted.includes(CANARY_KEY));
    assert.doesNotMatch(persisted, /https?:\/\//);
    assert.ok(h().logger.lines.some((line) => /PUT chunk 3 → http:\/\/127\.0\.0\.1:\d+\/uploads\/[0-9a-f]{24}\/3: stored/.test(line)), 'chunk PUTs are logged by origin and path');
  });

  it('sends the session\'s upload_headers with every PUT (the storage requires them)', async () => {
    await harness.restart({ fake: { chunkSize: CHUNK, uploadHeaders: { 'x-amz-server-side-encryption': 'AES256' } } });
    const file = writeRandomFile(tmp.dir, 'headers.mp4', 3 * CHUNK);
    const states: ResumableUpload[] = [];
    await h().client.uploadMultipart({ path: file }, { onState: (s) => states.push(s) });
    assert.deepEqual(states[0].uploadHeaders, { 'x-amz-server-side-encryption': 'AES256' });
    assertEachStoredOnce(states[0].uploadId);
  });

  describe('storage faults are recovered with nothing uploaded twice', () => {
    for (const [name, fault] of [
      ['a reset mid-body', { kind: 'chunkResetMidBody', chunkIndex: 2, afterBytes: 16 * KiB }],
      ['an expired URL (403)', { kind: 'chunkUrlExpired', chunkIndex: 3 }],
      ['a 500 InternalError', { kind: 'chunkServerError', chunkIndex: 5, status: 500 }],
      ['a 503 SlowDown, twice', { kind: 'chunkServerError', chunkIndex: 1, status: 503, times: 2 }],
    ] as const) {
      it(name, async () => {
        h().fake.injectStorageFault(fault);
        const file = writeRandomFile(tmp.dir, `fault-${fault.kind}-${fault.chunkIndex}.mp4`, 6 * CHUNK + 99);
        let uploadId = '';
        const asset = await h().client.uploadMultipart({ path: file }, { onState: (s) => (uploadId = s.uploadId) });
        assert.equal(asset.status, 'ready');
        assertEachStoredOnce(uploadId);
        const chunk = session(uploadId).chunks[fault.chunkIndex - 1];
        assert.equal(chunk.putAttempts, 1 + ('times' in fault ? fault.times : 1) - (fault.kind === 'chunkUrlExpired' ? 1 : 0), 'the failed PUT was tried again');
        const faulted = h().fake.storage.requests.filter((r) => r.chunkIndex === fault.chunkIndex && r.uploadId === uploadId);
        assert.equal(faulted.at(-1)?.status, 200);
        if (fault.kind === 'chunkUrlExpired') {
          assert.ok(apiRequests(h().fake, 'POST', URLS_PATH) >= 1, 'a fresh URL was asked for');
        }
      });
    }

    it('URLs that expire while the upload runs (the clock jumps 2 h): fresh ones, then the PUTs', async () => {
      const clock = new Clock(Date.now());
      await harness.restart({ fake: { chunkSize: CHUNK, initialUploadUrls: 10, now: clock.now } });
      const file = writeRandomFile(tmp.dir, 'clock.mp4', 8 * CHUNK);
      let uploadId = '';
      let jumped = false;
      await h().client.uploadMultipart(
        { path: file },
        {
          concurrency: 1,
          onState: (s) => (uploadId = s.uploadId),
          onProgress: (p) => {
            if (p.chunksCompleted >= 2 && !jumped) {
              jumped = true;
              clock.advance(2 * 60 * 60_000);
            }
          },
        },
      );
      assertEachStoredOnce(uploadId);
      assert.ok(h().fake.storage.requests.some((r) => r.status === 403 && r.note === 'expired'), 'the storage refused an expired URL');
      assert.ok(apiRequests(h().fake, 'POST', URLS_PATH) >= 1);
    });

    it('URLs about to expire are renewed before they are used (our clock jumps 56 min)', async () => {
      await harness.restart({ fake: { chunkSize: CHUNK, initialUploadUrls: 10 } });
      let offset = 0;
      const client = new TwelveLabsClient(
        { baseUrl: h().fake.url, keySource: { getKey: () => Promise.resolve(CANARY_KEY) }, logger: h().logger, userAgent: 'test', timeoutMs: 2_000 },
        { clock: { now: () => Date.now() + offset, sleep: () => Promise.resolve() } },
      );
      const file = writeRandomFile(tmp.dir, 'soon.mp4', 8 * CHUNK);
      let uploadId = '';
      await client.uploadMultipart(
        { path: file },
        {
          concurrency: 1,
          onState: (s) => (uploadId = s.uploadId),
          onProgress: (p) => {
            if (p.chunksCompleted >= 2) offset = 56 * 60_000;
          },
        },
      );
      assertEachStoredOnce(uploadId);
      assert.ok(apiRequests(h().fake, 'POST', URLS_PATH) >= 1);
      assert.ok(session(uploadId).chunks.slice(3).every((chunk) => chunk.urlsIssued >= 2), 'the first URLs of later chunks were replaced before use');
      assert.ok(h().fake.storage.requests.every((r) => r.status === 200), 'no PUT was refused');
    });

    it('a 503 on the report POST is retried; a report whose answer was lost is repeated and counted as duplicates', async () => {
      h().fake.injectFault({ kind: 'unavailable', method: 'POST', path: REPORT_PATH });
      h().fake.injectFault({ kind: 'reset', afterResponse: true, method: 'POST', path: REPORT_PATH });
      const file = writeRandomFile(tmp.dir, 'report-faults.mp4', 5 * CHUNK);
      let uploadId = '';
      const asset = await h().client.uploadMultipart({ path: file }, { onState: (s) => (uploadId = s.uploadId), reportBatchSize: 2 });
      assert.equal(asset.status, 'ready');
      assertEachStoredOnce(uploadId);
      assert.ok(session(uploadId).chunks.some((chunk) => chunk.reports >= 2), 'some chunk was reported twice');
      assert.equal(h().clock.sleeps.length >= 2, true, 'the retries waited (backoff)');
    });

    it('a report that hangs ends at the request timeout and is retried', async () => {
      await harness.restart({ fake: { chunkSize: CHUNK }, timeoutMs: 300 });
      h().fake.injectFault({ kind: 'hang', method: 'POST', path: REPORT_PATH });
      const file = writeRandomFile(tmp.dir, 'hang.mp4', 2 * CHUNK);
      let uploadId = '';
      const started = Date.now();
      await h().client.uploadMultipart({ path: file }, { onState: (s) => (uploadId = s.uploadId) });
      assert.ok(Date.now() - started < 3_000, `took ${Date.now() - started} ms`);
      assertEachStoredOnce(uploadId);
    });

    it('a storage that stops reading: the stall timeout ends each PUT, and the upload fails after its attempts (upload_stalled)', async () => {
      await harness.restart({ fake: { chunkSize: 4 * MiB } });
      h().fake.setStorageThrottle(64 * KiB);
      const file = writeRandomFile(tmp.dir, 'stall.mp4', 8 * MiB);
      const started = Date.now();
      const error = await rejection(() => h().client.uploadMultipart({ path: file }, { stallTimeoutMs: 200, maxChunkAttempts: 2 }));
      assert.ok(error instanceof TwelveLabsError, String(error));
      assert.equal(error.code, 'upload_stalled');
      assert.equal(error.kind, 'noResponse');
      assert.ok(Date.now() - started < 5_000, `took ${Date.now() - started} ms`);
      assertNoCanary(error);
    });
  });

  describe('abort, pause and resume', () => {
    /** Starts an upload and aborts it once `atChunks` chunks are stored; returns the last state. */
    async function abortAt(file: string, atChunks: number, extra: { reportBatchSize?: number } = {}): Promise<{ state: ResumableUpload; error: unknown; abortedAfterMs: number }> {
      const controller = new AbortController();
      let state: ResumableUpload | undefined;
      let abortedAt = 0;
      const error = await rejection(() =>
        h().client.uploadMultipart(
          { path: file },
          {
            signal: controller.signal,
            concurrency: 4,
            reportBatchSize: extra.reportBatchSize,
            onState: (s) => (state = structuredClone(s)),
            onProgress: (p) => {
              if (p.chunksCompleted >= atChunks && !controller.signal.aborted) {
                abortedAt = Date.now();
                controller.abort();
              }
            },
          },
        ),
      );
      assert.ok(state, 'a state was emitted');
      return { state, error, abortedAfterMs: Date.now() - abortedAt };
    }

    /**
     * Every URL of a 20-chunk file in the create answer: with fewer stored chunks than a report batch at
     * the abort, no API call of the aborted run can be on the wire, so none lands after a count starts.
     */
    async function everyUrlUpFront(): Promise<void> {
      await harness.restart({ fake: { chunkSize: CHUNK, initialUploadUrls: 20, taskAdvance: 'poll' } });
    }

    it('an abort stops every PUT at once: cancelled within 500 ms, nothing sent afterwards', async () => {
      h().fake.setStorageThrottle(2 * MiB);
      const file = writeRandomFile(tmp.dir, 'abort.mp4', 40 * CHUNK);
      const { state, error, abortedAfterMs } = await abortAt(file, 3);
      assert.ok(error instanceof TwelveLabsError, String(error));
      assert.equal(error.kind, 'cancelled');
      assert.ok(abortedAfterMs < 500, `took ${abortedAfterMs} ms`);
      const putsAtAbort = putsFor(h().fake, state.uploadId);
      await sleep(300);
      assert.equal(putsFor(h().fake, state.uploadId), putsAtAbort, 'no PUT started after the abort');
      assert.ok(putsAtAbort <= 3 + 4 + 1, `${putsAtAbort} PUTs`);
      assertNoCanary(error);
    });

    it('resume after an abort at about half sends only the missing chunks (70 chunks: two pages of status)', async () => {
      h().fake.setStorageThrottle(4 * MiB);
      const total = 70;
      const file = writeRandomFile(tmp.dir, 'resume.mp4', total * CHUNK - 1000);
      const first = await abortAt(file, total / 2);
      assert.ok(first.error instanceof TwelveLabsError && first.error.kind === 'cancelled');
      const known = first.state.completedChunks.length + first.state.unreportedChunks.length;
      assert.ok(known >= total / 2, `${known} chunks known at the abort`);
      const putsBefore = putsFor(h().fake, first.state.uploadId);
      h().fake.setStorageThrottle(undefined);

      const progress: MultipartProgress[] = [];
      const asset = await h().client.uploadMultipart({ path: file, resume: first.state }, { onProgress: (p) => progress.push({ ...p }) });
      assert.equal(asset.status, 'ready');
      assert.equal(asset._id, first.state.assetId);
      const resumedPuts = putsFor(h().fake, first.state.uploadId) - putsBefore;
      // Only chunks the state did not know of; the in-flight ones of the first run may already be on the server.
      assert.ok(resumedPuts <= total - known, `${resumedPuts} PUTs on resume, ${total - known} chunks were unknown`);
      assert.ok(resumedPuts >= total - known - 4, `${resumedPuts} PUTs on resume`);
      assertStoredOnceExceptInFlight(first.state.uploadId, 4);
      assert.ok(progress[0].sent >= known * CHUNK - CHUNK, 'progress starts from what the server had');
      const statusReads = h().fake.requests.filter((r) => r.method === 'GET' && r.path === `/assets/multipart-uploads/${first.state.uploadId}`);
      assert.deepEqual(
        statusReads.map((r) => r.query.page),
        ['1', '2'],
      );
    });

    it('a kill before any report: the saved ETags are reported on resume, those chunks are not sent again', async () => {
      h().fake.setStorageThrottle(4 * MiB);
      const total = 30;
      const file = writeRandomFile(tmp.dir, 'kill.mp4', total * CHUNK);
      const first = await abortAt(file, 12, { reportBatchSize: 100 });
      assert.equal(first.state.completedChunks.length, 0, 'nothing reported before the abort');
      const saved = first.state.unreportedChunks.map((entry) => entry.chunkIndex);
      assert.ok(saved.length >= 12);
      h().fake.setStorageThrottle(undefined);
      const putsBefore = putsFor(h().fake, first.state.uploadId);
      await h().client.uploadMultipart({ path: file, resume: first.state });
      const resumedPuts = h().fake.storage.requests.slice(putsBefore).filter((r) => r.method === 'PUT').map((r) => r.chunkIndex);
      assert.deepEqual(
        resumedPuts.filter((index) => index !== undefined && saved.includes(index)),
        [],
        'no chunk with a saved ETag was sent again',
      );
      assertStoredOnceExceptInFlight(first.state.uploadId, 4);
    });

    it('a session past its 24 h: a plain upload_session_expired, nothing sent', async () => {
      await everyUrlUpFront();
      h().fake.setStorageThrottle(4 * MiB);
      const file = writeRandomFile(tmp.dir, 'expired.mp4', 20 * CHUNK);
      const { state } = await abortAt(file, 4);
      h().fake.expireUploadSession(state.uploadId);
      const putsBefore = putsFor(h().fake, state.uploadId);
      const error = await rejection(() => h().client.uploadMultipart({ path: file, resume: state }));
      assert.ok(error instanceof TwelveLabsError, String(error));
      assert.equal(error.kind, 'upload');
      assert.equal(error.code, 'upload_session_expired');
      assert.match(error.message, /more than 24 hours ago/);
      assert.match(error.message, /Start the upload again/);
      assert.equal(putsFor(h().fake, state.uploadId), putsBefore);
      assertNoCanary(error);

      // A state whose expiry has passed by our own clock is refused without asking.
      await h().fake.settled();
      h().fake.clearRequests();
      const stale = { ...state, sessionExpiresAt: new Date(Date.now() - 1000).toISOString() };
      const again = await rejection(() => h().client.uploadMultipart({ path: file, resume: stale }));
      assert.ok(again instanceof TwelveLabsError && again.code === 'upload_session_expired');
      assert.equal(h().fake.requests.length, 0);
    });

    it('a session that expires mid-upload: the storage\'s NoSuchUpload becomes upload_session_expired', async () => {
      const file = writeRandomFile(tmp.dir, 'expires-mid.mp4', 12 * CHUNK);
      let uploadId = '';
      let expired = false;
      const error = await rejection(() =>
        h().client.uploadMultipart(
          { path: file },
          {
            concurrency: 1,
            onState: (s) => (uploadId = s.uploadId),
            onProgress: (p) => {
              if (p.chunksCompleted >= 3 && !expired) {
                expired = true;
                h().fake.expireUploadSession(uploadId);
              }
            },
          },
        ),
      );
      assert.ok(error instanceof TwelveLabsError, String(error));
      assert.equal(error.code, 'upload_session_expired');
    });

    for (const [change, apply] of [
      ['grew', (file: string) => fs.appendFileSync(file, Buffer.from('x'))],
      ['was touched', (file: string) => fs.utimesSync(file, new Date(), new Date(Date.now() + 5_000))],
    ] as const) {
      it(`a file that ${change} since the pause: upload_file_changed, nothing sent`, async () => {
        await everyUrlUpFront();
        h().fake.setStorageThrottle(4 * MiB);
        const file = writeRandomFile(tmp.dir, `changed-${change.replace(' ', '-')}.mp4`, 20 * CHUNK);
        const { state } = await abortAt(file, 4);
        apply(file);
        await h().fake.settled();
        assert.equal(apiRequests(h().fake, 'POST', URLS_PATH), 0, 'no URL was asked for after the create');
        h().fake.clearRequests();
        const storageBefore = h().fake.storage.requests.length;
        const error = await rejection(() => h().client.uploadMultipart({ path: file, resume: state }));
        assert.ok(error instanceof TwelveLabsError, String(error));
        assert.equal(error.kind, 'upload');
        assert.equal(error.code, 'upload_file_changed');
        assert.match(error.message, /“changed-.*\.mp4” has changed since its upload was paused/);
        assert.equal(h().fake.requests.length, 0);
        assert.equal(h().fake.storage.requests.length, storageBefore);
      });
    }

    it('a file changed while it uploads: upload_file_changed before the changed bytes are reported', async () => {
      h().fake.setStorageThrottle(2 * MiB);
      const file = writeRandomFile(tmp.dir, 'changing.mp4', 20 * CHUNK);
      let touched = false;
      const error = await rejection(() =>
        h().client.uploadMultipart(
          { path: file },
          {
            onProgress: (p) => {
              if (p.chunksCompleted >= 2 && !touched) {
                touched = true;
                fs.appendFileSync(file, Buffer.from('more'));
              }
            },
          },
        ),
      );
      assert.ok(error instanceof TwelveLabsError, String(error));
      assert.equal(error.code, 'upload_file_changed');
      const [stored] = h().fake.multipartSessions();
      assert.notEqual(stored.status, 'completed');
    });

    it('listIncompleteUploads shows the paused session; getUploadStatus pages its chunks', async () => {
      h().fake.setStorageThrottle(4 * MiB);
      const file = writeRandomFile(tmp.dir, 'listed.mp4', 60 * CHUNK);
      const { state } = await abortAt(file, 10);
      const page = await h().client.listIncompleteUploads();
      assert.deepEqual(
        page.data.map((u) => [u.upload_id, u.status, u.total_chunks]),
        [[state.uploadId, 'active', 60]],
      );
      const status = await h().client.getUploadStatus(state.uploadId, 2, 50);
      assert.equal(status.page_info.total_page, 2);
      assert.equal(status.uploaded_chunks.length, 10);
      assert.deepEqual(
        status.uploaded_chunks.map((c) => c.index),
        Array.from({ length: 10 }, (_, i) => 51 + i),
      );
    });
  });

  describe('the key and the signatures stay out of errors and logs', () => {
    it('a file named after the key: the messages carry it masked', async () => {
      h().fake.setStorageThrottle(4 * MiB);
      const file = writeRandomFile(tmp.dir, `take-${CANARY_KEY}.mp4`, 10 * CHUNK);
      const controller = new AbortController();
      let state: ResumableUpload | undefined;
      await rejection(() =>
        h().client.uploadMultipart(
          { path: file, filename: path.basename(file) },
          { signal: controller.signal, onState: (s) => (state = s), onProgress: (p) => (p.chunksCompleted >= 2 ? controller.abort() : undefined) },
        ),
      );
      assert.ok(state);
      fs.appendFileSync(file, 'x');
      const error = await rejection(() => h().client.uploadMultipart({ path: file, resume: state }));
      assert.ok(error instanceof TwelveLabsError && error.code === 'upload_file_changed', String(error));
      assertNoCanary(error);
    });

    it('every error of a refused chunk holds neither the key nor the URL', async () => {
      await harness.restart({ fake: { chunkSize: CHUNK } });
      h().fake.injectStorageFault({ kind: 'chunkServerError', times: Infinity });
      const file = writeRandomFile(tmp.dir, 'refused.mp4', 2 * CHUNK);
      const error = await rejection(() => h().client.uploadMultipart({ path: file }, { maxChunkAttempts: 3 }));
      assert.ok(error instanceof TwelveLabsError, String(error));
      assert.equal(error.kind, 'http');
      assert.equal(error.status, 500);
      assert.equal(error.code, 'InternalError');
      assert.match(error.message, /The upload storage refused chunk \d \(HTTP 500 InternalError\)/);
      assert.doesNotMatch(`${error.message}${error.stack ?? ''}${JSON.stringify(error)}`, /X-Amz|127\.0\.0\.1|uploads\//);
      assertNoCanary(error);
    });
  });

  it('an asset the platform cannot process: asset_failed with the server\'s reason, after every chunk was confirmed', async () => {
    h().fake.failNextAsset('The file is not a video the platform can decode.');
    const file = writeRandomFile(tmp.dir, 'undecodable.mp4', 3 * CHUNK);
    const states: ResumableUpload[] = [];
    const progress: MultipartProgress[] = [];
    const error = await rejection(() => h().client.uploadMultipart({ path: file }, { onState: (s) => states.push(s), onProgress: (p) => progress.push(p) }));
    assert.ok(error instanceof TwelveLabsError, String(error));
    assert.equal(error.kind, 'upload');
    assert.equal(error.code, 'asset_failed');
    assert.equal(error.message, 'Twelve Labs could not process “undecodable.mp4”: The file is not a video the platform can decode.');
    assert.equal(states.at(-1)?.completedChunks.length, 3);
    assert.equal(progress.at(-1)?.phase, 'processing');
  });

  it('waitForReady false: the asset as it is once every chunk is in', async () => {
    const file = writeRandomFile(tmp.dir, 'nowait.mp4', 2 * CHUNK);
    const asset = await h().client.uploadMultipart({ path: file }, { waitForReady: false });
    assert.equal(asset.status, 'processing');
  });

  it('a stored chunk answered without an ETag: sent again to a fresh URL (the ETag is the only proof), then completed', async () => {
    h().fake.injectStorageFault({ kind: 'chunkNoEtag', chunkIndex: 2 });
    const file = writeRandomFile(tmp.dir, 'no-etag.mp4', 4 * CHUNK);
    let uploadId = '';
    await h().client.uploadMultipart({ path: file }, { onState: (s) => (uploadId = s.uploadId) });
    const chunks = session(uploadId).chunks;
    assert.deepEqual(
      chunks.map((chunk) => chunk.putsStored),
      [1, 2, 1, 1],
    );
    assert.ok(chunks.every((chunk) => chunk.status === 'completed'));
  });

  it('refuses an empty file and a file over 10 GB before asking for a session', async () => {
    const empty = path.join(tmp.dir, 'empty.mp4');
    fs.writeFileSync(empty, '');
    const error = await rejection(() => h().client.uploadMultipart({ path: empty }));
    assert.ok(error instanceof TwelveLabsError && error.code === 'file_empty', String(error));
    const huge = path.join(tmp.dir, 'huge.mp4');
    fs.writeFileSync(huge, '');
    fs.truncateSync(huge, 10_000_000_001);
    const tooLarge = await rejection(() => h().client.uploadMultipart({ path: huge }));
    assert.ok(tooLarge instanceof TwelveLabsError && tooLarge.code === 'file_too_large', String(tooLarge));
    assert.match(tooLarge.message, /at most 10 GB/);
    assert.equal(h().fake.requests.length, 0);
  });

  it('a session answer of the wrong shape is refused (malformedResponse), nothing sent to storage', async () => {
    h().fake.injectFault({ kind: 'hostileShapes', hostile: 'badEnvelope', method: 'POST', path: '/assets/multipart-uploads' });
    const file = writeRandomFile(tmp.dir, 'hostile.mp4', 2 * CHUNK);
    const error = await rejection(() => h().client.uploadMultipart({ path: file }));
    assert.ok(error instanceof TwelveLabsError, String(error));
    assert.equal(error.kind, 'malformedResponse');
    assert.equal(h().fake.storage.requests.length, 0);
  });
});
