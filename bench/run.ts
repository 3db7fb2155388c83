/**
 * `npm run bench`: every benchmark in one go, one table each, and bench/results.json with all figures.
 * Benchmarks report against their targets; they never fail `npm test` (our machines are noisy).
 *
 *   node out/bench/run.js [--runs N] [--only NAME]
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatActivationTable, runActivationBench } from './activation';
import { formatTable as formatAnalyzeStream, runAnalyzeStreamBench } from './analyzeStream';
import { formatTable as formatAgentTools, runAgentToolsBench } from './agentTools';
import { formatTable as formatBundle, runBundleBench } from './bundle';
import { formatTable as formatFirstPaint, runFirstPaintBench } from './firstPaint';
import { formatTable as formatIdle, runIdleBench } from './idle';
import { formatTable as formatEnumeration, runIndexEnumerationBench } from './indexEnumeration';
import { formatTable as formatKeyScan, runKeyScanBench } from './keyScan';
import { formatTable as formatMultipart, runMultipartBench } from './multipartUpload';
import { formatTable as formatSearchPaint, runSearchPaintBench } from './searchPaint';
import { formatTable as formatUpload, runUploadBench } from './upload';

interface Benchmark {
  name: string;
  run(runs: number): Promise<{ result: { pass: boolean }; table: string }>;
}

const benchmarks: Benchmark[] = [
  {
    name: 'activation',
    async run(runs) {
      // Sub-millisecond figures: more samples than the slower benchmarks need.
      const result = await runActivationBench({ runs: Math.max(runs, 21) });
      return { result, table: formatActivationTable(result) };
    },
  },
  {
    name: 'bundle',
    run() {
      const result = runBundleBench();
      return Promise.resolve({ result, table: formatBundle(result) });
    },
  },
  {
    name: 'indexEnumeration',
    async run(runs) {
      const result = await runIndexEnumerationBench({ runs });
      return { result, table: formatEnumeration(result) };
    },
  },
  {
    name: 'keyScan',
    async run(runs) {
      const result = await runKeyScanBench({ runs });
      return { result, table: formatKeyScan(result) };
    },
  },
  {
    name: 'upload',
    async run(runs) {
      const result = await runUploadBench({ runs });
      return { result, table: formatUpload(result) };
    },
  },
  {
    name: 'multipartUpload',
    async run(runs) {
      // A gigabyte per upload: three alternating pairs keep this benchmark near a minute.
      const result = await runMultipartBench({ runs: Math.min(runs, 3) });
      return { result, table: formatMultipart(result) };
    },
  },
  {
    name: 'firstPaint',
    // One real-host run with three open cycles inside: a host start costs far more than the figure.
    run() {
      const result = runFirstPaintBench();
      return Promise.resolve({ result, table: formatFirstPaint(result) });
    },
  },
  {
    name: 'searchPaint',
    // One real-host run: five timed searches and twenty pages inside it.
    run() {
      const result = runSearchPaintBench();
      return Promise.resolve({ result, table: formatSearchPaint(result) });
    },
  },
  {
    name: 'analyzeStream',
    // One real-host run: 2,000 chunks measured inside it.
    run() {
      const result = runAnalyzeStreamBench();
      return Promise.resolve({ result, table: formatAnalyzeStream(result) });
    },
  },
  {
    name: 'agentTools',
    // One real-host run: twenty timed invokeTool calls inside it.
    run() {
      const result = runAgentToolsBench();
      return Promise.resolve({ result, table: formatAgentTools(result) });
    },
  },
  {
    name: 'idle',
    // Deterministic under the virtual clock: one run is the figure.
    run() {
      const result = runIdleBench();
      return Promise.resolve({ result, table: formatIdle(result) });
    },
  },
];

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const option = (name: string) => {
    const index = argv.indexOf(`--${name}`);
    return index >= 0 ? argv[index + 1] : undefined;
  };
  const runs = Number(option('runs') ?? 5);
  const only = option('only');
  const results: Record<string, unknown> = {};
  const verdicts: string[] = [];
  for (const benchmark of benchmarks.filter((b) => !only || b.name === only)) {
    console.log(`\n== ${benchmark.name}`);
    const { result, table } = await benchmark.run(runs);
    console.log(table);
    results[benchmark.name] = result;
    // A figure this machine cannot take (no VS Code host installed) is neither met nor missed.
    const skipped = (result as { skipped?: string }).skipped;
    verdicts.push(`${benchmark.name}: ${skipped ? `skipped: ${skipped}` : result.pass ? 'meets its target' : 'MISSES its target'}`);
  }
  const file = path.join(__dirname, '..', '..', 'bench', 'results.json');
  // With --only, the other benchmarks' last figures stay: one re-run must not erase the rest.
  const previous = only && fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as { results?: Record<string, unknown> }).results : undefined;
  const merged = { ...previous, ...results };
  fs.writeFileSync(file, `${JSON.stringify({ measuredAt: new Date().toISOString(), node: process.version, results: merged }, null, 2)}\n`);
  console.log(`\n${verdicts.join('\n')}\nFigures written to ${path.relative(process.cwd(), file)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
