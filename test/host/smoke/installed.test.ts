import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { SaveKeyResult } from '../../../src/keys/deps';
import type { FakeTwelveLabs } from '../../fake/server';
import { CANARY_KEY, EXTENSION_ID, setSetting, startFake, ui, waitFor } from '../support';

describe('the installed .vsix (smoke, real host)', () => {
  let fake: FakeTwelveLabs;

  before(async () => {
    fake = await startFake({ seedIndexes: 3 });
  });

  after(async () => {
    await vscode.commands.executeCommand('twelvelabs.clearApiKey', { confirmed: true });
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
    // Production mode: no test API is handed out.
    assert.equal(extension.exports, undefined);
  });

  it('sets a key against the fake API and shows the countdown', async () => {
    const result = await vscode.commands.executeCommand<SaveKeyResult>('twelvelabs.setApiKey', { key: CANARY_KEY });
    assert.equal(result.status, 'saved');
    await waitFor('the validation call', () => fake.requests.some((r) => r.path === '/indexes'));
    if (ui.available()) {
      await ui.run([{ waitFor: '.statusbar-item', text: '90d' }]);
    }
  });

  it('lists the indexes in the view', async () => {
    await vscode.commands.executeCommand('workbench.view.extension.twelvelabs');
    if (ui.available()) {
      await ui.run([{ waitFor: '.sidebar .monaco-list-row', text: 'seed-index-001' }]);
    } else {
      await waitFor('a list request', () => fake.requests.filter((r) => r.path === '/indexes').length >= 2);
    }
  });
});
