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
  private readonly closing: vscode.Disposable;

  constructor(private readonly cache: AnalysisCache) {
    this.closing = vscode.workspace.onDidCloseTextDocument((document) => this.streamed.delete(document.uri.toString()));
  }

  /** A free untitled name for a new result: `Summary – kitchen.mp4.md`, then `… (2).md`. */
  untitledUri(title: string, language: 'markdown' | 'json'): vscode.Uri {
    const base = fileSafe(title);
    const extension = language === 'json' ? 'json' : 'md';
    const taken = new Set(vscode.workspace.textDocuments.map((document) => document.uri.toString()));
    for (let n = 1; ; n++) {
      const uri = vscode.Uri.from({ scheme: 'untitled', path: `${base}${n === 1 ? '' : ` (${n})`}.${extension}` });
      if (!taken.has(uri.toString())) {
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

/** A title as a file name: no path separators, controls or characters a file system refuses. */
export function fileSafe(title: string): string {
  return title.replace(/[\\/:*?"<>|\p{Cc}\u202A-\u202E\u2066-\u2069]/gu, '_').trim().slice(0, 120) || 'Analysis';
}
