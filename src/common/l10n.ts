/**
 * The slice of `vscode.l10n` the pure modules need. They take it as a parameter named `l10n` and call
 * `l10n.t('literal')`, which keeps them free of the `vscode` module in unit tests while
 * `@vscode/l10n-dev export` still finds every string (it looks for `l10n.t(` calls).
 */
export interface L10n {
  t(message: string, ...args: Array<string | number | boolean>): string;
}
