import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { allCommandIds } from '../../src/common/commandIds';
import { ACTIVATION_FILE } from './perfFiles';
import { activateExtension, EXTENSION_ID, waitFor } from './support';

/** What activation leaves behind, whichever suite ran before: these tests set up what they need. */
describe('activation (real host)', () => {
  it('activates, reports how long activate() took, and reads SecretStorage once per entry: the key, the further accounts, the default', async () => {
    const api = await activateExtension();
    assert.equal(vscode.extensions.getExtension(EXTENSION_ID)?.isActive, true);
    console.log(`VS Code ${vscode.version}, appHost ${vscode.env.appHost}, Node ${process.version}; activate() took ${api.activateMs().toFixed(2)} ms`);
    // For `npm run bench` (bench/activation.ts): activate() as timed by the host that ran it.
    const results = process.env.TWELVELABS_TEST_RESULTS;
    if (results) {
      fs.writeFileSync(path.join(results, ACTIVATION_FILE), JSON.stringify({ vscodeVersion: vscode.version, activateMs: api.activateMs() }));
    }
    assert.deepEqual(await api.reliability.startupStorageCalls(), { get: 3, store: 0, delete: 0 });
  });

  it('registers every command that package.json contributes, and only those', async () => {
    await activateExtension();
    const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as {
      contributes: { commands: { command: string }[] };
    };
    // VS Code itself registers `<view id>.focus`, `.open` and the like for each contributed view.
    // VS Code's own commands for each view (focus, open, toggle…).
    const isViewCommand = (id: string) => id.startsWith('twelvelabs.indexes.') || id.startsWith('twelvelabs.search.');
    const registered = new Set((await vscode.commands.getCommands(true)).filter((id) => id.startsWith('twelvelabs.') && !isViewCommand(id)));
    const contributed = manifest.contributes.commands.map((c) => c.command);
    for (const id of contributed) {
      assert.ok(registered.has(id), `${id} is contributed but not registered`);
    }
    assert.deepEqual([...registered].sort(), [...allCommandIds].sort());
  });

  it('with no key: one status item that invites to set one, and the view shows its welcome', async () => {
    const api = await activateExtension();
    await api.keys.settled();
    if (api.keys.keyState().kind === 'present') {
      assert.equal((await api.keys.clear()).status, 'cleared');
    }
    const bar = await waitFor('the "Set key" item', () => (api.keys.statusBar().text.includes('Set Twelve Labs key') ? api.keys.statusBar() : undefined));
    assert.equal(bar.visible, true);
    assert.equal(bar.command, 'twelvelabs.setApiKey', 'with no key a click goes straight to Set API Key');
    await vscode.commands.executeCommand('workbench.view.extension.twelvelabs');
    await waitFor('the view to be shown', () => api.indexes.viewVisible());
    // No key: no nodes, so VS Code shows the welcome content.
    assert.deepEqual(await api.indexes.rootNodes(), []);
  });

  it('writes its version to the "Twelve Labs" log, with no error from starting', async () => {
    const api = await activateExtension();
    assert.ok(api.logLines().some((line) => /^\[info\] Twelve Labs \d+\.\d+\.\d+ in VS Code /.test(line)), 'no start line in the log');
    const errors = api.logLines().filter((line) => line.startsWith('[error]'));
    assert.deepEqual(errors, [], 'starting logged errors');
  });
});
