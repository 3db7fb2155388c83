/**
 * A 1 GiB file through a multipart session to the fake over loopback, side by side with `curl -T`
 * PUTting the same file once to the same storage origin, and with the official SDK's multipart
 * helper (`twelvelabs-js` `multipartUpload.uploadFile`); then a resume after the upload is killed
 * (SIGKILL) at about half.
 *
 *   node out/bench/multipartUpload.js [--mib 1024] [--runs 3]
 *
 * The file holds real pseudo-random bytes (AES-CTR, written once per run and reused by every
 * contender): a sparse file would let the disk cheat. The fake's storage origin runs in this
 * process and hashes every byte (MD5, for its ETags) for every contender alike; each uploader runs
 * in a child process so that its peak RSS is its own.
 *
 * curl needs a signed URL: it gets the one URL of a session whose single chunk is the whole file
 * (the fake's chunk size is a function of the session). Its time is curl's own `time_total` for the
 * PUT; ours is the whole `uploadMultipart` call (session, URLs, every PUT, the reports, the asset's
 * status). Targets: ours ≤ 1.25× curl, RSS growth ≤ 64 MiB, and after the kill the resume sends
 * again at most one chunk per worker.
 */
import { execFile, spawn } from 'node:child_process';
import { createCipheriv, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TwelveLabsClient } from '../src/api/client';
import { DEFAULT_CHUNK_CONCURRENCY, type ResumableUpload } from '../src/api/assetTypes';
import { silentLogger } from '../src/common/logging/logger';
import { CANARY_KEY } from '../test/canary';
import { startFakeServer, type FakeTwelveLabs } from '../test/fake/server';
import type { MultipartChildReport } from './multipartChild';
import { median } from './stats';
import { numberArgument, runStandalone } from './cli';

export const TARGET_RATIO = 1.25;
export const TARGET_RSS_GROWTH_MIB = 64;
/** The fake's default, the vendor's example `chunk_size`. */
const CHUNK_BYTES = 5 * 1024 * 1024;
const MiB = 1024 * 1024;

type Contender = 'ours' | 'curl' | 'sdk';

export interface MultipartSample {
  contender: Contender;
  ms: number;
  mibPerSecond: number;
  peakRssMiB: number | undefined;
  rssGrowthMiB: number | undefined;
  allRunsMs: number[];
}

export interface ResumeFigures {
  /** Bytes the storage had received when the first process died. */
  receivedBeforeKillBytes: number;
  /** Bytes the resumed process sent. */
  resumeSentBytes: number;
  /** Everything received over both processes minus the file's size. */
  sentAgainBytes: number;
  /** The target: one chunk per parallel worker. */
  limitBytes: number;
  /** Chunks the server confirmed before the resume, as the resume's state read said. */
  chunksKnownAtResume: number;
  resumeMs: number;
  storedTwice: number;
  pass: boolean;
}

export interface MultipartBenchResult {
  name: 'multipartUpload';
  bytes: number;
  chunkBytes: number;
  concurrency: number;
  runs: number;
  samples: MultipartSample[];
  /** ours.ms / curl.ms, undefined without curl. */
  ratio: number | undefined;
  curl: string;
  sdk: string;
  oursRssGrowthMiB: number;
  resume: ResumeFigures | undefined;
  /** Requests that reached the storage origin with an x-api-key (must be 0). */
  keyAtStorage: number;
  writeFileMs: number;
  targets: { ratio: number; rssGrowthMiB: number; resentChunksPerWorker: 1 };
  pass: boolean;
}

export interface MultipartBenchOptions {
  mib?: number;
  runs?: number;
}

interface Measurement {
  ms: number;
  peakRssBytes: number | undefined;
  rssGrowthBytes: number | undefined;
}

export async function runMultipartBench(options: MultipartBenchOptions = {}): Promise<MultipartBenchResult> {
  const bytes = (options.mib ?? 1024) * MiB;
  const runs = Math.max(1, options.runs ?? 3);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tl-bench-multipart-'));
  const file = path.join(dir, 'video.mp4');
  const writeStarted = Date.now();
  writePseudoRandom(file, bytes);
  const writeFileMs = Date.now() - writeStarted;

  let wholeFileSessions = false;
  const fake = await startFakeServer({
    validKeys: [CANARY_KEY],
    taskAdvance: 'instant',
    chunkSize: (total) => (wholeFileSessions ? total : CHUNK_BYTES),
  });
  const client = new TwelveLabsClient({ baseUrl: fake.url, keySource: { getKey: () => Promise.resolve(CANARY_KEY) }, logger: silentLogger, userAgent: 'bench' });
  const measured = new Map<Contender, Measurement[]>();
  const record = (contender: Contender, m: Measurement) => measured.set(contender, [...(measured.get(contender) ?? []), m]);
  const curlPath = findCurl();
  const curl = curlPath ? `ran (${curlPath})` : 'curl is not installed here: no ratio measured';
  let sdk = 'ran';
  let resume: ResumeFigures | undefined;
  let keyAtStorage: number;
  try {
    const curlOnce = async (): Promise<Measurement> => {
      wholeFileSessions = true;
      const session = await client.startMultipartUpload({ filename: 'curl.mp4', type: 'video', totalSize: bytes });
      wholeFileSessions = false;
      return uploadWithCurl(curlPath as string, session.upload_urls[0].url, file, bytes);
    };
    // Warm the page cache and both paths once, unmeasured.
    if (curlPath) {
      await curlOnce();
    }
    await uploadWithChild(['ours', fake.url, file, path.join(dir, 'warm.json')]);
    for (let run = 0; run < runs; run++) {
      // Alternating, so drift (thermal, other load) hits both alike.
      if (curlPath) {
        record('curl', await curlOnce());
      }
      const report = await uploadWithChild(['ours', fake.url, file, path.join(dir, `run${run}.json`)]);
      record('ours', fromReport(report));
      fake.clearRequests();
    }
    resume = await resumeAfterKill(fake, file, bytes, path.join(dir, 'killed.json'));
    try {
      record('sdk', fromReport(await uploadWithChild(['sdk', fake.url, file])));
    } catch (error) {
      sdk = `did not run: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
    }
  } finally {
    keyAtStorage = fake.storage.requestsWithApiKey().length;
    await fake.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }

  const samples: MultipartSample[] = [...measured].map(([contender, list]) => {
    const ms = median(list.map((m) => m.ms));
    const growth = list.every((m) => m.rssGrowthBytes !== undefined) ? median(list.map((m) => m.rssGrowthBytes ?? 0)) / MiB : undefined;
    const peak = list.every((m) => m.peakRssBytes !== undefined) ? median(list.map((m) => m.peakRssBytes ?? 0)) / MiB : undefined;
    return { contender, ms, mibPerSecond: bytes / MiB / (ms / 1000), peakRssMiB: peak, rssGrowthMiB: growth, allRunsMs: list.map((m) => m.ms) };
  });
  const find = (contender: Contender) => samples.find((s) => s.contender === contender);
  const ours = find('ours');
  const curlSample = find('curl');
  const ratio = ours && curlSample ? ours.ms / curlSample.ms : undefined;
  const oursRssGrowthMiB = Math.max(...(measured.get('ours') ?? []).map((m) => (m.rssGrowthBytes ?? Infinity) / MiB));
  return {
    name: 'multipartUpload',
    bytes,
    chunkBytes: CHUNK_BYTES,
    concurrency: DEFAULT_CHUNK_CONCURRENCY,
    runs,
    samples,
    ratio,
    curl,
    sdk,
    oursRssGrowthMiB,
    resume,
    keyAtStorage,
    writeFileMs,
    targets: { ratio: TARGET_RATIO, rssGrowthMiB: TARGET_RSS_GROWTH_MIB, resentChunksPerWorker: 1 },
    pass: (ratio === undefined || ratio <= TARGET_RATIO) && oursRssGrowthMiB <= TARGET_RSS_GROWTH_MIB && (resume?.pass ?? false) && keyAtStorage === 0,
  };
}

/** Kills our uploader (SIGKILL, from inside, once half the bytes are out) and resumes from the state it left. */
async function resumeAfterKill(fake: FakeTwelveLabs, file: string, bytes: number, stateFile: string): Promise<ResumeFigures> {
  const before = fake.storage.bytesReceived;
  const killed = await runChild(['ours', fake.url, file, stateFile, '0.5']);
  if (killed.signal !== 'SIGKILL') {
    throw new Error(`the upload to be killed ended otherwise (${killed.code ?? killed.signal ?? '?'}): ${killed.stderr}`);
  }
  // Let the storage read what was already on its way.
  await new Promise((resolve) => setTimeout(resolve, 200));
  const atKill = fake.storage.bytesReceived;
  const state = JSON.parse(fs.readFileSync(stateFile, 'utf8')) as ResumableUpload;
  const report = await uploadWithChild(['resume', fake.url, file, stateFile]);
  const after = fake.storage.bytesReceived;
  const session = fake.multipartSession(state.uploadId);
  if (session?.status !== 'completed') {
    throw new Error(`the resumed upload did not complete (${session?.status ?? 'no session'})`);
  }
  const sentAgainBytes = after - before - bytes;
  const limitBytes = DEFAULT_CHUNK_CONCURRENCY * state.chunkSize;
  return {
    receivedBeforeKillBytes: atKill - before,
    resumeSentBytes: after - atKill,
    sentAgainBytes,
    limitBytes,
    chunksKnownAtResume: state.completedChunks.length + state.unreportedChunks.length,
    resumeMs: report.ms,
    storedTwice: session.chunks.filter((chunk) => chunk.putsStored > 1).length,
    pass: sentAgainBytes <= limitBytes,
  };
}

/** AES-128-CTR over zeros: incompressible, fast, written once (and read from the page cache after). */
function writePseudoRandom(file: string, bytes: number): void {
  const cipher = createCipheriv('aes-128-ctr', randomBytes(16), randomBytes(16));
  const zeros = Buffer.alloc(16 * MiB);
  const fd = fs.openSync(file, 'w');
  try {
    for (let written = 0; written < bytes; ) {
      const n = Math.min(zeros.length, bytes - written);
      fs.writeSync(fd, cipher.update(zeros.subarray(0, n)));
      written += n;
    }
    // Flushed before anything is timed: the disk writing back a fresh gigabyte slowed every contender, unevenly.
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function findCurl(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, 'curl');
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // Not here.
    }
  }
  return undefined;
}

function exec(command: string, args: string[]): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { maxBuffer: 16 * MiB }, (error, stdout, stderr) => {
      if (error) {
        reject(new Error(`${path.basename(command)} failed: ${stderr || error.message}`));
        return;
      }
      resolve({ stdout, stderr });
    });
  });
}

/** curl's own `time_total`; GNU time's %M for the peak RSS when /usr/bin/time exists. */
async function uploadWithCurl(curlPath: string, url: string, file: string, bytes: number): Promise<Measurement> {
  // `Expect:` off: curl would otherwise wait for a 100 Continue before a large body.
  const curlArgs = ['-sS', '-o', '/dev/null', '-w', '%{http_code} %{time_total} %{size_upload}', '-H', 'Expect:', '-T', file, url];
  const timed = fs.existsSync('/usr/bin/time');
  const { stdout, stderr } = timed ? await exec('/usr/bin/time', ['-f', 'maxrss=%M', curlPath, ...curlArgs]) : await exec(curlPath, curlArgs);
  const [status, seconds, uploaded] = stdout.trim().split(' ');
  if (status !== '200' || Number(uploaded) < bytes) {
    throw new Error(`curl: HTTP ${status}, ${uploaded} bytes sent`);
  }
  const rss = /maxrss=(\d+)/.exec(stderr);
  return { ms: Number(seconds) * 1000, peakRssBytes: rss ? Number(rss[1]) * 1024 : undefined, rssGrowthBytes: undefined };
}

interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** The last resumable state the child handed over. */
  state: unknown;
}

/** Runs the child; the states it sends are kept as VS Code keeps globalState (the latest wins), and written to its state file. */
function runChild(args: string[]): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(__dirname, 'multipartChild.js'), ...args], {
      env: { ...process.env, TWELVELABS_API_KEY: CANARY_KEY },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    let stdout = '';
    let stderr = '';
    let state: unknown;
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('message', (message: { state?: unknown }) => (state = message.state ?? state));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const stateFile = args[0] === 'ours' || args[0] === 'resume' ? args[3] : undefined;
      if (stateFile && state !== undefined) {
        fs.writeFileSync(stateFile, JSON.stringify(state));
      }
      resolve({ code, signal, stdout, stderr, state });
    });
  });
}

async function uploadWithChild(args: string[]): Promise<MultipartChildReport> {
  const result = await runChild(args);
  if (result.code !== 0) {
    throw new Error(`${args[0]}: exit ${result.code ?? result.signal ?? '?'}: ${result.stderr.trim() || result.stdout.trim()}`);
  }
  const report = JSON.parse(result.stdout.trim().split('\n').pop() ?? '{}') as MultipartChildReport;
  if (!report.assetId) {
    throw new Error(`${args[0]}: no asset id reported`);
  }
  if (report.contender === 'ours' && report.progressEvents === 0) {
    throw new Error('ours: no progress reported');
  }
  return report;
}

function fromReport(report: MultipartChildReport): Measurement {
  return { ms: report.ms, peakRssBytes: report.maxRssBytes, rssGrowthBytes: report.maxRssBytes - report.rssBeforeBytes };
}

const LABELS: Record<Contender, string> = {
  ours: 'ours: uploadMultipart (4 workers)',
  curl: 'curl -T (one PUT of the file)',
  sdk: 'twelvelabs-js multipartUpload.uploadFile',
};

export function formatTable(result: MultipartBenchResult): string {
  const header = ['contender', 'median ms', 'MiB/s', 'peak RSS MiB', 'RSS growth MiB', 'all runs ms'];
  const order: Contender[] = ['ours', 'curl', 'sdk'];
  const rows = [...result.samples]
    .sort((a, b) => order.indexOf(a.contender) - order.indexOf(b.contender))
    .map((s) => [
      LABELS[s.contender],
      s.ms.toFixed(0),
      s.mibPerSecond.toFixed(0),
      s.peakRssMiB === undefined ? '-' : s.peakRssMiB.toFixed(1),
      s.rssGrowthMiB === undefined ? '-' : s.rssGrowthMiB.toFixed(1),
      s.allRunsMs.map((ms) => ms.toFixed(0)).join(' '),
    ]);
  const all = [header, ...rows];
  const widths = header.map((_, column) => Math.max(...all.map((row) => row[column].length)));
  const line = (row: string[]) => row.map((cell, column) => (column < 1 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ');
  const r = result.resume;
  const mib = (n: number) => (n / MiB).toFixed(1);
  return [
    `Multipart upload of ${(result.bytes / MiB).toFixed(0)} MiB (pseudo-random, written in ${result.writeFileMs} ms) over loopback, ` +
      `${(result.chunkBytes / MiB).toFixed(0)} MiB chunks (median of ${result.runs} runs; the SDK once)`,
    line(header),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...rows.map(line),
    '',
    `curl: ${result.curl}. SDK: ${result.sdk}.`,
    r
      ? `Resume after SIGKILL at about half: ${mib(r.receivedBeforeKillBytes)} MiB in before the kill, ${r.chunksKnownAtResume} chunks known, ` +
        `${mib(r.resumeSentBytes)} MiB sent by the resume in ${r.resumeMs.toFixed(0)} ms; sent again ${mib(r.sentAgainBytes)} MiB ` +
        `(limit ${mib(r.limitBytes)} MiB = one chunk per worker), chunks stored twice: ${r.storedTwice}`
      : 'Resume: not measured',
    `Requests with x-api-key at the storage origin: ${result.keyAtStorage}`,
    `ours/curl: ${result.ratio === undefined ? 'n/a' : result.ratio.toFixed(2)} (target ≤ ${result.targets.ratio}); ` +
      `our worst RSS growth: ${result.oursRssGrowthMiB.toFixed(1)} MiB (target ≤ ${result.targets.rssGrowthMiB}) ${result.pass ? 'PASS' : 'FAIL'}`,
  ].join('\n');
}

if (require.main === module) {
  runStandalone(() => runMultipartBench({ mib: numberArgument('mib'), runs: numberArgument('runs') }), formatTable);
}
