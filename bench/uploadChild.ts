/**
 * One upload in a fresh Node process, so that its peak RSS is its own:
 *
 *   TWELVELABS_API_KEY=… node out/bench/uploadChild.js ours|sdk <baseUrl> <indexId> <file>
 *
 * Prints one JSON line: wall time of the upload call, RSS just before it and the process's peak RSS.
 * The key comes from the environment, never argv (argv is visible to every user of the machine).
 */
import * as fs from 'node:fs';

export interface ChildReport {
  contender: 'ours' | 'sdk';
  ms: number;
  rssBeforeBytes: number;
  maxRssBytes: number;
  taskId: string;
}

async function main(): Promise<void> {
  const [mode, baseUrl, indexId, file] = process.argv.slice(2);
  const key = process.env.TWELVELABS_API_KEY ?? '';
  let upload: () => Promise<string>;
  if (mode === 'ours') {
    const { TwelveLabsClient } = await import('../src/api/client.js');
    const { silentLogger } = await import('../src/common/logging/logger.js');
    const client = new TwelveLabsClient({ baseUrl, keySource: { getKey: () => Promise.resolve(key) }, logger: silentLogger, userAgent: 'twelvelabs-vscode-bench' });
    // Progress is on, as in the extension, so its cost is measured too.
    let sent = 0;
    upload = async () =>
      (await client.createTask({ indexId, source: { kind: 'file', path: file } }, { onProgress: (p) => (sent = p.sent) })).taskId + (sent > 0 ? '' : '?');
  } else if (mode === 'sdk') {
    process.env.TWELVELABS_BASE_URL = baseUrl;
    const { TwelveLabs } = await import('twelvelabs-js');
    const sdk = new TwelveLabs({ apiKey: key });
    upload = async () => {
      const task = await sdk.tasks.create({ indexId, videoFile: fs.createReadStream(file) });
      return task.id ?? '';
    };
  } else {
    throw new Error(`unknown contender ${mode}`);
  }
  const rssBeforeBytes = process.memoryUsage().rss;
  const started = process.hrtime.bigint();
  const taskId = await upload();
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const report: ChildReport = { contender: mode, ms, rssBeforeBytes, maxRssBytes: process.resourceUsage().maxRSS * 1024, taskId };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
