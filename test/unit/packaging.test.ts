import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { listFiles, PackageManager } from '@vscode/vsce';

/** Exactly what may ship in the .vsix: the bundle, media, the manifest, its translations, the docs. */
const ALLOWED = [
  /^dist\/(extension|idle|features|client)\.js$/,
  /^media\//,
  /^package\.json$/,
  /^package\.nls(\.[\w-]+)?\.json$/,
  /^l10n\/bundle\.l10n(\.[\w-]+)?\.json$/,
  /^README\.md$/,
  /^CHANGELOG\.md$/,
  /^LICENSE$/,
];

describe('packaging (vsce ls)', () => {
  it('ships only the bundle, media, manifest, translations and docs: no sources, maps, tests or node_modules', async function () {
    this.timeout(30_000);
    const files = await listFiles({ cwd: path.join(__dirname, '..', '..', '..'), packageManager: PackageManager.None });
    const unexpected = files.filter((file) => !ALLOWED.some((pattern) => pattern.test(file)));
    assert.deepEqual(unexpected, []);
    for (const required of ['dist/extension.js', 'dist/idle.js', 'dist/features.js', 'dist/client.js', 'package.json', 'package.nls.json', 'l10n/bundle.l10n.json', 'media/icon.png', 'README.md', 'LICENSE']) {
      assert.ok(files.includes(required), `${required} would not ship`);
    }
  });
});
