/**
 * Figures only the real host can give: runs the real-host suite filtered to the tests that write them
 * (see test/host/perfFiles.ts) on one code-server version, and reads the file back.
 */
import * as childProcess from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isInstalled, repoRoot, resolveHostVersion } from '../test/harness/hosts';

/**
 * The host the real-host figures come from: code-server 4.100.3 (VS Code 1.100.3) by default, or,
 * with TWELVELABS_BENCH_HOST=electron on a machine that can download it, VS Code desktop 1.100.3
 * through @vscode/test-electron. Desktop has no websocket between the extension host and the window,
 * so the figures judged against latency targets are its figures where it can run.
 */
const ON_DESKTOP = process.env.TWELVELABS_BENCH_HOST === 'electron';
export const FIGURES_HOST = ON_DESKTOP ? 'desktop 1.100.3' : '4.100.3';
const DESKTOP_VERSION = '1.100.3';

export type RealHostFigures<T> = { skipped: string } | { skipped?: undefined; figures: T; exitStatus: number | null };

/** `skipped` when the host is not installed here: not a miss, the figure cannot be taken on this machine. */
export function readRealHostFigures<T>(options: { grep: string; file: string; what: string; timeoutSeconds?: number }): RealHostFigures<T> {
  if (!ON_DESKTOP && !isInstalled(resolveHostVersion(FIGURES_HOST))) {
    return { skipped: 'host not installed' };
  }
  const perfRoot = path.join(repoRoot, 'test-results', ON_DESKTOP ? 'perf-desktop' : 'perf');
  const figuresFile = path.join(perfRoot, ON_DESKTOP ? DESKTOP_VERSION : FIGURES_HOST, options.file);
  // A file left by an earlier run must not pass for this one's.
  fs.rmSync(figuresFile, { force: true });
  // The tests read the extension through the test build's API; another benchmark may have left the
  // shipped or the development build in dist/.
  childProcess.execFileSync(process.execPath, ['esbuild.js', '--test'], { cwd: repoRoot, stdio: 'inherit' });
  const harness = ON_DESKTOP
    ? [path.join(repoRoot, 'out', 'test', 'harness', 'runElectronTests.js'), '--vscode', DESKTOP_VERSION, '--grep', options.grep, '--results', perfRoot]
    : [
        path.join(repoRoot, 'out', 'test', 'harness', 'runHostTests.js'),
        '--host',
        FIGURES_HOST,
        '--grep',
        options.grep,
        ...(options.timeoutSeconds ? ['--timeout', String(options.timeoutSeconds)] : []),
      ];
  const run = childProcess.spawnSync(process.execPath, harness, { cwd: repoRoot, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (!fs.existsSync(figuresFile) && ON_DESKTOP && run.status === 0) {
    // Its test is pending there: it drives the window through the code-server harness's browser.
    return { skipped: 'needs the code-server harness (the test is pending on desktop)' };
  }
  if (!fs.existsSync(figuresFile)) {
    throw new Error(`${options.what} wrote no figures (exit ${run.status}):\n${`${run.stdout}\n${run.stderr}`.slice(-3000)}`);
  }
  return { figures: JSON.parse(fs.readFileSync(figuresFile, 'utf8')) as T, exitStatus: run.status };
}
