/**
 * Analyze Video's streaming writer: 1 MB of text in 2,000 chunks into the result document, measured
 * in the real host (code-server) by the `Analyze stream benchmark (real host)` test. Targets: every
 * chunk in the document within 50 ms of its arrival (p95), and the whole run within 1.1× the
 * stream's own duration (no edit costs more as the document grows). Memory is reported, not judged.
 *
 *   node out/bench/analyzeStream.js
 */
import { ANALYZE_STREAM_FILE, type AnalyzeStreamFigures } from '../test/host/perfFiles';
import { FIGURES_HOST, readRealHostFigures } from './realHostFigures';

export const P95_TARGET_MS = 50;
export const RATIO_TARGET = 1.1;

export type AnalyzeStreamBenchResult =
  | { name: 'analyzeStream'; host: string; skipped: string; pass: boolean }
  | ({ name: 'analyzeStream'; host: string; skipped?: undefined; p95TargetMs: number; ratioTarget: number; pass: boolean } & AnalyzeStreamFigures);

export function runAnalyzeStreamBench(): AnalyzeStreamBenchResult {
  const run = readRealHostFigures<AnalyzeStreamFigures>({ grep: 'Analyze stream benchmark', file: ANALYZE_STREAM_FILE, what: 'the Analyze stream benchmark', timeoutSeconds: 600 });
  if (run.skipped !== undefined) {
    return { name: 'analyzeStream', host: FIGURES_HOST, skipped: run.skipped, pass: true };
  }
  const { figures } = run;
  const pass = run.exitStatus === 0 && figures.latencyP95Ms <= P95_TARGET_MS && figures.ratio <= RATIO_TARGET;
  return { name: 'analyzeStream', host: FIGURES_HOST, p95TargetMs: P95_TARGET_MS, ratioTarget: RATIO_TARGET, ...figures, pass };
}

export function formatTable(result: AnalyzeStreamBenchResult): string {
  if (result.skipped !== undefined) {
    return `analyze stream: skipped: ${result.skipped} (code-server ${result.host}; scripts/install-vscode-host.sh ${result.host})`;
  }
  const mark = (ok: boolean) => (ok ? 'PASS' : 'FAIL');
  return [
    `${(result.bytes / 1e6).toFixed(1)} MB in ${result.chunks} chunks (${result.delayMs} ms apart) into the result document, VS Code ${result.vscodeVersion} (real host)`,
    `edits made: ${result.edits}`,
    `chunk arrival → in the document: p50 ${result.latencyP50Ms.toFixed(1)} ms, p95 ${result.latencyP95Ms.toFixed(1)} ms (target ≤ ${result.p95TargetMs}) ${mark(result.latencyP95Ms <= result.p95TargetMs)}, max ${result.latencyMaxMs.toFixed(1)} ms`,
    `VS Code's own floor (the same chunks appended by a bare loop, no extension code): p50 ${result.floor.latencyP50Ms.toFixed(1)} ms, p95 ${result.floor.latencyP95Ms.toFixed(1)} ms, ${result.floor.edits} edits`,
    `stream ${result.streamMs.toFixed(0)} ms, run ${result.runMs.toFixed(0)} ms: ${result.ratio.toFixed(3)}× (target ≤ ${result.ratioTarget}×) ${mark(result.ratio <= result.ratioTarget)}`,
    `extension host memory: rss +${result.rssDeltaMb.toFixed(1)} MB, heap +${result.heapDeltaMb.toFixed(1)} MB (peak ${result.heapPeakMb.toFixed(1)} MB)`,
  ].join('\n');
}

if (require.main === module) {
  try {
    console.log(formatTable(runAnalyzeStreamBench()));
  } catch (error) {
    console.error(error);
    process.exit(1);
  }
}
