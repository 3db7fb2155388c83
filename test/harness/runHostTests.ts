/**
 * Runs the real-host suite (out/test/host/index.js, the module shape @vscode/test-electron expects)
 * inside a real VS Code extension host from the code-server package, once per host version, with the
 * workbench rendered by headless Chromium. Prints one `host-<version>: N passed, N failed` line per host.
 *
 * Usage: node out/test/harness/runHostTests.js [--host 4.100.3|4.139.1|all] [--grep RE] [--timeout S] [--verbose]
 *                                             [--installed --vsix FILE]
 *   --installed  installs FILE into the host and runs the smoke suite (out/test/host/smoke) against
 *                that installed package instead of the repository's extension under development.
 * Exit code: 0 when every host passed; 1 otherwise.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as util from 'node:util';
import { hostVersions, isInstalled, repoRoot, resolveHostVersion, type HostVersion } from './hosts';
import { ENVIRONMENT_KEY } from '../canary';
import { scanTextForCanary, scanTreeForCanary, type LeakHit } from './leakScan';
import { performUiRequest, UI_MARKER } from './uiBridge';
import { launchBrowser, startVsCodeServer, workbenchUrl } from './vscodeServer';

interface Args {
  hosts: HostVersion[];
  grep?: string;
  timeoutSeconds: number;
  verbose: boolean;
  /** The .vsix to install and smoke-test, in --installed mode. */
  vsix?: string;
}

interface HostResult {
  host: string;
  vscodeVersion: string;
  passed: number;
  failed: number;
  pending: number;
  problems: string[];
}

const SUMMARY_FILE = 'summary.json';
const SESSION_CONSUMER = path.join(repoRoot, 'test', 'fixtures', 'session-consumer');

function parseArgs(argv: string[]): Args {
  const value = (name: string) => {
    const index = argv.indexOf(`--${name}`);
    return index >= 0 ? argv[index + 1] : argv.find((a) => a.startsWith(`--${name}=`))?.split('=').slice(1).join('=');
  };
  const host = value('host') ?? process.env.TWELVELABS_TEST_HOST ?? 'all';
  return {
    hosts: host === 'all' ? [...hostVersions] : host.split(',').map(resolveHostVersion),
    grep: value('grep') ?? process.env.TWELVELABS_TEST_GREP,
    timeoutSeconds: Number(value('timeout') ?? 900),
    verbose: argv.includes('--verbose'),
    vsix: argv.includes('--installed') ? path.resolve(value('vsix') ?? fail('--installed needs --vsix FILE')) : undefined,
  };
}

function fail(message: string): never {
  throw new Error(message);
}

async function runOnHost(version: HostVersion, args: Args): Promise<HostResult> {
  const label = args.vsix ? `installed-${version.codeServer}` : `host-${version.codeServer}`;
  const result: HostResult = { host: label, vscodeVersion: '?', passed: 0, failed: 0, pending: 0, problems: [] };
  if (!isInstalled(version)) {
    result.problems.push(`${label} is not installed: run scripts/install-vscode-host.sh ${version.codeServer} ${version.node ?? ''}`);
    return result;
  }
  const resultsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tlvs-results-'));
  const screenshots = path.join(repoRoot, 'test-results', 'screenshots', version.codeServer);
  fs.mkdirSync(screenshots, { recursive: true });
  const output: string[] = [];
  const server = await startVsCodeServer({
    version,
    verbose: args.verbose,
    installVsix: args.vsix,
    // Beside it, another extension that asks for a Twelve Labs session as a team's own extension would
    // (installed: code-server loads one extension under development only).
    installFolders: [SESSION_CONSUMER],
    env: {
      TWELVELABS_TEST_RESULTS: resultsDir,
      TWELVELABS_TEST_UI: resultsDir,
      TWELVELABS_TEST_SCREENSHOTS: screenshots,
      ...(args.grep ? { TWELVELABS_TEST_GREP: args.grep } : {}),
      // The installed build is where the environment-key offer is tested; the other suites expect none.
      ...(args.vsix ? { TWELVE_LABS_API_KEY: ENVIRONMENT_KEY } : {}),
    },
  });
  const { browser, page } = await launchBrowser(server.scratch);
  try {
    const exitCode = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${label}: no result after ${args.timeoutSeconds} s`)), args.timeoutSeconds * 1000);
      page.on('pageerror', (error) => output.push(`[pageerror] ${String(error)}`));
      page.on('crash', () => reject(new Error(`${label}: the workbench page crashed`)));
      // The workbench reports the extension host's console and the suite's exit code through these.
      void page.exposeFunction('codeAutomationLog', async (type: string, logArgs: unknown) => {
        // The host forwards console calls as their raw arguments: format them as a console would.
        const line = util.format(...(Array.isArray(logArgs) ? (logArgs as unknown[]) : [logArgs]));
        const uiRequest = UI_MARKER.exec(line);
        if (uiRequest) {
          await performUiRequest(page, resultsDir, uiRequest[1], path.join(screenshots, 'ui-failure'));
          return;
        }
        output.push(line);
        if (!isWorkbenchNoise(line)) {
          (type === 'error' ? console.error : console.log)(line);
        }
      });
      void page.exposeFunction('codeAutomationExit', (code: unknown) => {
        clearTimeout(timer);
        resolve(typeof code === 'number' ? code : 1);
      });
      // A copy inside the scratch folder: tests write files there (some holding the canary on purpose),
      // never into the repository, and the leak scan below sees whatever they leave behind.
      const workspace = path.join(server.scratch, 'workspace');
      fs.cpSync(path.join(repoRoot, 'test', 'fixtures', 'workspace'), workspace, { recursive: true });
      const url = workbenchUrl(
        server,
        workspace,
        args.vsix
          ? // An empty extension under development carries the smoke suite; the real one is the installed package.
            { extensionDevelopmentPath: path.join(repoRoot, 'test', 'fixtures', 'smoke-runner'), extensionTestsPath: path.join(repoRoot, 'out', 'test', 'host', 'smoke', 'index.js') }
          : { extensionDevelopmentPath: repoRoot, extensionTestsPath: path.join(repoRoot, 'out', 'test', 'host', 'index.js') },
      );
      page.goto(url, { waitUntil: 'domcontentloaded' }).catch(reject);
    });
    const summaryPath = path.join(resultsDir, SUMMARY_FILE);
    if (fs.existsSync(summaryPath)) {
      const summary = JSON.parse(fs.readFileSync(summaryPath, 'utf8')) as { passed: number; failed: number; pending: number; vscodeVersion: string };
      Object.assign(result, { passed: summary.passed, failed: summary.failed, pending: summary.pending, vscodeVersion: summary.vscodeVersion });
    } else {
      result.problems.push(`${label}: the suite wrote no summary (exit code ${exitCode})`);
    }
    if (exitCode !== 0 && result.failed === 0) {
      result.problems.push(`${label}: the suite exited with code ${exitCode}`);
    }
  } catch (error) {
    result.problems.push(String(error));
  } finally {
    await browser.close().catch(() => undefined);
    await server.stop();
  }

  const leaks: LeakHit[] = [
    ...scanTextForCanary(output.join('\n'), 'extension host output'),
    // Everything the host wrote on the server side: user data, logs, global storage, extension state.
    ...scanTreeForCanary(server.scratch),
  ];
  for (const leak of leaks) {
    result.problems.push(`${label}: the canary key leaked (${leak.form}) into ${leak.where}`);
  }
  if (result.problems.length > 0 || result.failed > 0) {
    const serverLog = fs.existsSync(server.logFile) ? fs.readFileSync(server.logFile, 'utf8').split('\n').slice(-30).join('\n  ') : '';
    console.error(`[harness] ${label}: last lines of the server log:\n  ${serverLog}`);
  }
  // Figures from the performance tests outlive the results directory: `npm run bench` reads them.
  const perfFiles = fs.readdirSync(resultsDir).filter((name) => /^perf-.+\.json$/.test(name));
  if (perfFiles.length > 0) {
    const perfDir = path.join(repoRoot, 'test-results', 'perf', version.codeServer);
    fs.mkdirSync(perfDir, { recursive: true });
    for (const name of perfFiles) {
      fs.copyFileSync(path.join(resultsDir, name), path.join(perfDir, name));
    }
  }
  if (!process.env.KEEP_TMP) {
    fs.rmSync(server.scratch, { recursive: true, force: true });
    fs.rmSync(resultsDir, { recursive: true, force: true });
  } else {
    console.log(`[harness] kept ${server.scratch}`);
  }
  return result;
}

/**
 * The workbench's own chatter on a machine without internet (gallery look-ups, socket set-up, its
 * stack frames): kept for the leak scan, not printed.
 */
function isWorkbenchNoise(line: string): boolean {
  return /ENOTFOUND|workbench\.js:\d+|^Creating a socket|^Resolv(ing|ed) connection token|^\[Service Worker\]|^Updating additional builtin|^ChatSessionStore/.test(line.trim());
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const results: HostResult[] = [];
  for (const version of args.hosts) {
    console.log(`[harness] real-host suite on code-server ${version.codeServer}`);
    results.push(await runOnHost(version, args));
  }
  console.log('');
  for (const r of results) {
    for (const problem of r.problems) {
      console.error(`[harness] ${problem}`);
    }
    console.log(`[harness] ${r.host} ran VS Code ${r.vscodeVersion}${r.pending ? `, ${r.pending} pending` : ''}`);
    // Problems outside mocha (a leak, a crash, a missing summary) count as failures too.
    console.log(`${r.host}: ${r.passed} passed, ${r.failed + r.problems.length} failed`);
  }
  return results.every((r) => r.failed === 0 && r.problems.length === 0 && r.passed > 0) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`[harness] ${error instanceof Error ? error.stack : String(error)}`);
    process.exit(1);
  },
);
