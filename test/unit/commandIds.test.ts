import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { allCommandIds } from '../../src/common/commandIds';

interface Manifest {
  contributes: {
    commands: { command: string; title: string; category?: string }[];
    menus: Record<string, { command: string }[]>;
  };
}

const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as Manifest;

describe('command ids', () => {
  it('match the commands package.json contributes, one for one', () => {
    const contributed = manifest.contributes.commands.map((c) => c.command).sort();
    assert.deepEqual(contributed, [...allCommandIds].sort());
  });

  it('all carry the "Twelve Labs" category', () => {
    const nls = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'package.nls.json'), 'utf8')) as Record<string, string>;
    const category = (c: { category?: string }) => (c.category ? nls[c.category.slice(1, -1)] : undefined);
    const missing = manifest.contributes.commands.filter((c) => category(c) !== 'Twelve Labs').map((c) => c.command);
    assert.deepEqual(missing, []);
  });

  it('whose command asks for input before acting say so with "…" in their title, and only those', () => {
    const nls = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'package.nls.json'), 'utf8')) as Record<string, string>;
    const asksFirst = new Set(['setApiKey', 'importApiKeyFromEnvironment', 'storeKeyFromCode', 'uploadFromExplorer', 'rotateApiKey', 'createIndex', 'filterIndexes', 'renameIndex', 'copyCodeSnippet', 'uploadVideo', 'editVideoMetadata', 'analyzeVideo', 'saveAnalysis', 'addAccount', 'switchAccount', 'chooseWorkspaceAccount', 'renameAccount', 'setAccountApiUrl'].map((name) => `twelvelabs.${name}`));
    for (const { command, title } of manifest.contributes.commands) {
      const shown = nls[title.slice(1, -1)] ?? title;
      assert.equal(shown.endsWith('…'), asksFirst.has(command), `${command}: "${shown}"`);
    }
  });

  it('are the only commands the menus refer to', () => {
    const known = new Set<string>(allCommandIds);
    const unknown = Object.values(manifest.contributes.menus)
      .flat()
      .map((entry) => entry.command)
      .filter((id) => !known.has(id));
    assert.deepEqual(unknown, []);
  });
});
