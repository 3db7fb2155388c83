import vscode = require('vscode');
import type { Logger } from '../common/logging/logger';
import { type KeyFinding, scanInChunks, stringSource } from './detector';
import { keyDiagnostic, type KeyDiagnostics } from './diagnostics';
import { ScanScheduler, type DocumentVersion, type SchedulerStats } from './scheduler';
import { SCANNED_SCHEMES } from './schemes';
import type { StoredKeyTracker } from './storedKey';

/**
 * Larger documents are not scanned while open: VS Code itself stops syncing documents to extensions
 * at 50 MB, and a minified bundle of this size is not where keys get pasted. The workspace scan has
 * its own, lower bound for files on disk.
 */
export const MAX_DOCUMENT_CHARS = 16 * 1024 * 1024;

export const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Scans open documents for keys: at once when opened, debounced while typing, again for every open
 * document when the stored key changes. Each scan reads the text once and searches it in chunks,
 * yielding between them, and gives up as soon as a newer version exists.
 */
export class DocumentScanner implements vscode.Disposable {
  private readonly scheduler: ScanScheduler;
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly tooLarge = new Set<string>();

  constructor(
    private readonly diagnostics: KeyDiagnostics,
    private readonly storedKey: StoredKeyTracker,
    private readonly variableName: () => string,
    private readonly logger: Logger,
  ) {
    this.scheduler = new ScanScheduler(
      { setTimeout: (callback, ms) => setTimeout(callback, ms), clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>) },
      (document, isStale) => this.scan(document, isStale),
      undefined,
      (error) => this.logger.warn('Scanning a document for hard-coded keys failed.', error),
    );
    this.subscriptions.push(
      vscode.workspace.onDidOpenTextDocument((document) => this.request(document, true)),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length > 0) {
          this.request(event.document, false);
        }
      }),
      vscode.workspace.onDidCloseTextDocument((document) => {
        this.scheduler.forget(document.uri.toString());
        this.diagnostics.documentClosed(document.uri);
      }),
      storedKey.onDidChange(() => this.rescanAll()),
    );
    vscode.workspace.textDocuments.forEach((document) => this.request(document, true));
  }

  /** Every open document again, at once: the stored key (or the variable name in the messages) changed. */
  rescanAll(): void {
    this.scheduler.invalidateAll();
    vscode.workspace.textDocuments.forEach((document) => this.request(document, true));
  }

  isScanned(document: vscode.TextDocument): boolean {
    return SCANNED_SCHEMES.includes(document.uri.scheme);
  }

  /** Resolves once no scan is pending or running. */
  idle(): Promise<void> {
    return this.scheduler.idle();
  }

  stats(): SchedulerStats {
    return this.scheduler.stats();
  }

  dispose(): void {
    this.scheduler.dispose();
    vscode.Disposable.from(...this.subscriptions).dispose();
  }

  private request(document: vscode.TextDocument, immediate: boolean): void {
    if (!this.isScanned(document)) {
      return;
    }
    // offsetAt clamps to the end, so this is the length without building the text.
    const length = document.offsetAt(new vscode.Position(document.lineCount, 0));
    this.scheduler.request({ key: document.uri.toString(), version: document.version, length }, immediate);
  }

  private async scan(target: DocumentVersion, isStale: () => boolean): Promise<boolean> {
    const document = vscode.workspace.textDocuments.find((candidate) => candidate.uri.toString() === target.key);
    if (!document || document.version !== target.version) {
      return false;
    }
    if (target.length > MAX_DOCUMENT_CHARS) {
      if (!this.tooLarge.has(target.key)) {
        this.tooLarge.add(target.key);
        this.logger.info(`Not scanning ${document.uri.toString(true)} for hard-coded keys: it is larger than ${MAX_DOCUMENT_CHARS / 1024 / 1024} MB.`);
      }
      return true;
    }
    const result = await scanInChunks(stringSource(document.getText()), this.storedKey.all(), {
      yieldToEventLoop,
      isCancelled: () => isStale() || document.isClosed || document.version !== target.version,
    });
    if (result.cancelled || isStale()) {
      return false;
    }
    this.diagnostics.setForDocument(document.uri, this.toDiagnostics(document, result.findings));
    if (result.findings.length > 0) {
      this.logger.debug(`${result.findings.length} hard-coded key(s) in ${document.uri.toString(true)} (version ${target.version}).`);
    }
    return true;
  }

  private toDiagnostics(document: vscode.TextDocument, findings: KeyFinding[]): vscode.Diagnostic[] {
    const variable = this.variableName();
    return findings.map((finding) => keyDiagnostic(new vscode.Range(document.positionAt(finding.start), document.positionAt(finding.end)), finding.kind, variable));
  }
}
