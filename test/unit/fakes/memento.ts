import type * as vscode from 'vscode';

/** An in-memory `vscode.Memento` (globalState/workspaceState). Values go through JSON, as in VS Code. */
export class FakeMemento implements vscode.Memento {
  readonly values = new Map<string, string>();

  keys(): readonly string[] {
    return [...this.values.keys()];
  }

  get<T>(key: string): T | undefined;
  get<T>(key: string, defaultValue: T): T;
  get<T>(key: string, defaultValue?: T): T | undefined {
    const raw = this.values.get(key);
    return raw === undefined ? defaultValue : (JSON.parse(raw) as T);
  }

  update(key: string, value: unknown): Promise<void> {
    if (value === undefined) {
      this.values.delete(key);
    } else {
      this.values.set(key, JSON.stringify(value));
    }
    return Promise.resolve();
  }

  /** Everything stored, as one string: for "the key is not in here" assertions. */
  dump(): string {
    return [...this.values.entries()].map(([k, v]) => `${k}=${v}`).join('\n');
  }
}
