import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';

export const repoRoot = path.join(__dirname, '..', '..', '..');

export interface ProductionBuild {
  /** Holds extension.js and client.js, as `vsce package` builds them. */
  dir: string;
  /** The source files each bundle was built from, relative to the repository. */
  inputs: Record<string, string[]>;
}

const builds = new Map<string, Promise<ProductionBuild>>();

/**
 * The shipped bundles, built afresh by the project's own build script into a scratch folder: tests
 * read what they build, never whatever dist/ happens to hold (a test build, or nothing on a fresh clone).
 */
export function productionBuild(): Promise<ProductionBuild> {
  return bundlesBuiltWith('--production');
}

/** The test build (`node esbuild.js --test`), likewise. */
export function testBuild(): Promise<ProductionBuild> {
  return bundlesBuiltWith('--test');
}

function bundlesBuiltWith(flag: string): Promise<ProductionBuild> {
  let build = builds.get(flag);
  build ??= (async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tlvs-bundles-'));
    const metafile = path.join(dir, 'meta.json');
    await promisify(execFile)(process.execPath, ['esbuild.js', flag, `--outdir=${dir}`, `--metafile=${metafile}`], { cwd: repoRoot });
    for (const map of fs.readdirSync(dir).filter((name) => name.endsWith('.map'))) {
      fs.rmSync(path.join(dir, map));
    }
    const meta = JSON.parse(fs.readFileSync(metafile, 'utf8')) as { outputs: Record<string, { inputs: Record<string, unknown> }> };
    fs.rmSync(metafile);
    const inputs = Object.fromEntries(Object.entries(meta.outputs).map(([output, { inputs: used }]) => [path.basename(output), Object.keys(used)]));
    return { dir, inputs };
  })();
  builds.set(flag, build);
  return build;
}
