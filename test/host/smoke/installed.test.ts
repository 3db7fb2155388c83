import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { FakeTwelveLabs } from '../../fake/server';
import { ENVIRONMENT_KEY } from '../../canary';
import { CANARY_KEY, EXTENSION_ID, requireUi, setSetting, startFake, ui } from '../support';

const OTHER_KEY = 'tlk_SMOKEtestFAKEinjectedKEY0000a1b2';

/**
 * The shipped build, installed from its .vsix: only what a user can reach. Typing goes through the
 * harness's browser, so the suite needs the UI bridge (it is pending elsewhere, never passed).
 */
describe('the installed .vsix (smoke, real host)', () => {
  let fake: FakeTwelveLabs;

  before(async function () {
    requireUi(this);
    fake = await startFake({ seedIndexes: 3, validKeys: [CANARY_KEY, OTHER_KEY, ENVIRONMENT_KEY] });
  });

  after(async () => {
    await fake?.close();
    await setSetting('apiUrl', undefined);
  });

  it('is the packaged extension, from the extensions folder, not the repository', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, 'not installed');
    const repository = path.resolve(__dirname, '..', '..', '..', '..');
    assert.ok(!extension.extensionPath.startsWith(repository), `loaded from ${extension.extensionPath}`);
    await extension.activate();
    assert.equal(extension.isActive, true);
    // The shipped build hands out no test API.
    assert.equal(extension.exports, undefined);
  });

  it('with TWELVE_LABS_API_KEY set and no key stored, the status bar offers the import; a click, Enter for 90 days, and the offer is gone', async () => {
    await ui.run([
      { click: '.statusbar-item', text: 'Import Twelve Labs key' },
      // The key is checked before anything opens; then only its expiry is asked.
      { waitFor: '.quick-input-list .monaco-list-row', text: '90 days from today' },
      { press: 'Enter' },
      { waitFor: '.statusbar-item', text: '90d' },
      { expectNone: '.statusbar-item:has-text("Import Twelve Labs key")' },
    ]);
    assert.ok(fake.requests.some((r) => r.path === '/indexes'), 'the key was checked first');
  });

  it('sets a key as a user does: the palette, the key box, Enter for 90 days; the countdown shows', async () => {
    await ui.setApiKeyAsUser(CANARY_KEY);
    await ui.run([{ waitFor: '.statusbar-item', text: '90d' }]);
    assert.ok(fake.requests.some((r) => r.path === '/indexes'), 'the key was checked first');
  });

  it('lists the indexes in the view', async () => {
    await vscode.commands.executeCommand('workbench.view.extension.twelvelabs');
    await ui.run([{ waitFor: '.sidebar .monaco-list-row', text: 'seed-index-001' }]);
  });

  describe('a command run with arguments by another extension or a link acts only through the user', () => {
    it('Set API Key with a key argument opens the empty key box, and Escape stores nothing', async () => {
      fake.clearRequests();
      const result = vscode.commands.executeCommand<{ status: string }>('twelvelabs.setApiKey', { key: OTHER_KEY });
      await ui.run([{ waitFor: '.quick-input-widget input[type="password"]' }, { press: 'Escape' }]);
      assert.equal((await result).status, 'cancelled');
      assert.ok(!fake.requests.some((r) => r.headers['x-api-key'] === OTHER_KEY), 'the injected key was sent');
      await ui.run([{ waitFor: '.statusbar-item', text: '90d' }]);
    });

    // VS Code refuses modal dialogs in an extension test run, saying what it was asked to show: that
    // refusal is the proof that the command asked the user instead of acting on its argument.
    it('Clear API Key with { confirmed: true } still asks first, and the key stays', async () => {
      await assert.rejects(
        Promise.resolve(vscode.commands.executeCommand('twelvelabs.clearApiKey', { confirmed: true })),
        /refused to show dialog in tests\. Contents: Remove the Twelve Labs API key/,
      );
      await ui.run([{ waitFor: '.statusbar-item', text: '90d' }]);
    });

    it('Delete Index with { skipConfirmation: true } still asks first, and nothing is deleted', async () => {
      const index = fake.listIndexes()[0];
      const result = await vscode.commands.executeCommand<{ outcome: string; error?: { message: string } }>(
        'twelvelabs.deleteIndex',
        { indexId: index._id },
        { skipConfirmation: true },
      );
      assert.equal(result.outcome, 'failed');
      assert.match(result.error?.message ?? '', /refused to show dialog in tests\. Contents: Delete the index/);
      assert.ok(fake.listIndexes().some((candidate) => candidate._id === index._id), 'the index was deleted');
      assert.ok(!fake.requests.some((r) => r.method === 'DELETE'), 'a DELETE was sent');
    });

    it('Upload Video with files named in its argument asks where the video is, and Escape uploads nothing', async () => {
      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tlvs-smoke-')), 'not-chosen.mp4');
      fs.writeFileSync(file, Buffer.alloc(4096));
      fake.clearRequests();
      const index = fake.listIndexes()[0];
      const result = vscode.commands.executeCommand<{ outcome: string }>('twelvelabs.uploadVideo', { indexId: index._id, files: [file] });
      await ui.run([{ waitFor: '.quick-input-list .monaco-list-row', text: 'Video Files' }, { press: 'Escape' }]);
      assert.equal((await result).outcome, 'cancelled');
      assert.ok(!fake.requests.some((r) => r.method === 'POST'), 'something was uploaded');
    });
  });
});
