import vscode = require('vscode');

/** The scheme of the read-only documents that show an index as the API returned it. */
export const INDEX_DETAILS_SCHEME = 'twelvelabs-index';
/** The same for a video (an indexed asset) of an index. */
export const VIDEO_DETAILS_SCHEME = 'twelvelabs-video';

/**
 * Read-only documents for Show Index Details and Show Video Details, named after what they show
 * (`my-index.json`), so that closing one asks nothing: VS Code never offers to save a content
 * provider's document. The content is what the command fetched; showing the same thing again
 * refreshes the open document. One instance per scheme: a scheme has one provider.
 */
export class DetailsDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly registration: vscode.Disposable;
  private readonly closing: vscode.Disposable;

  /** `reopenHint` stands in for the content of a document reopened after a restart, which is not kept. */
  constructor(
    private readonly scheme: string,
    private readonly reopenHint: string,
  ) {
    this.registration = vscode.workspace.registerTextDocumentContentProvider(scheme, this);
    this.closing = vscode.workspace.onDidCloseTextDocument((document) => {
      if (document.uri.scheme === scheme) {
        this.contents.delete(document.uri.toString());
      }
    });
  }

  /** The document's address: `name` as the file name (made safe for a path), the ids as the query. */
  uriFor(name: string, ids: Record<string, string>): vscode.Uri {
    const fileName = name.replace(/[\\/:*?"<>|\p{Cc}\u202A-\u202E\u2066-\u2069]/gu, '_').trim() || Object.values(ids)[0] || 'details';
    const query = Object.entries(ids)
      .map(([key, value]) => `${key}=${encodeURIComponent(value)}`)
      .join('&');
    return vscode.Uri.from({ scheme: this.scheme, path: `/${fileName}.json`, query });
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
    // Reopened after a restart: say how to get the content rather than show nothing.
    return this.contents.get(uri.toString()) ?? `// ${this.reopenHint}\n`;
  }

  dispose(): void {
    this.registration.dispose();
    this.closing.dispose();
    this.changed.dispose();
  }
}
