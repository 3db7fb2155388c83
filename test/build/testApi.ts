import type { UploadLimits } from '../../src/api/assetTypes';
import type { RetryPolicy } from '../../src/api/ports';
import type { UploadRecord } from '../../src/upload/uploadBook';
import type { ClearKeyResult } from '../../src/keys/clearApiKey';
import type { SaveKeyResult } from '../../src/keys/deps';
import type { TrackedTask } from '../../src/upload/taskStore';
import type { UploadVideoResult } from '../../src/upload/results';
import type { UploadRequest } from '../../src/upload/uploadVideo';
import type { StorageFault } from './faultInjectingSecrets';
import type { NotificationRecord } from './recordingWindow';

/**
 * What the test build's `activate()` returns (test/build/extension.ts), so real-host tests can observe
 * what a user sees (the status bar item, tree items, notifications) and take the programmatic paths
 * the shipped commands do not offer. None of it exposes the key.
 */
export interface ExtensionTestApi {
  /** How long `activate()` took in this host, in milliseconds. */
  activateMs(): number;
  /** Every log line so far, already redacted, as `[level] text`. */
  logLines(): string[];
  /** Every notification and modal the extension showed, oldest first. */
  notifications(): NotificationRecord[];
  /** The same, as `[severity] message` texts. */
  notificationTexts(): string[];
  /** The next modal whose text matches `pattern` is answered with `choice` in the user's place (undefined: dismissed). */
  answerModal(pattern: RegExp, choice: string | undefined): { dispose(): void };
  keys: KeyFeaturesTestApi;
  accounts: AccountsTestApi;
  indexes: IndexFeaturesTestApi;
  uploads: UploadFeaturesTestApi;
  webviews: WebviewsTestApi;
  keyHygiene: KeyHygieneTestApi;
  reliability: ReliabilityTestApi;
  analyze: AnalyzeTestApi;
  agent: AgentTestApi;
}

/**
 * The agent features as VS Code sees them, for what `vscode.lm` cannot show: the tools' prepared
 * messages without a dialog, and the MCP provider, which VS Code asks only when a chat starts its server.
 */
export interface AgentTestApi {
  /** The tools this window registered, in package.json's order. */
  toolNames(): string[];
  /** What the tool's `prepareInvocation` answers for `input`, as plain text. */
  prepare(name: string, input: unknown): Promise<{ invocationMessage: string; confirmation?: { title: string; message: string } }>;
  mcp: McpTestApi;
}

export interface McpTestApi {
  /** Whether this VS Code has the MCP provider API (1.101+) and the provider is registered. */
  available(): boolean;
  /** How often the provider has announced `onDidChangeMcpServerDefinitions`. */
  changesFired(): number;
  /** What `provideMcpServerDefinitions` offers now: label, URL and the header names (no values). */
  definitions(): Promise<{ label: string; uri: string; headerNames: string[] }[]>;
  /**
   * Resolves the offered definition as VS Code does before connecting and compares its key header
   * with `expected` inside the build: undefined when nothing is offered or the resolve declines.
   */
  resolvedKeyHeaderEquals(expected: string): Promise<{ equals: boolean; uri: string; headerNames: string[] } | undefined>;
  /**
   * Hands the resolved definition's URL and headers to `use` (a real MCP client connecting with
   * them), as VS Code's MCP client gets them; returns what `use` returns. The headers are not kept.
   */
  connectResolved<T>(use: (uri: string, headers: Record<string, string>) => Promise<T>): Promise<T | undefined>;
}

/** Analyze Video's kept results and its document writer, read-only except for the save dialog it stands in for. */
export interface AnalyzeTestApi {
  /** Every file in the kept-analyses folder, with its text, for the leak scan and the cache checks. */
  cacheFiles(): Promise<{ name: string; text: string }[]>;
  /** Every edit a streamed result made so far: the arrival-to-screen time of each chunk it carried. */
  editTimings(): import('../../src/analyze').AppendTiming[];
  clearEditTimings(): void;
  /** The nodes under a video's "Analyses" node (none when it has none), as the view shows them. */
  analysisNodes(indexId: string, videoId: string): Promise<TreeNodeSnapshot[]>;
  /** Save Analysis to Workspace… with `target` as the file the user picked in its dialog. */
  saveTo(arg: unknown, target: string): Promise<import('../../src/analyze/results').SaveAnalysisResult>;
}

export interface WebviewMessageRecord {
  view: 'search' | 'player';
  direction: 'toWebview' | 'fromWebview';
  message: unknown;
}

/** What passed between the host and the Search view and player webviews; what they draw is read through the UI bridge. */
export interface WebviewsTestApi {
  messages(): WebviewMessageRecord[];
  clearMessages(): void;
  /** The video and moment the player was last asked for; undefined when it is closed. */
  playing(): { indexId: string; videoId: string; start?: number; end?: number } | undefined;
  /**
   * Delivers a `vscode://` link to the extension's UriHandler as VS Code does when the OS opens one;
   * a browser-hosted workbench (this harness) has no OS handler for the scheme.
   */
  openLink(uri: string): Promise<void>;
}

/** For the fault matrix, the leak canary and storage faults. Never returns the key. */
export interface ReliabilityTestApi {
  /** Shorter timeouts and retry waits (the rules of what is retried stay); `undefined` restores the defaults. */
  setNetworkTiming(timing: { timeoutMs?: number; retry?: Partial<RetryPolicy>; stallTimeoutMs?: number } | undefined): void;
  /** Every key and value of the extension's globalState and workspaceState, for the leak scan. */
  mementos(): { globalState: Record<string, unknown>; workspaceState: Record<string, unknown> };
  /** Writes globalState as an earlier version of the extension left it (e.g. its `/tasks` uploads). */
  seedGlobalState(key: string, value: unknown): Thenable<void>;
  /** The next SecretStorage calls of this window fail (see keys/faultInjectingSecrets.ts). */
  injectStorageFault(fault: StorageFault): void;
  clearStorageFaults(): void;
  /** How often this window asked SecretStorage for each operation until the key store first settled after activation. */
  startupStorageCalls(): Promise<{ get: number; store: number; delete: number }>;
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
  tasks(): TrackedTask[];
  /** What globalState holds for the next window: unfinished tasks, ids and names only. */
  rememberedTasks(): TrackedTask[];
  /** Task ids being polled now. */
  watching(): string[];
  /** What the command does once the user has picked the files or URL in its dialogs. */
  upload(request: UploadRequest): Promise<UploadVideoResult>;
  /** Progress notification texts, oldest first (e.g. `45% · 12.3 MB/s · 0:04 left`). */
  progressMessages(): string[];
  /** Uploads in flight: bytes sent of total. */
  activeUploads(): { indexId: string; sent: number; total: number }[];
  /** Does what the progress notification's Cancel does, for every upload in flight; returns how many. */
  cancelActiveUploads(): number;
  /**
   * A window reload as far as uploads go: everything in memory stops and is forgotten, writing nothing
   * more; then what globalState holds is taken up as a new window does (tasks polled, uploads past
   * sending followed, paused ones offered). Returns how many tasks are polled.
   */
  simulateReload(): Promise<number>;
  /** Resolves once globalState has every task and upload change. */
  flushed(): Promise<void>;
  /** Uploads through assets this window knows (ids, file identity, phase; never the key or a URL's query). */
  records(): UploadRecord[];
  /** What globalState holds of them for the next window. */
  rememberedRecords(): UploadRecord[];
  /** Record ids whose processing or indexing is being polled. */
  following(): string[];
  /** Record ids sending bytes now. */
  sending(): string[];
  /** The upload's node as its context menu passes it to a command; undefined for an unknown id. */
  contextMenuTarget(uploadId: string): unknown;
  /** Stops every upload and forgets every record, as a fresh profile would have none: between suites. */
  forgetAll(): Promise<void>;
  /** Size limits matching the fake's (`maxAssetBytes`), so a multipart upload needs no 200 MB file; undefined: the API's. */
  setUploadLimits(limits: UploadLimits | undefined): void;
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
  /** What Set API Key does once the user has typed the key and picked its expiry (`expiresAt` as epoch ms, `YYYY-MM-DD` or ISO; default: the lifetime setting). */
  store(input: KeyArgs): Promise<SaveKeyResult>;
  /** The same for Rotate API Key. */
  rotate(input: KeyArgs): Promise<SaveKeyResult>;
  /** What Clear API Key does once the user has confirmed. */
  clear(): Promise<ClearKeyResult>;
  /** Resolves once no secret-storage read or write is in flight (and the status bar has caught up). */
  settled(): Promise<void>;
  /**
   * Changes the stored key the way another VS Code window would: through its own key store over the same
   * SecretStorage, bypassing this window's. `undefined` removes the key. Takes a key; never returns one.
   */
  changeKeyAsAnotherWindow(change: { key: string; expiresAt: number } | undefined): Promise<void>;
}

/** One account as the extension knows it: never its key. */
export interface AccountSnapshot {
  id: string;
  name: string;
  masked: string;
  expiresAt?: number;
  apiUrl?: string;
  /** The account this window uses. */
  active: boolean;
  isDefault: boolean;
  /** The account this workspace chose instead of the default. */
  isWorkspaceChoice: boolean;
}

export type AccountChange =
  | { op: 'add'; name: string; key: string; expiresAt?: number }
  | { op: 'rotate'; accountId: string; key: string; expiresAt?: number }
  | { op: 'rename'; accountId: string; name: string }
  | { op: 'remove'; accountId: string }
  | { op: 'setDefault'; accountId: string };

/** The accounts, for what the UI paths leave to see, and the programmatic paths of setting tests up. */
export interface AccountsTestApi {
  list(): Promise<AccountSnapshot[]>;
  /** What Add Account does once the user has typed the name and key and picked the expiry. */
  add(input: KeyArgs & { name: string }): Promise<SaveKeyResult>;
  /** What Rotate does for `accountId` once the user has typed the new key. */
  rotate(accountId: string, input: KeyArgs): Promise<SaveKeyResult>;
  setDefault(accountId: string): Promise<void>;
  /** Removes the account as Clear does once confirmed: for tests' clean-up. */
  remove(accountId: string): Promise<void>;
  setWorkspaceAccount(accountId: string | undefined): Promise<void>;
  /**
   * Makes the change the way another window would, through its own accounts over the same
   * SecretStorage (and another workspace); resolves with the new account's id for `add`.
   */
  changeAsAnotherWindow(change: AccountChange): Promise<string | undefined>;
  /** What a window opened now would list, through the real storage. */
  listAsAnotherWindow(): Promise<{ id: string; name: string; masked: string }[]>;
  /** Writes the key the way a version before accounts stored it (one record, no name), as a fresh upgrade finds it. */
  writePreAccountsKey(key: string, expiresAt: number): Promise<void>;
  /** This window's SecretStorage calls (get/store/delete) so far. */
  storageCalls(): { get: number; store: number; delete: number };
  /** The authentication provider's sessions: ids and labels, never a token. */
  sessions(): Promise<{ id: string; label: string; scopes: string[] }[]>;
  /** Whether the provider's session `id` carries exactly `expected` as its token; compares inside. */
  sessionTokenEquals(id: string, expected: string): Promise<boolean>;
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
  /** What a screen reader says for the row. */
  accessibilityLabel?: string;
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
  /** The extension's quick input on screen, if any: tests drive it like a user (set the value or
   * tick items on the live input, then run `workbench.action.acceptSelectedQuickOpenItem`). */
  activeQuickInput(): QuickInputProbe | undefined;
  /** Resolves once the view has no page 1 loading (a key or URL change's reload included). */
  settled(): Promise<void>;
  /** Delete Index as the user runs it, answering its confirmation with Delete. */
  deleteConfirmed(indexId: string): Promise<import('../../src/indexes/results').DeleteIndexResult>;
  /** A child contributor that covers these videos of the index (as an upload's node would) until disposed. */
  coverVideos(indexId: string, videoIds: string[]): { dispose(): void };
}

export interface QuickInputProbe {
  kind: 'inputBox' | 'quickPick';
  input: import('vscode').InputBox | import('vscode').QuickPick<import('vscode').QuickPickItem>;
  title: string | undefined;
  step: number | undefined;
  totalSteps: number | undefined;
}

/** The programmatic form of a typed key and its expiry. */
export interface KeyArgs {
  key: string;
  /** Epoch ms, `YYYY-MM-DD` (start of that local day) or an ISO instant. Default: the lifetime setting from now. */
  expiresAt?: number | string;
  /** When the API cannot be reached, save anyway (the user's "Save without validating"). */
  saveIfUnreachable?: boolean;
}
