import Module from 'node:module';
import { fakeL10n } from '../fakes/l10n';

/**
 * Loads a product module that reads only `vscode.l10n` (the upload pre-checks) in plain Node: while
 * `load` runs, `vscode` resolves to an object with `l10n` alone, so any other use fails loudly.
 */
export function loadWithL10n<T>(load: () => T): T {
  const loader = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
  const original = loader._load;
  const vscode = { l10n: fakeL10n };
  loader._load = function (request: string, ...rest: unknown[]) {
    return request === 'vscode' ? vscode : original.call(this, request, ...rest);
  };
  try {
    return load();
  } finally {
    loader._load = original;
  }
}
