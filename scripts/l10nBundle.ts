/**
 * Builds l10n/bundle.l10n.json, the English strings that translations key on, from every
 * `vscode.l10n.t(...)` / `l10n.t(...)` call in src/, with @vscode/l10n-dev's analyser.
 *
 *   node out/scripts/l10nBundle.js --write   regenerate the bundle (npm run l10n)
 *   node out/scripts/l10nBundle.js --check   exit 1 if the committed bundle is stale
 *
 * Two adjustments before analysis, because the analyser only follows `import * as`/`const x = require`
 * imports of 'vscode': our `import vscode = require('vscode')` becomes the `const` form, and modules
 * that receive `l10n` as a parameter (to stay testable without vscode) get a matching import line.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { getL10nJson } from '@vscode/l10n-dev';

const repo = path.join(__dirname, '..', '..');
export const bundlePath = path.join(repo, 'l10n', 'bundle.l10n.json');

export async function computeBundle(): Promise<Record<string, unknown>> {
  const files = listSources(path.join(repo, 'src')).map((file) => ({
    extension: '.ts',
    contents: `const vscode = require('vscode');\n${fs.readFileSync(file, 'utf8').replace(/^import vscode = require\('vscode'\);$/m, '')}`,
  }));
  const bundle = await getL10nJson(files);
  return Object.fromEntries(Object.entries(bundle).sort(([a], [b]) => a.localeCompare(b)));
}

export function serialise(bundle: Record<string, unknown>): string {
  return `${JSON.stringify(bundle, null, 2)}\n`;
}

function listSources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? listSources(full) : entry.name.endsWith('.ts') ? [full] : [];
  });
}

async function main(): Promise<void> {
  const expected = serialise(await computeBundle());
  if (process.argv.includes('--write')) {
    fs.mkdirSync(path.dirname(bundlePath), { recursive: true });
    fs.writeFileSync(bundlePath, expected);
    console.log(`Wrote ${Object.keys(JSON.parse(expected) as object).length} strings to ${path.relative(repo, bundlePath)}`);
    return;
  }
  const actual = fs.existsSync(bundlePath) ? fs.readFileSync(bundlePath, 'utf8') : '';
  if (actual !== expected) {
    console.error('l10n/bundle.l10n.json is out of date: run `npm run l10n`.');
    process.exit(1);
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
