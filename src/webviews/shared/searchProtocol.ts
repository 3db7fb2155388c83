/**
 * What the Search view's host and its webview say to each other. Types only: both programs (the
 * extension host's and the webview's) compile this file, so it uses neither Node nor the DOM. The
 * host validates every message it receives (src/search/messages.ts): the webview is not trusted.
 */

export type Modality = 'visual' | 'audio' | 'transcription';
export type TranscriptionModeName = 'lexical' | 'semantic';

export interface SearchForm {
  text: string;
  /** A public image URL typed into the view; a picked or dropped file is held by the host. */
  imageUrl: string;
  modalities: Modality[];
  operator: 'or' | 'and';
  groupBy: 'clip' | 'video';
  transcriptionModes: TranscriptionModeName[];
  filter: {
    minDuration: string;
    maxDuration: string;
    filename: string;
    metadataKey: string;
    metadataValue: string;
  };
}

export interface ResultCard {
  /** Stable within one search: what the webview sends back to open it. */
  key: string;
  videoId: string;
  filename: string;
  start: number;
  end: number;
  rank?: number;
  thumbnailUrl?: string;
  transcription?: string;
}

export interface ResultGroup {
  /** The video, when grouped by video; absent for one flat list of clips. */
  videoId?: string;
  filename?: string;
  cards: ResultCard[];
}

export interface ViewAction {
  id: 'setKey' | 'retry' | 'rotateKey' | 'pickIndex' | 'openSettings' | 'showLog' | 'refreshIndexes';
  label: string;
}

export type SearchStatus = 'noKey' | 'noIndex' | 'idle' | 'searching' | 'results' | 'empty' | 'error' | 'rateLimited';

export interface SearchViewState {
  status: SearchStatus;
  indexes: { id: string; name: string }[];
  indexId: string | undefined;
  form: SearchForm;
  /** Bumped when the host sets the form (a recent query, another index): only then is it drawn over what the user typed. */
  formVersion: number;
  /** The name of a picked or dropped image file, when the query has one. */
  imageFile: string | undefined;
  recent: string[];
  groups: ResultGroup[];
  totalResults: number | undefined;
  canLoadMore: boolean;
  loadingMore: boolean;
  /** What the view says above the results (an error, the empty state, a re-run query). */
  message: { text: string; severity: 'info' | 'warning' | 'error'; actions: ViewAction[] } | undefined;
  /** The query's words, to be marked in the transcription snippets. */
  markWords: string[];
  strings: SearchStrings;
}

/** The view's fixed text, localised by the host (the webview has no l10n of its own). */
export interface SearchStrings {
  index: string;
  query: string;
  queryPlaceholder: string;
  search: string;
  image: string;
  imageUrlPlaceholder: string;
  clearImage: string;
  dropHint: string;
  options: string;
  modalities: string;
  visual: string;
  audio: string;
  transcription: string;
  operator: string;
  operatorOr: string;
  operatorAnd: string;
  groupBy: string;
  groupByClip: string;
  groupByVideo: string;
  transcriptionMode: string;
  lexical: string;
  semantic: string;
  filter: string;
  minDuration: string;
  maxDuration: string;
  filename: string;
  metadataKey: string;
  metadataValue: string;
  recent: string;
  loadMore: string;
  copyAsCode: string;
  rank: string;
  results: string;
  searching: string;
  resultLabel: string;
  openHint: string;
  analyze: string;
}

export type SearchHostMessage = { type: 'state'; state: SearchViewState } | { type: 'focusQuery' };

export type SearchWebviewMessage =
  | { type: 'ready' }
  | { type: 'search'; form: SearchForm }
  | { type: 'selectIndex'; indexId: string }
  | { type: 'loadMore' }
  | { type: 'open'; key: string }
  /** Analyze Video… on the card's clip. */
  | { type: 'analyze'; key: string }
  | { type: 'pickImage' }
  | { type: 'dropImage'; uri: string }
  | { type: 'clearImage' }
  | { type: 'copyAsCode'; form: SearchForm }
  | { type: 'action'; id: ViewAction['id'] }
  | { type: 'thumbnailFailed'; key: string };
