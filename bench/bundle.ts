/**
 * Bundle sizes: the production bundles as packaged, and the .vsix. Targets: dist/extension.js
 * ≤ 350 KB, the .vsix ≤ 200 KB. client.js loads on the first request; its size is shown so that
 * growth is noticed.
 *
 *   node out/bench/bundle.js
 */
import * as childProcess from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const BUNDLE_TARGET_BYTES = 350 * 1024;
export const VSIX_TARGET_BYTES = 200 * 1024;
const BUNDLES = ['extension.js', 'client.js'] as const;

export interface BundleBenchResult {
  name: 'bundle';
  bundles: Record<(typeof BUNDLES)[number], number>;
  vsixBytes: number;
  targets: { extensionJs: number; vsix: number };
  pass: boolean;
}

const repo = path.join(__dirname, '..', '..');

export function runBundleBench(): BundleBenchResult {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tl-bundle-'));
  try {
    const vsix = path.join(dir, 'twelvelabs-vscode.vsix');
    // Packaging runs `vscode:prepublish`, the production build into dist/: the sizes are what ships.
    childProcess.execFileSync('npx', ['vsce', 'package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '--out', vsix], {
      cwd: repo,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const bundles = Object.fromEntries(BUNDLES.map((name) => [name, fs.statSync(path.join(repo, 'dist', name)).size])) as BundleBenchResult['bundles'];
    const vsixBytes = fs.statSync(vsix).size;
    return {
      name: 'bundle',
      bundles,
      vsixBytes,
      targets: { extensionJs: BUNDLE_TARGET_BYTES, vsix: VSIX_TARGET_BYTES },
      pass: bundles['extension.js'] <= BUNDLE_TARGET_BYTES && vsixBytes <= VSIX_TARGET_BYTES,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    // Back to the development build (with source maps) that F5 uses; the benchmarks that need the test build make it.
    childProcess.execFileSync(process.execPath, ['esbuild.js'], { cwd: repo, stdio: 'inherit' });
  }
}

export function formatTable(result: BundleBenchResult): string {
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  const loaded: Record<string, string> = {
    'extension.js': 'at activation',
    'client.js': 'first request',
  };
  return [
    `${'file'.padEnd(22)} ${'size'.padStart(10)}  loaded`,
    ...BUNDLES.map((name) => `${`dist/${name}`.padEnd(22)} ${kb(result.bundles[name]).padStart(10)}  ${loaded[name]}`),
    `${'.vsix'.padEnd(22)} ${kb(result.vsixBytes).padStart(10)}`,
    '',
    `dist/extension.js ${kb(result.bundles['extension.js'])} (target ≤ ${kb(result.targets.extensionJs)}); .vsix ${kb(result.vsixBytes)} (target ≤ ${kb(result.targets.vsix)}) ${result.pass ? 'PASS' : 'FAIL'}`,
  ].join('\n');
}

if (require.main === module) {
  console.log(formatTable(runBundleBench()));
}
