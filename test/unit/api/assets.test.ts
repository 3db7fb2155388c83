import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chooseUploadRoute, MAX_DIRECT_ASSET_BYTES, MAX_MULTIPART_BYTES } from '../../../src/api/assetTypes';
import { TwelveLabsError } from '../../../src/api/errors';
import type { UploadProgress } from '../../../src/api/taskTypes';
import { CANARY_KEY, rejection } from './helpers';
import { assertNoCanary, MiB, useAssetHarness, useTempDir, writeRandomFile } from './assetHarness';

describe('chooseUploadRoute: direct up to 200 MB, multipart up to 10 GB', () => {
  it('picks the route by size, decimal megabytes and gigabytes', () => {
    assert.equal(chooseUploadRoute(1, 'a.mp4'), 'direct');
    assert.equal(chooseUploadRoute(MAX_DIRECT_ASSET_BYTES, 'a.mp4'), 'direct');
    assert.equal(chooseUploadRoute(MAX_DIRECT_ASSET_BYTES + 1, 'a.mp4'), 'multipart');
    assert.equal(chooseUploadRoute(MAX_MULTIPART_BYTES, 'a.mp4'), 'multipart');
  });

  it('refuses an empty file and one over 10 GB with a clear file error', () => {
    for (const [size, code, pattern] of [
      [0, 'file_empty', /“big\.mp4” is empty/],
      [MAX_MULTIPART_BYTES + 1, 'file_too_large', /“big\.mp4” is 10 GB; Twelve Labs accepts files of at most 10 GB\. Split or compress/],
      [12_345_678_901, 'file_too_large', /is 12\.3 GB/],
    ] as const) {
      assert.throws(
        () => chooseUploadRoute(size, 'big.mp4'),
        (error: unknown) => error instanceof TwelveLabsError && error.kind === 'file' && error.code === code && pattern.test(error.message),
      );
    }
  });

  it('takes other limits (a test fake with small ones)', () => {
    assert.equal(chooseUploadRoute(3 * MiB, 'a.mp4', { maxDirectBytes: 2 * MiB, maxMultipartBytes: 100 * MiB }), 'multipart');
  });
});

describe('TwelveLabsClient assets: direct and URL uploads, get, list, delete, waitForAsset', () => {
  const tmp = useTempDir('tl-assets-');
  const harness = useAssetHarness({ fake: { seedIndexes: 1 } });
  const h = () => harness.h;
  const posts = () => h().fake.requests.filter((r) => r.method === 'POST' && r.path === '/assets');

  it('a small file: one streamed POST /assets (method=direct) with its fields, progress to the total, then ready', async () => {
    const size = 3 * MiB + 17;
    const file = writeRandomFile(tmp.dir, 'small clip.mp4', size);
    const events: UploadProgress[] = [];
    const created = await h().client.createAssetFromFile(
      { path: file, enableHls: true, userMetadata: { topic: 'demo', take: 2 } },
      { onProgress: (p) => events.push({ ...p }) },
    );
    assert.match(created._id, /^[0-9a-f]{24}$/);
    assert.equal(created.status, 'processing');
    assert.equal(created.method, 'direct');
    assert.equal(posts().length, 1);
    assert.deepEqual(posts()[0].body, {
      method: 'direct',
      file: { filename: 'small clip.mp4', mimeType: 'video/mp4', size },
      enable_hls: 'true',
      user_metadata: '{"topic":"demo","take":2}',
    });
    assert.ok(posts()[0].headers['content-length'] !== undefined, 'a known length, not chunked');
    assert.deepEqual(events[0], { sent: 0, total: size });
    assert.deepEqual(events.at(-1), { sent: size, total: size });

    const statuses: string[] = [];
    const ready = await h().client.waitForAsset(created._id, { onStatus: (a) => statuses.push(a.status) });
    assert.equal(ready.status, 'ready');
    assert.deepEqual(statuses, ['processing'], 'the first poll still said processing');
    assert.equal(ready.hls?.status, 'ready');
    assert.equal(ready.size, size);
    assert.equal(h().fake.storage.requests.length, 0, 'a direct upload never touches the storage origin');
  });

  it('refuses a file over 200 MB before sending anything (sparse file)', async () => {
    const file = path.join(tmp.dir, 'too-big.mp4');
    fs.writeFileSync(file, '');
    fs.truncateSync(file, MAX_DIRECT_ASSET_BYTES + 1);
    const error = await rejection(() => h().client.createAssetFromFile({ path: file }));
    assert.ok(error instanceof TwelveLabsError, String(error));
    assert.equal(error.kind, 'file');
    assert.equal(error.code, 'file_too_large');
    assert.match(error.message, /“too-big\.mp4” is 200 MB, over the 200 MB/);
    assert.equal(h().fake.requests.length, 0);
  });

  it('the server\'s own limit: its code and message, sent once', async () => {
    await harness.restart({ fake: { maxAssetBytes: MiB } });
    const file = writeRandomFile(tmp.dir, 'over-server-limit.mp4', MiB + 1);
    const error = await rejection(() => h().client.createAssetFromFile({ path: file }));
    assert.ok(error instanceof TwelveLabsError, String(error));
    assert.equal(error.status, 400);
    assert.equal(error.code, 'video_filesize_too_large');
    assert.equal(posts().length, 1);
  });

  it('an abort mid-upload: cancelled at once, no asset', async () => {
    h().fake.setUploadThrottle(2 * MiB);
    const file = writeRandomFile(tmp.dir, 'abort.mp4', 8 * MiB);
    const controller = new AbortController();
    let abortedAt = 0;
    const error = await rejection(() =>
      h().client.createAssetFromFile(
        { path: file },
        {
          signal: controller.signal,
          onProgress: (p) => {
            if (p.sent >= MiB && !controller.signal.aborted) {
              abortedAt = Date.now();
              controller.abort();
            }
          },
        },
      ),
    );
    assert.ok(error instanceof TwelveLabsError && error.kind === 'cancelled', String(error));
    assert.ok(Date.now() - abortedAt < 500);
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(h().fake.assets().length, 0);
  });

  it('a URL import: method=url, then ready; a URL the platform cannot fetch fails with its reason', async () => {
    const created = await h().client.createAssetFromUrl({ url: 'https://example.com/media/talk.mp4', filename: 'Talk.mp4' });
    assert.deepEqual(posts()[0].body, { method: 'url', url: 'https://example.com/media/talk.mp4', filename: 'Talk.mp4' });
    assert.equal((await h().client.waitForAsset(created._id)).status, 'ready');

    const failing = await h().client.createAssetFromUrl({ url: 'https://example.com/fake-fail/broken.mp4' });
    const error = await rejection(() => h().client.waitForAsset(failing._id));
    assert.ok(error instanceof TwelveLabsError, String(error));
    assert.equal(error.kind, 'upload');
    assert.equal(error.code, 'asset_failed');
    assert.equal(error.message, 'Twelve Labs could not process “broken.mp4”: The platform could not download the file from the URL.');
  });

  it('a URL import whose answer is lost: noResponse saying it may exist, sent once (no duplicate)', async () => {
    h().fake.injectFault({ kind: 'reset', afterResponse: true, method: 'POST', path: '/assets' });
    const error = await rejection(() => h().client.createAssetFromUrl({ url: 'https://example.com/v.mp4' }));
    assert.ok(error instanceof TwelveLabsError, String(error));
    assert.equal(error.kind, 'noResponse');
    assert.match(error.message, /may have started anyway: check the assets/);
    assert.equal(posts().length, 1);
    assert.equal(h().fake.assets().length, 1, 'the asset exists although its answer was lost');
    const found = await h().client.listAssets(1, 10, { filename: 'v.mp4' });
    assert.equal(found.data.length, 1);
  });

  it('waitForAsset gives up after its timeout with asset_wait_timeout', async () => {
    h().fake.setTaskAdvance({ everyMs: 3_600_000 });
    const created = await h().client.createAssetFromUrl({ url: 'https://example.com/slow.mp4' });
    const error = await rejection(() => h().client.waitForAsset(created._id, { timeoutMs: 3_000, initialDelayMs: 1_000 }));
    assert.ok(error instanceof TwelveLabsError && error.code === 'asset_wait_timeout', String(error));
    // Waits of 1 s and 1.5 s fit in 3 s; the next (2.25 s) would not. The harness clock waits for nothing.
    assert.deepEqual(h().clock.sleeps, [1000, 1500]);
  });

  it('getAsset, listAssets (newest first, filters) and deleteAsset (409 while indexed, then force)', async () => {
    const [first, second] = h().fake.seedAssets(2);
    const asset = await h().client.getAsset(first);
    assert.equal(asset.status, 'ready');
    const page = await h().client.listAssets(1, 10, { assetIds: [first, second], assetTypes: ['video'] });
    assert.deepEqual(
      page.data.map((a) => a._id),
      [second, first],
    );
    const indexId = h().fake.listIndexes()[0]._id;
    await h().client.indexAsset(indexId, { assetId: first });
    const inUse = await rejection(() => h().client.deleteAsset(first));
    assert.ok(inUse instanceof TwelveLabsError, String(inUse));
    assert.equal(inUse.status, 409);
    await h().client.deleteAsset(first, { force: true });
    await h().client.deleteAsset(second);
    assert.deepEqual(h().fake.assets(), []);
    const gone = await rejection(() => h().client.getAsset(second));
    assert.ok(gone instanceof TwelveLabsError && gone.code === 'resource_not_exist');
  });

  it('asset answers of the wrong shape: refused when unusable, wrong fields dropped and logged', async () => {
    const [id] = h().fake.seedAssets(1);
    h().fake.injectFault({ kind: 'hostileShapes', hostile: 'badItems', method: 'GET', path: `/assets/${id}` });
    const bad = await rejection(() => h().client.getAsset(id));
    assert.ok(bad instanceof TwelveLabsError && bad.kind === 'malformedResponse', String(bad));

    h().fake.injectFault({ kind: 'hostileShapes', hostile: 'wrongTypes', method: 'GET', path: `/assets/${id}` });
    const wrong = await h().client.getAsset(id);
    assert.equal(wrong._id, id);
    assert.equal(wrong.created_at, undefined, 'a number where a date belongs is dropped');
    assert.ok(h().logger.lines.some((line) => line.includes('dropped fields of the wrong type: created_at')));

    h().fake.injectFault({ kind: 'hostileShapes', hostile: 'badEnvelope', method: 'GET', path: '/assets' });
    const envelope = await rejection(() => h().client.listAssets());
    assert.ok(envelope instanceof TwelveLabsError && envelope.kind === 'malformedResponse');

    h().fake.injectFault({ kind: 'hostileShapes', hostile: 'badItems', method: 'POST', path: '/assets' });
    const created = await rejection(() => h().client.createAssetFromUrl({ url: 'https://example.com/x.mp4' }));
    assert.ok(created instanceof TwelveLabsError && created.kind === 'malformedResponse', String(created));
  });

  it('errors never carry the key (401 on upload, refused file)', async () => {
    h().fake.injectFault({ kind: 'unauthorized', method: 'POST', path: '/assets' });
    const file = writeRandomFile(tmp.dir, `named-${CANARY_KEY}.mp4`, MiB);
    const unauthorized = await rejection(() => h().client.createAssetFromFile({ path: file }));
    assert.ok(unauthorized instanceof TwelveLabsError && unauthorized.status === 401, String(unauthorized));
    assert.equal(h().unauthorized(), 1);
    assertNoCanary(unauthorized);
    const big = path.join(tmp.dir, `big-${CANARY_KEY}.mp4`);
    fs.writeFileSync(big, '');
    fs.truncateSync(big, MAX_DIRECT_ASSET_BYTES + 1);
    const tooLarge = await rejection(() => h().client.createAssetFromFile({ path: big }));
    assert.ok(tooLarge instanceof TwelveLabsError && tooLarge.code === 'file_too_large');
    assertNoCanary(tooLarge);
  });
});
