import type { Task } from './taskTypes';
import type { Index, Page, PageInfo, Video } from './types';

/**
 * Reads answers into the shapes the rest of the extension relies on (the OpenAPI document's `Index`,
 * `videoVector`, `videoIndexingTask` and `page_info`), at the client boundary, so that no wrong type
 * reaches the tree. A field of the wrong type is dropped: the spec makes every field optional, so
 * "absent" is a state the UI already handles. An object that cannot be used at all (no string `_id`,
 * an index without a name, a task without a status) is left out of a list, and is an error where it
 * is the whole answer. Fields the client does not know are kept for "Show Details", cut to
 * `MAX_NESTING_DEPTH` so that nothing downstream can overflow the stack walking them.
 */

/** Objects and arrays nested deeper than this, counted from the item, are dropped. */
export const MAX_NESTING_DEPTH = 32;

export type Json = Record<string, unknown>;

/** What was wrong with an answer, for one log line. Holds the server's ids as found: mask before logging. */
export class ShapeReport {
  /** The `_id` of each item left out, or undefined when it had no string one. */
  readonly skippedIds: (string | undefined)[] = [];
  /** Fields dropped for their type, by our own name for them (e.g. `models`, `system_metadata.width`). */
  readonly droppedFields = new Set<string>();

  get isClean(): boolean {
    return this.skippedIds.length === 0 && this.droppedFields.size === 0;
  }
}

export interface ShapeContext {
  report: ShapeReport;
  /** Masks secrets in server text that may be shown to the user (a task's failure reason). */
  mask: (text: string) => string;
}

/** Reads one field: returns what to keep, or undefined to drop it. */
export type FieldReader = (value: unknown, context: ShapeContext, name: string) => unknown;

export function readIndex(value: unknown, context: ShapeContext): Index | undefined {
  const record = boundedRecord(value);
  if (!record || !isId(record._id) || typeof record.index_name !== 'string') {
    return undefined;
  }
  readFields(record, context, '', {
    models: readModels,
    addons: readStrings,
    video_count: readAmount,
    total_duration: readAmount,
    created_at: readText,
    updated_at: readText,
    expires_at: readTextOrNull,
  });
  return record as unknown as Index;
}

export function readVideo(value: unknown, context: ShapeContext): Video | undefined {
  const record = boundedRecord(value);
  if (!record || !isId(record._id)) {
    return undefined;
  }
  readFields(record, context, '', {
    created_at: readText,
    updated_at: readText,
    indexed_at: readText,
    system_metadata: nested({ filename: readText, duration: readAmount, fps: readAmount, width: readAmount, height: readAmount, size: readAmount }),
  });
  return record as unknown as Video;
}

export function readTask(value: unknown, context: ShapeContext): Task | undefined {
  const record = boundedRecord(value);
  if (!record || !isId(record._id) || typeof record.status !== 'string') {
    return undefined;
  }
  readFields(record, context, '', {
    index_id: readText,
    video_id: readText,
    created_at: readText,
    updated_at: readText,
    system_metadata: nested({ filename: readText, duration: readAmount, width: readAmount, height: readAmount }),
    hls: nested({ video_url: readText, thumbnail_urls: readStrings, status: readText, updated_at: readText }),
    error: nested({ code: readMaskedText, message: readMaskedText }),
  });
  return record as unknown as Task;
}

/** The `_id` of a created index or task, or undefined when the answer holds no usable one. */
export function readCreatedId(value: unknown): string | undefined {
  const record = isRecord(value) ? value : undefined;
  return record && isId(record._id) ? record._id : undefined;
}

/**
 * A list answer, or undefined when its envelope is unusable: no `data` array, or a `page_info` that
 * is not an object of non-negative integers. Unusable items are left out and counted in `skipped`.
 */
export function readPage<T>(
  value: unknown,
  requested: { page: number; limit: number },
  readItem: (item: unknown, context: ShapeContext) => T | undefined,
  context: ShapeContext,
): Page<T> | undefined {
  if (!isRecord(value) || !Array.isArray(value.data)) {
    return undefined;
  }
  const declared = readPageInfo(value.page_info);
  if (!declared) {
    return undefined;
  }
  const items: unknown[] = value.data;
  const data: T[] = [];
  for (const raw of items) {
    const item = readItem(raw, context);
    if (item === undefined) {
      context.report.skippedIds.push(isRecord(raw) && typeof raw._id === 'string' ? raw._id : undefined);
    } else {
      data.push(item);
    }
  }
  const page: Page<T> = { data, page_info: completePageInfo(declared, requested, items.length) };
  if (data.length < items.length) {
    page.skipped = items.length - data.length;
  }
  return page;
}

/** The fields the server sent, each a non-negative integer (the spec's type); undefined when any is not. */
export function readPageInfo(value: unknown): Partial<PageInfo> | undefined {
  if (value === undefined || value === null) {
    return {};
  }
  if (!isRecord(value)) {
    return undefined;
  }
  const info: Partial<PageInfo> = {};
  for (const field of ['page', 'limit_per_page', 'total_page', 'total_results'] as const) {
    const number = value[field];
    if (number === undefined || number === null) {
      continue;
    }
    if (typeof number !== 'number' || !Number.isSafeInteger(number) || number < 0) {
      return undefined;
    }
    info[field] = number;
  }
  return info;
}

/**
 * Fills what the server left out. A missing total is derived from the other one, so that the two
 * never contradict each other: `total_results` becomes the most `total_page` pages can hold.
 */
export function completePageInfo(info: Partial<PageInfo>, requested: { page: number; limit: number }, received: number): PageInfo {
  const limit = info.limit_per_page || requested.limit;
  const page = info.page ?? requested.page;
  const pastItems = Math.max(0, page - 1) * limit + received;
  const totalPage = info.total_page ?? (info.total_results !== undefined ? Math.ceil(info.total_results / limit) : received > 0 ? page : page - 1);
  const totalResults = info.total_results ?? (info.total_page !== undefined ? Math.max(pastItems, info.total_page * limit) : pastItems);
  return { page, limit_per_page: info.limit_per_page ?? requested.limit, total_page: totalPage, total_results: totalResults };
}

export function readFields(record: Json, context: ShapeContext, prefix: string, readers: Record<string, FieldReader>): void {
  for (const [field, read] of Object.entries(readers)) {
    if (!Object.hasOwn(record, field)) {
      continue;
    }
    const value = record[field];
    const result = read(value, context, prefix + field);
    if (result === undefined) {
      delete record[field];
      // A null is how some servers say "absent": dropped quietly.
      if (value !== null) {
        context.report.droppedFields.add(prefix + field);
      }
    } else {
      record[field] = result;
    }
  }
}

/** An object field read with its own field readers; anything but an object is dropped. */
export function nested(readers: Record<string, FieldReader>): FieldReader {
  return (value, context, name) => {
    if (!isRecord(value)) {
      return undefined;
    }
    readFields(value, context, `${name}.`, readers);
    return value;
  };
}

function readModels(value: unknown, context: ShapeContext, name: string): unknown {
  if (!Array.isArray(value)) {
    return undefined;
  }
  const models = value.filter((entry): entry is Json => isRecord(entry) && typeof entry.model_name === 'string');
  for (const model of models) {
    readFields(model, context, `${name}.`, { model_options: readStrings });
  }
  if (models.length < value.length) {
    context.report.droppedFields.add(name);
  }
  return models;
}

export function readStrings(value: unknown, context: ShapeContext, name: string): unknown {
  if (!Array.isArray(value)) {
    return undefined;
  }
  const strings = value.filter((entry): entry is string => typeof entry === 'string');
  if (strings.length < value.length) {
    context.report.droppedFields.add(name);
  }
  return strings;
}

export function readText(value: unknown): unknown {
  return typeof value === 'string' ? value : undefined;
}

export function readMaskedText(value: unknown, context: ShapeContext): unknown {
  return typeof value === 'string' ? context.mask(value) : undefined;
}

/** `expires_at`: null means the index never expires. */
function readTextOrNull(value: unknown): unknown {
  return typeof value === 'string' || value === null ? value : undefined;
}

/** Counts, durations, sizes: finite and not negative (JSON can say 1e999, which parses to Infinity). */
export function readAmount(value: unknown): unknown {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

export function isId(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}

export function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A copy of `value` without anything nested deeper than MAX_NESTING_DEPTH, when it is an object. */
export function boundedRecord(value: unknown): Json | undefined {
  const copy = bounded(value, MAX_NESTING_DEPTH);
  return isRecord(copy) ? copy : undefined;
}

const TOO_DEEP = Symbol('too deep');

/** Recursion stops at `depthLeft`, so this walk itself stays MAX_NESTING_DEPTH frames deep at most. */
function bounded(value: unknown, depthLeft: number): unknown {
  if (typeof value !== 'object' || value === null) {
    return value;
  }
  if (depthLeft <= 0) {
    return TOO_DEEP;
  }
  if (Array.isArray(value)) {
    return value.map((entry) => bounded(entry, depthLeft - 1)).filter((entry) => entry !== TOO_DEEP);
  }
  // fromEntries defines properties, so a `__proto__` key stays a plain field instead of becoming the prototype.
  return Object.fromEntries(
    Object.entries(value)
      .map(([key, entry]) => [key, bounded(entry, depthLeft - 1)] as const)
      .filter(([, entry]) => entry !== TOO_DEEP),
  );
}
