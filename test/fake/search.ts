// POST /search and GET /search/{page-token}: deterministic relevance over what the fake knows of
// each ready video of the index (its transcript lines, its file name, seeded sounds), so that tests
// can say in advance what a query finds and in which order.
//
// Relevance (README "Search"):
// - Query terms: the words of `query_text`, lowercased, split on anything but letters and digits,
//   without stopwords ("the", "a", ...) unless nothing else is left. An image query adds the words of
//   the image's name (the URL's last path segment, or the uploaded file's name, without extension),
//   for the `visual` option only: the fake "sees" an image of `dog.png` as a dog.
// - Segments: each transcript line of a video is one candidate clip, `[start, end]` of the line; a
//   video without lines is one segment over its whole duration.
// - Per option, a segment's score is how many distinct terms its modality contains:
//   `transcription` the line's words (`lexical`: the same word; `semantic`: also a shared stem, one
//   word a prefix of the other and the shorter at least 3 letters; both by default); `visual` the
//   words of the file name (stem matching); `audio` the words of seeded sounds overlapping the
//   segment (stem matching).
// - `operator=or` (default) keeps segments whose total is above 0; `and` those that score in every
//   requested option. Results are ordered by total score (descending), then by video (oldest
//   indexed first), then by start; `rank` counts 1, 2, 3... in that order over the whole result.
// - `group_by=video`: one item per video, in the order of its best clip, with its clips.
import { randomBytes } from 'node:crypto';
import { isFile, noQueryAllowed, OBJECT_ID } from './bodies';
import { apiError, json, type MultipartFile, type MultipartFields, type Outcome } from './http';
import type { StoredIndexedAsset, TranscriptionLine } from './indexedAssets';
import type { MediaOrigin } from './media';
import { contentTypeInvalid, parameterInvalid, parameterInvalidBecause, parameterNotProvided, parameterUnknown, resourceNotExist } from './messages';
import type { Route, RouteContext } from './routes';
import { iso, type StoredIndex } from './state';

type SearchOption = 'visual' | 'audio' | 'transcription';
type TranscriptionMode = 'lexical' | 'semantic';

const SEARCH_OPTIONS: readonly SearchOption[] = ['visual', 'audio', 'transcription'];
const TRANSCRIPTION_MODES: readonly TranscriptionMode[] = ['lexical', 'semantic'];
const FIELDS = [
  'index_id',
  'search_options',
  'query_text',
  'query_media_type',
  'query_media_url',
  'query_media_file',
  'transcription_options',
  'group_by',
  'operator',
  'page_limit',
  'filter',
  'include_user_metadata',
];
/** Fields the spec repeats ("specifying this parameter multiple times"); any other given twice is refused. */
const LIST_FIELDS = ['search_options', 'transcription_options', 'query_media_url', 'query_media_file'];
const MAX_PAGE_LIMIT = 50;
const DEFAULT_PAGE_LIMIT = 10;
const MAX_IMAGES = 10;
/** "Marengo supports up to 500 tokens per query"; the fake counts words [?]. */
const MAX_QUERY_WORDS = 500;
/** Marengo's image requirements: JPEG or PNG, at most 32 MB. */
const MAX_IMAGE_BYTES = 32_000_000;
const IMAGE_TYPES = ['image/jpeg', 'image/png'];
const STOPWORDS = new Set(['a', 'an', 'and', 'are', 'as', 'at', 'by', 'for', 'from', 'in', 'into', 'is', 'it', 'of', 'on', 'or', 'the', 'to', 'with']);
const RANGE_FIELDS = ['duration', 'width', 'height', 'size'] as const;
/** Page tokens live this long by default [?]: the documents give `page_expires_at` but no lifetime. */
export const DEFAULT_SEARCH_PAGE_TTL_MS = 60 * 60 * 1000;
/**
 * The spec's body for a refused page token is `{error_code: integer, message}`; no document lists
 * the integer [?]. The message is the error-codes page's `search_page_token_expired` text.
 */
export const SEARCH_TOKEN_ERROR_CODE_NUMBER = 400;

export interface SearchSettings {
  pageTtlMs: number;
  /** `error_code`: the spec's `{error_code: 400, message}`; `code`: `{code: 'search_page_token_expired', message}` (the error-codes page's code; off-spec for validateResponses). */
  tokenErrorBody: 'error_code' | 'code';
}

/** One clip of a result, before it is put on the wire (thumbnails are signed when a page is sent). */
interface Hit {
  video: StoredIndexedAsset;
  start: number;
  end: number;
  score: number;
  rank: number;
  transcription: string | undefined;
}

interface StoredSearch {
  index: StoredIndex;
  /** Clips, or groups of clips of one video, in rank order. */
  items: Hit[][];
  grouped: boolean;
  limit: number;
  includeUserMetadata: boolean;
  expiresAt: number;
  /** The token of each page (page 0 has one too, for `prev_page_token`). */
  tokens: string[];
  clipCount: number;
  pool: { total_count: number; total_duration: number; index_id: string };
}

export class SearchBook {
  private readonly byToken = new Map<string, { search: StoredSearch; page: number }>();

  constructor(
    private readonly now: () => Date,
    private readonly media: Pick<MediaOrigin, 'thumbnailUrl'>,
    readonly settings: SearchSettings,
  ) {}

  /** Every token issued so far is refused from now on. */
  expireAll(): void {
    for (const { search } of this.byToken.values()) search.expiresAt = Number.NEGATIVE_INFINITY;
  }

  start(search: Omit<StoredSearch, 'tokens' | 'expiresAt'>): Record<string, unknown> {
    const pages = Math.max(1, Math.ceil(search.items.length / search.limit));
    const stored: StoredSearch = { ...search, expiresAt: this.now().getTime() + this.settings.pageTtlMs, tokens: [] };
    for (let page = 0; page < pages; page++) {
      const token = randomBytes(16).toString('hex');
      stored.tokens.push(token);
      this.byToken.set(token, { search: stored, page });
    }
    return this.pageWire(stored, 0, search.includeUserMetadata);
  }

  /** Undefined for an unknown or expired token. */
  page(token: string, includeUserMetadata: boolean | undefined): Record<string, unknown> | undefined {
    const found = this.byToken.get(token);
    if (!found || this.now().getTime() > found.search.expiresAt) return undefined;
    return this.pageWire(found.search, found.page, includeUserMetadata ?? found.search.includeUserMetadata);
  }

  private pageWire(search: StoredSearch, page: number, includeUserMetadata: boolean): Record<string, unknown> {
    const thumbnails = search.index.addons.includes('thumbnail');
    const clip = (hit: Hit): Record<string, unknown> => {
      const wire: Record<string, unknown> = { start: hit.start, end: hit.end, video_id: hit.video.id, rank: hit.rank };
      if (thumbnails) wire.thumbnail_url = this.media.thumbnailUrl(hit.video.id, hit.start);
      if (hit.transcription !== undefined) wire.transcription = hit.transcription;
      if (includeUserMetadata) wire.user_metadata = { ...hit.video.userMetadata };
      return wire;
    };
    const data = search.items.slice(page * search.limit, (page + 1) * search.limit).map((group) => {
      if (!search.grouped) return clip(group[0]);
      const item: Record<string, unknown> = { id: group[0].video.id, clips: group.map(clip) };
      if (includeUserMetadata) item.user_metadata = { ...group[0].video.userMetadata };
      return item;
    });
    const info: Record<string, unknown> = {
      limit_per_page: search.limit,
      total_results: search.items.length,
      page_expires_at: iso(Number.isFinite(search.expiresAt) ? search.expiresAt : this.now().getTime()),
    };
    if (search.grouped) info.total_inner_matches = search.clipCount;
    if (page + 1 < search.tokens.length) info.next_page_token = search.tokens[page + 1];
    if (page > 0) info.prev_page_token = search.tokens[page - 1];
    return { data, page_info: info, search_pool: { ...search.pool } };
  }
}

// ---------------------------------------------------------------------------------------------
// Relevance

function words(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== '');
}

/** Distinct query terms without stopwords, unless the query is nothing but stopwords. */
export function queryTerms(text: string): string[] {
  const all = [...new Set(words(text))];
  const kept = all.filter((word) => !STOPWORDS.has(word));
  return kept.length > 0 ? kept : all;
}

/** `dog` and `dogs`, `run` and `running`: one is a prefix of the other, the shorter at least 3 letters. */
function shareStem(a: string, b: string): boolean {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  return short.length >= 3 && long.startsWith(short);
}

function countMatches(terms: readonly string[], text: readonly string[], modes: readonly TranscriptionMode[]): number {
  const exact = new Set(text);
  return terms.filter((term) => (modes.includes('lexical') && exact.has(term)) || (modes.includes('semantic') && text.some((word) => shareStem(word, term)))).length;
}

function filenameWords(filename: string): string[] {
  return words(filename.replace(/\.[A-Za-z0-9]+$/, ''));
}

interface Query {
  options: SearchOption[];
  textTerms: string[];
  imageTerms: string[];
  modes: TranscriptionMode[];
  operator: 'or' | 'and';
}

function overlaps(line: TranscriptionLine, start: number, end: number): boolean {
  return line.start < end && line.end > start;
}

/** The scored segments of one video that the operator keeps. */
function scoreVideo(video: StoredIndexedAsset, query: Query): Omit<Hit, 'rank'>[] {
  const lines: (TranscriptionLine | undefined)[] = video.transcription.length > 0 ? video.transcription : [undefined];
  const seen = filenameWords(video.filename);
  const stems: TranscriptionMode[] = ['semantic'];
  const hits: Omit<Hit, 'rank'>[] = [];
  for (const line of lines) {
    const start = line?.start ?? 0;
    const end = line?.end ?? video.duration;
    const scores = query.options.map((option) => {
      if (option === 'transcription') return line ? countMatches(query.textTerms, words(line.value), query.modes) : 0;
      if (option === 'visual') return countMatches(query.textTerms, seen, stems) + countMatches(query.imageTerms, seen, stems);
      const heard = video.sounds.filter((sound) => overlaps(sound, start, end)).flatMap((sound) => words(sound.value));
      return countMatches(query.textTerms, heard, stems);
    });
    const total = scores.reduce((sum, score) => sum + score, 0);
    const kept = query.operator === 'and' ? scores.every((score) => score > 0) : total > 0;
    if (kept) hits.push({ video, start, end, score: total, transcription: line && query.options.includes('transcription') ? line.value : undefined });
  }
  return hits;
}

// ---------------------------------------------------------------------------------------------
// Filters

type Filter = (video: StoredIndexedAsset) => boolean;

function filterInvalid(): Outcome {
  return apiError(400, 'search_filter_invalid', 'Filter used in search is invalid. Please use the valid filter syntax by following filtering documentation.');
}

function isPlain(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `number` or `{gte?, lte?}` (at least one, numbers only): the spec's numeric syntax. */
function numericCondition(condition: unknown): ((value: number | undefined) => boolean) | undefined {
  if (typeof condition === 'number' && Number.isFinite(condition)) return (value) => value === condition;
  if (!isPlain(condition)) return undefined;
  const keys = Object.keys(condition);
  if (keys.length === 0 || !keys.every((k) => (k === 'gte' || k === 'lte') && typeof condition[k] === 'number' && Number.isFinite(condition[k]))) return undefined;
  const { gte, lte } = condition as { gte?: number; lte?: number };
  return (value) => value !== undefined && (gte === undefined || value >= gte) && (lte === undefined || value <= lte);
}

/**
 * The spec's filter language: `id` (an array of video ids), `duration`/`width`/`height`/`size`
 * (a number or `{gte, lte}`), `filename` (exact), and any other key a user-metadata field (a string
 * or boolean to equal, a number or a `{gte, lte}` range). Anything else is `search_filter_invalid`.
 */
export function parseFilter(raw: string): Filter | undefined {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (!isPlain(value)) return undefined;
  const checks: Filter[] = [];
  for (const [key, condition] of Object.entries(value)) {
    if (key === 'id') {
      if (!Array.isArray(condition) || !condition.every((id) => typeof id === 'string')) return undefined;
      const ids = new Set(condition);
      checks.push((video) => ids.has(video.id));
    } else if ((RANGE_FIELDS as readonly string[]).includes(key)) {
      const test = numericCondition(condition);
      if (!test) return undefined;
      const field = key as (typeof RANGE_FIELDS)[number];
      checks.push((video) => test(field === 'duration' ? video.duration : field === 'size' ? video.size : video.frame?.[field]));
    } else if (key === 'filename') {
      if (typeof condition !== 'string') return undefined;
      checks.push((video) => video.filename === condition);
    } else if (typeof condition === 'string' || typeof condition === 'boolean') {
      checks.push((video) => video.userMetadata[key] === condition);
    } else {
      const test = numericCondition(condition);
      if (!test) return undefined;
      checks.push((video) => {
        const stored = video.userMetadata[key];
        return test(typeof stored === 'number' ? stored : undefined);
      });
    }
  }
  return (video) => checks.every((check) => check(video));
}

// ---------------------------------------------------------------------------------------------
// Handlers

type Parsed<T> = { ok: true; value: T } | { ok: false; error: Outcome };

function single(fields: MultipartFields, repeated: Record<string, MultipartFields[string][]>, name: string): Parsed<string | undefined> {
  const values = repeated[name] ?? [];
  if (values.length === 0) return { ok: true, value: undefined };
  const value = fields[name];
  if (values.length > 1 || typeof value !== 'string') return { ok: false, error: parameterInvalid(name) };
  return { ok: true, value };
}

function enumList<T extends string>(repeated: Record<string, MultipartFields[string][]>, name: string, allowed: readonly T[]): Parsed<T[] | undefined> {
  const values = repeated[name];
  if (values === undefined) return { ok: true, value: undefined };
  const valid = values.every((v): v is T => typeof v === 'string' && (allowed as readonly string[]).includes(v));
  if (!valid || new Set(values).size < values.length) return { ok: false, error: parameterInvalid(name) };
  return { ok: true, value: values };
}

/** An image's name words: the URL's last path segment, or the file part's name, without extension. */
function imageTerms(urls: string[], files: MultipartFile[]): string[] {
  const names = [
    ...urls.map((url) => {
      const last = new URL(url).pathname.split('/').filter((s) => s !== '').at(-1) ?? '';
      try {
        return decodeURIComponent(last);
      } catch {
        return last;
      }
    }),
    ...files.map((file) => file.filename),
  ];
  return [...new Set(names.flatMap(filenameWords))];
}

function isImage(file: MultipartFile): boolean {
  return IMAGE_TYPES.includes(file.mimeType.toLowerCase()) || /\.(jpe?g|png)$/i.test(file.filename);
}

function createSearch(ctx: RouteContext): Outcome {
  const unknownQuery = noQueryAllowed(ctx);
  if (unknownQuery) return unknownQuery;
  if (ctx.body.kind !== 'multipart') return contentTypeInvalid('multipart/form-data');
  const { fields, repeated } = ctx.body;
  if (ctx.settings.rejectUnknownFields) {
    const unknown = Object.keys(fields).find((name) => !FIELDS.includes(name));
    if (unknown) return parameterUnknown(unknown);
  }
  const repeatedSingle = Object.keys(repeated).find((name) => !LIST_FIELDS.includes(name) && repeated[name].length > 1);
  if (repeatedSingle) return parameterInvalid(repeatedSingle);

  const indexId = single(fields, repeated, 'index_id');
  if (!indexId.ok) return indexId.error;
  if (indexId.value === undefined || indexId.value === '') return parameterNotProvided('index_id');
  if (!OBJECT_ID.test(indexId.value) && ctx.settings.malformedIdError === 'parameter_invalid') return parameterInvalid('index_id');
  const index = OBJECT_ID.test(indexId.value) ? ctx.store.get(indexId.value) : undefined;
  if (!index) return resourceNotExist(ctx.settings.notFoundStatus, indexId.value, 'indexes');

  const options = enumList(repeated, 'search_options', SEARCH_OPTIONS);
  if (!options.ok) return options.error;
  if (options.value === undefined) return parameterNotProvided('search_options');
  const marengo = index.models.find((m) => m.model_name.toLowerCase().startsWith('marengo'));
  if (!marengo) {
    return apiError(400, 'index_not_supported_for_search', 'You can only perform search requests on indexes with an engine from the Marengo family enabled.');
  }
  // Speech and sounds both come from the audio the index was built with.
  const supported = SEARCH_OPTIONS.filter((option) => marengo.model_options.includes(option === 'visual' ? 'visual' : 'audio'));
  const unsupported = options.value.find((option) => !supported.includes(option));
  if (unsupported) {
    return apiError(
      400,
      'search_option_not_supported',
      `Search option ${unsupported} is not supported for index ${index.id}. Please use one of the following search options: ${supported.join(', ')}.`,
    );
  }

  const text = single(fields, repeated, 'query_text');
  if (!text.ok) return text.error;
  const queryText = text.value?.trim() ?? '';
  if (words(queryText).length > MAX_QUERY_WORDS) return parameterInvalidBecause('query_text', `Marengo supports up to ${MAX_QUERY_WORDS} tokens per query.`);
  const urls = repeated.query_media_url ?? [];
  const files = repeated.query_media_file ?? [];
  const mediaType = single(fields, repeated, 'query_media_type');
  if (!mediaType.ok) return mediaType.error;
  if (urls.length + files.length > 0 && mediaType.value === undefined) return parameterNotProvided('query_media_type');
  if (mediaType.value !== undefined && mediaType.value !== 'image') return parameterInvalid('query_media_type');
  if (mediaType.value !== undefined && urls.length + files.length === 0) return parameterNotProvided('query_media_url');
  if (urls.length + files.length > MAX_IMAGES) return parameterInvalidBecause('query_media_url', `A search takes up to ${MAX_IMAGES} images.`);
  if (!urls.every((url) => typeof url === 'string' && /^https?:\/\/[^\s/]+/i.test(url) && URL.canParse(url))) return parameterInvalid('query_media_url');
  if (!files.every(isFile)) return parameterInvalid('query_media_file');
  const images = files;
  if (!images.every((file) => file.size > 0 && file.size <= MAX_IMAGE_BYTES && isImage(file))) {
    return parameterInvalidBecause('query_media_file', `Images must be JPEG or PNG files of at most ${MAX_IMAGE_BYTES} bytes.`);
  }
  if (queryText === '' && urls.length + files.length === 0) return parameterNotProvided('query_text');

  // "applies only when the search_options parameter contains the transcription value": ignored otherwise, not refused.
  const modes = enumList(repeated, 'transcription_options', TRANSCRIPTION_MODES);
  if (!modes.ok) return modes.error;
  const groupBy = single(fields, repeated, 'group_by');
  if (!groupBy.ok) return groupBy.error;
  if (groupBy.value !== undefined && groupBy.value !== 'clip' && groupBy.value !== 'video') return parameterInvalid('group_by');
  const operator = single(fields, repeated, 'operator');
  if (!operator.ok) return operator.error;
  if (operator.value !== undefined && operator.value !== 'or' && operator.value !== 'and') return parameterInvalid('operator');
  const pageLimit = single(fields, repeated, 'page_limit');
  if (!pageLimit.ok) return pageLimit.error;
  const limit = pageLimit.value === undefined ? DEFAULT_PAGE_LIMIT : /^\d+$/.test(pageLimit.value) ? Number(pageLimit.value) : Number.NaN;
  if (!(limit >= 1 && limit <= MAX_PAGE_LIMIT)) return parameterInvalid('page_limit');
  const includeMetadata = single(fields, repeated, 'include_user_metadata');
  if (!includeMetadata.ok) return includeMetadata.error;
  if (includeMetadata.value !== undefined && includeMetadata.value !== 'true' && includeMetadata.value !== 'false') return parameterInvalid('include_user_metadata');
  const filterText = single(fields, repeated, 'filter');
  if (!filterText.ok) return filterText.error;
  const filter = filterText.value === undefined ? () => true : parseFilter(filterText.value);
  if (!filter) return filterInvalid();

  const query: Query = {
    options: options.value,
    textTerms: queryText === '' ? [] : queryTerms(queryText),
    imageTerms: imageTerms(urls as string[], images),
    modes: modes.value ?? [...TRANSCRIPTION_MODES],
    operator: operator.value === 'and' ? 'and' : 'or',
  };
  const videos = ctx.indexedAssets
    .inIndex(index.id)
    .filter((video) => video.status === 'ready')
    .sort((a, b) => a.createdAt - b.createdAt || a.seq - b.seq);
  const order = new Map(videos.map((video, i) => [video.id, i]));
  const hits: Hit[] = videos
    .filter(filter)
    .flatMap((video) => scoreVideo(video, query))
    .sort((a, b) => b.score - a.score || (order.get(a.video.id) ?? 0) - (order.get(b.video.id) ?? 0) || a.start - b.start)
    .map((hit, i) => ({ ...hit, rank: i + 1 }));
  const grouped = groupBy.value === 'video';
  const items: Hit[][] = grouped ? groupByVideo(hits) : hits.map((hit) => [hit]);
  const body = ctx.search.start({
    index,
    items,
    grouped,
    limit,
    includeUserMetadata: includeMetadata.value === 'true',
    clipCount: hits.length,
    pool: { total_count: videos.length, total_duration: videos.reduce((sum, video) => sum + video.duration, 0), index_id: index.id },
  });
  return json(200, body);
}

function groupByVideo(hits: Hit[]): Hit[][] {
  const groups = new Map<string, Hit[]>();
  for (const hit of hits) {
    const group = groups.get(hit.video.id);
    if (group) group.push(hit);
    else groups.set(hit.video.id, [hit]);
  }
  return [...groups.values()];
}

function retrieveSearchPage(ctx: RouteContext): Outcome {
  const unknownQuery = noQueryAllowed(ctx, ['include_user_metadata']);
  if (unknownQuery) return unknownQuery;
  const raw = ctx.query.include_user_metadata;
  if (raw !== undefined && raw !== 'true' && raw !== 'false') return parameterInvalid('include_user_metadata');
  const token = ctx.params.pageToken;
  const body = ctx.search.page(token, raw === undefined ? undefined : raw === 'true');
  if (body) return json(200, body);
  const message = `The token that identifies the page to be retrieved is expired or invalid. You must make a new search request. Token: ${token}.`;
  return ctx.search.settings.tokenErrorBody === 'code'
    ? apiError(400, 'search_page_token_expired', message)
    : json(400, { error_code: SEARCH_TOKEN_ERROR_CODE_NUMBER, message });
}

export const searchRoutes: Route[] = [
  { method: 'POST', pattern: '/search', handler: createSearch },
  { method: 'GET', pattern: '/search/:pageToken', handler: retrieveSearchPage },
];
