import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { allCommandIds } from '../../src/commandIds';
import { activateExtension, EXTENSION_ID } from './support';

describe('activation (real host)', () => {
  it('activates with no key stored and reports where it runs', async () => {
    const api = await activateExtension();
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.equal(extension?.isActive, true);
    console.log(`VS Code ${vscode.version}, appHost ${vscode.env.appHost}, Node ${process.version}`);
    const errors = api.logLines().filter((line) => line.startsWith('[error]'));
    assert.deepEqual(errors, [], 'activation logged errors');
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

  it('creates the "Twelve Labs" log channel and writes to it', async () => {
    const api = await activateExtension();
    assert.ok(api.logLines().some((line) => line.includes('activating')), 'no activation line in the log');
  });
});
