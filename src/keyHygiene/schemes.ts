/**
 * Schemes whose documents a user can type a key into; output channels (our own log among them) and
 * SCM views are left alone.
 */
export const SCANNED_SCHEMES: readonly string[] = ['file', 'untitled', 'vscode-remote', 'vscode-vfs', 'vscode-userdata', 'vscode-notebook-cell'];
