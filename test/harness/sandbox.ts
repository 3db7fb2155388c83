/**
 * The sandbox: the fake Twelve Labs API (seeded, with a demo key) and VS Code in the browser with the
 * extension installed from its .vsix and `twelveLabs.apiUrl` pointing at the fake.
 *
 * Usage: node out/test/harness/sandbox.js --vsix FILE [--port N] [--screenshot FILE.png] [--second-key]
 *        [--revoke-after SECONDS] [--upload-speed KB]   (see sandboxOptions.ts; the banner lists them)
 */
import * as childProcess from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startFakeServer } from '../fake/server';
import { codeServerPackage, hostNode, repoRoot, resolveHostVersion } from './hosts';
import type { Page } from 'playwright-core';
import { parseSandboxOptions, SANDBOX_FLAGS, SANDBOX_SECOND_KEY } from './sandboxOptions';
import { SANDBOX_SEARCH_EXAMPLES, seedSandboxSearch } from './sandboxSearch';
import { delay, freePort, isolatedEnv, launchBrowser } from './vscodeServer';

/** Valid only against the fake server; printed so it can be pasted into "Set API Key". */
export const SANDBOX_DEMO_KEY = 'tlk_SANDBOXdemo0key0for0the0fake0api0only';
const SANDBOX_HOST = resolveHostVersion('4.100.3');


async function main(): Promise<void> {
  const options = parseSandboxOptions(process.argv.slice(2));
  const vsix = path.resolve(options.vsix ?? path.join(repoRoot, '.sandbox', 'twelvelabs-vscode.vsix'));
  const screenshotFile = options.screenshot;
  const stateDir = path.join(repoRoot, '.sandbox');
  const userData = path.join(stateDir, 'user-data');
  const extensionsDir = path.join(stateDir, 'extensions');
  const workspace = path.join(stateDir, 'workspace');
  fs.mkdirSync(workspace, { recursive: true });
  if (screenshotFile) {
    // A screenshot run starts from a clean profile so it always shows the first-run state.
    fs.rmSync(userData, { recursive: true, force: true });
  }

  const fake = await startFakeServer({ validKeys: [SANDBOX_DEMO_KEY, ...(options.secondKey ? [SANDBOX_SECOND_KEY] : [])] });
  const [searchIndexId] = fake.seedIndexes(6, { namePrefix: 'demo-index', videosPerIndex: 3 });
  // demo-index-001 has Marengo and the thumbnail add-on: search, thumbnails and streams all work there.
  seedSandboxSearch(fake, searchIndexId);
  const searchIndexName = fake.listIndexes().find((index) => index._id === searchIndexId)?.index_name ?? searchIndexId;
  fake.setUploadThrottle(options.uploadBytesPerSecond);
  // Parts of a multipart upload go to the storage origin: slowed alike, so Pause and Resume can be watched.
  fake.setStorageThrottle(options.uploadBytesPerSecond);
  const revocation =
    options.revokeAfterSeconds === undefined
      ? undefined
      : setTimeout(() => {
          fake.removeKey(SANDBOX_DEMO_KEY);
          console.log(`  The demo key is now revoked: the next request gets a 401.`);
        }, options.revokeAfterSeconds * 1000);
  const port = options.port ?? (await freePort());

  // code-server's own CLI keeps user settings on the server, so the sandbox can preset the API URL.
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.writeFileSync(
    path.join(userData, 'User', 'settings.json'),
    JSON.stringify(
      {
        'twelveLabs.apiUrl': fake.url,
        'workbench.startupEditor': 'none',
        'telemetry.telemetryLevel': 'off',
        // The sandbox workspace sits inside this repository: don't offer to open it in Git.
        'git.openRepositoryInParentFolders': 'never',
      },
      null,
      2,
    ),
  );

  const entry = path.join(codeServerPackage(SANDBOX_HOST), 'out', 'node', 'entry.js');
  // The demo key in the environment lets the extension offer to import it into SecretStorage.
  const env = isolatedEnv(path.join(stateDir, 'scratch'), { TWELVE_LABS_API_KEY: SANDBOX_DEMO_KEY });
  const common = ['--user-data-dir', userData, '--extensions-dir', extensionsDir];
  childProcess.execFileSync(hostNode(SANDBOX_HOST), [entry, ...common, '--install-extension', vsix, '--force'], { env, stdio: 'inherit' });

  const server = childProcess.spawn(
    hostNode(SANDBOX_HOST),
    [entry, ...common, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check',
      '--disable-workspace-trust', '--disable-getting-started-override', '--ignore-last-opened', workspace],
    { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  const log = fs.createWriteStream(path.join(stateDir, 'code-server.log'));
  server.stdout.pipe(log);
  server.stderr.pipe(log);
  await new Promise<void>((resolve, reject) => {
    let seen = '';
    server.stdout.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (/HTTP server listening on/.test(seen)) {
        resolve();
      }
    });
    server.once('exit', (code) => reject(new Error(`code-server exited (code ${code}); see .sandbox/code-server.log`)));
  });

  const stop = async () => {
    try {
      process.kill(-(server.pid ?? 0), 'SIGTERM');
    } catch {
      // Already gone.
    }
    clearTimeout(revocation);
    await fake.close();
  };
  const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`;

  if (screenshotFile) {
    const { browser, page } = await launchBrowser(path.join(stateDir, 'scratch'));
    try {
      await page.goto(url, { waitUntil: 'domcontentloaded' });
      await page.waitForSelector('.monaco-workbench .activitybar', { timeout: 60_000 });
      const container = page.locator('.activitybar [aria-label^="Twelve Labs"]').first();
      await container.waitFor({ timeout: 60_000 });
      await container.click();
      // A view alone in its container has no visible header: wait for the sidebar to show the container.
      await page.locator('.sidebar .composite.title', { hasText: /twelve labs/i }).first().waitFor({ timeout: 30_000 });
      await acceptDemoKeyImport(page);
      await delay(1500);
      fs.mkdirSync(path.dirname(path.resolve(screenshotFile)), { recursive: true });
      await page.screenshot({ path: path.resolve(screenshotFile) });
      console.log(`Saved the sandbox workbench to ${path.resolve(screenshotFile)}`);
    } finally {
      await browser.close();
      await stop();
    }
    return;
  }

  console.log('');
  console.log(`  Fake Twelve Labs API:  ${fake.url} (6 seeded indexes with videos)`);
  console.log(`  Demo API key:          ${SANDBOX_DEMO_KEY}  (valid only on the fake API)`);
  console.log(`  Search and watch:      ${searchIndexName} has thumbnails and playable streams; try ${SANDBOX_SEARCH_EXAMPLES.map((query) => `"${query}"`).join(', ')}`);
  console.log(`                         (every seeded video has a transcript; city-fireworks.mp4 has AAC audio, which desktop webviews cannot play)`);
  console.log(`  Analyze:               "Analyze Video…" on any of its videos, a result or the player streams a Pegasus answer from the fake`);
  console.log(`  Agent mode:            the #twelvelabs_… tools are registered; a chat model (e.g. Copilot) is needed to call them`);
  console.log(`  Media origin:          ${fake.mediaOrigin} (thumbnails and HLS)`);
  if (options.secondKey) {
    console.log(`  Second key:            ${SANDBOX_SECOND_KEY}  (for Rotate API Key)`);
  }
  if (options.revokeAfterSeconds !== undefined) {
    console.log(`  The demo key is revoked ${options.revokeAfterSeconds} s from now.`);
  }
  if (options.uploadBytesPerSecond !== undefined) {
    console.log(`  Uploads are read at ${Math.round(options.uploadBytesPerSecond / 1024)} KB/s.`);
  }
  console.log(`  VS Code:               ${url}`);
  console.log('');
  console.log('  Open the VS Code URL in a browser and click "Import Twelve Labs key" in the status bar to');
  console.log('  import the demo key, or run "Twelve Labs: Set API Key" and paste it. Ctrl+C here stops both servers.');
  console.log('');
  console.log('  Options (npm run sandbox -- OPTION):');
  for (const [flag, what] of SANDBOX_FLAGS) {
    console.log(`    ${flag.padEnd(24)} ${what}`);
  }
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await stop();
}

/**
 * Clicks the Indexes view's "Import API Key from Environment" (the offer to import the demo key from
 * TWELVE_LABS_API_KEY) and accepts the default expiry, so the picture shows the tree filled and the countdown running. Best effort:
 * without it the screenshot still shows the view container and its welcome content.
 */
async function acceptDemoKeyImport(page: Page): Promise<void> {
  try {
    const importButton = page.locator('.sidebar .monaco-button', { hasText: 'Import API Key from Environment' }).first();
    await importButton.waitFor({ timeout: 20_000 });
    await importButton.click();
    // The key is checked first; then only its expiry is asked, the default one Enter away.
    await page.locator('.quick-input-list .monaco-list-row', { hasText: '90 days from today' }).first().waitFor({ timeout: 10_000 });
    await page.keyboard.press('Enter');
    await page.locator('.sidebar .monaco-list-row', { hasText: 'demo-index' }).first().waitFor({ timeout: 20_000 });
  } catch (error) {
    console.warn(`The demo key was not imported for the screenshot: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
