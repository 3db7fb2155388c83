import * as childProcess from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { codeServerPackage, hostNode, type HostVersion } from './hosts';

/**
 * A real VS Code server (the plain server inside the code-server package, which runs extensions in
 * VS Code's own Node extension host) plus headless Debian Chromium rendering its workbench.
 */
export interface VsCodeServer {
  readonly port: number;
  readonly origin: string;
  /** Throwaway folder holding user data, extensions, HOME and TMPDIR of this run. */
  readonly scratch: string;
  readonly logFile: string;
  stop(): Promise<void>;
}

export interface StartOptions {
  version: HostVersion;
  /** Extra environment for the server and so for the extension host (e.g. the fake API's URL). */
  env?: Record<string, string>;
  /** Keep the scratch folder after stop (for debugging, or the sandbox). */
  scratchDir?: string;
  extensionsDir?: string;
  /** A .vsix to install into the extensions folder before the server starts. */
  installVsix?: string;
  /** Extension folders to put into the extensions folder as installed extensions (the server adopts what it finds there on first start). */
  installFolders?: string[];
  verbose?: boolean;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address() as net.AddressInfo;
      probe.close(() => resolve(address.port));
    });
  });
}

/** Environment that keeps VS Code and Chromium out of the real HOME and /tmp. */
export function isolatedEnv(scratch: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const home = path.join(scratch, 'home');
  // Unix sockets live in TMPDIR and have a 108-character path limit: keep it short.
  const tmp = path.join(scratch, 't');
  for (const dir of [home, tmp]) {
    fs.mkdirSync(dir, { recursive: true });
  }
  return {
    ...process.env,
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_DATA_HOME: path.join(home, '.local', 'share'),
    XDG_CACHE_HOME: path.join(home, '.cache'),
    TMPDIR: tmp,
    ...extra,
  };
}

export async function startVsCodeServer(options: StartOptions): Promise<VsCodeServer> {
  const scratch = options.scratchDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'tlvs-'));
  const port = await freePort();
  const env = isolatedEnv(scratch, options.env);
  const serverMain = path.join(codeServerPackage(options.version), 'lib', 'vscode', 'out', 'server-main.js');
  const extensionsDir = options.extensionsDir ?? path.join(scratch, 'extensions');
  if (options.installVsix) {
    // The server's own CLI installs the package exactly as a user's `--install-extension` would.
    childProcess.execFileSync(
      hostNode(options.version),
      [serverMain, '--install-extension', options.installVsix, '--extensions-dir', extensionsDir, '--accept-server-license-terms'],
      { env, stdio: options.verbose ? 'inherit' : 'ignore' },
    );
  }
  for (const folder of options.installFolders ?? []) {
    const manifest = JSON.parse(fs.readFileSync(path.join(folder, 'package.json'), 'utf8')) as { publisher: string; name: string; version: string };
    fs.cpSync(folder, path.join(extensionsDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`), { recursive: true });
  }
  const args = [
    serverMain,
    '--host', '127.0.0.1',
    '--port', String(port),
    '--without-connection-token',
    '--accept-server-license-terms',
    // Without it, a built workbench ignores the extensionDevelopmentPath/extensionTestsPath payload.
    '--enable-smoke-test-driver',
    '--disable-telemetry',
    '--disable-workspace-trust',
    '--user-data-dir', path.join(scratch, 'user-data'),
    '--server-data-dir', path.join(scratch, 'server-data'),
    '--extensions-dir', extensionsDir,
    ...(options.verbose ? ['--log', 'debug'] : []),
  ];
  const logFile = path.join(scratch, 'server.log');
  const log = fs.createWriteStream(logFile);
  const server = childProcess.spawn(hostNode(options.version), args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  server.stdout.pipe(log);
  server.stderr.pipe(log);
  if (options.verbose) {
    server.stdout.pipe(process.stdout);
    server.stderr.pipe(process.stderr);
  }

  await new Promise<void>((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`VS Code server did not start within 60 s:\n${seen}`)), 60_000);
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      if (/Extension host agent listening on|HTTP server listening on/.test(seen)) {
        clearTimeout(timer);
        server.stdout.off('data', onData);
        resolve();
      }
    };
    server.stdout.on('data', onData);
    server.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`VS Code server exited during start (code ${code}, signal ${signal}):\n${seen}`));
    });
  });

  let stopped = false;
  return {
    port,
    origin: `http://127.0.0.1:${port}`,
    scratch,
    logFile,
    async stop() {
      if (stopped) {
        return;
      }
      stopped = true;
      if (server.exitCode === null && server.pid !== undefined) {
        const pid = server.pid;
        const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
        killGroup(pid, 'SIGTERM');
        await Promise.race([exited, delay(3000)]);
        killGroup(pid, 'SIGKILL');
      }
      log.end();
    },
  };
}

export async function launchBrowser(scratch: string): Promise<{ browser: Browser; page: Page }> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    env: isolatedEnv(scratch),
    // Without the networking flags, Chromium keeps dialling Google on a machine whose network is closed.
    // Nothing here for timers or frames: Playwright's default switches already include
    // --disable-background-timer-throttling, --disable-backgrounding-occluded-windows and
    // --disable-renderer-backgrounding, and the page reports itself visible and focused, so the
    // workbench runs as a foreground desktop window does. (Measured for issue 18: the workbench answers
    // an extension host message ~0.1 ms after reading it, and uncapping the frame rate changed nothing.)
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  return { browser, page };
}

/** The URL that opens a workbench on `folder`, optionally loading an extension under development and its tests. */
export function workbenchUrl(server: VsCodeServer, folder: string, payload?: { extensionDevelopmentPath?: string; extensionTestsPath?: string }): string {
  const remote = (p: string) => `vscode-remote://127.0.0.1:${server.port}${p}`;
  const entries: [string, string][] = [['skipWelcome', 'true']];
  if (payload?.extensionDevelopmentPath) {
    entries.push(['extensionDevelopmentPath', remote(payload.extensionDevelopmentPath)]);
  }
  if (payload?.extensionTestsPath) {
    entries.push(['extensionTestsPath', remote(payload.extensionTestsPath)]);
  }
  return `${server.origin}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(entries))}`;
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
