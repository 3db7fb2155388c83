// Query parsing and page slicing shared by every list endpoint (indexes, videos, later tasks).
import type { Outcome } from './http';
import { parameterInvalid, parameterUnknown } from './messages';

export interface PageInfo {
  limit_per_page: number;
  page: number;
  total_page: number;
  total_results: number;
}

export const DEFAULT_PAGE_LIMIT = 10;
export const MAX_PAGE_LIMIT = 50;

export interface ListParams {
  page: number;
  pageLimit: number;
  sortBy: 'created_at' | 'updated_at';
  sortOption: 'asc' | 'desc';
}

/** Either the parsed value or the 400 to send; handlers return the first error they meet. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; error: Outcome };

/**
 * Integers only, written plainly ("2", not "2.0", "02" is tolerated, "1e1" is not): the API is
 * documented as integer, and refusing odd spellings catches client bugs early.
 */
function parseIntParam(query: Record<string, string>, name: string, def: number, min: number, max: number): Parsed<number> {
  const rawValue = query[name];
  if (rawValue === undefined) return { ok: true, value: def };
  if (!/^\d+$/.test(rawValue)) return { ok: false, error: parameterInvalid(name) };
  const n = Number(rawValue);
  if (!Number.isSafeInteger(n) || n < min || n > max) return { ok: false, error: parameterInvalid(name) };
  return { ok: true, value: n };
}

export function parseListParams(query: Record<string, string>): Parsed<ListParams> {
  const page = parseIntParam(query, 'page', 1, 1, Number.MAX_SAFE_INTEGER);
  if (!page.ok) return page;
  const pageLimit = parseIntParam(query, 'page_limit', DEFAULT_PAGE_LIMIT, 1, MAX_PAGE_LIMIT);
  if (!pageLimit.ok) return pageLimit;
  const sortBy = query.sort_by ?? 'created_at';
  if (sortBy !== 'created_at' && sortBy !== 'updated_at') return { ok: false, error: parameterInvalid('sort_by') };
  // The spec's prose says "oldest at the top" yet documents sort_option's default as desc; the
  // parameter's own default is the more specific statement, so newest first.
  const sortOption = query.sort_option ?? 'desc';
  if (sortOption !== 'asc' && sortOption !== 'desc') return { ok: false, error: parameterInvalid('sort_option') };
  return { ok: true, value: { page: page.value, pageLimit: pageLimit.value, sortBy, sortOption } };
}

/** RFC 3339 with a mandatory offset; a bare date or local time is ambiguous, so refuse it. */
export function parseTimestampParam(query: Record<string, string>, name: string): Parsed<number | undefined> {
  const rawValue = query[name];
  if (rawValue === undefined) return { ok: true, value: undefined };
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i.test(rawValue)) {
    return { ok: false, error: parameterInvalid(name) };
  }
  const ms = Date.parse(rawValue);
  if (Number.isNaN(ms)) return { ok: false, error: parameterInvalid(name) };
  return { ok: true, value: ms };
}

export function rejectUnknownQuery(query: Record<string, string>, allowed: readonly string[]): Outcome | undefined {
  const unknown = Object.keys(query).find((k) => !allowed.includes(k));
  return unknown === undefined ? undefined : parameterUnknown(unknown);
}

export interface Sortable {
  seq: number;
  createdAt: number;
  updatedAt: number;
}

export function sortItems<T extends Sortable>(items: T[], params: ListParams): T[] {
  const sign = params.sortOption === 'asc' ? 1 : -1;
  const key = params.sortBy === 'created_at' ? 'createdAt' : 'updatedAt';
  return [...items].sort((a, b) => sign * (a[key] - b[key] || a.seq - b.seq));
}

/**
 * total_page is ceil(total / limit), hence 0 for an empty list [?]. A page past the end is not an
 * error: 200 with empty data, which both official SDKs rely on to stop iterating.
 */
export function paginate<T>(items: T[], params: ListParams): { data: T[]; page_info: PageInfo } {
  const start = (params.page - 1) * params.pageLimit;
  return {
    data: items.slice(start, start + params.pageLimit),
    page_info: {
      limit_per_page: params.pageLimit,
      page: params.page,
      total_page: Math.ceil(items.length / params.pageLimit),
      total_results: items.length,
    },
  };
}

export interface FilteredListQuery {
  list: ListParams;
  /** `created_at` / `updated_at` filters: items at or after these instants (epoch ms). */
  createdAfter: number | undefined;
  updatedAfter: number | undefined;
}

/** What the indexes and tasks lists share: unknown parameters refused, paging, sorting, the two date filters. */
export function parseFilteredListQuery(query: Record<string, string>, allowed: readonly string[], rejectUnknown: boolean): Parsed<FilteredListQuery> {
  const unknown = rejectUnknown ? rejectUnknownQuery(query, allowed) : undefined;
  if (unknown) return { ok: false, error: unknown };
  const list = parseListParams(query);
  if (!list.ok) return list;
  const createdAfter = parseTimestampParam(query, 'created_at');
  if (!createdAfter.ok) return createdAfter;
  const updatedAfter = parseTimestampParam(query, 'updated_at');
  if (!updatedAfter.ok) return updatedAfter;
  return { ok: true, value: { list: list.value, createdAfter: createdAfter.value, updatedAfter: updatedAfter.value } };
}
