/**
 * Uploading a 1 GiB file (sparse: the disk is not what is measured) over loopback with our
 * `createTask`, with `curl -F`, and with the official `twelvelabs-js` SDK's `tasks.create`, each in its
 * own child process so that its peak RSS is its own.
 *
 *   node out/bench/upload.js [--mib 1024] [--runs 3]
 *
 * Two sinks: the fake server (busboy parses the multipart body, counting the file's bytes), and a bare
 * sink that only counts bytes. The fake's parser costs time of its own; the bare sink shows that our
 * ratio to curl does not hide behind it. Targets: our wall time ≤ 1.25× curl's on both sinks, and our
 * RSS growth during the upload ≤ 64 MiB.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { CANARY_KEY } from '../test/canary';
import { startFakeServer } from '../test/fake/server';
import type { ChildReport } from './uploadChild';
import { median } from './stats';
import { numberArgument, runStandalone } from './cli';

export const TARGET_RATIO = 1.25;
export const TARGET_RSS_GROWTH_MIB = 64;

type Contender = 'ours' | 'curl' | 'sdk';
type Sink = 'fake' | 'bare';

export interface UploadSample {
  contender: Contender;
  sink: Sink;
  /** Median wall time of the upload itself. */
  ms: number;
  mibPerSecond: number;
  /** Median peak RSS of the process. */
  peakRssMiB: number;
  /** Node contenders: peak RSS minus RSS just before the upload began (median). */
  rssGrowthMiB: number | undefined;
  allRunsMs: number[];
}

export interface UploadBenchResult {
  name: 'upload';
  bytes: number;
  runs: number;
  samples: UploadSample[];
  /** ours.ms / curl.ms on the fake, and on the bare sink. */
  ratio: number;
  ratioBare: number;
  /** The worst (largest) growth of any of our runs. */
  oursRssGrowthMiB: number;
  targets: { ratio: number; rssGrowthMiB: number };
  pass: boolean;
}

export interface UploadBenchOptions {
  mib?: number;
  runs?: number;
  /** The SDK reads the whole file into memory and takes ~10 s for 1 GiB: once is enough. */
  sdkRuns?: number;
}

interface Measurement {
  ms: number;
  peakRssBytes: number;
  rssGrowthBytes: number | undefined;
}

const MiB = 1024 * 1024;

export async function runUploadBench(options: UploadBenchOptions = {}): Promise<UploadBenchResult> {
  const bytes = (options.mib ?? 1024) * MiB;
  const runs = Math.max(1, options.runs ?? 3);
  const sdkRuns = Math.max(1, options.sdkRuns ?? 1);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tl-bench-upload-'));
  const file = path.join(dir, 'video.mp4');
  fs.writeFileSync(file, '');
  fs.truncateSync(file, bytes);
  // curl reads headers from a file: the key stays off the command line.
  const headerFile = path.join(dir, 'headers.txt');
  fs.writeFileSync(headerFile, `x-api-key: ${CANARY_KEY}\n`, { mode: 0o600 });

  const fake = await startFakeServer({ validKeys: [CANARY_KEY], seedIndexes: 1, taskAdvance: 'instant' });
  const bare = await startBareSink();
  const indexId = fake.listIndexes()[0]._id;
  const sinks: Record<Sink, string> = { fake: fake.url, bare: bare.url };
  const measured = new Map<string, Measurement[]>();
  const record = (contender: Contender, sink: Sink, m: Measurement) => {
    const key = `${contender}/${sink}`;
    measured.set(key, [...(measured.get(key) ?? []), m]);
  };
  try {
    // Warm the page cache and both paths once, unmeasured.
    await uploadWithCurl(sinks.fake, indexId, file, headerFile, bytes);
    await uploadWithNode('ours', sinks.fake, indexId, file);
    for (let run = 0; run < runs; run++) {
      for (const sink of ['fake', 'bare'] as const) {
        // Alternating, so drift (thermal, other load) hits both contenders alike.
        record('curl', sink, await uploadWithCurl(sinks[sink], indexId, file, headerFile, bytes));
        record('ours', sink, await uploadWithNode('ours', sinks[sink], indexId, file));
        fake.clearRequests();
      }
    }
    for (let run = 0; run < sdkRuns; run++) {
      record('sdk', 'fake', await uploadWithNode('sdk', sinks.fake, indexId, file));
    }
    const uploaded = fake.listVideos(indexId)?.length ?? 0;
    if (uploaded < 2 * runs + sdkRuns + 1) {
      throw new Error(`the fake indexed ${uploaded} videos, expected ${2 * runs + sdkRuns + 1}`);
    }
  } finally {
    await fake.close();
    await bare.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }

  const samples: UploadSample[] = [];
  for (const [key, list] of measured) {
    const [contender, sink] = key.split('/') as [Contender, Sink];
    const ms = median(list.map((m) => m.ms));
    const growth = list.every((m) => m.rssGrowthBytes !== undefined) ? median(list.map((m) => m.rssGrowthBytes ?? 0)) / MiB : undefined;
    samples.push({
      contender,
      sink,
      ms,
      mibPerSecond: bytes / MiB / (ms / 1000),
      peakRssMiB: median(list.map((m) => m.peakRssBytes)) / MiB,
      rssGrowthMiB: growth,
      allRunsMs: list.map((m) => m.ms),
    });
  }
  const find = (contender: Contender, sink: Sink) => samples.find((s) => s.contender === contender && s.sink === sink);
  const ratio = (find('ours', 'fake')?.ms ?? Infinity) / (find('curl', 'fake')?.ms ?? 1);
  const ratioBare = (find('ours', 'bare')?.ms ?? Infinity) / (find('curl', 'bare')?.ms ?? 1);
  const oursRssGrowthMiB = Math.max(
    ...[...(measured.get('ours/fake') ?? []), ...(measured.get('ours/bare') ?? [])].map((m) => (m.rssGrowthBytes ?? Infinity) / MiB),
  );
  return {
    name: 'upload',
    bytes,
    runs,
    samples,
    ratio,
    ratioBare,
    oursRssGrowthMiB,
    targets: { ratio: TARGET_RATIO, rssGrowthMiB: TARGET_RSS_GROWTH_MIB },
    pass: ratio <= TARGET_RATIO && ratioBare <= TARGET_RATIO && oursRssGrowthMiB <= TARGET_RSS_GROWTH_MIB,
  };
}

/** Accepts any POST, counts the body's bytes as they stream past, answers like `POST /tasks`. */
async function startBareSink(): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    let received = 0;
    req.on('data', (chunk: Buffer) => {
      received += chunk.length;
    });
    req.on('end', () => {
      const body = JSON.stringify({ _id: '0123456789abcdef01234567', video_id: 'fedcba9876543210fedcba98', received });
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)) });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1.3`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function exec(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { env, maxBuffer: 16 * MiB }, (error, stdout, stderr) => {
      if (error) {
        reject(new Error(`${path.basename(command)} failed: ${stderr || error.message}`));
        return;
      }
      resolve({ stdout, stderr });
    });
  });
}

/** curl's own `time_total` for the wall time; GNU time's %M (KiB) for the peak RSS. */
async function uploadWithCurl(baseUrl: string, indexId: string, file: string, headerFile: string, bytes: number): Promise<Measurement> {
  const { stdout, stderr } = await exec('/usr/bin/time', [
    '-f',
    'maxrss=%M',
    'curl',
    '-sS',
    '-o',
    '/dev/null',
    '-w',
    '%{http_code} %{time_total} %{size_upload}',
    '-H',
    `@${headerFile}`,
    '-F',
    `index_id=${indexId}`,
    '-F',
    `video_file=@${file};type=video/mp4`,
    `${baseUrl}/tasks`,
  ]);
  const [status, seconds, uploaded] = stdout.trim().split(' ');
  if (status !== '200' || Number(uploaded) < bytes) {
    throw new Error(`curl: HTTP ${status}, ${uploaded} bytes sent`);
  }
  const rss = /maxrss=(\d+)/.exec(stderr);
  return { ms: Number(seconds) * 1000, peakRssBytes: Number(rss?.[1] ?? NaN) * 1024, rssGrowthBytes: undefined };
}

async function uploadWithNode(contender: 'ours' | 'sdk', baseUrl: string, indexId: string, file: string): Promise<Measurement> {
  const child = path.join(__dirname, 'uploadChild.js');
  const { stdout } = await exec(process.execPath, [child, contender, baseUrl, indexId, file], { ...process.env, TWELVELABS_API_KEY: CANARY_KEY });
  const report = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as ChildReport;
  if (!report.taskId || report.taskId.endsWith('?')) {
    throw new Error(`${contender}: no task id (or no progress) reported`);
  }
  return { ms: report.ms, peakRssBytes: report.maxRssBytes, rssGrowthBytes: report.maxRssBytes - report.rssBeforeBytes };
}


const LABELS: Record<Contender, string> = {
  ours: 'ours: createTask (form-data stream)',
  curl: 'curl -F',
  sdk: 'twelvelabs-js tasks.create',
};

export function formatTable(result: UploadBenchResult): string {
  const header = ['contender', 'sink', 'median ms', 'MiB/s', 'peak RSS MiB', 'RSS growth MiB'];
  const order: Contender[] = ['ours', 'curl', 'sdk'];
  const rows = [...result.samples]
    .sort((a, b) => a.sink.localeCompare(b.sink) * -1 || order.indexOf(a.contender) - order.indexOf(b.contender))
    .map((s) => [
      LABELS[s.contender],
      s.sink,
      s.ms.toFixed(0),
      s.mibPerSecond.toFixed(0),
      s.peakRssMiB.toFixed(1),
      s.rssGrowthMiB === undefined ? '-' : s.rssGrowthMiB.toFixed(1),
    ]);
  const all = [header, ...rows];
  const widths = header.map((_, column) => Math.max(...all.map((row) => row[column].length)));
  const line = (row: string[]) => row.map((cell, column) => (column < 2 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ');
  return [
    `Uploading ${(result.bytes / MiB).toFixed(0)} MiB over loopback (median of ${result.runs} runs; the SDK once)`,
    line(header),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...rows.map(line),
    '',
    `ours/curl on the fake: ${result.ratio.toFixed(2)}, on the bare sink: ${result.ratioBare.toFixed(2)} (target ≤ ${result.targets.ratio}); ` +
      `our worst RSS growth: ${result.oursRssGrowthMiB.toFixed(1)} MiB (target ≤ ${result.targets.rssGrowthMiB}) ${result.pass ? 'PASS' : 'FAIL'}`,
  ].join('\n');
}

if (require.main === module) {
  runStandalone(() => runUploadBench({ mib: numberArgument('mib'), runs: numberArgument('runs') }), formatTable);
}
