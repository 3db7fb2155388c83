import vscode = require('vscode');
import { effectiveVariableName } from './variableName';

export const INJECT_SETTING = 'terminal.injectApiKey';
export const VARIABLE_SETTING = 'terminal.variableName';

/** Typed reads of `twelvelabs.terminal.*`; every call reads afresh so changes apply at once. */
export class HygieneSettings {
  private get section(): vscode.WorkspaceConfiguration {
    return vscode.workspace.getConfiguration('twelvelabs');
  }

  get injectApiKey(): boolean {
    return this.section.get<boolean>(INJECT_SETTING, false) === true;
  }

  get variableName(): string {
    return effectiveVariableName(this.section.get<unknown>(VARIABLE_SETTING));
  }

  /** Application-scoped, like every setting that decides where the key goes: user settings only. */
  enableInjection(): Thenable<void> {
    return this.section.update(INJECT_SETTING, true, vscode.ConfigurationTarget.Global);
  }

  onDidChange(listener: () => void): vscode.Disposable {
    return vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(`twelvelabs.${INJECT_SETTING}`) || event.affectsConfiguration(`twelvelabs.${VARIABLE_SETTING}`)) {
        listener();
      }
    });
  }
}
