/**
 * One measurement in a fresh process: `require` of a module plus its `activate()` with a first-run
 * context (no key stored), under the plain-Node `vscode` stand-in. Prints the milliseconds.
 * Usage: node out/bench/activationProbe.js MODULE
 */
import { createContextStandIn, withVscodeStandIn } from '../test/unit/vscodeStandIn';

const target = process.argv[2];
withVscodeStandIn((requested) => {
  const context = createContextStandIn();
  const started = process.hrtime.bigint();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const extension = require(target) as { activate?: (context: unknown) => unknown };
  extension.activate?.(context);
  const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
  process.stdout.write(JSON.stringify({ ms: elapsedMs, httpLoaded: requested.some((id) => /^(node:)?(http|https|http2|zlib)$/.test(id)) }));
  // The extension's timers (status bar, storage time-outs) must not keep the probe alive.
  process.exit(0);
});
