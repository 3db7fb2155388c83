/**
 * Activation cost: `require` + `activate()` of the production bundle with no key stored, in fresh
 * processes, against an empty module and against a bundle that loads axios + form-data eagerly,
 * measured alternately in the same run. Target: at most 3x the empty module, and no HTTP module loaded.
 *
 *   node out/bench/activation.js [--runs N]
 */
import * as childProcess from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { median } from './stats';

export const TARGET_RATIO = 3;

interface Sample {
  medianMs: number;
  allMs: number[];
}

export interface ActivationBenchResult {
  name: 'activation';
  runs: number;
  empty: Sample;
  extension: Sample & { httpLoaded: boolean; bundleBytes: number };
  eagerHttpStack: Sample;
  /** extension / empty */
  ratio: number;
  eagerRatio: number;
  target: number;
  pass: boolean;
}

const repo = path.join(__dirname, '..', '..');

export async function runActivationBench(options: { runs?: number } = {}): Promise<ActivationBenchResult> {
  const runs = Math.max(3, options.runs ?? 15);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tl-activation-'));
  try {
    const bundle = path.join(dir, 'extension.js');
    childProcess.execFileSync(process.execPath, ['esbuild.js', '--production', `--outfile=${bundle}`], { cwd: repo, stdio: 'inherit' });
    const empty = path.join(dir, 'empty.js');
    fs.writeFileSync(empty, 'exports.activate = function () {};\n');
    const eager = path.join(dir, 'eager.js');
    await buildEagerHttpStack(eager);

    const samples: Record<'empty' | 'extension' | 'eager', number[]> = { empty: [], extension: [], eager: [] };
    let httpLoaded = false;
    // Alternating, so that load on a shared machine hits all three alike.
    for (let i = 0; i < runs; i++) {
      samples.empty.push(probe(empty).ms);
      const measured = probe(bundle);
      samples.extension.push(measured.ms);
      httpLoaded ||= measured.httpLoaded;
      samples.eager.push(probe(eager).ms);
    }
    const emptyMs = median(samples.empty);
    const extensionMs = median(samples.extension);
    const ratio = extensionMs / emptyMs;
    return {
      name: 'activation',
      runs,
      empty: { medianMs: emptyMs, allMs: samples.empty },
      extension: { medianMs: extensionMs, allMs: samples.extension, httpLoaded, bundleBytes: fs.statSync(bundle).size },
      eagerHttpStack: { medianMs: median(samples.eager), allMs: samples.eager },
      ratio,
      eagerRatio: median(samples.eager) / emptyMs,
      target: TARGET_RATIO,
      pass: ratio <= TARGET_RATIO && !httpLoaded,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The yardstick from the issue: a bundle that does nothing but load axios and form-data. */
async function buildEagerHttpStack(outfile: string): Promise<void> {
  const esbuild = await import('esbuild');
  await esbuild.build({
    stdin: { contents: "import 'axios'; import 'form-data'; export function activate() {}", resolveDir: repo, loader: 'ts' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    minify: true,
    outfile,
    logLevel: 'silent',
  });
}

function probe(module: string): { ms: number; httpLoaded: boolean } {
  const output = childProcess.execFileSync(process.execPath, [path.join(__dirname, 'activationProbe.js'), module], { encoding: 'utf8' });
  return JSON.parse(output) as { ms: number; httpLoaded: boolean };
}


export function formatActivationTable(result: ActivationBenchResult): string {
  const row = (name: string, ms: number, ratio: string) => `${name.padEnd(36)} ${ms.toFixed(2).padStart(9)}  ${ratio.padStart(8)}`;
  return [
    `require + activate() in fresh processes, no key stored (median of ${result.runs})`,
    `${'module'.padEnd(36)} ${'median ms'.padStart(9)}  ${'x empty'.padStart(8)}`,
    row('empty module', result.empty.medianMs, '1.0'),
    row(`dist/extension.js (${(result.extension.bundleBytes / 1024).toFixed(0)} KB, production)`, result.extension.medianMs, result.ratio.toFixed(1)),
    row('eager axios + form-data bundle', result.eagerHttpStack.medianMs, result.eagerRatio.toFixed(1)),
    '',
    `HTTP stack loaded during activation: ${result.extension.httpLoaded ? 'YES' : 'no'}`,
    `ratio extension/empty: ${result.ratio.toFixed(1)} (target ≤ ${result.target}) ${result.pass ? 'PASS' : 'FAIL'}`,
  ].join('\n');
}

if (require.main === module) {
  const runsFlag = process.argv.indexOf('--runs');
  runActivationBench({ runs: runsFlag >= 0 ? Number(process.argv[runsFlag + 1]) : undefined }).then(
    (result) => console.log(formatActivationTable(result)),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
