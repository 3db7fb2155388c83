import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionTestApi, TreeNodeSnapshot } from '../build/testApi';
import { canaryForms } from '../canary';
import type { FakeTwelveLabs } from '../fake/server';
import type { StorageFaultSpec } from '../fake/storage';
import type { SendOutcome } from '../../src/upload/assetUploads';
import { CANARY_KEY, activateExtension, nothingMoreWithin, requireUi, screenshot, setSetting, startFake, ui, waitFor } from './support';

function run<T>(command: string, ...args: unknown[]): Thenable<T> {
  return vscode.commands.executeCommand<T>(command, ...args);
}

const KiB = 1024;
const MiB = 1024 * KiB;
/** The fake's direct-upload limit in this suite, and the extension's: anything bigger goes in parts. */
const DIRECT_LIMIT = 1_000_000;
const CHUNK = 256 * KiB;
const PARALLEL_CHUNKS = 4;

describe('Upload Video to Index through assets (real host)', () => {
  let api: ExtensionTestApi;
  let fake: FakeTwelveLabs;
  let dir: string;
  let indexId: string;

  function makeFile(name: string, size: number, fill = 0x5a): string {
    const file = path.join(dir, name);
    const bytes = Buffer.alloc(size, fill);
    // Chunks that differ, so an ETag proves which chunk it belongs to.
    for (let at = 0; at < size; at += CHUNK) {
      bytes.writeUInt32BE(at / CHUNK, at);
    }
    fs.writeFileSync(file, bytes);
    return file;
  }

  const uploadNodes = async (): Promise<TreeNodeSnapshot[]> =>
    (await api.indexes.childNodes(indexId)).filter((node) => node.contextValue?.startsWith('twelvelabs.assetUpload') === true);
  const nodeOf = async (uploadId: string): Promise<TreeNodeSnapshot | undefined> => (await uploadNodes()).find((node) => node.id?.endsWith(`/uploads/${uploadId}`));
  const requestsTo = (method: string, pattern: RegExp) => fake.requests.filter((request) => request.method === method && pattern.test(request.path));
  const assetPosts = () => requestsTo('POST', /^\/assets$/);
  const lastSession = () => fake.multipartSessions().at(-1);
  const readyNotice = (label: string) => waitFor(`“${label}” ready`, () => api.notifications().find((n) => n.severity === 'info' && n.message === `“${label}” is indexed and ready.`), 30_000);
  const sendingId = () => waitFor('an upload sending', () => api.uploads.sending()[0]);
  /**
   * Chunks not started yet crawl from here on (those in flight keep their pace): the upload cannot
   * finish before the step that interrupts it, however slow the machine is.
   */
  const holdBackTheRest = () => fake.setStorageThrottle(4 * KiB);
  const pauseFromNode = (uploadId: string) => run<boolean>('twelvelabs.pauseUpload', api.uploads.contextMenuTarget(uploadId));
  const resumeFromNode = (uploadId: string) => run<SendOutcome[]>('twelvelabs.resumeUpload', api.uploads.contextMenuTarget(uploadId));

  /** Every chunk of the session stored exactly once: nothing was uploaded twice. */
  function assertEachChunkStoredOnce(uploadId: string): void {
    const session = fake.multipartSession(uploadId);
    assert.ok(session, 'the session exists');
    assert.deepEqual(
      session.chunks.map((chunk) => chunk.putsStored),
      session.chunks.map(() => 1),
      `stores per chunk: ${session.chunks.map((chunk) => chunk.putsStored).join(',')}`,
    );
    assert.ok(session.chunks.every((chunk) => chunk.status === 'completed'));
  }

  /** The chunks the upload's record says the server holds (confirmed, or stored with an ETag in hand). */
  function knownChunks(uploadId: string): number[] {
    const resumable = api.uploads.records().find((record) => record.id === uploadId)?.resumable;
    return resumable ? [...resumable.completedChunks, ...resumable.unreportedChunks.map((chunk) => chunk.chunkIndex)] : [];
  }

  /**
   * After a pause or a reload: no chunk the record knew of was sent again, every chunk is stored, and
   * what was sent twice is at most the chunks in flight when it stopped (their bytes may all have
   * reached the storage while their answers, with the ETag, did not reach us).
   */
  function assertResumedWithMissingOnly(uploadId: string, known: number[], bytesSentAfter: number, size: number): void {
    const session = fake.multipartSession(uploadId);
    assert.ok(session);
    assert.ok(session.chunks.every((chunk) => chunk.status === 'completed' && chunk.putsStored >= 1));
    for (const index of known) {
      assert.equal(session.chunks[index - 1].putAttempts, 1, `chunk ${index}, which the server had, was not sent again`);
    }
    const twice = session.chunks.filter((chunk) => chunk.putsStored > 1);
    assert.ok(twice.length <= PARALLEL_CHUNKS, `stored twice: chunks ${twice.map((chunk) => chunk.index).join(', ')}`);
    const missingBytes = size - known.length * CHUNK;
    assert.ok(bytesSentAfter - missingBytes <= PARALLEL_CHUNKS * CHUNK, `bytes sent again: ${bytesSentAfter - missingBytes}`);
  }

  before(async () => {
    api = await activateExtension();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tl-host-assets-'));
    // Assets and indexed assets move one state per 150 ms: a poll a second later finds them done.
    fake = await startFake({ taskAdvance: { everyMs: 150 }, maxAssetBytes: DIRECT_LIMIT, chunkSize: CHUNK });
    api.uploads.setUploadLimits({ maxDirectBytes: DIRECT_LIMIT, maxMultipartBytes: 10_000_000_000 });
    [indexId] = fake.seedIndexes(1, { namePrefix: 'asset-target' });
    const saved = await api.keys.store({ key: CANARY_KEY });
    assert.equal(saved.status, 'saved');
    await api.keys.settled();
    await run('twelvelabs.refreshIndexes');
  });

  after(async () => {
    await api.uploads.forgetAll();
    api.uploads.setUploadLimits(undefined);
    await setSetting('upload.enableVideoStream', undefined);
    await api.keys.clear();
    await fake?.close();
    await setSetting('apiUrl', undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  beforeEach(() => {
    fake.clearFaults();
    fake.setUploadThrottle(undefined);
    fake.setStorageThrottle(undefined);
    fake.setTaskAdvance({ everyMs: 150 });
    fake.clearRequests();
    fake.storage.clearRequests();
  });

  it('a small file: one streamed POST /assets, indexed with its video stream, and ready in the tree', async () => {
    const file = makeFile('host clip.mp4', 300 * KiB);
    const result = await api.uploads.upload({ indexId, files: [file] });
    assert.equal(result.outcome, 'uploaded', JSON.stringify(result));
    assert.ok(result.outcome === 'uploaded');
    const [item] = result.uploads;
    assert.ok(item.outcome === 'sent');
    assert.match(item.assetId, /^[0-9a-f]{24}$/);

    assert.equal(assetPosts().length, 1);
    assert.deepEqual(assetPosts()[0].body, { method: 'direct', file: { filename: 'host clip.mp4', mimeType: 'video/mp4', size: 300 * KiB } });
    assert.equal(requestsTo('POST', /^\/tasks$/).length, 0, 'the legacy route is not used');
    assert.equal(fake.storage.requests.length, 0, 'a small file does not go in parts');
    assert.ok(api.uploads.progressMessages().some((message) => message.startsWith('100%')), api.uploads.progressMessages().join(' | '));
    const node = await nodeOf(item.uploadId);
    assert.ok(node, 'the upload has a node under its index until its video is ready');
    assert.match(String(node.description), /processing…|pending…|queued…|indexing…/);
    assert.equal(node.icon, 'sync~spin');
    await vscode.commands.executeCommand('twelvelabs.indexes.focus');
    await screenshot('upload-indexing');

    const ready = await readyNotice('host clip.mp4');
    assert.deepEqual(ready.actions, ['Reveal']);
    const index = await waitFor('POST …/indexed-assets', () => requestsTo('POST', /^\/indexes\/[^/]+\/indexed-assets$/)[0]);
    assert.deepEqual(index.body, { asset_id: item.assetId, enable_video_stream: true });
    const children = await waitFor('the video under the index', async () => {
      const nodes = await api.indexes.childNodes(indexId);
      return nodes.some((n) => n.contextValue === 'twelvelabs.video' && n.label === 'host clip.mp4') ? nodes : undefined;
    });
    assert.equal(children.filter((n) => n.id?.endsWith(`/uploads/${item.uploadId}`)).length, 0, 'the upload node gives way to the video');
    assert.deepEqual(api.uploads.following(), []);
    await api.uploads.flushed();
    assert.ok(!api.uploads.rememberedRecords().some((record) => record.id === item.uploadId), 'nothing left for the next window');
    await screenshot('upload-ready');
  });

  it('a file over the direct limit goes in parts to the storage origin, never with the key, and is ready in the tree', async () => {
    const size = 3 * MiB + 123;
    const file = makeFile('big clip.mp4', size);
    const result = await api.uploads.upload({ indexId, files: [file] });
    assert.equal(result.outcome, 'uploaded', JSON.stringify(result));
    const session = lastSession();
    assert.ok(session, 'a multipart session was started');
    assert.equal(session.total_size, size);
    assert.equal(session.total_chunks, Math.ceil(size / CHUNK));
    assertEachChunkStoredOnce(session.upload_id);
    assert.equal(assetPosts().length, 0, 'no direct POST');
    const start = requestsTo('POST', /^\/assets\/multipart-uploads$/)[0];
    assert.deepEqual(start.body, { filename: 'big clip.mp4', type: 'video', total_size: size });

    assert.ok(fake.storage.requests.length >= session.total_chunks);
    assert.deepEqual(fake.storage.requestsWithApiKey(), [], 'the storage origin never saw an x-api-key');
    const reports = requestsTo('POST', /^\/assets\/multipart-uploads\/[^/]+$/);
    assert.ok(reports.length >= 1 && reports.length < session.total_chunks, `reported in batches: ${reports.length} reports for ${session.total_chunks} chunks`);
    const logged = api.logLines().join('\n');
    assert.doesNotMatch(logged, /X-Amz-Signature|X-Amz-Credential/i, 'no presigned signature in the log');
    const storageUrls = logged.match(new RegExp(`${fake.storageOrigin}\\S*`, 'g')) ?? [];
    assert.ok(
      storageUrls.every((url) => !url.includes('?')),
      `chunk URLs are logged without their signed query: ${storageUrls.filter((url) => url.includes('?')).join(' | ')}`,
    );

    await readyNotice('big clip.mp4');
    await waitFor('the video under the index', async () => (await api.indexes.childNodes(indexId)).find((n) => n.contextValue === 'twelvelabs.video' && n.label === 'big clip.mp4'));
  });

  it('several files, each its own asset; with twelveLabs.upload.enableVideoStream off, no stream is asked for', async () => {
    await setSetting('upload.enableVideoStream', false);
    try {
      const files = [makeFile('a.mp4', 64 * KiB), makeFile('b.mp4', 96 * KiB), makeFile('c.mp4', 128 * KiB)];
      const result = await api.uploads.upload({ indexId, files });
      assert.ok(result.outcome === 'uploaded', JSON.stringify(result));
      assert.deepEqual(
        result.uploads.map((u) => u.outcome),
        ['sent', 'sent', 'sent'],
      );
      assert.equal(assetPosts().length, 3);
      await Promise.all(['a.mp4', 'b.mp4', 'c.mp4'].map((label) => readyNotice(label)));
      const indexed = requestsTo('POST', /^\/indexes\/[^/]+\/indexed-assets$/);
      assert.equal(indexed.length, 3, JSON.stringify({ indexed: indexed.map((post) => post.body), log: api.logLines().slice(-30) }));
      assert.ok(indexed.every((post) => (post.body as Record<string, unknown>).enable_video_stream === false), JSON.stringify(indexed.map((p) => p.body)));
    } finally {
      await setSetting('upload.enableVideoStream', undefined);
    }
  });

  it('Cancel stops a multipart upload at once: the record goes, the unfinished asset is deleted, nothing is remembered', async () => {
    fake.setStorageThrottle(256 * KiB);
    const pending = api.uploads.upload({ indexId, files: [makeFile('slow.mp4', 4 * MiB)] });
    await waitFor('bytes on the way', () => api.uploads.activeUploads().some((u) => u.sent > 0));
    const assetId = await waitFor('the session', () => lastSession()?.asset_id);
    holdBackTheRest();
    await screenshot('upload-progress');
    const cancelledAt = Date.now();
    assert.equal(api.uploads.cancelActiveUploads(), 1);
    const result = await pending;
    assert.ok(Date.now() - cancelledAt < 2000, `took ${Date.now() - cancelledAt} ms`);
    assert.equal(result.outcome, 'cancelled', JSON.stringify(result));
    assert.deepEqual(api.uploads.activeUploads(), []);
    assert.ok(!api.uploads.records().some((record) => record.label === 'slow.mp4'), 'the record is gone');
    await waitFor('the unfinished asset deleted', () => requestsTo('DELETE', new RegExp(`^/assets/${assetId}$`))[0]);
    assert.equal(fake.asset(assetId), undefined);
    await api.uploads.flushed();
    assert.ok(!api.uploads.rememberedRecords().some((record) => record.label === 'slow.mp4'), 'nothing remembered');
    assert.equal(api.notifications().at(-1)?.message, 'Upload of “slow.mp4” cancelled.');
  });

  it('Pause and Resume on the upload\'s node: nothing moves while paused, and only the missing chunks are sent', async () => {
    fake.setStorageThrottle(512 * KiB);
    const size = 4 * MiB;
    const file = makeFile('pause me.mp4', size);
    const pending = api.uploads.upload({ indexId, files: [file] });
    const uploadId = await sendingId();
    await waitFor('some chunks known to be stored', () => knownChunks(uploadId).length >= 3);
    holdBackTheRest();
    const sending = await nodeOf(uploadId);
    assert.equal(sending?.contextValue, 'twelvelabs.assetUpload.sending', 'Pause is offered on the node');
    assert.equal(await pauseFromNode(uploadId), true);
    const result = await pending;
    assert.equal(result.outcome, 'paused', JSON.stringify(result));

    const paused = await waitFor('the paused node', async () => ((await nodeOf(uploadId))?.contextValue === 'twelvelabs.assetUpload.paused' ? nodeOf(uploadId) : undefined));
    assert.match(String(paused.description), /^paused at \d+%$/);
    assert.equal(paused.icon, 'debug-pause');
    await screenshot('upload-paused');
    await nothingMoreWithin(300);
    const putsWhilePaused = fake.storage.requests.length;
    await nothingMoreWithin(500);
    assert.equal(fake.storage.requests.length, putsWhilePaused, 'no PUT while paused');
    const session = lastSession();
    assert.ok(session);
    const known = knownChunks(uploadId);
    assert.ok(known.length >= 1, 'the record holds the chunks the server has');

    fake.setStorageThrottle(undefined);
    const bytesBefore = fake.storage.bytesReceived;
    const outcomes = await resumeFromNode(uploadId);
    assert.deepEqual(
      outcomes.map((o) => o.outcome),
      ['sent'],
    );
    assertResumedWithMissingOnly(session.upload_id, known, fake.storage.bytesReceived - bytesBefore, size);
    await readyNotice('pause me.mp4');
  });

  it('a reload mid-upload: offered in a notification and shown in the tree; resumed with only the missing chunks', async function () {
    requireUi(this);
    fake.setStorageThrottle(512 * KiB);
    const file = makeFile('reload me.mp4', 4 * MiB);
    const pending = api.uploads.upload({ indexId, files: [file] });
    const uploadId = await sendingId();
    await waitFor('some chunks known to be stored', () => knownChunks(uploadId).length >= 3);
    holdBackTheRest();
    await api.uploads.flushed();
    await api.uploads.simulateReload();
    const cut = await pending;
    assert.equal(cut.outcome, 'paused', 'the old window stopped sending');

    const remembered = api.uploads.rememberedRecords().find((record) => record.id === uploadId);
    assert.ok(remembered?.resumable, 'globalState holds what resumes it');
    assert.equal(remembered.resumable.file.path, file);
    assert.equal(remembered.resumable.file.size, 4 * MiB);
    assert.equal(remembered.resumable.file.mtimeMs, fs.statSync(file).mtimeMs);
    assert.ok(remembered.resumable.completedChunks.length + remembered.resumable.unreportedChunks.length >= 3);
    const stored = JSON.stringify(api.reliability.mementos().globalState);
    assert.ok(!stored.includes(fake.storageOrigin), 'no presigned URL in globalState');
    assert.doesNotMatch(stored, /X-Amz|Signature/i);
    for (const form of canaryForms(CANARY_KEY)) {
      assert.ok(!stored.includes(form), 'the key is not in globalState');
    }
    const session = lastSession();
    assert.ok(session);
    const known = knownChunks(uploadId);
    const bytesBefore = fake.storage.bytesReceived;

    const node = await waitFor('the paused node after the reload', async () => nodeOf(uploadId));
    assert.equal(node.contextValue, 'twelvelabs.assetUpload.paused');
    const offer = await waitFor('the offer to resume', () => api.notifications().find((n) => n.message.startsWith('The upload of “reload me.mp4”')));
    assert.match(offer.message, /is not finished\. Resume it\? Only the missing part is sent\./);
    assert.deepEqual(offer.actions, ['Resume', 'Show']);
    fake.setStorageThrottle(undefined);
    await ui.inNotificationCentre('The upload of “reload me.mp4”', [
      { click: '.notifications-center .notification-list-item:has-text("reload me.mp4") .monaco-button', text: 'Resume' },
    ]);
    await readyNotice('reload me.mp4');
    assertResumedWithMissingOnly(session.upload_id, known, fake.storage.bytesReceived - bytesBefore, 4 * MiB);
  });

  it('a file changed while paused: said so, and a new upload starts only when the user agrees', async () => {
    fake.setStorageThrottle(512 * KiB);
    const file = makeFile('edited.mp4', 2 * MiB);
    const pending = api.uploads.upload({ indexId, files: [file] });
    const uploadId = await sendingId();
    await waitFor('some chunks known to be stored', () => knownChunks(uploadId).length >= 2);
    holdBackTheRest();
    await pauseFromNode(uploadId);
    await pending;
    fs.appendFileSync(file, 'one more frame');
    const sessionsBefore = fake.multipartSessions().length;

    const declined = api.answerModal(/has changed since its upload was paused/, undefined);
    try {
      assert.deepEqual(await resumeFromNode(uploadId), []);
    } finally {
      declined.dispose();
    }
    assert.equal(fake.multipartSessions().length, sessionsBefore, 'no new session without consent');
    const question = api.notifications().find((n) => n.modal && /“edited\.mp4” has changed since its upload was paused/.test(n.message));
    assert.ok(question, 'the user was asked');
    assert.deepEqual(question.actions, ['Upload Again']);
    const failed = await nodeOf(uploadId);
    assert.equal(failed?.description, 'failed: upload_file_changed');
    assert.equal(failed?.contextValue, 'twelvelabs.assetUpload.failed');
    assert.equal(await run('twelvelabs.dismissUpload', api.uploads.contextMenuTarget(uploadId)), true);
    assert.equal(await nodeOf(uploadId), undefined, 'dismissed');

    // Once more, and this time the user agrees.
    fake.setStorageThrottle(512 * KiB);
    const again = api.uploads.upload({ indexId, files: [file] });
    const secondId = await sendingId();
    await waitFor('some chunks known to be stored', () => knownChunks(secondId).length >= 2);
    holdBackTheRest();
    const oldAsset = lastSession()?.asset_id;
    await pauseFromNode(secondId);
    await again;
    fs.appendFileSync(file, 'and another');
    fake.setStorageThrottle(undefined);
    const agreed = api.answerModal(/has changed since its upload was paused/, 'Upload Again');
    try {
      await resumeFromNode(secondId);
    } finally {
      agreed.dispose();
    }
    await waitFor('the old asset deleted', () => (oldAsset && fake.asset(oldAsset) === undefined ? true : undefined));
    const fresh = await waitFor('a new session for the file as it is now', () => fake.multipartSessions().find((s) => s.total_size === fs.statSync(file).size));
    await readyNotice('edited.mp4');
    assertEachChunkStoredOnce(fresh.upload_id);
  });

  it('a session the server no longer keeps (past its 24 hours): a plain message, and Upload Again', async () => {
    fake.setStorageThrottle(512 * KiB);
    const file = makeFile('stale.mp4', 2 * MiB);
    const pending = api.uploads.upload({ indexId, files: [file] });
    const uploadId = await sendingId();
    await waitFor('some chunks known to be stored', () => knownChunks(uploadId).length >= 2);
    holdBackTheRest();
    await pauseFromNode(uploadId);
    await pending;
    const session = lastSession();
    assert.ok(session);
    const sessionsBefore = fake.multipartSessions().length;
    fake.expireUploadSession(session.upload_id);
    const [outcome] = await resumeFromNode(uploadId);
    assert.equal(outcome.outcome, 'failed');
    const told = await waitFor('the message', () => api.notifications().find((n) => n.severity === 'error' && n.message.includes('stale.mp4')));
    assert.match(told.message, /24 hours/);
    assert.match(told.message, /upload the file again/i);
    assert.deepEqual(told.actions, ['Upload Again']);
    assert.equal((await nodeOf(uploadId))?.description, 'failed: upload_session_expired');
    assert.equal(fake.multipartSessions().length, sessionsBefore, 'no new session without the click');
    await run('twelvelabs.dismissUpload', api.uploads.contextMenuTarget(uploadId));
  });

  const CHUNK_FAULTS: { name: string; fault?: StorageFaultSpec; reportFault?: boolean; status?: number | undefined }[] = [
    { name: 'a chunk PUT reset mid-body', fault: { kind: 'chunkResetMidBody', chunkIndex: 2, afterBytes: 64 * KiB }, status: undefined },
    { name: 'a 403 for an expired chunk URL', fault: { kind: 'chunkUrlExpired', chunkIndex: 3 }, status: 403 },
    { name: 'a 5xx from the storage', fault: { kind: 'chunkServerError', chunkIndex: 2, status: 503 }, status: 503 },
    { name: 'a 5xx on reporting chunks', reportFault: true },
  ];
  for (const each of CHUNK_FAULTS) {
    it(`${each.name}: recovered, and nothing uploaded twice`, async () => {
      if (each.fault) {
        fake.injectStorageFault(each.fault);
      }
      if (each.reportFault) {
        fake.injectFault({ kind: 'unavailable', method: 'POST', path: /^\/assets\/multipart-uploads\/[^/]+$/, times: 1 });
      }
      const label = `fault ${CHUNK_FAULTS.indexOf(each)}.mp4`;
      const result = await api.uploads.upload({ indexId, files: [makeFile(label, 6 * CHUNK)] });
      assert.equal(result.outcome, 'uploaded', JSON.stringify(result));
      const session = lastSession();
      assert.ok(session);
      assertEachChunkStoredOnce(session.upload_id);
      if (each.fault) {
        assert.ok(fake.storage.requests.some((request) => request.status === each.status && request.chunkIndex === each.fault?.chunkIndex), 'the fault happened');
      } else {
        const reports = requestsTo('POST', /^\/assets\/multipart-uploads\/[^/]+$/);
        assert.ok(reports.length >= 2, 'the refused report was sent again');
      }
      assert.deepEqual(fake.storage.requestsWithApiKey(), []);
    });
  }

  it('a stored chunk answered without an ETag: sent once more (its ETag is the only proof), then completed', async () => {
    fake.injectStorageFault({ kind: 'chunkNoEtag', chunkIndex: 2 });
    const result = await api.uploads.upload({ indexId, files: [makeFile('no etag.mp4', 4 * CHUNK)] });
    assert.equal(result.outcome, 'uploaded', JSON.stringify(result));
    const session = lastSession();
    assert.deepEqual(
      session?.chunks.map((chunk) => chunk.putsStored),
      [1, 2, 1, 1],
    );
  });

  it('a failed asset shows the platform\'s reason, in a notification and on the node; Dismiss removes it', async () => {
    fake.failNextAsset('The file has no video stream.');
    const result = await api.uploads.upload({ indexId, files: [makeFile('audio only.mp4', 10 * KiB)] });
    assert.ok(result.outcome === 'uploaded', JSON.stringify(result));
    const failure = await waitFor('the failure notification', () => api.notifications().find((n) => n.severity === 'error' && n.message.includes('audio only.mp4')));
    assert.equal(failure.message, 'Twelve Labs could not process “audio only.mp4”: The file has no video stream.');
    const [item] = result.uploads;
    assert.ok(item.outcome === 'sent');
    const node = await nodeOf(item.uploadId);
    assert.ok(node);
    assert.equal(node.icon, 'error');
    assert.match(String(node.description), /^failed: /);
    assert.equal(node.contextValue, 'twelvelabs.assetUpload.failed');
    assert.match(String(node.tooltip), /The file has no video stream/);
    await screenshot('upload-failed');
    assert.equal(await run('twelvelabs.dismissUpload', api.uploads.contextMenuTarget(item.uploadId)), true);
    assert.equal(await nodeOf(item.uploadId), undefined);
    await api.uploads.flushed();
    assert.ok(!api.uploads.rememberedRecords().some((record) => record.id === item.uploadId), 'and not brought back after a reload');
  });

  it('into a collapsed index: the index opens on the upload node; Reveal on "ready" selects the new video', async function () {
    requireUi(this);
    // Slow enough that the upload's node is still there when the view is looked at, on a slow host too.
    fake.setTaskAdvance({ everyMs: 4000 });
    await run('twelvelabs.indexes.focus');
    await run('workbench.actions.treeView.twelvelabs.indexes.collapseAll');
    const result = await api.uploads.upload({ indexId, files: [makeFile('reveal me.mp4', 32 * KiB)] });
    assert.ok(result.outcome === 'uploaded', JSON.stringify(result));
    // Visible in the view, so its index was opened: a collapsed index hides its rows.
    await ui.run([{ waitFor: '.pane-body .monaco-list-row', text: 'reveal me.mp4' }]);
    await screenshot('upload-shown');
    await screenshot('walkthrough-upload', '.part.sidebar');
    fake.setTaskAdvance({ everyMs: 300 });
    await waitFor('the ready notification', () => api.notifications().some((n) => n.message.includes('reveal me.mp4') && n.actions.includes('Reveal')), 30_000);
    await run('workbench.actions.treeView.twelvelabs.indexes.collapseAll');
    await ui.inNotificationCentre('reveal me.mp4', [{ click: '.notifications-center .notification-list-item:has-text("reveal me.mp4") .monaco-button', text: 'Reveal' }]);
    await ui.run([{ waitFor: '.pane-body .monaco-list-row.selected', text: 'reveal me.mp4' }]);
  });

  it('"Upload to Twelve Labs Index…" on an Explorer folder and a file: the picker names them, and only the videos go', async function () {
    requireUi(this);
    const folder = path.join(dir, 'explorer-folder');
    fs.mkdirSync(path.join(folder, 'nested'), { recursive: true });
    fs.writeFileSync(path.join(folder, 'one.mp4'), Buffer.alloc(4096, 1));
    fs.writeFileSync(path.join(folder, 'nested', 'two.MOV'), Buffer.alloc(4096, 2));
    fs.writeFileSync(path.join(folder, 'notes.txt'), 'not a video');
    const single = makeFile('single.webm', 4096);
    const pending = run<{ outcome: string }>('twelvelabs.uploadFromExplorer', vscode.Uri.file(folder), [vscode.Uri.file(folder), vscode.Uri.file(single)]);
    await ui.run([
      { waitFor: '.quick-input-widget', text: 'Upload 3 videos' },
      { waitFor: '.quick-input-list .monaco-list-row', text: 'asset-target' },
      { type: 'asset-target' },
      { press: 'Enter' },
    ]);
    const result = await pending;
    assert.equal(result.outcome, 'uploaded', JSON.stringify(result));
    const sent = assetPosts()
      .map((p) => (p.body as { file?: { filename?: string } }).file?.filename ?? '')
      .sort();
    assert.deepEqual(sent, ['one.mp4', 'single.webm', 'two.MOV']);
  });

  it('the server refusing the upload (403) is reported with its words and the next step', async () => {
    fake.injectFault({ kind: 'forbidden', method: 'POST', path: '/assets', times: 1 });
    const result = await api.uploads.upload({ indexId, files: [makeFile('refused.mp4', 1024)] });
    assert.ok(result.outcome === 'failed', JSON.stringify(result));
    const [item] = result.uploads;
    assert.ok(item.outcome === 'failed');
    assert.equal(item.error.status, 403);
    const shown = await waitFor('the error', () => api.notifications().find((n) => n.severity === 'error' && n.message.startsWith('Could not upload “refused.mp4”')));
    assert.ok(shown.message.includes(item.error.message));
    assert.ok(shown.actions.includes('Rotate API Key'), shown.actions.join(', '));
    assert.equal(assetPosts().length, 1, 'a POST is never sent twice');
  });

  it('checks files before sending anything: missing, a folder, empty, over 10 GB (sparse)', async () => {
    const missing = path.join(dir, 'missing.mp4');
    const folder = fs.mkdirSync(path.join(dir, 'folder.mp4'), { recursive: true }) ?? path.join(dir, 'folder.mp4');
    const empty = makeFile('empty.mp4', 0);
    const huge = path.join(dir, 'huge.mp4');
    fs.writeFileSync(huge, '');
    fs.truncateSync(huge, 10_000_000_001);
    const result = await api.uploads.upload({ indexId, files: [missing, folder, empty, huge] });
    assert.ok(result.outcome === 'failed', JSON.stringify(result));
    assert.deepEqual(
      result.rejected.map((r) => [path.basename(r.file), r.code]),
      [
        ['missing.mp4', 'not_found'],
        ['folder.mp4', 'not_a_file'],
        ['empty.mp4', 'empty'],
        ['huge.mp4', 'too_large'],
      ],
    );
    for (const rejected of result.rejected) {
      assert.ok(rejected.message.includes(rejected.file), `names the file: ${rejected.message}`);
    }
    assert.match(result.rejected[3].message, /10\.00 GB/);
    // Only what would carry these files: an earlier test's upload may still be indexing (POST …/indexed-assets).
    const sent = fake.requests.filter((r) => r.method === 'POST' && (r.path.startsWith('/assets') || r.path === '/tasks'));
    assert.deepEqual(sent.map((r) => r.path), [], 'not a byte sent');
    const shown = api.notifications().slice(-4).map((n) => n.message);
    assert.ok(shown.every((message) => message.startsWith('Not uploaded:')), shown.join(' | '));
  });

  it('a failing status check does not end the watch: shown on the node, and ready once the server answers', async () => {
    fake.injectFault({ kind: 'unavailable', method: 'GET', path: /^\/(assets|indexes\/[^/]+\/indexed-assets)\/[^/]+$/, times: 6 });
    const result = await api.uploads.upload({ indexId, files: [makeFile('flaky.mp4', 4096)] });
    assert.ok(result.outcome === 'uploaded');
    await readyNotice('flaky.mp4');
  });

  it('a /tasks upload an earlier version started is still followed to its end after a reload', async () => {
    const form = new FormData();
    form.append('index_id', indexId);
    form.append('video_file', new Blob([Buffer.alloc(8 * KiB, 3)], { type: 'video/mp4' }), 'legacy.mp4');
    const answer = await fetch(`${fake.url}/tasks`, { method: 'POST', headers: { 'x-api-key': CANARY_KEY }, body: form });
    assert.ok(answer.ok, `POST /tasks: ${answer.status}`);
    const task = (await answer.json()) as { _id: string; video_id?: string };
    fake.setTaskAdvance({ everyMs: 60_000 });
    const now = Date.now();
    // A write this window still has queued would land after the seed and replace it.
    await api.uploads.flushed();
    await api.reliability.seedGlobalState('twelvelabs.uploads.pendingTasks', [
      { taskId: task._id, indexId, videoId: task.video_id, source: 'legacy.mp4', status: 'validating', apiUrl: fake.url, createdAt: now, updatedAt: now },
    ]);
    await waitFor('the seeded task in globalState', () => api.uploads.rememberedTasks().some((remembered) => remembered.taskId === task._id));
    const watching = await api.uploads.simulateReload();
    assert.ok(watching >= 1, JSON.stringify({ remembered: api.uploads.rememberedTasks(), tasks: api.uploads.tasks(), apiUrl: fake.url }));
    assert.ok(api.uploads.watching().includes(task._id));
    const node = await waitFor('the task node', async () => (await api.indexes.childNodes(indexId)).find((n) => n.id?.endsWith(`/tasks/${task._id}`)));
    assert.equal(node.contextValue, 'twelvelabs.uploadTask');
    fake.setTaskAdvance({ everyMs: 10 });
    await readyNotice('legacy.mp4');
    await api.uploads.flushed();
    assert.ok(!api.uploads.rememberedTasks().some((remembered) => remembered.taskId === task._id), 'forgotten once finished');
    assert.ok(requestsTo('GET', new RegExp(`^/tasks/${task._id}$`)).length >= 1, 'followed with GET /tasks/{id}');
  });
});
