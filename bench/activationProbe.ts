/**
 * One measurement in a fresh process: `require` of a module plus its `activate()` with a first-run
 * context (no key stored), under the minimal `vscode` stand-in. Prints the milliseconds, and which
 * modules were required while it ran.
 * Usage: node out/bench/activationProbe.js MODULE
 */
import Module from 'node:module';
import { createMinimalContext, createMinimalVscode } from './minimalVscode';

const target = process.argv[2];
const vscode = createMinimalVscode();
const context = createMinimalContext();
const requested: string[] = [];
const loader = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
const original = loader._load;
loader._load = function (request: string, ...rest: unknown[]) {
  requested.push(request);
  return request === 'vscode' ? vscode : original.call(this, request, ...rest);
};

// Node sets up timers, promises' job queue and perf_hooks on first use. An extension host has used
// them all long before it activates an extension, so neither module should pay for that here.
clearTimeout(setTimeout(() => undefined, 1));
void Promise.resolve().then(() => undefined);
performance.now();

const started = process.hrtime.bigint();
// eslint-disable-next-line @typescript-eslint/no-require-imports
const extension = require(target) as { activate?: (context: unknown) => unknown };
extension.activate?.(context);
const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
const duringActivation = [...requested];

// What the window goes on to load once SecretStorage has answered "no key": nothing (client.js waits for a request).
void settle().then(() => {
  process.stdout.write(
    JSON.stringify({
      ms: elapsedMs,
      httpLoaded: duringActivation.some((id) => /^(node:)?(http|https|http2|zlib|net|tls)$/.test(id)),
      bundlesLoadedDuringActivation: duringActivation.filter((id) => id.startsWith('./')),
      bundlesLoadedOnceSettled: requested.filter((id) => id.startsWith('./')),
    }),
  );
  // The extension's timers (the key store's read time-out) must not keep the probe alive.
  process.exit(0);
});

async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) {
    await new Promise((resolve) => setImmediate(resolve));
  }
}
