import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { allCommandIds } from '../../src/common/commandIds';
import { ACTIVATION_FILE } from './perfFiles';
import { activateExtension, activateShell, EXTENSION_ID, waitFor } from './support';

/**
 * The first suite of the run (files run in name order), so the window is still as activation left it:
 * no key, no document open, the features not loaded. Later suites load them.
 */
describe('activation (real host)', () => {
  it('activates as a shell: no features loaded, the "Set key" item shown, every command registered', async () => {
    const shell = await activateShell();
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.equal(extension?.isActive, true);
    console.log(`VS Code ${vscode.version}, appHost ${vscode.env.appHost}, Node ${process.version}; activate() took ${shell.activateMs().toFixed(2)} ms`);
    // For `npm run bench` (bench/activation.ts): activate() as timed by the host that ran it.
    const results = process.env.TWELVELABS_TEST_RESULTS;
    if (results) {
      fs.writeFileSync(path.join(results, ACTIVATION_FILE), JSON.stringify({ vscodeVersion: vscode.version, activateMs: shell.activateMs() }));
    }
    const item = await waitFor('the shell\'s "Set key" status item', () => shell.shellStatusBar());
    assert.match(item.text, /Set Twelve Labs key/);
    assert.equal(item.command, 'twelvelabs.showKeyStatus');
    assert.equal(shell.featuresLoadedBecause(), undefined, `the features were loaded at startup: ${shell.featuresLoadedBecause()}`);
  });

  it('registers every command that package.json contributes, and only those', async () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as {
      contributes: { commands: { command: string }[] };
    };
    // VS Code itself registers `<view id>.focus`, `.open` and the like for each contributed view.
    const isViewCommand = (id: string) => id.startsWith('twelvelabs.indexes.');
    const registered = new Set((await vscode.commands.getCommands(true)).filter((id) => id.startsWith('twelvelabs.') && !isViewCommand(id)));
    const contributed = manifest.contributes.commands.map((c) => c.command);
    for (const id of contributed) {
      assert.ok(registered.has(id), `${id} is contributed but not registered`);
    }
    assert.deepEqual([...registered].sort(), [...allCommandIds].sort());
  });

  // The other first need, a command with arguments and a result, is what the installed-.vsix smoke
  // suite (test/host/smoke) does first in its own fresh host; the unit tests check the stand-in's hand-over.
  it('showing the Indexes view loads the features, and the view gets the real tree: its welcome, then commands for real', async () => {
    const shell = await activateShell();
    assert.equal(shell.featuresLoadedBecause(), undefined);
    await vscode.commands.executeCommand('workbench.view.extension.twelvelabs');
    await waitFor('the view to load the features', () => shell.featuresLoadedBecause());
    assert.equal(shell.featuresLoadedBecause(), 'the Indexes view was shown');
    const api = await activateExtension();
    await waitFor('the view shown by the real tree', () => api.indexes.viewVisible());
    // No key: the real tree has no nodes, so VS Code shows the welcome content.
    assert.deepEqual(await api.indexes.rootNodes(), []);
    // The features' own status item replaced the shell's.
    assert.equal(shell.shellStatusBar(), undefined);
    await waitFor('the countdown item to show "Set key"', () => api.keys.statusBar().text.includes('Set Twelve Labs key'));
    const result = await vscode.commands.executeCommand<{ status: string }>('twelvelabs.clearApiKey', { confirmed: true });
    assert.equal(result?.status, 'noKey');
  });

  it('creates the "Twelve Labs" log channel and writes why the features started', async () => {
    const api = await activateExtension();
    assert.ok(
      api.logLines().some((line) => line.includes('starting (the Indexes view was shown)')),
      'no start line in the log',
    );
    const errors = api.logLines().filter((line) => line.startsWith('[error]'));
    assert.deepEqual(errors, [], 'starting logged errors');
  });
});
