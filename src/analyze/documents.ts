import { homedir } from 'node:os';
import vscode = require('vscode');
import type { AnalysisCache } from './cache';

/** The scheme of kept analyses opened again: read-only, named like the result, read from the cache. */
export const KEPT_SCHEME = 'twelvelabs-analysis';

export interface AnalysisTarget {
  indexId: string;
  videoId: string;
}

/**
 * Which documents are analyses, and of which video: the untitled documents a run streams into, and
 * the kept ones (whose id is in their path). Only these get timestamp links. Owned by the feature,
 * forgotten as each document closes.
 */
export class AnalysisDocuments implements vscode.Disposable {
  private readonly streamed = new Map<string, AnalysisTarget>();
  /** Documents text is still streaming into: their links wait for the end (see `linksReady`). */
  private readonly streaming = new Set<string>();
  private readonly closing: vscode.Disposable;

  constructor(private readonly cache: AnalysisCache) {
    this.closing = vscode.workspace.onDidCloseTextDocument((document) => {
      if (!isClosed(document)) {
        return;
      }
      this.streamed.delete(document.uri.toString());
      this.streaming.delete(document.uri.toString());
    });
  }

  /**
   * A free untitled name for a new result: `Summary – kitchen.mp4.md`, then `… (2).md`. VS Code takes
   * an untitled document's path as where Save writes it, without a dialog: so the path is in the
   * first workspace folder (where "Save to Workspace" would put it), else in the home folder of the
   * machine the extension runs on, and never a file that exists. (A bare name would be saved at the
   * file system's root.)
   */
  async untitledUri(title: string, language: 'markdown' | 'json'): Promise<vscode.Uri> {
    const base = fileSafe(title);
    const extension = language === 'json' ? 'json' : 'md';
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(homedir());
    const taken = new Set(vscode.workspace.textDocuments.map((document) => document.uri.toString()));
    for (let n = 1; ; n++) {
      const name = `${base}${n === 1 ? '' : ` (${n})`}.${extension}`;
      const uri = vscode.Uri.from({ scheme: 'untitled', path: vscode.Uri.joinPath(folder, name).path });
      if (!taken.has(uri.toString()) && !(await exists(vscode.Uri.joinPath(folder, name)))) {
        return uri;
      }
    }
  }

  keptUri(id: string, title: string, language: 'markdown' | 'json'): vscode.Uri {
    return vscode.Uri.from({ scheme: KEPT_SCHEME, path: `/${id}/${fileSafe(title)}.${language === 'json' ? 'json' : 'md'}` });
  }

  /** The kept analysis a `twelvelabs-analysis:` document shows. */
  keptId(uri: vscode.Uri): string | undefined {
    return uri.scheme === KEPT_SCHEME ? /^\/([0-9a-f]{32})\//.exec(uri.path)?.[1] : undefined;
  }

  registerStreamed(uri: vscode.Uri, target: AnalysisTarget): void {
    this.streamed.set(uri.toString(), target);
    this.streaming.add(uri.toString());
  }

  /** The stream into the document ended: its links are computed from the next change on (its closing lines, its language). */
  streamEnded(uri: vscode.Uri): void {
    this.streaming.delete(uri.toString());
  }

  /**
   * Whether the document's timestamp links are worth computing now: not while text streams in. The
   * editor asks for a document's links after every change, for the whole document, so each edit
   * would scan the whole text and send every link (one per line in a list of moments), and hold up
   * the next edit. A streaming result is plain text, which our provider is not registered for; this
   * covers a user who makes it Markdown before the end. Its links come with the end of the stream.
   */
  linksReady(document: vscode.TextDocument): boolean {
    return !this.streaming.has(document.uri.toString());
  }

  targetOf(uri: vscode.Uri): AnalysisTarget | undefined {
    const kept = this.keptId(uri);
    if (kept !== undefined) {
      const summary = this.cache.find(kept);
      return summary ? { indexId: summary.indexId, videoId: summary.videoId } : undefined;
    }
    return this.streamed.get(uri.toString());
  }

  dispose(): void {
    this.closing.dispose();
    this.streamed.clear();
  }
}

/**
 * Whether the document is really closed: changing a document's language (as a streamed result does
 * at its end) also fires `onDidCloseTextDocument`, then `onDidOpenTextDocument`, for the same
 * document, which stays open.
 */
export function isClosed(document: vscode.TextDocument): boolean {
  return document.isClosed || !vscode.workspace.textDocuments.includes(document);
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/** A title as a file name: no path separators, controls or characters a file system refuses. */
export function fileSafe(title: string): string {
  return title.replace(/[\\/:*?"<>|\p{Cc}\u202A-\u202E\u2066-\u2069]/gu, '_').trim().slice(0, 120) || 'Analysis';
}
