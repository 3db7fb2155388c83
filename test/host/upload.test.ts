import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionTestApi, TreeNodeSnapshot } from '../build/testApi';
import { canaryForms } from '../canary';
import type { FakeTwelveLabs } from '../fake/server';
import { CANARY_KEY, activateExtension, nothingMoreWithin, requireUi, screenshot, setSetting, startFake, ui, waitFor } from './support';

function run<T>(command: string, ...args: unknown[]): Thenable<T> {
  return vscode.commands.executeCommand<T>(command, ...args);
}

const MiB = 1024 * 1024;

describe('Upload Video to Index (real host)', () => {
  let api: ExtensionTestApi;
  let fake: FakeTwelveLabs;
  let dir: string;
  let indexId: string;

  function makeFile(name: string, size: number): string {
    const file = path.join(dir, name);
    fs.writeFileSync(file, Buffer.alloc(size, 0x5a));
    return file;
  }

  const taskNodes = async (): Promise<TreeNodeSnapshot[]> =>
    (await api.indexes.childNodes(indexId)).filter((node) => node.contextValue?.startsWith('twelvelabs.uploadTask') === true);
  const posts = () => fake.requests.filter((request) => request.method === 'POST' && request.path === '/tasks');
  const lastNotification = () => api.notifications().at(-1);

  before(async () => {
    api = await activateExtension();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tl-host-upload-'));
    // Tasks move one state per 150 ms: the first poll (after 1 s) finds them done.
    fake = await startFake({ taskAdvance: { everyMs: 150 } });
    [indexId] = fake.seedIndexes(1, { namePrefix: 'upload-target' });
    const saved = await api.keys.store({ key: CANARY_KEY });
    assert.equal(saved.status, 'saved');
    await api.keys.settled();
    await run('twelvelabs.refreshIndexes');
  });

  after(async () => {
    await api.keys.clear();
    await fake?.close();
    await setSetting('apiUrl', undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  beforeEach(() => {
    fake.clearFaults();
    fake.setUploadThrottle(undefined);
    fake.setTaskAdvance({ everyMs: 150 });
    fake.clearRequests();
  });

  it('the command is registered and offered on index nodes', async () => {
    assert.ok((await vscode.commands.getCommands(true)).includes('twelvelabs.uploadVideo'));
  });

  it('uploads a generated file: a spinning task node under the index, then ready with Reveal, and the video in the tree', async () => {
    const file = makeFile('host clip.mp4', 300 * 1024);
    const result = await api.uploads.upload({ indexId, files: [file] });
    assert.equal(result.outcome, 'uploaded', JSON.stringify(result));
    assert.ok(result.outcome === 'uploaded');
    const [item] = result.uploads;
    assert.ok(item.outcome === 'created');
    assert.match(item.taskId, /^[0-9a-f]{24}$/);

    assert.equal(posts().length, 1);
    assert.deepEqual(posts()[0].body, { index_id: indexId, video_file: { filename: 'host clip.mp4', mimeType: 'video/mp4', size: 300 * 1024 } });
    const [node] = await taskNodes();
    assert.ok(node, 'a task node under the index');
    assert.equal(node.label, 'host clip.mp4');
    assert.equal(node.icon, 'sync~spin');
    assert.match(String(node.description), /validating/);
    assert.ok(api.uploads.progressMessages().some((message) => message.startsWith('100%')), api.uploads.progressMessages().join(' | '));
    await vscode.commands.executeCommand('twelvelabs.indexes.focus');
    await screenshot('upload-task-running');

    const ready = await waitFor('the ready notification', () =>
      api.notifications().find((n) => n.severity === 'info' && n.message.includes('host clip.mp4')),
    );
    assert.match(ready.message, /ready/);
    assert.deepEqual(ready.actions, ['Reveal']);
    assert.equal(fake.listVideos(indexId)?.length, 1);
    const children = await waitFor('the video under the index', async () => {
      const nodes = await api.indexes.childNodes(indexId);
      return nodes.some((n) => n.contextValue === 'twelvelabs.video' && n.label === 'host clip.mp4') ? nodes : undefined;
    });
    assert.equal(children.filter((n) => n.contextValue === 'twelvelabs.uploadTask').length, 0, 'the task node gives way to the video');
    assert.deepEqual(api.uploads.watching(), []);
    await screenshot('upload-ready');
  });

  it('several files upload, each to its own task', async () => {
    const files = [makeFile('a.mp4', 64 * 1024), makeFile('b.mp4', 96 * 1024), makeFile('c.mp4', 128 * 1024)];
    const result = await api.uploads.upload({ indexId, files, enableVideoStream: false });
    assert.ok(result.outcome === 'uploaded', JSON.stringify(result));
    assert.deepEqual(
      result.uploads.map((u) => u.outcome),
      ['created', 'created', 'created'],
    );
    assert.equal(posts().length, 3);
    assert.ok(posts().every((p) => (p.body as Record<string, unknown>).enable_video_stream === 'false'));
    await waitFor('all three indexed', () => (fake.listVideos(indexId)?.length ?? 0) >= 4);
  });

  it('cancel mid-upload aborts at once: no task, nothing remembered', async () => {
    fake.setUploadThrottle(512 * 1024);
    const file = makeFile('slow.mp4', 8 * MiB);
    const tasksBefore = fake.listTasks().length;
    const pending = api.uploads.upload({ indexId, files: [file] });
    await waitFor('bytes on the way', () => api.uploads.activeUploads().some((u) => u.sent > 0));
    await screenshot('upload-progress');
    const cancelledAt = Date.now();
    assert.equal(api.uploads.cancelActiveUploads(), 1);
    const result = await pending;
    assert.ok(Date.now() - cancelledAt < 2000, `took ${Date.now() - cancelledAt} ms`);
    assert.equal(result.outcome, 'cancelled', JSON.stringify(result));
    assert.deepEqual(api.uploads.activeUploads(), []);
    await nothingMoreWithin(200);
    assert.equal(fake.listTasks().length, tasksBefore);
    assert.equal(lastNotification()?.message, 'Upload of “slow.mp4” cancelled.');
  });

  it('a failed task shows the server\'s code and message, in a notification and on the node', async () => {
    fake.failNextTask({ code: 'video_resolution_too_low', message: 'The resolution of the video is too low.', at: 'queued' });
    const file = makeFile('tiny.mp4', 10 * 1024);
    const result = await api.uploads.upload({ indexId, files: [file] });
    assert.ok(result.outcome === 'uploaded', JSON.stringify(result));
    const failure = await waitFor('the failure notification', () =>
      api.notifications().find((n) => n.severity === 'error' && n.message.includes('tiny.mp4')),
    );
    assert.match(failure.message, /The resolution of the video is too low\. \(video_resolution_too_low\)/);
    const node = (await taskNodes()).find((n) => n.label === 'tiny.mp4');
    assert.ok(node);
    assert.equal(node.icon, 'error');
    assert.equal(node.description, 'failed: video_resolution_too_low');
    assert.equal(node.contextValue, 'twelvelabs.uploadTask.failed');
    await screenshot('upload-failed');

    const [created] = result.uploads;
    assert.ok(created?.outcome === 'created');
    assert.equal(await run('twelvelabs.stopFollowingTask', { task: { taskId: created.taskId } }), true);
    assert.equal((await taskNodes()).find((n) => n.label === 'tiny.mp4'), undefined, 'dismissed');
    await api.uploads.flushed();
    assert.ok(!api.uploads.rememberedTasks().some((task) => task.taskId === created.taskId), 'and not brought back after a reload');
  });

  it('into a collapsed index: the index opens on the task node; Copy Task ID; Reveal on "ready" selects the new video', async function () {
    requireUi(this);
    fake.setTaskAdvance({ everyMs: 1500 });
    await run('twelvelabs.indexes.focus');
    await run('workbench.actions.treeView.twelvelabs.indexes.collapseAll');
    const result = await api.uploads.upload({ indexId, files: [makeFile('reveal me.mp4', 32 * 1024)] });
    assert.ok(result.outcome === 'uploaded', JSON.stringify(result));
    const [item] = result.uploads;
    assert.ok(item?.outcome === 'created');
    // Visible in the view, so its index was opened: a collapsed index hides its rows.
    await ui.run([{ waitFor: '.pane-body .monaco-list-row', text: 'reveal me.mp4' }]);
    await screenshot('upload-task-shown');
    await screenshot('walkthrough-upload', '.part.sidebar');

    assert.equal(await run('twelvelabs.copyTaskId', { task: { taskId: item.taskId } }), true);
    assert.equal(await vscode.env.clipboard.readText(), item.taskId);

    await waitFor('the ready notification', () => api.notifications().some((n) => n.message.includes('reveal me.mp4') && n.actions.includes('Reveal')), 20_000);
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
      { waitFor: '.quick-input-list .monaco-list-row', text: 'upload-target' },
      { type: 'upload-target' },
      { press: 'Enter' },
    ]);
    const result = await pending;
    assert.equal(result.outcome, 'uploaded', JSON.stringify(result));
    const sent = posts().map((p) => ((p.body as Record<string, { filename?: string }>).video_file?.filename ?? '')).sort();
    assert.deepEqual(sent, ['one.mp4', 'single.webm', 'two.MOV']);
  });

  it('the server refusing the upload (usage_limit_exceeded) is reported verbatim', async () => {
    fake.injectUploadFault({ kind: 'usageLimitExceeded' });
    const result = await api.uploads.upload({ indexId, files: [makeFile('quota.mp4', 1024)] });
    assert.ok(result.outcome === 'failed', JSON.stringify(result));
    const [item] = result.uploads;
    assert.ok(item.outcome === 'failed');
    assert.equal(item.error.code, 'usage_limit_exceeded');
    const shown = await waitFor('the error', () => api.notifications().find((n) => n.message.includes('usage_limit_exceeded')));
    assert.ok(shown.message.includes(item.error.message));
  });

  it('checks files before sending anything: missing, a folder, empty, over 2 GB (sparse)', async () => {
    const missing = path.join(dir, 'missing.mp4');
    const folder = fs.mkdirSync(path.join(dir, 'folder.mp4'), { recursive: true }) ?? path.join(dir, 'folder.mp4');
    const empty = makeFile('empty.mp4', 0);
    const huge = path.join(dir, 'huge.mp4');
    fs.writeFileSync(huge, '');
    fs.truncateSync(huge, 2_000_000_001);
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
    assert.match(result.rejected[3].message, /2\.00 GB/);
    assert.equal(posts().length, 0, 'not a byte sent');
    const shown = api.notifications().slice(-4).map((n) => n.message);
    assert.ok(shown.every((message) => message.startsWith('Not uploaded:')), shown.join(' | '));
  });

  it('resumes watching an unfinished task after a reload; globalState holds ids, not the key', async () => {
    fake.setTaskAdvance({ everyMs: 60_000 });
    const result = await api.uploads.upload({ indexId, files: [makeFile('resume.mp4', 20 * 1024)] });
    assert.ok(result.outcome === 'uploaded');
    const item = result.uploads[0];
    assert.ok(item.outcome === 'created');
    await api.uploads.flushed();
    const remembered = api.uploads.rememberedTasks();
    assert.ok(remembered.some((task) => task.taskId === item.taskId));
    const stored = JSON.stringify(remembered);
    for (const form of canaryForms(CANARY_KEY)) {
      assert.ok(!stored.includes(form), 'the key is not in globalState');
    }

    const resumed = await api.uploads.simulateReload();
    assert.ok(resumed >= 1);
    assert.ok(api.uploads.watching().includes(item.taskId));
    assert.ok(api.uploads.tasks().some((task) => task.taskId === item.taskId), 'the node is back');
    fake.setTaskAdvance({ everyMs: 10 });
    await waitFor('the resumed task to finish', () => api.notifications().find((n) => n.message.includes('resume.mp4')), 20_000);
    await api.uploads.flushed();
    assert.ok(!api.uploads.rememberedTasks().some((task) => task.taskId === item.taskId), 'forgotten once finished');
  });

  it('a polling failure does not end the watch', async () => {
    fake.injectFault({ kind: 'unavailable', method: 'GET', path: /^\/tasks\//, times: 6 });
    const result = await api.uploads.upload({ indexId, files: [makeFile('flaky.mp4', 4096)] });
    assert.ok(result.outcome === 'uploaded');
    await waitFor('ready despite 503s', () => api.notifications().find((n) => n.message.includes('flaky.mp4')), 25_000);
  });
});
