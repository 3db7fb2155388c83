/**
 * The same real-host suite through @vscode/test-electron, for machines that can download VS Code
 * desktop (ours cannot; CI uses runHostTests). Runs the minimum supported version and the newest stable.
 *
 * Usage: node out/test/harness/runElectronTests.js [--vscode 1.100.3,stable]
 */
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { repoRoot } from './hosts';

async function main(): Promise<void> {
  const flag = process.argv.indexOf('--vscode');
  const versions = flag >= 0 ? process.argv[flag + 1].split(',') : ['1.100.3', 'stable'];
  for (const version of versions) {
    console.log(`[electron] real-host suite on VS Code ${version}`);
    await runTests({
      version,
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: path.join(repoRoot, 'out', 'test', 'host', 'index.js'),
      launchArgs: [path.join(repoRoot, 'test', 'fixtures', 'workspace'), '--disable-extensions', '--disable-workspace-trust'],
    });
  }
}

main().catch((error: unknown) => {
  console.error(`[electron] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
