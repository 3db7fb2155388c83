/**
 * Tree first paint: from opening the Indexes view to its first page, with 5,000 indexes on the fake
 * at 20 ms latency, measured in the real host (VS Code 1.100.3 in code-server) by the
 * `performance (real host)` test. Target: exactly one request before the first page. Time is reported,
 * not judged. One harness run (a host start costs far more than the figure), three open cycles inside.
 *
 *   node out/bench/firstPaint.js
 */
import { FIRST_PAINT_FILE } from '../test/host/perfFiles';
import { FIGURES_HOST, readRealHostFigures } from './realHostFigures';

export const HOST = FIGURES_HOST;

interface Figures {
  indexes: number;
  latencyMs: number;
  vscodeVersion: string;
  firstMs: number;
  ms: number;
  requests: number;
  cycles: { ms: number; requests: number; paths: string[]; rootNodes: number }[];
}

export type FirstPaintBenchResult =
  | { name: 'firstPaint'; host: string; skipped: string; pass: boolean }
  | ({ name: 'firstPaint'; host: string; skipped?: undefined; target: 1; pass: boolean } & Figures);

export function runFirstPaintBench(): FirstPaintBenchResult {
  const run = readRealHostFigures<Figures>({ grep: 'performance', file: FIRST_PAINT_FILE, what: 'the first-paint test', timeoutSeconds: 600 });
  if (run.skipped !== undefined) {
    return { name: 'firstPaint', host: HOST, skipped: run.skipped, pass: true };
  }
  const { figures } = run;
  return { name: 'firstPaint', host: HOST, target: 1, ...figures, pass: run.exitStatus === 0 && figures.requests === 1 };
}

export function formatTable(result: FirstPaintBenchResult): string {
  if (result.skipped !== undefined) {
    return `tree first paint: skipped: ${result.skipped} (code-server ${result.host}; scripts/install-vscode-host.sh ${result.host})`;
  }
  return [
    `Indexes view opened → first page, ${result.indexes} indexes at ${result.latencyMs} ms latency, VS Code ${result.vscodeVersion} (real host)`,
    `${'cycle'.padEnd(28)} ${'ms'.padStart(8)} ${'requests'.padStart(9)}`,
    ...result.cycles.map((c, i) => `${(i === 0 ? '1 (first after activation)' : String(i + 1)).padEnd(28)} ${c.ms.toFixed(1).padStart(8)} ${String(c.requests).padStart(9)}`),
    '',
    `first paint after activation: ${result.firstMs.toFixed(1)} ms; median of ${result.cycles.length} cycles: ${result.ms.toFixed(1)} ms`,
    `requests before first paint: ${result.requests} (target exactly ${result.target}) ${result.pass ? 'PASS' : 'FAIL'}`,
  ].join('\n');
}

if (require.main === module) {
  try {
    console.log(formatTable(runFirstPaintBench()));
  } catch (error) {
    console.error(error);
    process.exit(1);
  }
}
