import vscode = require('vscode');

/**
 * How many recent texts (log lines, notifications) a recorder keeps for the test API. In test runs
 * everything: tests read "what was shown since this point" by position, and a sliding window would
 * make that silently empty late in a long suite. Elsewhere a small window, so a long session never
 * grows it.
 */
export function recordingLimit(mode: vscode.ExtensionMode, outsideTests: number): number {
  return mode === vscode.ExtensionMode.Test ? Number.POSITIVE_INFINITY : outsideTests;
}
