/**
 * What `activate()` returns when VS Code runs the extension in test mode, so real-host tests can
 * observe state a user sees (status bar text, tree nodes) without reaching into private fields.
 * Each feature contributes its own part; none of it exposes the key.
 */
export interface ExtensionTestApi {
  logLines(): string[];
  keys: KeyFeaturesTestApi;
  indexes: IndexFeaturesTestApi;
}

export interface StatusBarSnapshot {
  visible: boolean;
  text: string;
  tooltip: string;
  backgroundColor: string | undefined;
  accessibilityLabel: string;
  command: string | undefined;
}

export interface KeyFeaturesTestApi {
  statusBar(): StatusBarSnapshot;
}

export interface TreeNodeSnapshot {
  id: string | undefined;
  label: string;
  description: string | undefined;
  contextValue: string | undefined;
}

export interface IndexFeaturesTestApi {
  /** The root nodes as the view currently shows them (expands nothing). */
  rootNodes(): Promise<TreeNodeSnapshot[]>;
  /** The view's message (error state), if any. */
  viewMessage(): string | undefined;
}
