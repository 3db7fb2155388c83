/**
 * Activation cost: `require` + `activate()` of the production dist/extension.js with no key stored,
 * in fresh processes under a minimal `vscode` stand-in, against an empty module and against a bundle
 * that loads axios + form-data eagerly, measured alternately in the same run. Target: at most 0.3x the
 * eager bundle, with no HTTP module and not the client bundle loaded, even once the window has settled.
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

export const TARGET_RATIO = 0.3;

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
    /** Bundles a first-run window required once SecretStorage answered "no key": none (client.js waits for a request). */
    bundlesLoadedOnceSettled: string[];
  };
  eagerHttpStack: Sample;
  /** extension / eager axios + form-data: the target's ratio. */
  ratio: number;
  /** extension / empty module, for comparison with earlier runs. */
  emptyRatio: number;
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
    const eagerMs = median(samples.eager);
    const ratio = extensionMs / eagerMs;
    const clientLoaded = bundlesLoaded.size > 0;
    const realHost = timeInRealHost();
    return {
      name: 'activation',
      runs,
      empty: { medianMs: emptyMs, allMs: samples.empty },
      extension: { medianMs: extensionMs, allMs: samples.extension, httpLoaded, bundleBytes: fs.statSync(bundle).size, bundlesLoadedOnceSettled: [...bundlesLoaded].sort() },
      eagerHttpStack: { medianMs: eagerMs, allMs: samples.eager },
      ratio,
      emptyRatio: extensionMs / emptyMs,
      realHost,
      target: TARGET_RATIO,
      pass: ratio <= TARGET_RATIO && !httpLoaded && !clientLoaded,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** activate() as timed by the first real-host suite (it writes the figure itself). */
function timeInRealHost(): ActivationBenchResult['realHost'] {
  const run = readRealHostFigures<{ vscodeVersion: string; activateMs: number }>({ grep: 'activates, reports how long', file: ACTIVATION_FILE, what: 'the real-host activation test' });
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
  const eager = result.eagerHttpStack.medianMs;
  const empty = result.empty.medianMs;
  const row = (name: string, ms: number) => `${name.padEnd(40)} ${ms.toFixed(2).padStart(9)}  ${(ms / eager).toFixed(2).padStart(8)}  ${(ms / empty).toFixed(1).padStart(8)}`;
  return [
    `require + activate() in fresh processes, no key stored (median of ${result.runs})`,
    `${'module'.padEnd(40)} ${'median ms'.padStart(9)}  ${'x eager'.padStart(8)}  ${'x empty'.padStart(8)}`,
    row('empty module', empty),
    row(`dist/extension.js (${(result.extension.bundleBytes / 1024).toFixed(1)} KB, production)`, result.extension.medianMs),
    row('eager axios + form-data bundle', eager),
    '',
    'realHost' in result && 'activateMs' in result.realHost
      ? `activate() in the real host (VS Code ${result.realHost.vscodeVersion}): ${result.realHost.activateMs.toFixed(2)} ms`
      : `activate() in the real host: skipped (${'skipped' in result.realHost ? result.realHost.skipped : '?'})`,
    `HTTP stack loaded during activation: ${result.extension.httpLoaded ? 'YES' : 'no'}`,
    `bundles loaded once SecretStorage answered "no key": ${result.extension.bundlesLoadedOnceSettled.join(', ') || 'none'}`,
    `ratio extension/eager: ${result.ratio.toFixed(2)} (target ≤ ${result.target}) ${result.pass ? 'PASS' : 'FAIL'}`,
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
