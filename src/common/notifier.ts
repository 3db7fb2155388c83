import vscode = require('vscode');
import type { Redactor } from './logging/redact';
import type { ErrorPresentation, NextAction } from './presentError';
import { notificationText } from './untrustedText';
import type { WindowPort } from './windowPort';

export type Severity = 'info' | 'warning' | 'error';

/**
 * Notifications and modal questions: one way to tell the user something, for every feature. Messages
 * hold outside text (server messages, index and file names), so each one is masked like the log and
 * shown as plain text: no link in it can become live.
 */
export class Notifier {
  constructor(
    private readonly window: WindowPort,
    private readonly redactor: Pick<Redactor, 'redact'>,
  ) {}

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

  private present(severity: Severity, text: string, messageOptions: vscode.MessageOptions, actions: string[]): Thenable<string | undefined> {
    const message = this.plain(text);
    const options = messageOptions.detail === undefined ? messageOptions : { ...messageOptions, detail: this.plain(messageOptions.detail) };
    switch (severity) {
      case 'info':
        return this.window.showInformationMessage(message, options, ...actions);
      case 'warning':
        return this.window.showWarningMessage(message, options, ...actions);
      case 'error':
        return this.window.showErrorMessage(message, options, ...actions);
    }
  }

  private plain(text: string): string {
    return notificationText(this.redactor.redact(text));
  }
}
