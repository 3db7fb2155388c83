/**
 * Activation cost: `require` + `activate()` of the production shell (dist/extension.js) with no key
 * stored, in fresh processes under a minimal `vscode` stand-in, against an empty module and against a
 * bundle that loads axios + form-data eagerly, measured alternately in the same run. Target: at most 3x
 * the empty module, no HTTP module loaded, and the features not loaded once the window has settled.
 *
 *   node out/bench/activation.js [--runs N]
 */
import * as childProcess from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ACTIVATION_FILE } from '../test/host/perfFiles';
import { readRealHostFigures } from './realHostFigures';
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
  extension: Sample & {
    httpLoaded: boolean;
    bundleBytes: number;
    /** What a first-run window required after SecretStorage answered "no key": ./idle.js, and nothing heavier. */
    bundlesLoadedOnceSettled: string[];
  };
  eagerHttpStack: Sample;
  /** extension / empty */
  ratio: number;
  eagerRatio: number;
  /** activate() timed inside VS Code 1.100.3 (code-server), as its first suite starts; undefined without the host. */
  realHost: { vscodeVersion: string; activateMs: number } | { skipped: string };
  target: number;
  pass: boolean;
}

const repo = path.join(__dirname, '..', '..');

export async function runActivationBench(options: { runs?: number } = {}): Promise<ActivationBenchResult> {
  const runs = Math.max(3, options.runs ?? 15);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tl-activation-'));
  try {
    const outdir = path.join(dir, 'dist');
    childProcess.execFileSync(process.execPath, ['esbuild.js', '--production', `--outdir=${outdir}`], { cwd: repo, stdio: 'inherit' });
    const bundle = path.join(outdir, 'extension.js');
    const empty = path.join(dir, 'empty.js');
    fs.writeFileSync(empty, 'exports.activate = function () {};\n');
    const eager = path.join(dir, 'eager.js');
    await buildEagerHttpStack(eager);

    const samples: Record<'empty' | 'extension' | 'eager', number[]> = { empty: [], extension: [], eager: [] };
    let httpLoaded = false;
    const bundlesLoaded = new Set<string>();
    // Alternating, so that load on a shared machine hits all three alike.
    for (let i = 0; i < runs; i++) {
      samples.empty.push(probe(empty).ms);
      const measured = probe(bundle);
      samples.extension.push(measured.ms);
      httpLoaded ||= measured.httpLoaded;
      measured.bundlesLoadedOnceSettled.forEach((name) => bundlesLoaded.add(name));
      if (measured.bundlesLoadedDuringActivation.length > 0) {
        throw new Error(`activation itself required ${measured.bundlesLoadedDuringActivation.join(', ')}`);
      }
      samples.eager.push(probe(eager).ms);
    }
    const emptyMs = median(samples.empty);
    const extensionMs = median(samples.extension);
    const ratio = extensionMs / emptyMs;
    const featuresLoaded = bundlesLoaded.has('./features.js') || bundlesLoaded.has('./client.js');
    const realHost = timeInRealHost();
    return {
      name: 'activation',
      runs,
      empty: { medianMs: emptyMs, allMs: samples.empty },
      extension: { medianMs: extensionMs, allMs: samples.extension, httpLoaded, bundleBytes: fs.statSync(bundle).size, bundlesLoadedOnceSettled: [...bundlesLoaded].sort() },
      eagerHttpStack: { medianMs: median(samples.eager), allMs: samples.eager },
      ratio,
      eagerRatio: median(samples.eager) / emptyMs,
      realHost,
      target: TARGET_RATIO,
      pass: ratio <= TARGET_RATIO && !httpLoaded && !featuresLoaded,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** activate() as timed by the first real-host suite (it writes the figure itself). */
function timeInRealHost(): ActivationBenchResult['realHost'] {
  const run = readRealHostFigures<{ vscodeVersion: string; activateMs: number }>({ grep: 'activates as a shell', file: ACTIVATION_FILE, what: 'the real-host activation test' });
  return run.skipped !== undefined ? { skipped: run.skipped } : run.figures;
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

interface ProbeOutput {
  ms: number;
  httpLoaded: boolean;
  bundlesLoadedDuringActivation: string[];
  bundlesLoadedOnceSettled: string[];
}

function probe(module: string): ProbeOutput {
  const output = childProcess.execFileSync(process.execPath, [path.join(__dirname, 'activationProbe.js'), module], { encoding: 'utf8' });
  return JSON.parse(output) as ProbeOutput;
}

export function formatActivationTable(result: ActivationBenchResult): string {
  const row = (name: string, ms: number, ratio: string) => `${name.padEnd(36)} ${ms.toFixed(2).padStart(9)}  ${ratio.padStart(8)}`;
  return [
    `require + activate() in fresh processes, no key stored (median of ${result.runs})`,
    `${'module'.padEnd(36)} ${'median ms'.padStart(9)}  ${'x empty'.padStart(8)}`,
    row('empty module', result.empty.medianMs, '1.0'),
    row(`dist/extension.js (${(result.extension.bundleBytes / 1024).toFixed(1)} KB, production)`, result.extension.medianMs, result.ratio.toFixed(1)),
    row('eager axios + form-data bundle', result.eagerHttpStack.medianMs, result.eagerRatio.toFixed(1)),
    '',
    'realHost' in result && 'activateMs' in result.realHost
      ? `activate() in the real host (VS Code ${result.realHost.vscodeVersion}): ${result.realHost.activateMs.toFixed(2)} ms`
      : `activate() in the real host: skipped (${'skipped' in result.realHost ? result.realHost.skipped : '?'})`,
    `HTTP stack loaded during activation: ${result.extension.httpLoaded ? 'YES' : 'no'}`,
    `loaded once SecretStorage answered "no key": ${result.extension.bundlesLoadedOnceSettled.join(', ') || 'nothing'}`,
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
