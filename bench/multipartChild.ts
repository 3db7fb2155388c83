/**
 * One multipart upload in a fresh Node process, so that its peak RSS is its own:
 *
 *   TWELVELABS_API_KEY=… node out/bench/multipartChild.js ours <baseUrl> <file> <stateFile> [killAtFraction]
 *   TWELVELABS_API_KEY=… node out/bench/multipartChild.js resume <baseUrl> <file> <stateFile>
 *   TWELVELABS_API_KEY=… node out/bench/multipartChild.js sdk <baseUrl> <file>
 *
 * `ours` hands the resumable state on at every change the way the extension host hands globalState
 * to VS Code's main process: a message to the parent (`process.send`, written to the pipe before it
 * returns), which keeps the latest and writes it to `stateFile`. Without a parent channel it writes
 * the file itself, in the background, latest state first. Given `killAtFraction`, it SIGKILLs itself
 * once that share of the bytes is out: a crash, with no chance to tidy up. `resume` continues from
 * `stateFile`. Prints one JSON line.
 * The key comes from the environment, never argv.
 */
import * as fs from 'node:fs';

export interface MultipartChildReport {
  contender: 'ours' | 'resume' | 'sdk';
  ms: number;
  rssBeforeBytes: number;
  maxRssBytes: number;
  assetId: string;
  /** Progress events seen (ours): the figure is only honest with progress on, as in the extension. */
  progressEvents: number;
  /** CPU time of the upload, user + system. */
  cpuMs: number;
}

/** Latest-wins background writes, atomic by rename. */
function stateWriter(file: string): (state: unknown) => void {
  let pending: string | undefined;
  let writing = false;
  const flush = async (): Promise<void> => {
    writing = true;
    try {
      while (pending !== undefined) {
        const text = pending;
        pending = undefined;
        await fs.promises.writeFile(`${file}.tmp`, text);
        await fs.promises.rename(`${file}.tmp`, file);
      }
    } finally {
      writing = false;
    }
  };
  return (state) => {
    pending = JSON.stringify(state);
    if (!writing) {
      void flush();
    }
  };
}

async function main(): Promise<void> {
  const [mode, baseUrl, file, stateFile, killAt] = process.argv.slice(2);
  const key = process.env.TWELVELABS_API_KEY ?? '';
  let upload: () => Promise<string>;
  let progressEvents = 0;
  if (mode === 'ours' || mode === 'resume') {
    const { TwelveLabsClient } = await import('../src/api/client.js');
    const { silentLogger } = await import('../src/common/logging/logger.js');
    const client = new TwelveLabsClient({ baseUrl, keySource: { getKey: () => Promise.resolve(key) }, logger: silentLogger, userAgent: 'twelvelabs-vscode-bench' });
    const killAtBytes = killAt !== undefined ? Number(killAt) * fs.statSync(file).size : Infinity;
    const resume = mode === 'resume' ? (JSON.parse(fs.readFileSync(stateFile, 'utf8')) as import('../src/api/assetTypes').ResumableUpload) : undefined;
    upload = async () =>
      (
        await client.uploadMultipart(
          { path: file, resume },
          {
            onState: process.send ? (state) => process.send?.({ state }) : stateWriter(stateFile),
            onProgress: (progress) => {
              progressEvents++;
              if (progress.sent >= killAtBytes) {
                process.kill(process.pid, 'SIGKILL');
              }
            },
          },
        )
      )._id;
  } else if (mode === 'sdk') {
    process.env.TWELVELABS_BASE_URL = baseUrl;
    const { TwelveLabs } = await import('twelvelabs-js');
    const sdk = new TwelveLabs({ apiKey: key });
    upload = async () => {
      // The helper prints its progress with console.log; this process's stdout is for the report.
      const log = console.log;
      console.log = () => undefined;
      try {
        return (await sdk.multipartUpload.uploadFile(file)).assetId;
      } finally {
        console.log = log;
      }
    };
  } else {
    throw new Error(`unknown contender ${mode}`);
  }
  const rssBeforeBytes = process.memoryUsage().rss;
  const cpuBefore = process.cpuUsage();
  const started = process.hrtime.bigint();
  const assetId = await upload();
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const cpu = process.cpuUsage(cpuBefore);
  const report: MultipartChildReport = {
    contender: mode,
    ms,
    rssBeforeBytes,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
    assetId,
    progressEvents,
    cpuMs: (cpu.user + cpu.system) / 1000,
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
