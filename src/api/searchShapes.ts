import { readUserMetadata, usableRemoteUrl } from './assetShapes';
import type { SearchClip, SearchPage, SearchResult } from './searchTypes';
import { boundedRecord, isRecord, nested, readAmount, readFields, readText, type FieldReader, type Json, type ShapeContext } from './shapes';

/**
 * Reads the answers of `POST /search` and `GET /search/{page-token}` at the client boundary, in the
 * manner of shapes.ts: a field of the wrong type is dropped (and named in the report), a result
 * that cannot be shown at all is left out (counted in `skipped`, its video id logged), and an
 * answer without a `data` list or with a `page_info` that is not an object is malformed.
 *
 * A clip needs `video_id` and finite `start` ≤ `end` (seconds, not negative): the player seeks to
 * them. A grouped result needs `id`; its clips are read the same way and the bad ones dropped.
 * `thumbnail_url` is kept only when it is https (or http to this machine) without credentials,
 * because a webview loads it.
 */

/** Undefined when the answer cannot be used; see the top of the file. */
export function readSearchPage(value: unknown, context: ShapeContext): SearchPage | undefined {
  const record = boundedRecord(value);
  if (!record || !Array.isArray(record.data)) {
    return undefined;
  }
  const info = record.page_info ?? {};
  if (!isRecord(info)) {
    return undefined;
  }
  readFields(info, context, 'page_info.', {
    limit_per_page: readCount,
    total_results: readCount,
    total_inner_matches: readCount,
    page_expires_at: readText,
    next_page_token: readToken,
    prev_page_token: readToken,
  });
  const items: unknown[] = record.data;
  const data: SearchResult[] = [];
  for (const raw of items) {
    const result = readSearchResult(raw, context);
    if (result) {
      data.push(result);
    } else {
      context.report.skippedIds.push(isRecord(raw) ? idOf(raw) : undefined);
    }
  }
  const page: SearchPage = { data, page_info: info };
  if (record.search_pool !== undefined) {
    readFields(record, context, '', { search_pool: nested({ total_count: readCount, total_duration: readAmount, index_id: readText }) });
    if (isRecord(record.search_pool)) {
      page.search_pool = record.search_pool;
    }
  }
  if (data.length < items.length) {
    page.skipped = items.length - data.length;
  }
  return page;
}

function readSearchResult(value: unknown, context: ShapeContext): SearchResult | undefined {
  if (!isRecord(value)) {
    return undefined;
  }
  if (value.clips !== undefined || (typeof value.id === 'string' && value.video_id === undefined)) {
    return readGroupedResult(value, context);
  }
  return readClip(value, context, '');
}

/** group_by=video: the video's id and its clips (malformed clips dropped, the field named). */
function readGroupedResult(record: Json, context: ShapeContext): SearchResult | undefined {
  if (typeof record.id !== 'string' || record.id === '' || !Array.isArray(record.clips)) {
    return undefined;
  }
  const entries: unknown[] = record.clips;
  const clips: SearchClip[] = [];
  for (const entry of entries) {
    const clip = isRecord(entry) ? readClip(entry, context, 'clips.') : undefined;
    if (clip) {
      clips.push(clip);
    } else {
      context.report.droppedFields.add('clips');
    }
  }
  readFields(record, context, '', clipFieldReaders);
  return { ...record, id: record.id, clips };
}

function readClip(record: Json, context: ShapeContext, prefix: string): SearchClip | undefined {
  const { start, end, video_id: videoId } = record;
  if (typeof videoId !== 'string' || videoId === '' || !isSeconds(start) || !isSeconds(end) || end < start) {
    return undefined;
  }
  readFields(record, context, prefix, clipFieldReaders);
  return record as unknown as SearchClip;
}

/** The optional fields of a clip (and of a grouped result, which may carry them too). */
const clipFieldReaders: Record<string, FieldReader> = {
  rank: readRank,
  thumbnail_url: readMediaUrl,
  transcription: readText,
  user_metadata: readUserMetadata,
};

function idOf(record: Json): string | undefined {
  const id = record.video_id ?? record.id;
  return typeof id === 'string' ? id : undefined;
}

function isSeconds(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

function readCount(value: unknown): unknown {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}

function readRank(value: unknown): unknown {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 1 ? value : undefined;
}

/** A page token goes into the next request's path: a non-empty string without control characters. */
function readToken(value: unknown): unknown {
  return typeof value === 'string' && value !== '' && value.length <= 4096 && [...value].every((char) => char >= ' ' && char !== '\x7f') ? value : undefined;
}

function readMediaUrl(value: unknown): unknown {
  return typeof value === 'string' && usableRemoteUrl(value) ? value : undefined;
}
