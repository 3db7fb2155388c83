/**
 * Figures only the real host can give: runs the real-host suite filtered to the tests that write them
 * (see test/host/perfFiles.ts) on one code-server version, and reads the file back.
 */
import * as childProcess from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isInstalled, repoRoot, resolveHostVersion } from '../test/harness/hosts';

/** The host the real-host figures come from. */
export const FIGURES_HOST = '4.100.3';

export type RealHostFigures<T> = { skipped: string } | { skipped?: undefined; figures: T; exitStatus: number | null };

/** `skipped` when the host is not installed here: not a miss, the figure cannot be taken on this machine. */
export function readRealHostFigures<T>(options: { grep: string; file: string; what: string; timeoutSeconds?: number }): RealHostFigures<T> {
  if (!isInstalled(resolveHostVersion(FIGURES_HOST))) {
    return { skipped: 'host not installed' };
  }
  const figuresFile = path.join(repoRoot, 'test-results', 'perf', FIGURES_HOST, options.file);
  // A file left by an earlier run must not pass for this one's.
  fs.rmSync(figuresFile, { force: true });
  // The tests read the extension through the test build's API; another benchmark may have left the
  // shipped or the development build in dist/.
  childProcess.execFileSync(process.execPath, ['esbuild.js', '--test'], { cwd: repoRoot, stdio: 'inherit' });
  const run = childProcess.spawnSync(
    process.execPath,
    [
      path.join(repoRoot, 'out', 'test', 'harness', 'runHostTests.js'),
      '--host',
      FIGURES_HOST,
      '--grep',
      options.grep,
      ...(options.timeoutSeconds ? ['--timeout', String(options.timeoutSeconds)] : []),
    ],
    { cwd: repoRoot, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  if (!fs.existsSync(figuresFile)) {
    throw new Error(`${options.what} wrote no figures (exit ${run.status}):\n${`${run.stdout}\n${run.stderr}`.slice(-3000)}`);
  }
  return { figures: JSON.parse(fs.readFileSync(figuresFile, 'utf8')) as T, exitStatus: run.status };
}
