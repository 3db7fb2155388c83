import vscode = require('vscode');
import { CommandIds } from '../common/commandIds';
import type { AnalysisDocuments } from './documents';
import { findTimestamps } from './timestamps';

/**
 * The moments written in an analysis as links that open the player there. Registered for Markdown
 * and JSON, but answers only for documents that are analyses (see AnalysisDocuments): a moment in
 * any other file stays text. These are the only links made from the model's text; their target is
 * built here from the document's video and the parsed seconds, never from the text itself.
 */
export function registerTimestampLinks(documents: AnalysisDocuments): vscode.Disposable {
  const provider: vscode.DocumentLinkProvider = {
    provideDocumentLinks(document: vscode.TextDocument): vscode.DocumentLink[] {
      const target = documents.targetOf(document.uri);
      if (!target || !documents.linksReady(document)) {
        return [];
      }
      return findTimestamps(document.getText()).map((found) => {
        const args = [{ indexId: target.indexId, videoId: target.videoId, start: found.start, ...(found.end === undefined ? {} : { end: found.end }) }];
        const link = new vscode.DocumentLink(
          new vscode.Range(document.positionAt(found.from), document.positionAt(found.to)),
          vscode.Uri.parse(`command:${CommandIds.playVideo}?${encodeURIComponent(JSON.stringify(args))}`),
        );
        link.tooltip = vscode.l10n.t('Play the video from here');
        return link;
      });
    },
  };
  return vscode.languages.registerDocumentLinkProvider(
    [
      { scheme: 'untitled', language: 'markdown' },
      { scheme: 'untitled', language: 'json' },
      { scheme: 'twelvelabs-analysis' },
    ],
    provider,
  );
}
