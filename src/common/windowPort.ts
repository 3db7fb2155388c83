import type * as vscode from 'vscode';

/**
 * The parts of `vscode.window` through which the extension speaks to the user and asks for input.
 * The extension passes `vscode.window` itself; the test build passes a wrapper over it that records
 * what was shown, so that real-host tests can read it without the product keeping any history.
 */
export type WindowPort = Pick<
  typeof vscode.window,
  'showInformationMessage' | 'showWarningMessage' | 'showErrorMessage' | 'createInputBox' | 'createQuickPick' | 'createStatusBarItem' | 'withProgress'
>;
