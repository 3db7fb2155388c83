import vscode = require('vscode');
import type { SearchStrings } from '../webviews/shared/searchProtocol';

/** The Search view's fixed text, localised here: the webview has no l10n of its own. */
export function searchStrings(): SearchStrings {
  return {
    index: vscode.l10n.t('Index'),
    query: vscode.l10n.t('Search query'),
    queryPlaceholder: vscode.l10n.t('Describe the moment, e.g. "a dog catching a frisbee"'),
    search: vscode.l10n.t('Search'),
    image: vscode.l10n.t('Image…'),
    imageUrlPlaceholder: vscode.l10n.t('or an image URL'),
    clearImage: vscode.l10n.t('Remove image'),
    dropHint: vscode.l10n.t('Drop an image file here (hold Shift when dragging from outside VS Code) to search by image.'),
    options: vscode.l10n.t('Options'),
    modalities: vscode.l10n.t('Look in'),
    visual: vscode.l10n.t('Visual'),
    audio: vscode.l10n.t('Audio'),
    transcription: vscode.l10n.t('Transcription'),
    operator: vscode.l10n.t('Match'),
    operatorOr: vscode.l10n.t('any of them (or)'),
    operatorAnd: vscode.l10n.t('all of them (and)'),
    groupBy: vscode.l10n.t('Group'),
    groupByClip: vscode.l10n.t('by clip'),
    groupByVideo: vscode.l10n.t('by video'),
    transcriptionMode: vscode.l10n.t('Transcription matching'),
    lexical: vscode.l10n.t('Exact words (lexical)'),
    semantic: vscode.l10n.t('Meaning (semantic)'),
    filter: vscode.l10n.t('Filter'),
    minDuration: vscode.l10n.t('Min duration (s or m:ss)'),
    maxDuration: vscode.l10n.t('Max duration'),
    filename: vscode.l10n.t('File name'),
    metadataKey: vscode.l10n.t('Metadata key'),
    metadataValue: vscode.l10n.t('Metadata value'),
    recent: vscode.l10n.t('Recent searches'),
    loadMore: vscode.l10n.t('Load more'),
    copyAsCode: vscode.l10n.t('Copy as Code…'),
    rank: vscode.l10n.t('rank {0}'),
    results: vscode.l10n.t('{0} results'),
    searching: vscode.l10n.t('Searching…'),
    resultLabel: vscode.l10n.t('Search results'),
    openHint: vscode.l10n.t('Enter or click to play this moment'),
  };
}
