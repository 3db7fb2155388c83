import Module from 'node:module';
import { fakeL10n } from '../fakes/l10n';

/**
 * Loads a product module in plain Node with `vscode` resolving to exactly `vscode` (which always
 * has `l10n`), so that any other use of the API fails loudly.
 */
export function loadWithVscode<T>(vscode: Record<string, unknown>, load: () => T): T {
  const loader = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
  const original = loader._load;
  const module = { l10n: fakeL10n, ...vscode };
  loader._load = function (request: string, ...rest: unknown[]) {
    return request === 'vscode' ? module : original.call(this, request, ...rest);
  };
  try {
    return load();
  } finally {
    loader._load = original;
  }
}

/** For a product module that reads only `vscode.l10n` (the upload pre-checks). */
export function loadWithL10n<T>(load: () => T): T {
  return loadWithVscode({}, load);
}
