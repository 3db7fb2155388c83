/**
 * The minimal `vscode` stand-in the activation benchmark loads bundles under: plain objects with
 * no-op members, for exactly what activation touches. Unlike the unit tests' generic stand-in (a
 * Proxy that answers anything), it costs next to nothing itself, so the figure is the extension's.
 * Activation that reaches for an API missing here fails the benchmark loudly: add the member, and
 * ask whether activation needs that call at all.
 */
const noop = (): void => undefined;
const disposable = () => ({ dispose: noop });
const event = () => disposable();
const memento = () => ({ get: (_key: string, fallback?: unknown) => fallback, update: () => Promise.resolve(), keys: () => [] as string[] });

class EventEmitter {
  readonly event = event;
  fire = noop;
  dispose = noop;
}

class TreeItem {
  constructor(readonly label: string) {}
}

class MarkdownString {
  isTrusted: unknown;
  constructor(readonly value: string) {}
}

class ThemeColor {
  constructor(readonly id: string) {}
}

class Disposable {
  constructor(readonly dispose: () => void) {}
  static from(...items: { dispose(): unknown }[]): Disposable {
    return new Disposable(() => items.forEach((item) => item.dispose()));
  }
}

/** Enough of `vscode.Uri` for the paths activation builds (the kept analyses' folder). */
class Uri {
  constructor(readonly scheme: string, readonly path: string) {}
  static file(path: string): Uri {
    return new Uri('file', path);
  }
  static parse(value: string): Uri {
    const colon = value.indexOf(':');
    return new Uri(value.slice(0, colon), value.slice(colon + 1));
  }
  static joinPath(base: Uri, ...segments: string[]): Uri {
    return new Uri(base.scheme, [base.path, ...segments].join('/'));
  }
  toString(): string {
    return `${this.scheme}:${this.path}`;
  }
}

class FileSystemError extends Error {
  code = 'FileNotFound';
}

/** A first activation's storage: nothing in it. */
const emptyFileSystem = {
  readFile: () => Promise.reject(new FileSystemError('not found')),
  writeFile: () => Promise.resolve(),
  createDirectory: () => Promise.resolve(),
  delete: () => Promise.resolve(),
  readDirectory: () => Promise.reject(new FileSystemError('not found')),
  stat: () => Promise.reject(new FileSystemError('not found')),
};

const statusBarItem = () => ({ show: noop, hide: noop, dispose: noop });
const diagnosticCollection = () => ({ set: noop, delete: noop, clear: noop, forEach: noop, get: () => undefined, has: () => false, dispose: noop });

export function createMinimalVscode(): Record<string, unknown> {
  return {
    version: '1.100.0',
    ExtensionMode: { Production: 1, Development: 2, Test: 3 },
    StatusBarAlignment: { Left: 1, Right: 2 },
    EventEmitter,
    TreeItem,
    MarkdownString,
    ThemeColor,
    Disposable,
    Uri,
    FileSystemError,
    lm: { registerTool: disposable },
    authentication: { registerAuthenticationProvider: disposable, onDidChangeSessions: event },
    CodeActionKind: { QuickFix: { value: 'quickfix' } },
    l10n: { t: (message: string) => message },
    env: { language: 'en' },
    commands: { registerCommand: disposable, executeCommand: () => Promise.resolve(undefined) },
    window: {
      createTreeView: () => ({ dispose: noop, onDidChangeVisibility: event, visible: false }),
      registerWebviewViewProvider: () => ({ dispose: noop }),
      registerUriHandler: () => ({ dispose: noop }),
      createStatusBarItem: statusBarItem,
      createOutputChannel: () => ({ trace: noop, debug: noop, info: noop, warn: noop, error: noop, dispose: noop }),
      showErrorMessage: () => Promise.resolve(undefined),
      onDidChangeWindowState: event,
      onDidChangeVisibleTextEditors: event,
      visibleTextEditors: [],
    },
    languages: { createDiagnosticCollection: diagnosticCollection, registerCodeActionsProvider: disposable, registerDocumentLinkProvider: disposable, onDidChangeDiagnostics: event },
    workspace: {
      textDocuments: [],
      onDidOpenTextDocument: event,
      onDidChangeTextDocument: event,
      onDidCloseTextDocument: event,
      onDidChangeConfiguration: event,
      onDidGrantWorkspaceTrust: event,
      registerTextDocumentContentProvider: disposable,
      fs: emptyFileSystem,
      isTrusted: true,
      getConfiguration: () => ({ get: (_key: string, fallback?: unknown) => fallback }),
    },
  };
}

/** A first activation's context: nothing stored anywhere, production mode. */
export function createMinimalContext(): Record<string, unknown> {
  return {
    subscriptions: [],
    extensionMode: 1,
    globalStorageUri: Uri.file('/nonexistent/globalStorage'),
    extensionUri: Uri.file('/nonexistent/extension'),
    globalState: memento(),
    workspaceState: memento(),
    secrets: { get: () => Promise.resolve(undefined), store: () => Promise.resolve(), delete: () => Promise.resolve(), onDidChange: event },
    environmentVariableCollection: { persistent: true, description: undefined, clear: noop, replace: noop, delete: noop, get: () => undefined, forEach: noop },
  };
}
