// Answers that are valid JSON but not the shapes the spec promises: what a buggy gateway, a
// half-migrated backend or a hostile server could send. Each reshapes the real answer of the route,
// so the same fault works on lists, single objects and create results alike.

export type HostileShape =
  /** Every object keeps `_id`, `index_name` and `status`; its other known fields get wrong types (`models: "visual"`, `video_count: "many"`, ...). */
  | 'wrongTypes'
  /** Lists: hostile items between the real ones (non-objects, no id, a numeric id, a numeric name). Single objects: `_id` becomes a number. */
  | 'badItems'
  /** Every object gets a field nested `nestingDepth` levels deep (default 100,000). */
  | 'deepNesting'
  /** Lists: valid but absurd totals (`total_page` = `totalPages`, default 1e9). Single objects: unchanged. */
  | 'hugeTotals'
  /** Lists: `data` is a string. Single objects: the answer is an array. */
  | 'badEnvelope'
  /** Lists: `page_info` fields of the wrong type, negative or infinite (`1e999`). Single objects: unchanged. */
  | 'badPageInfo';

export interface HostileOptions {
  nestingDepth?: number;
  totalPages?: number;
}

export const DEFAULT_NESTING_DEPTH = 100_000;
export const DEFAULT_HUGE_TOTAL_PAGES = 1e9;

type Json = Record<string, unknown>;

/** The wrong-typed stand-ins, per known field; only fields the real object has are replaced. */
const WRONG_TYPES: Record<string, (position: number) => unknown> = {
  // Both forms the brief of this fault names: a string for the array, and a number for a name inside it.
  models: (position) => (position % 2 === 0 ? 'visual' : [{ model_name: 5, model_options: 'visual' }, 'pegasus']),
  addons: () => 'x',
  video_count: () => 'many',
  total_duration: () => '1:00:00',
  created_at: () => 5,
  updated_at: () => false,
  indexed_at: () => [],
  expires_at: () => 7,
  video_id: () => 9,
  index_id: () => ({ id: 1 }),
  system_metadata: () => 'metadata',
  hls: () => 5,
  error: () => 'failed',
};

const BAD_ITEMS: unknown[] = [
  null,
  'an index',
  42,
  [],
  {},
  { _id: 7, index_name: 'numeric id', status: 'ready' },
  { _id: 'hostile00000000000000001', index_name: 7, status: 7 },
];

/** Replaced by raw text after serialising, so the nesting can go deeper than JSON.stringify could. */
const DEEP_MARKER = '__fake_deep_nesting__';

/** The hostile body for a real 2xx JSON object answer, or undefined to leave the answer alone. */
export function hostileBody(answer: Json, shape: HostileShape, options: HostileOptions = {}): string | undefined {
  const list = Array.isArray(answer.data) ? (answer.data as unknown[]) : undefined;
  switch (shape) {
    case 'wrongTypes':
      return JSON.stringify(list ? { ...answer, data: list.map(wrongTypes) } : wrongTypes(answer, 0));
    case 'badItems':
      return JSON.stringify(list ? { ...answer, data: interleave(BAD_ITEMS, list) } : { ...answer, _id: 7 });
    case 'deepNesting': {
      const text = JSON.stringify(list ? { ...answer, data: list.map(withDeepField) } : withDeepField(answer));
      return text.split(JSON.stringify(DEEP_MARKER)).join(deepText(options.nestingDepth ?? DEFAULT_NESTING_DEPTH));
    }
    case 'hugeTotals': {
      if (!list) return undefined;
      const info = isJson(answer.page_info) ? answer.page_info : {};
      const totalPages = options.totalPages ?? DEFAULT_HUGE_TOTAL_PAGES;
      const perPage = typeof info.limit_per_page === 'number' ? info.limit_per_page : 10;
      return JSON.stringify({ ...answer, page_info: { ...info, total_page: totalPages, total_results: totalPages * perPage } });
    }
    case 'badEnvelope':
      return JSON.stringify(list ? { ...answer, data: 'not a list' } : [answer]);
    case 'badPageInfo':
      // 1e999 is valid JSON that parses to Infinity, so it is spliced in as text.
      return list
        ? JSON.stringify({ ...answer, page_info: { page: 'one', limit_per_page: -1, total_page: 0, total_results: 'many' } }).replace(
            '"total_page":0',
            '"total_page":1e999',
          )
        : undefined;
  }
}

function isJson(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function wrongTypes(value: unknown, position: number): unknown {
  if (!isJson(value)) return value;
  const out: Json = { ...value };
  for (const [field, wrong] of Object.entries(WRONG_TYPES)) {
    if (field in out) out[field] = wrong(position);
  }
  return out;
}

function withDeepField(value: unknown): unknown {
  return isJson(value) ? { ...value, nested: DEEP_MARKER } : value;
}

function deepText(depth: number): string {
  return '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}

/** `[bad0, good0, bad1, good1, ...]`, then whatever is left of the longer list. */
function interleave(bad: readonly unknown[], good: readonly unknown[]): unknown[] {
  const out: unknown[] = [];
  for (let i = 0; i < Math.max(bad.length, good.length); i++) {
    if (i < bad.length) out.push(bad[i]);
    if (i < good.length) out.push(good[i]);
  }
  return out;
}
