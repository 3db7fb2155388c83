/**
 * Scanning a 5 MB document for hard-coded keys, as the open-document scanner does it: `scanInChunks`
 * with a `setImmediate` turn between chunks. What matters for typing is the longest stretch the scan
 * holds the extension host without yielding; the total time is reported alongside, and one
 * unchunked `findKeys` pass over the same text shows what chunking costs.
 *
 *   node out/bench/keyScan.js [--mb 5] [--runs 5]
 *
 * Target: no synchronous stretch over 8 ms (half a 60 Hz frame).
 */
import { DEFAULT_CHUNK_SIZE, findKeys, scanInChunks, stringSource } from '../src/keyHygiene/detector';
import { CANARY_KEY } from '../test/canary';
import { median } from './stats';
import { numberArgument, runStandalone } from './cli';

export interface KeyScanBenchResult {
  name: 'keyScan';
  megabytes: number;
  runs: number;
  chunkSize: number;
  chunks: number;
  findings: number;
  /** Median wall time of a whole chunked scan, yields included. */
  totalMs: number;
  /** The longest synchronous stretch seen over all runs. */
  longestSliceMs: number;
  /** Median of one `findKeys` pass over the whole text, for comparison. */
  singlePassMs: number;
  target: number;
  pass: boolean;
}

export const TARGET_LONGEST_SLICE_MS = 8;

/** Source-like text: code lines, a few key-shaped strings and the "stored" key, spread out. */
export function makeDocument(bytes: number): string {
  const lines = [
    'export async function searchVideos(client: Client, query: string): Promise<Result[]> {',
    '  const response = await client.search.query({ indexId, queryText: query, searchOptions: ["visual"] });',
    '  return response.data.map((item) => ({ id: item.videoId, start: item.start, end: item.end }));',
    '}',
    '// tlk_…a1b2 is how the status bar shows a key; tlk_short is not one either',
  ];
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const line = i % 5000 === 2500 ? `const leaked = "${CANARY_KEY}";` : i % 7000 === 100 ? `const other = "tlk_BENCHfakeSHAPEDkey${String(i).padStart(8, '0')}x";` : lines[i % lines.length];
    parts.push(line);
    size += line.length + 1;
  }
  return parts.join('\n').slice(0, bytes);
}

export async function runKeyScanBench(options: { megabytes?: number; runs?: number } = {}): Promise<KeyScanBenchResult> {
  const megabytes = options.megabytes ?? 5;
  const runs = Math.max(1, options.runs ?? 5);
  const text = makeDocument(megabytes * 1024 * 1024);
  const totals: number[] = [];
  const singles: number[] = [];
  let longest = 0;
  let chunks = 0;
  let findings = 0;
  for (let run = 0; run <= runs; run++) {
    let sliceStart = performance.now();
    let runLongest = 0;
    const started = performance.now();
    const result = await scanInChunks(stringSource(text), [CANARY_KEY], {
      maxFindings: Number.MAX_SAFE_INTEGER,
      yieldToEventLoop: () => {
        runLongest = Math.max(runLongest, performance.now() - sliceStart);
        return new Promise<void>((resolve) =>
          setImmediate(() => {
            sliceStart = performance.now();
            resolve();
          }),
        );
      },
    });
    runLongest = Math.max(runLongest, performance.now() - sliceStart);
    const total = performance.now() - started;
    const singleStarted = performance.now();
    const single = findKeys(text, [CANARY_KEY]);
    const singleMs = performance.now() - singleStarted;
    if (single.length !== result.findings.length) {
      throw new Error(`chunked and single-pass scans disagree: ${result.findings.length} vs ${single.length}`);
    }
    // Run 0 warms up the JIT and is not counted.
    if (run > 0) {
      totals.push(total);
      singles.push(singleMs);
      longest = Math.max(longest, runLongest);
    }
    chunks = result.chunks;
    findings = result.findings.length;
  }
  return {
    name: 'keyScan',
    megabytes,
    runs,
    chunkSize: DEFAULT_CHUNK_SIZE,
    chunks,
    findings,
    totalMs: median(totals),
    longestSliceMs: longest,
    singlePassMs: median(singles),
    target: TARGET_LONGEST_SLICE_MS,
    pass: longest <= TARGET_LONGEST_SLICE_MS,
  };
}


export function formatTable(result: KeyScanBenchResult): string {
  return [
    `Scanning a ${result.megabytes} MB document for keys (${result.chunks} chunks of ${result.chunkSize / 1024} KB, median of ${result.runs} runs, ${result.findings} findings)`,
    `chunked scan, total (yields included)   ${result.totalMs.toFixed(1).padStart(7)} ms`,
    `longest synchronous stretch             ${result.longestSliceMs.toFixed(2).padStart(7)} ms`,
    `one unchunked pass, for comparison      ${result.singlePassMs.toFixed(1).padStart(7)} ms`,
    '',
    `longest stretch ≤ ${result.target} ms: ${result.pass ? 'PASS' : 'FAIL'}`,
  ].join('\n');
}

if (require.main === module) {
  runStandalone(() => runKeyScanBench({ megabytes: numberArgument('mb'), runs: numberArgument('runs') }), formatTable);
}
