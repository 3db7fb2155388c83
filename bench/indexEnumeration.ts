/**
 * Enumerating every index: our `listAllIndexes` (page 1, then the rest in parallel) against the
 * official `twelvelabs-js` SDK's `indexes.list()` iteration (one page at a time, until an empty page),
 * both against the fake server with a fixed latency per request.
 *
 *   node out/bench/indexEnumeration.js [--indexes 5000] [--latency 20] [--runs 3]
 *
 * Exports `runIndexEnumerationBench` so `npm run bench` can aggregate it. Target: ours ≤ 0.2× the SDK.
 */
import { TwelveLabsClient } from '../src/api/client';
import { silentLogger } from '../src/common/logging/logger';
import { CANARY_KEY } from '../test/canary';
import { startFakeServer, type FakeTwelveLabs } from '../test/fake/server';

export interface EnumerationSample {
  /** Median wall time of the measured runs. */
  ms: number;
  /** Requests the fake saw in one run. */
  requests: number;
  /** Indexes returned. */
  items: number;
  allRunsMs: number[];
}

export interface EnumerationBenchResult {
  name: 'indexEnumeration';
  indexes: number;
  latencyMs: number;
  runs: number;
  ours: EnumerationSample;
  sdk: EnumerationSample;
  /** ours.ms / sdk.ms */
  ratio: number;
  target: number;
  pass: boolean;
}

export interface EnumerationBenchOptions {
  indexes?: number;
  latencyMs?: number;
  /** Measured runs per contender, after one warm-up each. */
  runs?: number;
}

export const TARGET_RATIO = 0.2;

export async function runIndexEnumerationBench(options: EnumerationBenchOptions = {}): Promise<EnumerationBenchResult> {
  const indexes = options.indexes ?? 5000;
  const latencyMs = options.latencyMs ?? 20;
  const runs = Math.max(1, options.runs ?? 3);
  const fake = await startFakeServer({ validKeys: [CANARY_KEY], seedIndexes: indexes, latencyMs });
  try {
    const ours = new TwelveLabsClient({
      baseUrl: fake.url,
      keySource: { getKey: () => Promise.resolve(CANARY_KEY) },
      logger: silentLogger,
      userAgent: 'twelvelabs-vscode-bench',
    });
    const sdk = await createSdkClient(fake.url);
    const oursSample = await measure(fake, runs, async () => (await ours.listAllIndexes()).length);
    const sdkSample = await measure(fake, runs, async () => {
      let count = 0;
      // The SDK's own pagination: it fetches page after page until one comes back empty.
      for await (const _index of await sdk.indexes.list({ pageLimit: 50 })) {
        count++;
      }
      return count;
    });
    for (const [label, sample] of [
      ['ours', oursSample],
      ['sdk', sdkSample],
    ] as const) {
      if (sample.items !== indexes) {
        throw new Error(`${label} enumerated ${sample.items} indexes, expected ${indexes}`);
      }
    }
    const ratio = oursSample.ms / sdkSample.ms;
    return {
      name: 'indexEnumeration',
      indexes,
      latencyMs,
      runs,
      ours: oursSample,
      sdk: sdkSample,
      ratio,
      target: TARGET_RATIO,
      pass: ratio <= TARGET_RATIO,
    };
  } finally {
    await fake.close();
  }
}

/** The SDK's wrapper reads its base URL from TWELVELABS_BASE_URL when constructed. */
async function createSdkClient(baseUrl: string) {
  const previous = process.env.TWELVELABS_BASE_URL;
  process.env.TWELVELABS_BASE_URL = baseUrl;
  try {
    const { TwelveLabs } = await import('twelvelabs-js');
    return new TwelveLabs({ apiKey: CANARY_KEY });
  } finally {
    if (previous === undefined) {
      delete process.env.TWELVELABS_BASE_URL;
    } else {
      process.env.TWELVELABS_BASE_URL = previous;
    }
  }
}

async function measure(fake: FakeTwelveLabs, runs: number, enumerate: () => Promise<number>): Promise<EnumerationSample> {
  await enumerate(); // warm-up: connections, JIT
  const times: number[] = [];
  let requests = 0;
  let items = 0;
  for (let run = 0; run < runs; run++) {
    fake.clearRequests();
    const started = process.hrtime.bigint();
    items = await enumerate();
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
    requests = fake.requests.length;
  }
  const sorted = [...times].sort((a, b) => a - b);
  return { ms: sorted[Math.floor(sorted.length / 2)], requests, items, allRunsMs: times };
}

export function formatTable(result: EnumerationBenchResult): string {
  const rows = [
    ['contender', 'median ms', 'requests', 'indexes'],
    ['ours: listAllIndexes', result.ours.ms.toFixed(0), String(result.ours.requests), String(result.ours.items)],
    ['twelvelabs-js indexes.list()', result.sdk.ms.toFixed(0), String(result.sdk.requests), String(result.sdk.items)],
  ];
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  const line = (row: string[]) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ');
  return [
    `Enumerating ${result.indexes} indexes at ${result.latencyMs} ms latency (median of ${result.runs} runs)`,
    line(rows[0]),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...rows.slice(1).map(line),
    '',
    `ratio ours/sdk: ${result.ratio.toFixed(3)} (target ≤ ${result.target}) ${result.pass ? 'PASS' : 'FAIL'}`,
  ].join('\n');
}

function argument(name: string): number | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : undefined;
}

if (require.main === module) {
  runIndexEnumerationBench({ indexes: argument('indexes'), latencyMs: argument('latency'), runs: argument('runs') })
    .then((result) => {
      console.log(formatTable(result));
      if (process.argv.includes('--json')) {
        console.log(JSON.stringify(result));
      }
      process.exitCode = result.pass ? 0 : 1;
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 2;
    });
}
