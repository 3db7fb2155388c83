import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { listFiles, PackageManager } from '@vscode/vsce';
import { productionBuild, repoRoot } from './productionBuild';

/** Exactly what may ship in the .vsix: the two bundles, media, the manifest, its translations, the docs. */
const ALLOWED = [
  /^dist\/(extension|client|keyInputFlow|createIndexFlow|videoActionsFlow|searchView|playerPanel|analyzeFlow|agentTools)\.js$/,
  /^dist\/webviews\/(search|player)\.js$/,
  /^media\//,
  /^package\.json$/,
  /^package\.nls(\.[\w-]+)?\.json$/,
  /^l10n\/bundle\.l10n(\.[\w-]+)?\.json$/,
  /^README\.md$/,
  /^CHANGELOG\.md$/,
  /^LICENSE$/,
];

/**
 * A copy of what git tracks, with the production bundles in its dist/: what `vsce package` sees on a
 * fresh clone, whatever this checkout's dist/ holds.
 */
async function freshCheckout(): Promise<string> {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'tlvs-package-'));
  const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: repoRoot, encoding: 'utf8' }).split('\0').filter(Boolean);
  for (const file of tracked.filter((name) => fs.existsSync(path.join(repoRoot, name)))) {
    fs.mkdirSync(path.dirname(path.join(copy, file)), { recursive: true });
    fs.copyFileSync(path.join(repoRoot, file), path.join(copy, file));
  }
  const { dir } = await productionBuild();
  fs.mkdirSync(path.join(copy, 'dist'));
  for (const bundle of fs.readdirSync(dir)) {
    fs.cpSync(path.join(dir, bundle), path.join(copy, 'dist', bundle), { recursive: true });
  }
  // Leftovers a development build would leave beside the bundles must not ship either.
  fs.writeFileSync(path.join(copy, 'dist', 'extension.js.map'), '{}');
  return copy;
}

describe('packaging (vsce ls)', () => {
  it('ships only the bundles, media, manifest, translations and docs: no sources, maps, tests or node_modules', async function () {
    this.timeout(60_000);
    const files = await listFiles({ cwd: await freshCheckout(), packageManager: PackageManager.None });
    const unexpected = files.filter((file) => !ALLOWED.some((pattern) => pattern.test(file)));
    assert.deepEqual(unexpected, []);
    for (const required of ['dist/extension.js', 'dist/client.js', 'dist/keyInputFlow.js', 'dist/createIndexFlow.js', 'dist/videoActionsFlow.js', 'dist/searchView.js', 'dist/playerPanel.js', 'dist/analyzeFlow.js', 'dist/agentTools.js', 'dist/webviews/search.js', 'dist/webviews/player.js', 'media/webviews/search.css', 'media/webviews/player.css', 'package.json', 'package.nls.json', 'l10n/bundle.l10n.json', 'media/icon.png', 'README.md', 'LICENSE']) {
      assert.ok(files.includes(required), `${required} would not ship`);
    }
  });
});

describe('the walkthrough', () => {
  const walkthroughDir = path.join(repoRoot, 'media', 'walkthrough');

  it('every step\'s media exists, and every picture its markdown shows ships beside it', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
      contributes: { walkthroughs: { steps: { id: string; media: { markdown?: string } }[] }[] };
    };
    const steps = manifest.contributes.walkthroughs.flatMap((walkthrough) => walkthrough.steps);
    assert.ok(steps.length >= 4);
    for (const step of steps) {
      const markdown = step.media.markdown;
      assert.ok(markdown, `${step.id} has markdown media`);
      const text = fs.readFileSync(path.join(repoRoot, markdown), 'utf8');
      for (const [, picture] of text.matchAll(/!\[[^\]]+\]\(([^)]+)\)/g)) {
        assert.ok(picture && fs.existsSync(path.join(repoRoot, path.dirname(markdown), picture)), `${step.id}: ${picture ?? '?'} is missing`);
      }
    }
  });

  it('code samples are short enough for the media column of a laptop-sized window, so none is cut off', () => {
    // At 1280 px wide the walkthrough's media column shows about 50 monospace characters.
    const MAX_CODE_LINE = 48;
    for (const file of fs.readdirSync(walkthroughDir).filter((name) => name.endsWith('.md'))) {
      const text = fs.readFileSync(path.join(walkthroughDir, file), 'utf8');
      for (const [, block] of text.matchAll(/```\w*\n([\s\S]*?)```/g)) {
        for (const line of (block ?? '').split('\n')) {
          assert.ok(line.length <= MAX_CODE_LINE, `${file}: "${line}" is ${line.length} characters`);
        }
      }
    }
  });
});
