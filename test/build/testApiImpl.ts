import * as vscode from 'vscode';
import type { AppendTiming } from '../../src/analyze';
import { saveAnalysis } from '../../src/analyze/analyzeFlow';
import type { UploadLimits } from '../../src/api/assetTypes';
import type { NetworkTiming } from '../../src/api/provider';
import { UploadNode } from '../../src/upload/uploadNode';
import { CommandIds } from '../../src/common/commandIds';
import { SECRET_KEY, type KeyState } from '../../src/common/keyStore';
import { Accounts, ActiveKeyStore } from '../../src/common/accounts';
import { forAccount } from '../../src/keys/accountPick';
import { Redactor } from '../../src/common/logging/redact';
import type { ComposedExtension } from '../../src/extension';
import type { TreeNode } from '../../src/indexes/tree/treeNode';
import type { ClearKeyResult } from '../../src/keys/clearApiKey';
import type { SaveKeyResult } from '../../src/keys/deps';
import { type KeyFlowMode, storeCheckedKey, validateWithProgress } from '../../src/keys/keyFlow';
import type { ValidationRecord } from '../../src/common/keyStore';
import type { DeleteIndexResult } from '../../src/indexes/results';
import type { FaultInjectingSecretStorage } from './faultInjectingSecrets';
import { keyToStore } from './keyArgs';
import type { RecordingWindow } from './recordingWindow';
import type { ExtensionTestApi, WebviewMessageRecord, KeyArgs, KeyStateSnapshot, StatusBarSnapshot, TerminalEnvironmentSnapshot, TreeNodeSnapshot } from './testApi';

export interface TestBuild {
  context: vscode.ExtensionContext;
  extension: ComposedExtension;
  secrets: FaultInjectingSecretStorage;
  window: RecordingWindow;
  logLines: string[];
  timing: { current: NetworkTiming | undefined };
  uploadLimits: { current: UploadLimits | undefined };
  webviewMessages: WebviewMessageRecord[];
  editTimings: AppendTiming[];
  activateMs: number;
}

/** The test API over the running extension: reads what the user sees, and never returns the key. */
export function createTestApi(build: TestBuild): ExtensionTestApi {
  const { context, extension, window } = build;
  const { keyStore, accounts, logger, keys, indexes, uploads, keyHygiene, agent } = extension;
  /** What another window runs over the same SecretStorage: its own accounts, its own workspace. */
  const anotherWindow = () => {
    const redactor = new Redactor();
    const otherAccounts = new Accounts(context.secrets, context.globalState, inMemoryMemento(), redactor, logger, { unnamed: keys.deps.unnamed });
    const active = new ActiveKeyStore(otherAccounts, redactor, keys.deps.unnamed);
    return {
      accounts: otherAccounts,
      active,
      dispose: () => {
        active.dispose();
        otherAccounts.dispose();
      },
    };
  };
  const resolved = async () => {
    const [offered] = (await agent.mcp?.provideMcpServerDefinitions()) ?? [];
    return offered && agent.mcp?.resolveMcpServerDefinition(offered);
  };

  const storeAs = async (mode: KeyFlowMode, args: KeyArgs, deps = keys.deps, name?: string): Promise<SaveKeyResult> => {
    const input = keyToStore(args, keys.deps.clock.now(), keys.deps.settings.keyLifetimeDays);
    if ('status' in input) {
      return input;
    }
    // What the key step and the unconfirmed step decide, without their input boxes.
    const current = mode === 'add' ? undefined : await deps.keyStore.getKey();
    if (mode === 'rotate' && current === undefined) {
      return { status: 'noKey' };
    }
    if (mode === 'rotate' && input.key === current) {
      return { status: 'sameKey', reason: 'This is the key already stored.' };
    }
    const result = await validateWithProgress(deps, input.key);
    let record: ValidationRecord;
    switch (result.kind) {
      case 'cancelled':
        return { status: 'cancelled' };
      case 'rejected':
        return { status: 'rejected', reason: keyStore.redact(result.message) };
      case 'valid':
        record = { at: keys.deps.clock.now(), outcome: 'valid' };
        break;
      case 'unreachable':
      case 'refused':
        if (input.ifUnconfirmed !== 'save') {
          return { status: result.kind, reason: keyStore.redact(result.message) };
        }
        record = { at: keys.deps.clock.now(), outcome: 'unverified', detail: keyStore.redact(result.message) };
    }
    return storeCheckedKey(deps, mode, { key: input.key, expiresAt: input.expiresAt, record, name });
  };
  const confirmed = async <T>(pattern: RegExp, choice: string, command: string, ...args: unknown[]): Promise<T> => {
    const answer = window.answerModal(pattern, choice);
    try {
      return await vscode.commands.executeCommand<T>(command, ...args);
    } finally {
      answer.dispose();
    }
  };
  // Once the accounts' first read is done (not merely begun), and every read it set off.
  const startupStorageCalls = accounts
    .whenLoaded()
    .then(() => keyStore.settled())
    .then(() => ({ ...build.secrets.calls }));
  const snapshotNodes = async (nodes: TreeNode[]) => Promise.all(nodes.map((node) => snapshotTreeItem(indexes.tree, node)));

  return {
    activateMs: () => build.activateMs,
    logLines: () => [...build.logLines],
    notifications: () => window.notifications.map((record) => ({ ...record, actions: [...record.actions] })),
    notificationTexts: () => window.notifications.map((record) => `[${record.severity}] ${record.message}`),
    answerModal: (pattern, choice) => window.answerModal(pattern, choice),

    keys: {
      statusBar: () => snapshotStatusBar(keys.statusBar.item, window),
      statusBarNextUpdateAt: () => keys.statusBar.nextUpdateAt(),
      keyState: () => snapshotKeyState(keyStore.getState()),
      settled: async () => {
        await keyStore.settled();
      },
      store: (args) => storeAs('set', args),
      rotate: (args) => storeAs('rotate', args),
      clear: () => confirmed<ClearKeyResult>(/^Remove the Twelve Labs API key/, vscode.l10n.t('Clear Key'), CommandIds.clearApiKey),
      changeKeyAsAnotherWindow: async (change) => {
        const other = anotherWindow();
        try {
          await other.accounts.refresh();
          if (change) {
            keyStore.protect(change.key);
            await other.active.set(change.key, { expiresAt: change.expiresAt });
          } else {
            await other.active.clear();
          }
        } finally {
          other.dispose();
        }
      },
    },

    accounts: {
      list: async () => {
        await accounts.settled();
        const activeId = keyStore.accountId;
        const defaultId = accounts.defaultAccountId();
        const workspaceId = accounts.workspaceAccountId();
        return accounts.list().map((account) => ({
          id: account.id,
          name: account.name,
          masked: account.state.masked,
          ...(account.state.expiresAt !== undefined ? { expiresAt: account.state.expiresAt } : {}),
          ...(account.state.account?.apiUrl !== undefined ? { apiUrl: account.state.account.apiUrl } : {}),
          active: account.id === activeId,
          isDefault: account.id === defaultId,
          isWorkspaceChoice: account.id === workspaceId,
        }));
      },
      add: (args) => storeAs('add', args, { ...keys.deps, validate: keys.deps.validatorFor(undefined) }, args.name),
      rotate: async (accountId, args) => {
        await accounts.settled();
        const account = accounts.get(accountId);
        return account ? storeAs('rotate', args, forAccount(keys.deps, account)) : { status: 'noKey' };
      },
      setDefault: (accountId) => accounts.setDefault(accountId),
      remove: (accountId) => accounts.remove(accountId),
      setWorkspaceAccount: (accountId) => accounts.setWorkspaceAccount(accountId),
      changeAsAnotherWindow: async (change) => {
        const other = anotherWindow();
        try {
          await other.accounts.refresh();
          switch (change.op) {
            case 'add': {
              keyStore.protect(change.key);
              const state = await other.accounts.add(change.name, change.key, { expiresAt: change.expiresAt });
              return state.account?.id;
            }
            case 'rotate':
              keyStore.protect(change.key);
              await other.accounts.target(change.accountId)?.set(change.key, { expiresAt: change.expiresAt });
              return undefined;
            case 'rename':
              await other.accounts.updateProfile(change.accountId, { name: change.name });
              return undefined;
            case 'remove':
              await other.accounts.remove(change.accountId);
              return undefined;
            case 'setDefault':
              await other.accounts.setDefault(change.accountId);
              return undefined;
          }
        } finally {
          other.dispose();
        }
      },
      listAsAnotherWindow: async () => {
        const other = anotherWindow();
        try {
          await other.accounts.refresh();
          return other.accounts.list().map((account) => ({ id: account.id, name: account.name, masked: account.state.masked }));
        } finally {
          other.dispose();
        }
      },
      writePreAccountsKey: async (key, expiresAt) => {
        keyStore.protect(key);
        const now = keys.deps.clock.now();
        await context.secrets.store(SECRET_KEY, JSON.stringify({ v: 1, key, id: globalThis.crypto.randomUUID(), setAt: now, expiresAt }));
      },
      storageCalls: () => ({ ...build.secrets.calls }),
      sessions: async () =>
        (await keys.authentication.getSessions(undefined)).map((session) => ({ id: session.id, label: session.account.label, scopes: [...session.scopes] })),
      sessionTokenEquals: async (id, expected) => (await keys.authentication.getSessions(undefined)).some((session) => session.id === id && session.accessToken === expected),
    },

    indexes: {
      rootNodes: async () => snapshotNodes(await indexes.tree.getChildren()),
      childNodes: async (indexId) => {
        // As the view does: a page 1 being reloaded (after an upload, say) is awaited, not read half-way.
        await indexes.tree.settled();
        const node = indexes.tree.indexNode(indexId);
        return node ? snapshotNodes(await indexes.tree.getChildren(node)) : [];
      },
      viewMessage: () => indexes.view.message || undefined,
      viewDescription: () => (typeof indexes.view.description === 'string' ? indexes.view.description : undefined),
      viewVisible: () => indexes.view.visible,
      contextKeys: () => indexes.contextKeys.snapshot(),
      activeQuickInput: () => {
        const active = window.activeQuickInput();
        return active && { kind: active.kind, input: active.input, title: active.input.title, step: active.input.step, totalSteps: active.input.totalSteps };
      },
      settled: () => indexes.tree.settled(),
      deleteConfirmed: (indexId) => confirmed<DeleteIndexResult>(/^Delete the index/, vscode.l10n.t('Delete'), CommandIds.deleteIndex, { indexId }),
      coverVideos: (indexId, videoIds) => {
        const changes = new vscode.EventEmitter<void>();
        const registration = indexes.tree.setChildContributor({
          childrenOf: () => [],
          covers: (id) => new Set(id === indexId ? videoIds : []),
          onDidChange: changes.event,
        });
        return {
          dispose: () => {
            registration.dispose();
            changes.dispose();
          },
        };
      },
    },

    uploads: {
      tasks: () => uploads.store.all(),
      rememberedTasks: () => uploads.store.remembered(),
      watching: () => uploads.watcher.watching(),
      upload: (request) => uploads.upload(request),
      progressMessages: () => [...window.progressMessages],
      activeUploads: () => uploads.sessions.all().map((session) => ({ indexId: session.indexId, sent: session.sent, total: session.total })),
      cancelActiveUploads: () => uploads.sessions.cancelAll(),
      simulateReload: async () => {
        await Promise.all([uploads.store.flushed(), uploads.book.flushed()]);
        uploads.takeUpRemembered(true);
        return uploads.watcher.watching().length;
      },
      flushed: () => Promise.all([uploads.store.flushed(), uploads.book.flushed()]).then(() => undefined),
      records: () => uploads.book.all(),
      rememberedRecords: () => uploads.book.remembered(),
      following: () => uploads.uploads.followingIds(),
      sending: () => uploads.uploads.sendingIds(),
      contextMenuTarget: (uploadId) => {
        const record = uploads.book.get(uploadId);
        return record && new UploadNode(record);
      },
      forgetAll: async () => {
        uploads.uploads.halt();
        for (const record of uploads.book.all()) {
          uploads.book.remove(record.id);
        }
        await uploads.book.flushed();
      },
      setUploadLimits: (limits) => {
        build.uploadLimits.current = limits;
      },
    },

    analyze: {
      cacheFiles: async () => {
        const folder = extension.analyze.cacheFolder;
        let names: string[];
        try {
          names = (await vscode.workspace.fs.readDirectory(folder)).map(([name]) => name);
        } catch {
          return [];
        }
        return Promise.all(names.map(async (name) => ({ name, text: new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, name))) })));
      },
      editTimings: () => build.editTimings.map((timing) => ({ ...timing, latenciesMs: [...timing.latenciesMs] })),
      clearEditTimings: () => {
        build.editTimings.length = 0;
      },
      analysisNodes: async (indexId, videoId) => {
        await indexes.tree.settled();
        const indexNode = indexes.tree.indexNode(indexId);
        const video = indexNode ? (await indexes.tree.getChildren(indexNode)).find((node) => node.id === `${indexId}/videos/${videoId}`) : undefined;
        const group = video ? (await indexes.tree.getChildren(video)).find((node) => node.kind === 'contributed') : undefined;
        return group ? snapshotNodes(await indexes.tree.getChildren(group)) : [];
      },
      saveTo: (arg, target) => saveAnalysis(extension.analyze.feature, arg, () => Promise.resolve(vscode.Uri.parse(target))),
    },

    webviews: {
      messages: () => build.webviewMessages.map((record) => structuredClone(record)),
      clearMessages: () => {
        build.webviewMessages.length = 0;
      },
      playing: () => extension.player.current(),
      openLink: async (uri) => {
        await Promise.resolve(extension.player.links.handleUri(vscode.Uri.parse(uri)));
      },
    },

    agent: {
      toolNames: () => agent.tools.map((tool) => tool.name),
      prepare: async (name, input) => {
        const tool = agent.tools.find((candidate) => candidate.name === name);
        if (!tool) {
          throw new Error(`no tool ${name}`);
        }
        return tool.prepare(input);
      },
      mcp: {
        available: () => agent.mcp !== undefined,
        changesFired: () => agent.mcp?.changesFired ?? 0,
        definitions: async () =>
          ((await agent.mcp?.provideMcpServerDefinitions()) ?? []).map((definition) => ({
            label: definition.label,
            uri: definition.uri.toString(true),
            headerNames: Object.keys(definition.headers),
          })),
        resolvedKeyHeaderEquals: async (expected) => {
          const definition = await resolved();
          return definition && { equals: definition.headers['X-api-key'] === expected, uri: definition.uri.toString(true), headerNames: Object.keys(definition.headers) };
        },
        connectResolved: async (use) => {
          const definition = await resolved();
          return definition && use(definition.uri.toString(true), { ...definition.headers });
        },
      },
    },

    keyHygiene: {
      diagnosticsSummary: () => keyHygiene.diagnostics.summary(),
      scanStats: () => keyHygiene.documents.stats(),
      terminalEnvironment: () => snapshotTerminalEnvironment(context.environmentVariableCollection, keyHygiene.storedKey.current()),
      terminalVariableEquals: (variable, expected) => replacesWith(context.environmentVariableCollection, variable, expected),
      settled: async () => {
        await keyStore.settled();
        await keyHygiene.storedKey.settled();
        await keyHygiene.documents.idle();
      },
    },

    reliability: {
      // A new object each time: the API client provider builds a client for it.
      setNetworkTiming: (timing) => {
        build.timing.current = timing && { ...timing };
      },
      mementos: () => ({ globalState: dump(context.globalState), workspaceState: dump(context.workspaceState) }),
      seedGlobalState: (key, value) => context.globalState.update(key, value),
      injectStorageFault: (fault) => build.secrets.inject(fault),
      clearStorageFaults: () => build.secrets.clear(),
      startupStorageCalls: () => startupStorageCalls,
      storedKeyAsAnotherWindow: async () => {
        // What a freshly opened window reads, through the real storage.
        const other = anotherWindow();
        try {
          const state = await other.active.refresh();
          return state.kind === 'present' ? { kind: state.kind, masked: state.masked, expiresAt: state.expiresAt } : { kind: state.kind };
        } finally {
          other.dispose();
        }
      },
    },
  };
}

/** The status bar item as VS Code has it: text, tooltip, colour, label, command, and whether it is shown. */
function snapshotStatusBar(item: vscode.StatusBarItem, window: RecordingWindow): StatusBarSnapshot {
  const tooltip = item.tooltip;
  const background = item.backgroundColor;
  return {
    visible: window.isShown(item),
    text: item.text,
    tooltip: typeof tooltip === 'string' ? tooltip : (tooltip?.value ?? ''),
    backgroundColor: background?.id,
    accessibilityLabel: item.accessibilityInformation?.label ?? '',
    command: typeof item.command === 'string' ? item.command : item.command?.command,
  };
}

/** The tree item VS Code gets for `node`, with its tooltip resolved as on hover. */
async function snapshotTreeItem(provider: vscode.TreeDataProvider<TreeNode>, node: TreeNode): Promise<TreeNodeSnapshot> {
  const item = await provider.getTreeItem(node);
  const resolved = (await provider.resolveTreeItem?.(item, node, new vscode.CancellationTokenSource().token)) ?? item;
  const label = typeof resolved.label === 'string' ? resolved.label : (resolved.label?.label ?? '');
  const tooltip = typeof resolved.tooltip === 'string' ? resolved.tooltip : resolved.tooltip?.value;
  return {
    id: resolved.id,
    label,
    description: typeof resolved.description === 'string' ? resolved.description : undefined,
    contextValue: resolved.contextValue,
    tooltip,
    icon: resolved.iconPath instanceof vscode.ThemeIcon ? resolved.iconPath.id : undefined,
    accessibilityLabel: resolved.accessibilityInformation?.label,
    command: resolved.command ? { command: resolved.command.command, arguments: resolved.command.arguments } : undefined,
    collapsible: resolved.collapsibleState !== undefined && resolved.collapsibleState !== vscode.TreeItemCollapsibleState.None,
  };
}

function snapshotKeyState(state: KeyState): KeyStateSnapshot {
  if (state.kind !== 'present') {
    return { kind: state.kind, rejected: false };
  }
  return {
    kind: 'present',
    masked: state.masked,
    ...(state.setAt !== undefined ? { setAt: state.setAt } : {}),
    ...(state.expiresAt !== undefined ? { expiresAt: state.expiresAt } : {}),
    rejected: state.rejectedAt !== undefined,
    ...(state.lastValidation ? { lastValidation: state.lastValidation.outcome } : {}),
  };
}

function snapshotTerminalEnvironment(collection: vscode.GlobalEnvironmentVariableCollection, storedKey: string | undefined): TerminalEnvironmentSnapshot {
  const variables: string[] = [];
  collection.forEach((variable) => variables.push(variable));
  const description = collection.description;
  return {
    variables,
    holdsStoredKey: storedKey !== undefined && variables.some((variable) => replacesWith(collection, variable, storedKey)),
    persistent: collection.persistent,
    description: typeof description === 'string' ? description : description?.value,
  };
}

/** Compares inside: the value itself never leaves. */
function replacesWith(collection: vscode.EnvironmentVariableCollection, variable: string, expected: string): boolean {
  const mutator = collection.get(variable);
  return mutator !== undefined && mutator.type === vscode.EnvironmentVariableMutatorType.Replace && mutator.value === expected;
}

function dump(memento: vscode.Memento): Record<string, unknown> {
  return Object.fromEntries(memento.keys().map((key) => [key, memento.get<unknown>(key)]));
}

/** A workspace's state in another window: that window's own, empty at first. */
function inMemoryMemento(): Pick<vscode.Memento, 'get' | 'update' | 'keys'> {
  const values = new Map<string, unknown>();
  return {
    keys: () => [...values.keys()],
    get: <T>(key: string, defaultValue?: T) => (values.has(key) ? (values.get(key) as T) : defaultValue),
    update: (key: string, value: unknown) => {
      if (value === undefined) {
        values.delete(key);
      } else {
        values.set(key, value);
      }
      return Promise.resolve();
    },
  };
}
