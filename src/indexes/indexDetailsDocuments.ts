import vscode = require('vscode');

/** The scheme of the read-only documents that show an index as the API returned it. */
export const INDEX_DETAILS_SCHEME = 'twelvelabs-index';

/**
 * Read-only documents for Show Index Details, named after the index (`my-index.json`), so that
 * closing one asks nothing: VS Code never offers to save a content provider's document. The content
 * is what the command fetched; showing the same index again refreshes the open document.
 */
export class IndexDetailsDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly registration = vscode.workspace.registerTextDocumentContentProvider(INDEX_DETAILS_SCHEME, this);
  private readonly closing = vscode.workspace.onDidCloseTextDocument((document) => {
    if (document.uri.scheme === INDEX_DETAILS_SCHEME) {
      this.contents.delete(document.uri.toString());
    }
  });

  /** The document's address for an index: its name as the file name (made safe for a path), its id as the query. */
  static uriFor(indexId: string, indexName: string): vscode.Uri {
    const fileName = indexName.replace(/[\\/:*?"<>|\p{Cc}\u202A-\u202E\u2066-\u2069]/gu, '_').trim() || indexId;
    return vscode.Uri.from({ scheme: INDEX_DETAILS_SCHEME, path: `/${fileName}.json`, query: `id=${encodeURIComponent(indexId)}` });
  }

  async show(uri: vscode.Uri, content: string): Promise<vscode.TextEditor> {
    const key = uri.toString();
    const known = this.contents.has(key);
    this.contents.set(key, content);
    if (known) {
      this.changed.fire(uri);
    }
    const document = await vscode.workspace.openTextDocument(uri);
    return vscode.window.showTextDocument(document, { preview: true });
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    // Reopened after a restart: the content is not kept, so say how to get it rather than show nothing.
    return this.contents.get(uri.toString()) ?? `// ${vscode.l10n.t('Run "Show Index Details" again to load this index.')}\n`;
  }

  dispose(): void {
    this.registration.dispose();
    this.closing.dispose();
    this.changed.dispose();
  }
}
