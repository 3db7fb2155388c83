import vscode = require('vscode');
import type { ErrorPresentation, NextAction } from './presentError';
import type { WindowPort } from './windowPort';

export type Severity = 'info' | 'warning' | 'error';

/** Notifications and modal questions: one way to tell the user something, for every feature. */
export class Notifier {
  constructor(private readonly window: WindowPort) {}

  show(severity: Severity, message: string, ...actions: string[]): Thenable<string | undefined> {
    return this.present(severity, message, {}, actions);
  }

  /** A modal dialog; `detail` is its second line. Resolves undefined when the user cancels. */
  modal(severity: Severity, message: string, detail: string, ...actions: string[]): Thenable<string | undefined> {
    return this.present(severity, message, { modal: true, detail }, actions);
  }

  /** A modal question; resolves to the chosen action or undefined. */
  confirm(message: string, detail: string, ...actions: string[]): Thenable<string | undefined> {
    return this.modal('warning', message, detail, ...actions);
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

  private present(severity: Severity, message: string, options: vscode.MessageOptions, actions: string[]): Thenable<string | undefined> {
    switch (severity) {
      case 'info':
        return this.window.showInformationMessage(message, options, ...actions);
      case 'warning':
        return this.window.showWarningMessage(message, options, ...actions);
      case 'error':
        return this.window.showErrorMessage(message, options, ...actions);
    }
  }
}
