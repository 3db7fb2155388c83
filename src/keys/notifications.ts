import vscode = require('vscode');

export type Severity = 'info' | 'warning' | 'error';

/**
 * Thin wrapper over `window.show*Message` that remembers the last texts shown, so real-host tests
 * can assert what the user was told (and that one 401 storm produced one notice). Texts never hold
 * the key: callers pass masked forms only.
 */
export class Notifications {
  private readonly recent: string[] = [];

  constructor(private readonly keep = 100) {}

  show(severity: Severity, message: string, ...actions: string[]): Thenable<string | undefined> {
    return this.present(severity, message, {}, actions);
  }

  /** A modal dialog; `detail` is the second line. Resolves undefined when the user cancels. */
  modal(severity: Severity, message: string, detail: string, ...actions: string[]): Thenable<string | undefined> {
    return this.present(severity, message, { modal: true, detail }, actions);
  }

  recentMessages(): string[] {
    return [...this.recent];
  }

  private present(severity: Severity, message: string, options: vscode.MessageOptions, actions: string[]): Thenable<string | undefined> {
    this.recent.push(`[${severity}] ${message}`);
    if (this.recent.length > this.keep) {
      this.recent.shift();
    }
    switch (severity) {
      case 'info':
        return vscode.window.showInformationMessage(message, options, ...actions);
      case 'warning':
        return vscode.window.showWarningMessage(message, options, ...actions);
      case 'error':
        return vscode.window.showErrorMessage(message, options, ...actions);
    }
  }
}
