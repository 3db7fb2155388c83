/**
 * End-to-end through the workbench UI, typed the way a user types it. Needs the code-server
 * harness's browser; under other runners these tests are pending.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionTestApi } from '../build/testApi';
import type { FakeTwelveLabs } from '../fake/server';
import { activateExtension, CANARY_KEY, requireUi, setSetting, startFake, ui, waitFor } from './support';

describe('workbench UI, typed as a user (real host)', function () {
  let api: ExtensionTestApi;
  let fake: FakeTwelveLabs;

  before(async function () {
    requireUi(this);
    api = await activateExtension();
    fake = await startFake();
  });

  beforeEach(async () => {
    await api.keys.settled();
    if (api.keys.keyState().kind === 'present') {
      await api.keys.clear();
    }
    fake.clearFaults();
    // A notification or palette left open by an earlier test would swallow the keys.
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    await vscode.commands.executeCommand('notifications.clearAll');
  });

  after(async () => {
    await api.uploads.forgetAll();
    await api.keys.clear();
    await fake?.close();
    await setSetting('apiUrl', undefined);
  });

  it('F1, "Twelve Labs: Set API Key", the key, Enter, Enter: the status bar counts 90 days', async () => {
    await ui.setApiKeyAsUser(CANARY_KEY);
    await waitFor('the countdown in the status bar', () => api.keys.statusBar().text === '$(key) 90d');
    assert.equal(api.keys.keyState().kind, 'present');
    const path = ui.screenshotPath('set-api-key');
    await ui.run([{ waitFor: '.statusbar-item', text: '90d' }, ...(path ? [{ screenshot: path }] : [])]);
  });

  it('a click on the countdown opens the key status: actions first, so Enter validates; the masked key below', async () => {
    await api.keys.store({ key: CANARY_KEY });
    await waitFor('the countdown', () => api.keys.statusBar().text === '$(key) 90d');
    fake.clearRequests();
    const path = ui.screenshotPath('key-status');
    await ui.run([
      { click: '.statusbar-item', text: '90d' },
      { waitFor: '.quick-input-list .monaco-list-row', text: 'tlk_…X7Q9' },
      ...(path ? [{ screenshot: path }] : []),
      // The first row is an action, so Enter alone does something: it validates.
      { waitFor: '.quick-input-list .monaco-list-row.focused', text: 'Validate Now' },
      { press: 'Enter' },
    ]);
    await waitFor('the validation request', () => fake.requests.some((r) => r.method === 'GET' && r.path === '/indexes' && r.query.page_limit === '1'));
    await waitFor('a successful check recorded', () => api.keys.keyState().lastValidation === 'valid');
  });

  it('Create Index from the view title, through all five steps by keyboard: the tree shows the new index', async () => {
    await api.keys.store({ key: CANARY_KEY });
    await vscode.commands.executeCommand('workbench.view.extension.twelvelabs');
    await waitFor('the view to show the loaded list', () => api.indexes.viewVisible() && api.indexes.contextKeys().indexesLoaded);
    const path = ui.screenshotPath('create-index');
    const walkthroughPicture = ui.screenshotPath('walkthrough-create-index');
    await ui.run([
      { click: '.sidebar .action-label[aria-label^="Create Index"]' },
      // The wizard's own first step, not any quick input still on its way out: typing earlier loses keys.
      { waitFor: '.quick-input-widget', text: '1/5' },
      { type: 'typed-by-a-user' },
      { press: 'Enter' },
      // Step 2: marengo3.0 comes ticked; tick pegasus1.2 too.
      { waitFor: '.quick-input-list .monaco-list-row', text: 'pegasus1.2' },
      // The default tick reaches the workbench a moment after the list: a Space before it would be undone.
      { waitFor: '.quick-input-widget', text: '1 Selected' },
      // The first ArrowDown leaves the filter box for the first row, the second reaches pegasus1.2.
      { press: 'ArrowDown' },
      { press: 'ArrowDown' },
      { press: 'Space' },
      { waitFor: '.quick-input-widget', text: '2 Selected' },
      ...(walkthroughPicture ? [{ screenshot: walkthroughPicture, of: '.quick-input-widget' }] : []),
      { press: 'Enter' },
      // Steps 3 and 4 keep their defaults: both options, no add-ons.
      { waitFor: '.quick-input-widget', text: '3/5' },
      { press: 'Enter' },
      { waitFor: '.quick-input-widget', text: '4/5' },
      { press: 'Enter' },
      { waitFor: '.quick-input-list .monaco-list-row', text: 'Create “typed-by-a-user”' },
      { press: 'Enter' },
    ]);
    await waitFor('the new index in the tree', async () => (await api.indexes.rootNodes()).some((node) => node.label === 'typed-by-a-user'));
    const created = fake.listIndexes().find((index) => index.index_name === 'typed-by-a-user');
    assert.ok(created, 'the fake has the index');
    assert.deepEqual(created.models.map((m) => m.model_name).sort(), ['marengo3.0', 'pegasus1.2']);
    if (path) {
      await ui.run([{ waitFor: '.sidebar .monaco-list-row', text: 'typed-by-a-user' }, { screenshot: path }]);
    }
  });

  it('a 401 shows one notification that offers to rotate the key', async () => {
    await api.keys.store({ key: CANARY_KEY });
    // VS Code shows three toasts at most: make room, as a user dismissing "key saved" would.
    await vscode.commands.executeCommand('notifications.clearAll');
    fake.removeKey(CANARY_KEY);
    try {
      await vscode.commands.executeCommand('twelvelabs.refreshIndexes');
      await waitFor('the rejection notice', () => api.notificationTexts().some((text) => text.includes('rejected your API key')));
      // VS Code toasts a message only the first time: the keys suite showed this very text already, so
      // look where a user always finds it, the notification centre.
      const path = ui.screenshotPath('key-rejected');
      await ui.inNotificationCentre('rejected your API key', [
        { waitFor: '.notifications-center .notification-list-item', text: 'Rotate Key' },
        ...(path ? [{ screenshot: path }] : []),
      ]);
      await waitFor('the error state', () => api.keys.statusBar().backgroundColor === 'statusBarItem.errorBackground');
    } finally {
      fake.addKey(CANARY_KEY);
    }
  });

  it('Upload Video from the palette: pick the index, "Video URL…", type a signed link: imported, kept without its query, ready', async () => {
    await api.keys.store({ key: CANARY_KEY });
    const [indexId] = fake.seedIndexes(1, { namePrefix: 'ui-url-target' });
    fake.clearRequests();
    await ui.runCommandFromPalette('Twelve Labs: Upload Video to Index');
    await ui.run([
      { waitFor: '.quick-input-list .monaco-list-row', text: 'ui-url-target-001' },
      { type: 'ui-url-target' },
      { press: 'Enter' },
      { waitFor: '.quick-input-list .monaco-list-row', text: 'Video URL…' },
      { type: 'Video URL' },
      { press: 'Enter' },
      { waitFor: '.quick-input-widget', text: 'A direct link to a video file' },
      { type: 'https://videos.example.com/demo.mp4?sig=presigned-secret' },
      { press: 'Enter' },
    ]);
    const post = await waitFor('POST /assets', () => fake.requests.find((r) => r.method === 'POST' && r.path === '/assets'));
    assert.deepEqual(post.body, { method: 'url', url: 'https://videos.example.com/demo.mp4?sig=presigned-secret' });
    // No bytes move for a URL, so no progress shows: the acceptance is said in words.
    await ui.inNotificationCentre('Twelve Labs accepted “https://videos.example.com/demo.mp4?…”');
    const [record] = api.uploads.records().filter((candidate) => candidate.indexId === indexId);
    assert.equal(record?.label, 'https://videos.example.com/demo.mp4?…', 'shown without its query');
    await api.uploads.flushed();
    assert.ok(!JSON.stringify(api.reliability.mementos()).includes('presigned-secret'), 'the query is not kept');
    const indexed = await waitFor('POST …/indexed-assets', () => fake.requests.find((r) => r.method === 'POST' && r.path === `/indexes/${indexId}/indexed-assets`), 20_000);
    assert.equal((indexed.body as { asset_id?: string }).asset_id, fake.assets().at(-1)?._id);
    await waitFor('the import ready', () => api.notifications().find((n) => n.message === '“https://videos.example.com/demo.mp4?…” is indexed and ready.'), 20_000);
  });

  it('Upload Video from the palette with the file dialog: the chosen file is streamed to the index', async () => {
    await api.keys.store({ key: CANARY_KEY });
    const [indexId] = fake.seedIndexes(1, { namePrefix: 'ui-file-target' });
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    assert.ok(folder, 'the test workspace is open');
    const clip = vscode.Uri.joinPath(folder, 'ui-clip.mp4');
    await vscode.workspace.fs.writeFile(clip, new Uint8Array(64 * 1024).fill(7));
    try {
      fake.clearRequests();
      await ui.runCommandFromPalette('Twelve Labs: Upload Video to Index');
      await ui.run([
        { waitFor: '.quick-input-list .monaco-list-row', text: 'ui-file-target-001' },
        { type: 'ui-file-target' },
        { press: 'Enter' },
        { waitFor: '.quick-input-list .monaco-list-row', text: 'Video Files…' },
        { type: 'Video Files' },
        { press: 'Enter' },
        // A remote window's open dialog is VS Code's own path box, which completes path segments as you
        // type: set the whole path at once, as pasting it would.
        // It sets its own starting value once it has listed the folder: fill only after that.
        { waitFor: '.quick-input-list .monaco-list-row', text: 'README.md' },
        { fill: '.quick-input-widget input', text: clip.fsPath },
        // The box lists what matches the path it holds: the file, once it has taken the whole path.
        { waitFor: '.quick-input-list .monaco-list-row', text: 'ui-clip.mp4' },
        { press: 'Enter' },
      ]);
      const post = await waitFor('POST /assets', () => fake.requests.find((r) => r.method === 'POST' && r.path === '/assets')).catch(async (error: unknown) => {
        const shot = ui.screenshotPath('ui-upload-file-dialog-failure');
        await ui.run(shot ? [{ screenshot: shot }] : []);
        throw new Error(`${String(error)}; the upload feature said: ${JSON.stringify(api.notifications())}`);
      });
      assert.deepEqual(post.body, { method: 'direct', file: { filename: 'ui-clip.mp4', mimeType: 'video/mp4', size: 64 * 1024 } });
      const indexed = await waitFor('POST …/indexed-assets', () => fake.requests.find((r) => r.method === 'POST' && r.path === `/indexes/${indexId}/indexed-assets`), 20_000);
      assert.equal((indexed.body as { enable_video_stream?: boolean }).enable_video_stream, true);
    } finally {
      await vscode.workspace.fs.delete(clip);
    }
  });
});
