import type { L10n } from '../../../src/common/l10n';

/** `vscode.l10n.t` without a bundle: fills `{0}`, `{1}`… exactly as VS Code does for the default language. */
export const fakeL10n: L10n = {
  t: (message, ...args) => message.replace(/\{(\d+)\}/g, (match, index: string) => (Number(index) < args.length ? String(args[Number(index)]) : match)),
};
