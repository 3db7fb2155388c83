/**
 * Wire shapes of the Twelve Labs v1.3 endpoints the extension uses, named as the server names them
 * (snake_case), so that what the user sees in "Show Details" is exactly what the API returned.
 * Only the fields we rely on are typed; the server may send more.
 */

export type ModelOption = 'visual' | 'audio' | (string & {});

export interface IndexModel {
  model_name: string;
  model_options: ModelOption[];
}

/**
 * A model as an index reports it. The spec makes both fields optional; an entry without a name is
 * dropped when the answer is read, so `model_name` is always there.
 */
export interface IndexModelInfo {
  model_name: string;
  model_options?: ModelOption[];
}

/**
 * An index as the client hands it out: read and checked at the client boundary (see shapes.ts), so
 * every field present has the type declared here, and nothing is nested deeper than
 * `MAX_NESTING_DEPTH`. Fields the server sends beyond these are kept, for "Show Details".
 */
export interface Index {
  _id: string;
  index_name: string;
  /** Optional in the spec; missing when the server left it out or sent something that is not a list. */
  models?: IndexModelInfo[];
  addons?: string[];
  /** Number of videos; the spec types it as a double. */
  video_count?: number;
  /** Total duration of the videos, in seconds. */
  total_duration?: number;
  /** RFC 3339. */
  created_at?: string;
  updated_at?: string;
  /** RFC 3339, or null when the plan keeps indexes forever (free plan: 90 days after creation). */
  expires_at?: string | null;
}

export interface VideoSystemMetadata {
  filename?: string;
  duration?: number;
  fps?: number;
  width?: number;
  height?: number;
  size?: number;
}

export interface Video {
  _id: string;
  created_at?: string;
  updated_at?: string;
  indexed_at?: string;
  system_metadata?: VideoSystemMetadata;
}

export interface PageInfo {
  page: number;
  limit_per_page: number;
  total_page: number;
  total_results: number;
}

export interface Page<T> {
  data: T[];
  page_info: PageInfo;
  /** Items the server sent that were left out as malformed (absent when none were). */
  skipped?: number;
}

export type SortBy = 'created_at' | 'updated_at';
export type SortOption = 'asc' | 'desc';

/** Query filters of `GET /indexes`. Unset fields are not sent. */
export interface IndexFilters {
  /** Filter by index name (the server's `index_name` parameter). */
  indexName?: string;
  /** Sent comma-separated, e.g. `visual,audio`. */
  modelOptions?: ModelOption[];
  modelFamily?: 'marengo' | 'pegasus';
  /** RFC 3339. */
  createdAt?: string;
  updatedAt?: string;
  sortBy?: SortBy;
  sortOption?: SortOption;
}

export interface CreateIndexRequest {
  name: string;
  models: IndexModel[];
  addons?: string[];
}

export interface CreatedIndex {
  id: string;
}

/** Options every call accepts. */
export interface CallOptions {
  signal?: AbortSignal;
}

export interface ListAllOptions extends CallOptions {
  /** Page size for the enumeration; the server's maximum (50) unless told otherwise. */
  pageLimit?: number;
  /** How many pages may be in flight at once after the first. */
  concurrency?: number;
}

/** The largest `page_limit` the server accepts. */
export const MAX_PAGE_LIMIT = 50;
/** How many pages `listAllIndexes` fetches at once after the first. */
export const DEFAULT_PAGE_CONCURRENCY = 8;
/**
 * The most pages, and indexes, `listAllIndexes` reads, whatever `page_info` claims: far beyond any
 * real account, and small enough that a server claiming a billion pages costs a bounded amount.
 */
export const MAX_LIST_PAGES = 200;
export const MAX_LIST_ITEMS = 10_000;
