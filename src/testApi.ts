/**
 * What `activate()` returns in test mode: the activation shell's view of itself, and the way to the
 * features' test API (which loads them, as a command would).
 */
export interface ShellTestApi {
  /** How long `activate()` took in this host, in milliseconds. */
  activateMs(): number;
  /** Why the features bundle was loaded, or undefined while it is not. */
  featuresLoadedBecause(): string | undefined;
  /** The shell's own status bar item (no key stored, features not loaded); undefined otherwise. */
  shellStatusBar(): StatusBarSnapshot | undefined;
  /** Loads the features as a command would, and returns their test API. */
  loadFeatures(): Promise<ExtensionTestApi>;
}

/**
 * The features' test API, so real-host tests can observe state a user sees (status bar text, tree nodes) without reaching into private fields.
 * Each feature contributes its own part; none of it exposes the key.
 */
export interface ExtensionTestApi {
  logLines(): string[];
  keys: KeyFeaturesTestApi;
  indexes: IndexFeaturesTestApi;
  uploads: UploadFeaturesTestApi;
  keyHygiene: KeyHygieneTestApi;
  reliability: ReliabilityTestApi;
}

/** For the fault matrix, the leak canary and storage faults. Never returns the key. */
export interface ReliabilityTestApi {
  /** Shorter timeouts and retry waits (the rules of what is retried stay); `undefined` restores the defaults. */
  setNetworkTiming(timing: { timeoutMs?: number; retry?: Partial<import('./api/ports').RetryPolicy>; stallTimeoutMs?: number } | undefined): void;
  /** Every key and value of the extension's globalState and workspaceState, for the leak scan. */
  mementos(): { globalState: Record<string, unknown>; workspaceState: Record<string, unknown> };
  /** The next SecretStorage calls of this window fail (see keys/faultInjectingSecrets.ts). */
  injectStorageFault(fault: import('./keys/faultInjectingSecrets').StorageFault): void;
  clearStorageFaults(): void;
  /** What another window reading SecretStorage now would see: kind and masked key only. */
  storedKeyAsAnotherWindow(): Promise<{ kind: KeyStateSnapshot['kind']; masked?: string; expiresAt?: number }>;
}

/** Read-only views of the key-hygiene features. Kinds, counts and booleans: never the key. */
export interface KeyHygieneTestApi {
  /** Every URI with key diagnostics, and how many of each kind. */
  diagnosticsSummary(): { uri: string; stored: number; keyShaped: number }[];
  /** How often open documents were scanned, and how often a scan was avoided. */
  scanStats(): { scans: number; skippedSameVersion: number; debounced: number };
  terminalEnvironment(): TerminalEnvironmentSnapshot;
  /** Whether the terminal environment sets `variable` to exactly `expected`; compares inside, returns a boolean. */
  terminalVariableEquals(variable: string, expected: string): boolean;
  notifications(): { severity: 'info' | 'warning' | 'error'; message: string; actions: string[] }[];
  /** Resolves once the stored key has been picked up and no document scan is pending or running. */
  settled(): Promise<void>;
}

export interface TerminalEnvironmentSnapshot {
  /** Names of the variables the collection sets. */
  variables: string[];
  /** One of them holds the stored key. */
  holdsStoredKey: boolean;
  persistent: boolean;
  /** The text of the terminal environment hover. */
  description: string | undefined;
}

/** Read-only views of the upload feature, plus the two things a user does outside commands. */
export interface UploadFeaturesTestApi {
  /** Tasks this window tracks (ready ones leave once announced). */
  tasks(): import('./upload/taskStore').TrackedTask[];
  /** What globalState holds for the next window: unfinished tasks, ids and names only. */
  rememberedTasks(): import('./upload/taskStore').TrackedTask[];
  /** Task ids being polled now. */
  watching(): string[];
  notifications(): { severity: 'info' | 'warning' | 'error'; message: string; actions: string[] }[];
  /** Progress notification texts, oldest first (e.g. `45% · 12.3 MB/s · 0:04 left`). */
  progressMessages(): string[];
  /** Uploads in flight: bytes sent of total. */
  activeUploads(): { indexId: string; sent: number; total: number }[];
  /** Does what the progress notification's Cancel does, for every upload in flight; returns how many. */
  cancelActiveUploads(): number;
  /** A window reload as far as uploads go: forget in-memory tasks, restore them from globalState, resume polling. Returns how many resumed. */
  simulateReload(): Promise<number>;
  /** Resolves once globalState has every task change. */
  flushed(): Promise<void>;
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
  /** When the status bar's single timer fires next (epoch ms); undefined when none is set. */
  statusBarNextUpdateAt(): number | undefined;
  /** What the extension knows about the stored key, without the key. */
  keyState(): KeyStateSnapshot;
  /** Texts of the notifications and dialogs the key features showed, oldest first, e.g. `[error] …`. */
  notifications(): string[];
  /** Resolves once no secret-storage read or write is in flight (and the status bar has caught up). */
  settled(): Promise<void>;
  /**
   * Changes the stored key the way another VS Code window would: through its own key store over the same
   * SecretStorage, bypassing this window's. `undefined` removes the key. Takes a key; never returns one.
   */
  changeKeyAsAnotherWindow(change: { key: string; expiresAt: number } | undefined): Promise<void>;
}

export interface KeyStateSnapshot {
  kind: 'loading' | 'none' | 'unavailable' | 'present';
  /** e.g. `tlk_…a1b2`. */
  masked?: string;
  setAt?: number;
  expiresAt?: number;
  rejected: boolean;
  lastValidation?: 'valid' | 'rejected' | 'unverified';
}

export interface TreeNodeSnapshot {
  id: string | undefined;
  label: string;
  description: string | undefined;
  contextValue: string | undefined;
  /** Plain text or the Markdown source. */
  tooltip?: string;
  /** The codicon id when the icon is a ThemeIcon (e.g. `warning` for an index about to expire). */
  icon?: string;
  /** What clicking the node runs. */
  command?: { command: string; arguments?: unknown[] };
  collapsible?: boolean;
}

export interface IndexFeaturesTestApi {
  /** The root nodes as the view currently shows them (expands nothing). */
  rootNodes(): Promise<TreeNodeSnapshot[]>;
  /** The view's message (error state), if any. */
  viewMessage(): string | undefined;
  /** The children of an index node (its videos, loading page 1 if needed); [] for an unknown id. */
  childNodes(indexId: string): Promise<TreeNodeSnapshot[]>;
  /** The view's description (the active name filter), if any. */
  viewDescription(): string | undefined;
  viewVisible(): boolean;
  /** The values of the index view's context keys, as last set. */
  contextKeys(): { indexesLoaded: boolean; hasIndexes: boolean; indexFilterActive: boolean };
  /** Notifications the index features showed (text and button titles), oldest first. */
  notifications(): { severity: 'info' | 'warning' | 'error'; message: string; actions: string[] }[];
  /** The Create Index wizard's input on screen, if any: tests drive it like a user (set the value or
   * tick items on the live input, then run `workbench.action.acceptSelectedQuickOpenItem`). */
  activeQuickInput(): QuickInputProbe | undefined;
}

export interface QuickInputProbe {
  kind: 'inputBox' | 'quickPick';
  input: import('vscode').InputBox | import('vscode').QuickPick<import('vscode').QuickPickItem>;
  title: string | undefined;
  step: number;
  totalSteps: number;
}
