import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import * as vscode from 'vscode';
import type { ExtensionTestApi } from '../build/testApi';
import type { FakeTwelveLabs } from '../fake/server';
import { CANARY_KEY, activateExtension, screenshot, setSetting, startFake, ui, waitFor } from './support';

/** A newcomer's first minutes: what needs a key says so at once, and the way in is one step. */
describe('a newcomer with no key (real host)', () => {
  let api: ExtensionTestApi;
  let fake: FakeTwelveLabs;

  before(async () => {
    api = await activateExtension();
    fake = await startFake({ seedIndexes: 2 });
  });

  beforeEach(async () => {
    await api.keys.settled();
    if (api.keys.keyState().kind === 'present') {
      assert.equal((await api.keys.clear()).status, 'cleared');
    }
  });

  after(async () => {
    await fake.close();
    await setSetting('apiUrl', undefined);
  });

  for (const [title, command] of [
    ['Upload Video to Index', 'twelvelabs.uploadVideo'],
    ['Create Index', 'twelvelabs.createIndex'],
  ] as const) {
    it(`${title} says at once that a key is needed, offers Set API Key, and opens nothing`, async () => {
      fake.clearRequests();
      const told = api.notifications().length;
      const result = await vscode.commands.executeCommand<{ outcome: string }>(command);
      assert.equal(result.outcome, 'noKey');
      const notice = api.notifications().slice(told).find((n) => n.message.startsWith('No Twelve Labs API key'));
      assert.ok(notice, JSON.stringify(api.notifications().slice(told)));
      assert.deepEqual(notice.actions, ['Set API Key']);
      assert.equal(api.indexes.activeQuickInput(), undefined, 'a picker or wizard was opened');
      assert.deepEqual(fake.requests, [], 'something was sent without a key');
    });
  }

  it('a click on the status bar item goes straight to the key box', async function () {
    if (!ui.available()) {
      this.skip();
    }
    await ui.run([{ click: '.statusbar-item', text: 'Set Twelve Labs key' }, { waitFor: '.quick-input-widget input[type="password"]' }, { press: 'Escape' }]);
  });

  it('a refused connection offers Open Settings and Show Log besides Retry, and Show Log opens the log', async () => {
    assert.equal((await api.keys.store({ key: CANARY_KEY, saveIfUnreachable: true })).status, 'saved');
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await setSetting('apiUrl', `http://127.0.0.1:${port}/v1.3`);
    try {
      const result = await vscode.commands.executeCommand<{ outcome: string }>('twelvelabs.createIndex', { name: 'refused-here', models: ['marengo3.0'] });
      assert.equal(result.outcome, 'failed');
      const shown = await waitFor('the failure', () => api.notifications().filter((n) => n.message.startsWith('Could not create the index')).at(-1));
      assert.deepEqual(shown.actions, ['Create Index', 'Open Settings', 'Show Log']);
      await vscode.commands.executeCommand('twelvelabs.showLog');
      if (ui.available()) {
        // The log channel in the panel: its lines, which this test's key store wrote a moment ago.
        await ui.run([{ waitFor: '.panel .monaco-editor', text: 'API key tlk_' }]);
      }
    } finally {
      await setSetting('apiUrl', fake.url);
    }
  });

  it('the Settings editor titles read "Twelve Labs: …", never "Twelvelabs: …"', async function () {
    if (!ui.available()) {
      this.skip();
    }
    await vscode.commands.executeCommand('workbench.action.openSettings', '@ext:reelsmith.twelvelabs-vscode');
    await ui.run([
      { waitFor: '.settings-editor .setting-item-label', text: 'Api Url' },
      { waitFor: '.settings-editor .setting-item-category', text: 'Twelve Labs' },
      { expectNone: '.settings-editor .setting-item-category:has-text("Twelvelabs")' },
    ]);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('"Twelve Labs: Get Started" opens the walkthrough', async () => {
    await vscode.commands.executeCommand('twelvelabs.getStarted');
    if (ui.available()) {
      await ui.run([
        { waitFor: '.gettingStartedContainer', text: 'Get Started with Twelve Labs' },
        { click: '.gettingStartedContainer .getting-started-step', text: 'Optionally, give terminals the key' },
        { waitFor: '.gettingStartedContainer .getting-started-step.expanded', text: 'Open the Setting' },
      ]);
      await screenshot('walkthrough-terminal-step');
    } else {
      await waitFor('the walkthrough editor', () => vscode.window.tabGroups.activeTabGroup.activeTab?.label.includes('Welcome'));
    }
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});

describe('the Indexes view from the keyboard (real host)', () => {
let api: ExtensionTestApi;
let fake: FakeTwelveLabs;
  let taken: string;
  let renameMe: { id: string; name: string };

  before(async () => {
    api = await activateExtension();
    fake = await startFake();
    assert.equal((await api.keys.store({ key: CANARY_KEY })).status, 'saved');
    const [takenId, renameId] = fake.seedIndexes(2, { namePrefix: 'keyboard' });
    const byId = (id: string) => fake.listIndexes().find((index) => index._id === id)?.index_name ?? '';
    taken = byId(takenId);
    renameMe = { id: renameId, name: byId(renameId) };
    await vscode.commands.executeCommand('twelvelabs.refreshIndexes');
  });

  after(async () => {
    await api.keys.clear();
    await fake.close();
    await setSetting('apiUrl', undefined);
  });

  it('Rename refuses a name another index has before sending anything, as the wizard does', async () => {
    fake.clearRequests();
    const result = await vscode.commands.executeCommand<{ outcome: string; error?: { code: string; message: string } }>(
      'twelvelabs.renameIndex',
      { indexId: renameMe.id },
      { name: taken },
    );
    assert.equal(result.outcome, 'failed');
    assert.equal(result.error?.code, 'index_name_already_exists');
    assert.ok(!fake.requests.some((r) => r.method === 'PUT'), 'a PUT was sent');
  });

  it('F2 on an index renames it in place, and the box keeps a taken name typed, saying why', async function () {
    if (!ui.available()) {
      this.skip();
    }
    await vscode.commands.executeCommand('workbench.view.extension.twelvelabs');
    await ui.run([
      { click: '.sidebar .monaco-list-row', text: renameMe.name },
      { press: 'F2' },
      { waitFor: '.quick-input-widget', text: 'Rename Index' },
      { press: 'ControlOrMeta+a' },
      { type: taken },
      { press: 'Enter' },
      // Refused before sending: the box is back, with the typed name and the reason.
      { waitFor: '.quick-input-widget', text: 'already exists' },
      { press: 'ControlOrMeta+a' },
      { type: 'renamed-by-f2' },
      { press: 'Enter' },
    ]);
    await waitFor('the rename at the server', () => fake.listIndexes().find((index) => index._id === renameMe.id)?.index_name === 'renamed-by-f2');
  });

  it('Delete on an index asks first (VS Code refuses dialogs in tests, and says what it was asked)', async function () {
    if (!ui.available()) {
      this.skip();
    }
    const told = api.notifications().length;
    await ui.run([{ click: '.sidebar .monaco-list-row', text: 'renamed-by-f2' }, { press: 'Delete' }]);
    await waitFor('the confirmation asked for', () =>
      api.notifications().slice(told).some((n) => n.modal && n.message.startsWith('Delete the index “renamed-by-f2”?')),
    );
    assert.ok(fake.listIndexes().some((index) => index._id === renameMe.id), 'the index was deleted');
  });
});
