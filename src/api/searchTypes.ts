/**
 * Requests and wire shapes of `POST /search` and `GET /search/{page-token}`, the limits the client
 * checks before sending, and the error codes a caller branches on. Types, constants and small pure
 * functions only: the Search view imports this module on the activation path, so it must never pull
 * in axios or form-data (like assetTypes.ts).
 *
 * Wire shapes are named as the server names them (snake_case); our own request is camelCase.
 */
import { TwelveLabsError } from './errors';
import type { UserMetadata } from './assetTypes';

export type SearchOption = 'visual' | 'audio' | 'transcription';
export type SearchGroupBy = 'clip' | 'video';
export type SearchOperator = 'or' | 'and';
export type TranscriptionMode = 'lexical' | 'semantic';

export const SEARCH_OPTIONS: readonly SearchOption[] = ['visual', 'audio', 'transcription'];
export const TRANSCRIPTION_MODES: readonly TranscriptionMode[] = ['lexical', 'semantic'];

/** `page_limit`: "**Max**: `50`". */
export const MAX_SEARCH_PAGE_LIMIT = 50;
/** `page_limit`: `"default": 10`. */
export const DEFAULT_SEARCH_PAGE_LIMIT = 10;
/** The Search view asks for more than the API's default: a side bar shows about ten cards, Load more is the rest. */
export const SEARCH_VIEW_RESULTS_PER_PAGE = 20;
/** "Provide up to 10 images by specifying the following parameters multiple times". */
export const MAX_SEARCH_QUERY_IMAGES = 10;
/**
 * "Marengo supports up to 500 tokens per query." Tokens cannot be counted here, but every
 * whitespace-separated word is at least one, so more than 500 words is certainly too long.
 */
export const MAX_SEARCH_QUERY_TOKENS = 500;
/** Marengo's image requirements: "Maximum file size: 32 MB" (decimal, as the API states its limits). */
export const MAX_SEARCH_IMAGE_BYTES = 32_000_000;

/** An image query: a public URL, or a local file streamed from disk. */
export type SearchQueryMedia = { type: 'image'; url: string } | { type: 'image'; path: string };

export interface SearchRequest {
  indexId: string;
  /** Sent as one `search_options` part per option, as the spec's example does. */
  searchOptions: SearchOption[];
  queryText?: string;
  /** An image query: a public URL, or a local file streamed from disk. Up to 10 (a list). */
  queryMedia?: SearchQueryMedia | SearchQueryMedia[];
  /** Only with the `transcription` option; the server's default is both. */
  transcriptionOptions?: TranscriptionMode[];
  groupBy?: SearchGroupBy;
  operator?: SearchOperator;
  /** 1..50; the server's default is 10. */
  pageLimit?: number;
  /** Sent as a JSON string: `{"duration": {"gte": 10}}`, `{"id": [...]}`, `{"filename": "..."}`, user metadata `{"key": value}`. */
  filter?: Record<string, unknown>;
  includeUserMetadata?: boolean;
}

export interface SearchPageOptions {
  signal?: AbortSignal;
  /** `include_user_metadata` of `GET /search/{page-token}`. */
  includeUserMetadata?: boolean;
}

export interface SearchClip {
  /** Seconds. */
  start: number;
  end: number;
  video_id: string;
  /** 1 is the most relevant. */
  rank?: number;
  /** Only for indexes with the `thumbnail` add-on; expires after one hour. */
  thumbnail_url?: string;
  transcription?: string;
  user_metadata?: UserMetadata;
}

/** group_by=clip: a clip; group_by=video: `id` (the video) with its `clips`. */
export interface SearchResult extends Partial<SearchClip> {
  id?: string;
  clips?: SearchClip[];
}

export interface SearchPageInfo {
  limit_per_page?: number;
  total_results?: number;
  /** With group_by=video: how many clips matched in all. */
  total_inner_matches?: number;
  /** RFC 3339: after it, the tokens of this page are refused. */
  page_expires_at?: string;
  next_page_token?: string;
  prev_page_token?: string;
}

export interface SearchPool {
  total_count?: number;
  total_duration?: number;
  index_id?: string;
}

export interface SearchPage {
  data: SearchResult[];
  page_info: SearchPageInfo;
  search_pool?: SearchPool;
  /** Results the server sent that were left out as malformed (absent when none were). */
  skipped?: number;
}

/**
 * The code of a page token the server no longer takes ("expired or invalid. You must make a new
 * search request"). `searchPage` gives every 400/410 this code, whatever body came with it: the
 * spec's body for that call is `{error_code: integer, message}`, whose integer no document lists.
 */
export const SEARCH_TOKEN_EXPIRED_CODE = 'search_page_token_expired';
export const SEARCH_TOKEN_EXPIRED_CODES: readonly string[] = [SEARCH_TOKEN_EXPIRED_CODE];

/** Whether `error` says to run the search again for a fresh first page. */
export function isSearchTokenExpired(error: unknown): boolean {
  return error instanceof TwelveLabsError && SEARCH_TOKEN_EXPIRED_CODES.includes(error.code);
}

/** The images of a request as a list. */
export function searchQueryMedia(request: Pick<SearchRequest, 'queryMedia'>): SearchQueryMedia[] {
  const media = request.queryMedia;
  return media === undefined ? [] : Array.isArray(media) ? media : [media];
}

/**
 * Refuses, before anything is sent, a request the server would refuse: kind `http`, status 0 (as
 * the client's other checks), and the server's own codes (`parameter_not_provided`,
 * `parameter_invalid`), so a caller handles a refusal from either side the same way.
 */
export function checkSearchRequest(request: SearchRequest): void {
  if (request.indexId.trim() === '') {
    throw notProvided('index_id', 'Choose the index to search.');
  }
  if (request.searchOptions.length === 0) {
    throw notProvided('search_options', 'Choose at least one of visual, audio and transcription.');
  }
  const unknown = request.searchOptions.find((option) => !SEARCH_OPTIONS.includes(option));
  if (unknown !== undefined || new Set(request.searchOptions).size < request.searchOptions.length) {
    throw invalid('search_options', 'Each of visual, audio and transcription may be given once.');
  }
  const text = request.queryText?.trim() ?? '';
  const media = searchQueryMedia(request);
  if (text === '' && media.length === 0) {
    throw notProvided('query_text', 'Type what to search for, or give an image.');
  }
  if (text.split(/\s+/).length > MAX_SEARCH_QUERY_TOKENS) {
    throw invalid('query_text', `A query may be at most ${MAX_SEARCH_QUERY_TOKENS} tokens long; shorten it.`);
  }
  if (media.length > MAX_SEARCH_QUERY_IMAGES) {
    throw invalid('query_media_url', `A search takes at most ${MAX_SEARCH_QUERY_IMAGES} images.`);
  }
  for (const item of media) {
    if ('url' in item && !/^https?:\/\/\S+$/i.test(item.url)) {
      throw invalid('query_media_url', 'An image URL must be a public http or https address.');
    }
    if ('path' in item && item.path === '') {
      throw notProvided('query_media_file', 'Choose the image file.');
    }
  }
  if (request.transcriptionOptions !== undefined) {
    if (!request.searchOptions.includes('transcription')) {
      throw invalid('transcription_options', 'Transcription options apply only with the transcription search option.');
    }
    if (request.transcriptionOptions.length === 0 || !request.transcriptionOptions.every((mode) => TRANSCRIPTION_MODES.includes(mode))) {
      throw invalid('transcription_options', 'Choose lexical, semantic or both.');
    }
  }
  const limit = request.pageLimit;
  if (limit !== undefined && (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_SEARCH_PAGE_LIMIT)) {
    throw invalid('page_limit', `A page holds 1 to ${MAX_SEARCH_PAGE_LIMIT} results.`);
  }
  if (request.filter !== undefined && (typeof request.filter !== 'object' || request.filter === null || Array.isArray(request.filter))) {
    throw invalid('filter', 'The filter must be an object, such as {"duration": {"gte": 60}}.');
  }
}

function notProvided(parameter: string, hint: string): TwelveLabsError {
  return new TwelveLabsError('http', 0, 'parameter_not_provided', `The ${parameter} parameter is required. ${hint}`);
}

function invalid(parameter: string, hint: string): TwelveLabsError {
  return new TwelveLabsError('http', 0, 'parameter_invalid', `The ${parameter} parameter is invalid. ${hint}`);
}
