import vscode = require('vscode');
import type { Logger } from '../common/logging/logger';
import { type Settings, TERMINAL_INJECT_SETTING, TERMINAL_VARIABLE_SETTING } from '../common/settings';
import type { StoredKeyTracker } from './storedKey';

/**
 * Puts the stored key into new integrated terminals as `TWELVE_LABS_API_KEY` (or the configured
 * name), so the SDKs' examples run unchanged. `persistent = false`: the collection lives in memory
 * only, so the key is never written to workspace storage, and it is rebuilt on every activation.
 * VS Code marks already-open terminals as stale when the collection changes (rotation, clearing).
 */
export class TerminalEnvironment implements vscode.Disposable {
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly collection: vscode.GlobalEnvironmentVariableCollection,
    private readonly storedKey: StoredKeyTracker,
    private readonly settings: Pick<Settings, 'injectApiKey' | 'terminalVariableName' | 'onDidChange'>,
    private readonly logger: Logger,
  ) {
    collection.persistent = false;
    this.subscriptions.push(
      storedKey.onDidChange(() => this.apply()),
      settings.onDidChange((affects) => (affects(TERMINAL_INJECT_SETTING) || affects(TERMINAL_VARIABLE_SETTING)) && this.apply()),
    );
    this.apply();
  }

  /** Brings the collection in line with the setting and the stored key. */
  apply(): void {
    const key = this.storedKey.current();
    if (!this.settings.injectApiKey || key === undefined) {
      if (this.variables().length > 0) {
        this.logger.info('Terminal environment: new terminals no longer get the API key.');
      }
      this.collection.clear();
      this.collection.description = undefined;
      return;
    }
    const name = this.settings.terminalVariableName;
    for (const variable of this.variables()) {
      if (variable !== name) {
        this.collection.delete(variable);
      }
    }
    const alreadySet = this.holdsKey(name, key);
    this.collection.replace(name, key);
    this.collection.description = new vscode.MarkdownString(
      vscode.l10n.t(
        'Twelve Labs: `{0}` holds your API key from VS Code\'s secret storage. Turn this off with the setting `twelvelabs.terminal.injectApiKey`.',
        name,
      ),
    );
    if (!alreadySet) {
      this.logger.info(`Terminal environment: new terminals get ${name} (the stored API key).`);
    }
  }

  dispose(): void {
    vscode.Disposable.from(...this.subscriptions).dispose();
  }

  private holdsKey(variable: string, expected: string): boolean {
    const mutator = this.collection.get(variable);
    return mutator !== undefined && mutator.type === vscode.EnvironmentVariableMutatorType.Replace && mutator.value === expected;
  }

  private variables(): string[] {
    const names: string[] = [];
    this.collection.forEach((variable) => names.push(variable));
    return names;
  }
}
