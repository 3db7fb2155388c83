import vscode = require('vscode');
import type { AnalysisCache, KeptAnalysis } from './cache';
import type { AnalysisDocuments } from './documents';
import { defuseSchemes } from './inertText';
import { closingLines } from './render';

/**
 * Kept analyses as read-only documents (`twelvelabs-analysis:/<id>/Summary – kitchen.mp4.md`): the
 * text from the cache file, with the same closing lines the run wrote. Opening one sends nothing.
 */
export class KeptAnalysisContent implements vscode.TextDocumentContentProvider {
  constructor(
    private readonly cache: AnalysisCache,
    private readonly documents: AnalysisDocuments,
  ) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const id = this.documents.keptId(uri);
    const kept = id === undefined ? undefined : await this.cache.read(id);
    return kept ? renderKept(kept) : vscode.l10n.t('This analysis is no longer kept (the cache was cleared). Run "Analyze Video…" again to get it.');
  }
}

export function renderKept(kept: KeptAnalysis): string {
  const text = defuseSchemes(kept.text);
  if (kept.language === 'json') {
    return text;
  }
  return text + closingLines({ kind: 'finished', finishReason: kept.finishReason, usage: kept.usage }, kept.model, vscode.l10n);
}
