import vscode = require('vscode');
import { ContextKeys } from '../common/contextKeys';

export interface IndexContextSnapshot {
  indexesLoaded: boolean;
  hasIndexes: boolean;
  indexFilterActive: boolean;
}

/** The index view's context keys (for menus and `viewsWelcome`), set only when they change. */
export class IndexContextKeys {
  private readonly values: IndexContextSnapshot = { indexesLoaded: false, hasIndexes: false, indexFilterActive: false };

  constructor() {
    for (const name of Object.keys(this.values) as (keyof IndexContextSnapshot)[]) {
      void vscode.commands.executeCommand('setContext', ContextKeys[name], false);
    }
  }

  set(name: keyof IndexContextSnapshot, value: boolean): void {
    if (this.values[name] !== value) {
      this.values[name] = value;
      void vscode.commands.executeCommand('setContext', ContextKeys[name], value);
    }
  }

  snapshot(): IndexContextSnapshot {
    return { ...this.values };
  }
}
