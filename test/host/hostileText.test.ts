import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionTestApi } from '../build/testApi';
import type { FakeTwelveLabs } from '../fake/server';
import { CANARY_KEY, activateExtension, setSetting, startFake, ui, waitFor } from './support';

/** How VS Code's notifications find links in a message: `[label](https…|command:…|file:…)`. */
const NOTIFICATION_LINK = /\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^)\s]+)(?: (["'])(.+?)\3)?\)/i;
const HOSTILE_NAME = 'evil [Reveal](command:workbench.action.quit) ![pixel](https://evil.example/x.png) <img src=x> see https://evil.example/phish';
const HOSTILE_FILE = '[Reveal](command:workbench.action.quit).mp4';

describe('outside text in the real workbench (real host)', () => {
  let api: ExtensionTestApi;
  let fake: FakeTwelveLabs;
  let dir: string;
  let markdown: { parse(source: string, options: { async: false; gfm: boolean }): string };

  before(async () => {
    markdown = (await import('marked')).marked;
    api = await activateExtension();
    fake = await startFake({ taskAdvance: { everyMs: 150 } });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tl-host-hostile-'));
    assert.equal((await api.keys.store({ key: CANARY_KEY })).status, 'saved');
  });

  after(async () => {
    await api.uploads.forgetAll();
    fake.setUploadThrottle(undefined);
    await api.keys.clear();
    await fake.close();
    await setSetting('apiUrl', undefined);
  });

  it('a hostile index name is the tree item\'s label as it is, and its tooltip has no live link or image', async () => {
    fake.seedIndexes(1, { namePrefix: HOSTILE_NAME });
    await vscode.commands.executeCommand('twelvelabs.refreshIndexes');
    const node = await waitFor('the hostile index in the tree', async () => (await api.indexes.rootNodes()).find((n) => n.label.startsWith(HOSTILE_NAME)));
    const html = markdown.parse(node.tooltip ?? '', { async: false, gfm: true });
    assert.doesNotMatch(html, /<(a|img)\b/i, html);
    assert.ok(html.includes('Reveal'), 'the name is shown');
  });

  it('a file named like a command link fails processing: the notification names it, and nothing in it is a link', async () => {
    const [indexId] = fake.seedIndexes(1, { namePrefix: 'hostile-target' });
    const file = path.join(dir, HOSTILE_FILE);
    fs.writeFileSync(file, Buffer.alloc(10 * 1024, 1));
    fake.failNextAsset('Too low. [Fix](command:twelvelabs.clearApiKey)');
    await vscode.commands.executeCommand('notifications.clearAll');
    const result = await api.uploads.upload({ indexId, files: [file] });
    assert.equal(result.outcome, 'uploaded', JSON.stringify(result));
    const shown = await waitFor('the failure notification', () => api.notifications().find((n) => n.severity === 'error' && n.message.includes('Reveal')));
    assert.doesNotMatch(shown.message, NOTIFICATION_LINK, shown.message);
    assert.ok(shown.message.includes('command:workbench.action.quit'), 'the file name is shown, not dropped');
    if (ui.available()) {
      await ui.inNotificationCentre('Reveal', [{ expectNone: '.notifications-center .notification-list-item-message a' }]);
    }
    for (const record of api.notifications()) {
      assert.doesNotMatch(record.message, NOTIFICATION_LINK, record.message);
    }
  });

  it('a list with items of the wrong shape shows the good ones, and the view stays usable', async () => {
    const before = fake.listIndexes().length;
    fake.injectFault({ kind: 'hostileShapes', hostile: 'badItems', method: 'GET', path: '/indexes', times: 1 });
    const refreshed = await vscode.commands.executeCommand<{ outcome: string }>('twelvelabs.refreshIndexes');
    assert.equal(refreshed.outcome, 'loaded', JSON.stringify(refreshed));
    const ids = (await api.indexes.rootNodes()).filter((node) => node.contextValue === 'twelvelabs.index').map((node) => node.id);
    assert.equal(ids.length, before, 'every well-formed index is shown, and nothing else');
    assert.ok(api.logLines().some((line) => /left out \d+ malformed item/.test(line)), 'the skipped items are logged');
    await vscode.commands.executeCommand('twelvelabs.refreshIndexes');
  });

  it('clearing the key pauses an upload in progress and stops the polling, and says so', async () => {
    const [indexId] = fake.seedIndexes(1, { namePrefix: 'clear-while-uploading' });
    const file = path.join(dir, 'long.mp4');
    fs.writeFileSync(file, Buffer.alloc(4 * 1024 * 1024, 2));
    fake.setUploadThrottle(64 * 1024);
    const pending = api.uploads.upload({ indexId, files: [file] });
    await waitFor('the body on its way', () => api.uploads.activeUploads().some((upload) => upload.sent > 0));
    assert.equal((await api.keys.clear()).status, 'cleared');
    const result = await pending;
    assert.equal(result.outcome, 'paused', JSON.stringify(result));
    assert.deepEqual(api.uploads.watching(), []);
    assert.deepEqual(api.uploads.following(), []);
    assert.ok(
      api.notifications().some((n) => n.severity === 'warning' && /key was cleared, so 1 upload\(s\) in progress were paused\. Set a key, then resume them/.test(n.message)),
      JSON.stringify(api.notifications().slice(-3)),
    );
    fake.setUploadThrottle(undefined);
    assert.equal((await api.keys.store({ key: CANARY_KEY })).status, 'saved');
    const [paused] = api.uploads.records().filter((record) => record.phase === 'paused');
    assert.ok(paused, 'the upload waits, paused');
    const discard = api.answerModal(/^Discard the paused upload of “long\.mp4”\?/, 'Discard Upload');
    try {
      assert.equal(await vscode.commands.executeCommand('twelvelabs.cancelUpload', api.uploads.contextMenuTarget(paused.id)), true);
    } finally {
      discard.dispose();
    }
    assert.ok(api.notifications().some((n) => n.modal && n.message.startsWith('Discard the paused upload of “long.mp4”?')), 'asked before discarding what was sent');
    assert.ok(!api.uploads.records().some((record) => record.label === 'long.mp4'), 'discarded');
  });
});
