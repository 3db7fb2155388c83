import vscode = require('vscode');
import type { Logger } from '../common/logging/logger';
import { type Settings, TERMINAL_INJECT_SETTING, TERMINAL_VARIABLE_SETTING } from '../common/settings';
import type { StoredKeyTracker } from './storedKey';

/** Whether the workspace is trusted, and news when the user trusts it. */
export interface WorkspaceTrust {
  isTrusted(): boolean;
  onDidGrant(listener: () => void): vscode.Disposable;
}

/**
 * Puts the stored key into new integrated terminals as `TWELVE_LABS_API_KEY` (or the configured
 * name), so the SDKs' examples run unchanged. `persistent = false`: the collection lives in memory
 * only, so the key is never written to workspace storage, and it is rebuilt on every activation.
 * VS Code marks already-open terminals as stale when the collection changes (rotation, clearing).
 * In Restricted Mode nothing is injected: a terminal there runs the workspace's own scripts.
 */
export class TerminalEnvironment implements vscode.Disposable {
  private readonly subscriptions: vscode.Disposable[] = [];
  /** What the user was told already, so each reason is said once. */
  private readonly told = new Set<string>();

  constructor(
    private readonly collection: vscode.GlobalEnvironmentVariableCollection,
    private readonly storedKey: StoredKeyTracker,
    private readonly settings: Pick<Settings, 'injectApiKey' | 'terminalVariable' | 'onDidChange'>,
    private readonly trust: WorkspaceTrust,
    private readonly tell: (message: string) => void,
    private readonly logger: Logger,
  ) {
    collection.persistent = false;
    this.subscriptions.push(
      storedKey.onDidChange(() => this.apply()),
      settings.onDidChange((affects) => (affects(TERMINAL_INJECT_SETTING) || affects(TERMINAL_VARIABLE_SETTING)) && this.apply()),
      trust.onDidGrant(() => this.apply()),
    );
    this.apply();
  }

  /** Brings the collection in line with the setting, the stored key and the workspace's trust. */
  apply(): void {
    const key = this.storedKey.current();
    const wanted = this.settings.injectApiKey && key !== undefined;
    if (wanted && !this.trust.isTrusted()) {
      this.tellOnce(
        'restricted',
        vscode.l10n.t('New terminals do not get your Twelve Labs API key while this workspace is in Restricted Mode. Trust the workspace to have it again.'),
      );
    }
    if (!wanted || !this.trust.isTrusted()) {
      if (this.variables().length > 0) {
        this.logger.info('Terminal environment: new terminals no longer get the API key.');
      }
      this.collection.clear();
      this.collection.description = undefined;
      return;
    }
    const { name, refused } = this.settings.terminalVariable;
    if (refused !== undefined) {
      this.tellOnce(
        `refused:${refused}`,
        vscode.l10n.t(
          'The setting twelveLabs.terminal.variableName names {0}, which changes how programs run; new terminals get the key as {1} instead.',
          refused,
          name,
        ),
      );
    }
    for (const variable of this.variables()) {
      if (variable !== name) {
        this.collection.delete(variable);
      }
    }
    const alreadySet = this.holdsKey(name, key);
    this.collection.replace(name, key);
    this.collection.description = new vscode.MarkdownString(
      vscode.l10n.t(
        'Twelve Labs: `{0}` holds your API key from VS Code\'s secret storage. Turn this off with the setting `twelveLabs.terminal.injectApiKey`.',
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

  private tellOnce(reason: string, message: string): void {
    if (!this.told.has(reason)) {
      this.told.add(reason);
      this.logger.info(`Terminal environment: ${message}`);
      this.tell(message);
    }
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
