import vscode = require('vscode');

/**
 * The data provider the shell registers for a view whose real provider lives in the features bundle.
 * VS Code asks for children only when the view is shown: that first question loads the features,
 * which `attach` their provider, and from then on every call is forwarded.
 */
export class LazyTreeProvider<T> implements vscode.TreeDataProvider<T>, vscode.Disposable {
  private delegate: vscode.TreeDataProvider<T> | undefined;
  private forwarding: vscode.Disposable | undefined;
  private readonly changed = new vscode.EventEmitter<T | T[] | undefined | null | void>();
  readonly onDidChangeTreeData = this.changed.event;

  /** `load` makes the features attach their provider; false when they could not be loaded. */
  constructor(private readonly load: () => boolean) {}

  attach(delegate: vscode.TreeDataProvider<T>): vscode.Disposable {
    this.forwarding?.dispose();
    this.delegate = delegate;
    this.forwarding = delegate.onDidChangeTreeData?.((element) => this.changed.fire(element));
    return {
      dispose: () => {
        if (this.delegate === delegate) {
          this.forwarding?.dispose();
          this.forwarding = undefined;
          this.delegate = undefined;
        }
      },
    };
  }

  getChildren(element?: T): vscode.ProviderResult<T[]> {
    if (!this.delegate && !this.load()) {
      return [];
    }
    return this.delegate?.getChildren(element) ?? [];
  }

  getTreeItem(element: T): vscode.TreeItem | Thenable<vscode.TreeItem> {
    // Every element came from the delegate's getChildren, so it is there.
    return this.delegate?.getTreeItem(element) ?? new vscode.TreeItem('');
  }

  getParent(element: T): vscode.ProviderResult<T> {
    return this.delegate?.getParent?.(element);
  }

  dispose(): void {
    this.forwarding?.dispose();
    this.changed.dispose();
  }
}
