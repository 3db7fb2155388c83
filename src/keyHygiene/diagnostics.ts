import vscode = require('vscode');
import { type FindingKind, IGNORE_LINE_MARKER } from './detector';

export const DIAGNOSTIC_SOURCE = 'Twelve Labs';

/** Diagnostic codes: they say which kind of finding it is, never which key. */
export const DiagnosticCodes = {
  stored: 'stored-api-key',
  keyShaped: 'key-shaped-string',
} as const satisfies Record<FindingKind, string>;

export function findingKindOf(diagnostic: vscode.Diagnostic): FindingKind | undefined {
  if (diagnostic.source !== DIAGNOSTIC_SOURCE) {
    return undefined;
  }
  const code = typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code;
  return code === DiagnosticCodes.stored ? 'stored' : code === DiagnosticCodes.keyShaped ? 'keyShaped' : undefined;
}

/**
 * The problem for one finding; the message leads with what it is, so the Problems panel's one line
 * says it. Your own stored key is an error: it is certainly a live key. The range alone marks the
 * key: message, code and source never contain it.
 */
export function keyDiagnostic(range: vscode.Range, kind: FindingKind, variableName: string): vscode.Diagnostic {
  const message =
    kind === 'stored'
      ? vscode.l10n.t(
          'Twelve Labs API key in source: your stored key is written here. Anyone who can read this file, or its history once committed, can use it. Read it from {0} instead, and rotate the key: it has been exposed.',
          variableName,
        )
      : vscode.l10n.t(
          'Possible Twelve Labs API key in source. Keys in code end up in version control and shared files. Read it from {0} instead, and rotate the key if this file was shared or committed. Not a key? Add a "{1}" comment on this line.',
          variableName,
          IGNORE_LINE_MARKER,
        );
  const diagnostic = new vscode.Diagnostic(range, message, kind === 'stored' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning);
  diagnostic.source = DIAGNOSTIC_SOURCE;
  diagnostic.code = DiagnosticCodes[kind];
  return diagnostic;
}

/**
 * The one DiagnosticCollection that both the open-document scanner and the workspace scan report
 * into. An open document's live findings win over what the workspace scan read from disk.
 */
export class KeyDiagnostics implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('twelvelabs-keys');
  /** URIs the last workspace scan reported, so the next scan can clear those that are clean now. */
  private readonly fromScan = new Set<string>();

  setForDocument(uri: vscode.Uri, diagnostics: vscode.Diagnostic[]): void {
    this.collection.set(uri, diagnostics);
  }

  /** A document closed: its live findings go, unless the workspace scan reported this file (they still apply on disk). */
  documentClosed(uri: vscode.Uri): void {
    if (!this.fromScan.has(uri.toString())) {
      this.collection.delete(uri);
    }
  }

  /** Called when a workspace scan starts: results of the previous scan are replaced, not added to. */
  beginScan(isOpen: (uri: vscode.Uri) => boolean): void {
    this.collection.forEach((uri) => {
      if (this.fromScan.has(uri.toString()) && !isOpen(uri)) {
        this.collection.delete(uri);
      }
    });
    this.fromScan.clear();
  }

  setFromScan(uri: vscode.Uri, diagnostics: vscode.Diagnostic[]): void {
    if (diagnostics.length === 0) {
      this.collection.delete(uri);
      return;
    }
    this.fromScan.add(uri.toString());
    this.collection.set(uri, diagnostics);
  }

  /** A file or folder was deleted: its findings (and those of everything under it) no longer point anywhere. */
  deleted(uri: vscode.Uri): void {
    const prefix = `${uri.toString()}/`;
    this.collection.forEach((candidate) => {
      const key = candidate.toString();
      if (key === uri.toString() || key.startsWith(prefix)) {
        this.collection.delete(candidate);
        this.fromScan.delete(key);
      }
    });
  }

  markScanned(uri: vscode.Uri): void {
    this.fromScan.add(uri.toString());
  }

  /** Counts per kind, for the test API: kinds and positions only. */
  summary(): { uri: string; stored: number; keyShaped: number }[] {
    const rows: { uri: string; stored: number; keyShaped: number }[] = [];
    this.collection.forEach((uri, diagnostics) => {
      const kinds = diagnostics.map(findingKindOf);
      rows.push({ uri: uri.toString(), stored: kinds.filter((k) => k === 'stored').length, keyShaped: kinds.filter((k) => k === 'keyShaped').length });
    });
    return rows;
  }

  dispose(): void {
    this.collection.dispose();
  }
}
