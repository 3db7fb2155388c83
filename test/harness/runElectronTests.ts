/**
 * The same real-host suite through @vscode/test-electron, for machines that can download VS Code
 * desktop (ours cannot; CI uses runHostTests). Runs the minimum supported version and the newest stable.
 * `npm run bench` takes its real-host figures this way when TWELVELABS_BENCH_HOST=electron.
 *
 * Usage: node out/test/harness/runElectronTests.js [--vscode 1.100.3,stable] [--grep REGEX] [--results DIR]
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { repoRoot } from './hosts';

function option(name: string): string | undefined {
  const flag = process.argv.indexOf(name);
  return flag >= 0 ? process.argv[flag + 1] : undefined;
}

async function main(): Promise<void> {
  const versions = (option('--vscode') ?? '1.100.3,stable').split(',');
  const grep = option('--grep');
  const results = option('--results');
  for (const version of versions) {
    console.log(`[electron] real-host suite on VS Code ${version}`);
    // One folder per version, as the code-server harness keeps them: test-results/perf/<version>/.
    const resultsDir = results ? path.join(results, version) : undefined;
    if (resultsDir) {
      fs.mkdirSync(resultsDir, { recursive: true });
    }
    await runTests({
      version,
      // The second extension asks for a Twelve Labs session, as another extension would (the accounts suite).
      extensionDevelopmentPath: [repoRoot, path.join(repoRoot, 'test', 'fixtures', 'session-consumer')],
      extensionTestsPath: path.join(repoRoot, 'out', 'test', 'host', 'index.js'),
      extensionTestsEnv: {
        ...(grep ? { TWELVELABS_TEST_GREP: grep } : {}),
        ...(resultsDir ? { TWELVELABS_TEST_RESULTS: resultsDir } : {}),
      },
      launchArgs: [path.join(repoRoot, 'test', 'fixtures', 'workspace'), '--disable-extensions', '--disable-workspace-trust'],
    });
  }
}

main().catch((error: unknown) => {
  console.error(`[electron] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
