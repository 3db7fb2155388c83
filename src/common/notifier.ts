import vscode = require('vscode');
import type { ErrorPresentation, NextAction } from './presentError';

export type Severity = 'info' | 'warning' | 'error';

export interface NotificationRecord {
  severity: Severity;
  message: string;
  actions: string[];
}

/**
 * Shows notifications and remembers the last ones (text and button titles only), so real-host tests
 * can check what a user was told without clicking anything.
 */
export class Notifier {
  private readonly recent: NotificationRecord[] = [];

  constructor(private readonly keep = 50) {}

  records(): readonly NotificationRecord[] {
    return this.recent;
  }

  show(severity: Severity, message: string, ...actions: string[]): Thenable<string | undefined> {
    this.record({ severity, message, actions });
    switch (severity) {
      case 'info':
        return vscode.window.showInformationMessage(message, ...actions);
      case 'warning':
        return vscode.window.showWarningMessage(message, ...actions);
      case 'error':
        return vscode.window.showErrorMessage(message, ...actions);
    }
  }

  /** A modal question; resolves to the chosen action or undefined. */
  confirm(message: string, detail: string, ...actions: string[]): Thenable<string | undefined> {
    this.record({ severity: 'warning', message: `${message}\n${detail}`, actions });
    return vscode.window.showWarningMessage(message, { modal: true, detail }, ...actions);
  }

  /**
   * An error with its next steps as buttons; a chosen button runs its command. Does not wait for the
   * user: callers return their result at once.
   */
  showError(presentation: ErrorPresentation, extra: NextAction[] = []): void {
    const actions = [...presentation.actions, ...extra];
    void this.show('error', presentation.message, ...actions.map((action) => action.title)).then((choice) => {
      const action = actions.find((candidate) => candidate.title === choice);
      if (action) {
        void vscode.commands.executeCommand(action.command, ...(action.arguments ?? []));
      }
    });
  }

  private record(entry: NotificationRecord): void {
    this.recent.push(entry);
    if (this.recent.length > this.keep) {
      this.recent.shift();
    }
  }
}
