// Scripted failures: the fake answers the way a rate limiter, a broken gateway or a dropped
// connection would, so the client's error paths can be exercised deterministically.
import { hostileBody, type HostileShape } from './hostile';
import { apiError, json, raw, type Outcome } from './http';
import { API_KEY_INVALID, READ_NOT_ALLOWED, TOO_MANY_REQUESTS } from './messages';

export type { HostileShape } from './hostile';

export type FaultKind =
  | 'unauthorized'
  | 'forbidden'
  | 'rateLimited'
  | 'rateLimitedRetryAfter'
  | 'rateLimitedJson'
  | 'serverErrorHtml'
  | 'badGateway'
  | 'unavailable'
  | 'gatewayTimeout'
  | 'malformedJson'
  | 'hang'
  | 'reset'
  /** Headers and part of the body, then a clean close (FIN): the answer is cut short, not reset. */
  | 'finMidBody'
  /** The real answer, one byte every `dripIntervalMs`: headers come at once, the body takes for ever. */
  | 'slowDrip'
  /** The real answer padded to `bodyBytes` (default 8 MiB) of valid JSON. */
  | 'oversizedBody'
  /** 200 with a chunked JSON body that never ends, sent as fast as the client reads. */
  | 'endlessBody'
  /** The real answer reshaped into valid JSON of the wrong shape; see `HostileShape`. */
  | 'hostileShapes';

export interface FaultSpec {
  kind: FaultKind;
  /** Default 1; Infinity = until cleared. */
  times?: number;
  method?: string;
  /** Matched against the path after the /v1.3 prefix, e.g. '/indexes'. A string must match exactly. */
  path?: string | RegExp;
  retryAfterSeconds?: number;
  /**
   * For 'reset', 'hang', 'finMidBody' and 'endlessBody': apply the change, then fail the answer, to
   * model "sent, no (complete) answer". 'slowDrip', 'oversizedBody' and 'hostileShapes' always apply
   * the change, since they reshape the real answer. Ignored for other kinds.
   */
  afterResponse?: boolean;
  /** 'finMidBody': body bytes sent before the close; default half the body. */
  cutAfterBytes?: number;
  /** 'finMidBody', 'oversizedBody': send the body chunked (no Content-Length); default false. */
  chunked?: boolean;
  /** 'slowDrip': milliseconds between bytes; default 700. */
  dripIntervalMs?: number;
  /** 'oversizedBody': size of the whole body; default 8 MiB. */
  bodyBytes?: number;
  /** 'hostileShapes': which wrong shape; default 'wrongTypes'. */
  hostile?: HostileShape;
  /** 'hostileShapes' with 'deepNesting': how deep; default 100,000. */
  nestingDepth?: number;
  /** 'hostileShapes' with 'hugeTotals': the `total_page` claimed; default 1e9. */
  totalPages?: number;
}

export const DEFAULT_DRIP_INTERVAL_MS = 700;
export const DEFAULT_OVERSIZED_BYTES = 8 * 1024 * 1024;
/** What a cut, dripped or padded answer starts from when no real answer was made (the fault applied before the handler). */
const SYNTHETIC_BODY_BYTES = 4096;

interface ActiveFault {
  spec: FaultSpec;
  remaining: number;
}

export class FaultQueue {
  private faults: ActiveFault[] = [];

  add(spec: FaultSpec): void {
    const times = spec.times ?? 1;
    if (!(times > 0)) throw new RangeError(`fault times must be > 0, got ${String(spec.times)}`);
    this.faults.push({ spec: { ...spec }, remaining: times });
  }

  clear(): void {
    this.faults = [];
  }

  /** The first matching fault in insertion order, consumed once. */
  take(method: string, path: string): FaultSpec | undefined {
    const i = this.faults.findIndex((f) => matches(f.spec, method, path));
    if (i < 0) return undefined;
    const fault = this.faults[i];
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.faults.splice(i, 1);
    return fault.spec;
  }
}

function matches(spec: FaultSpec, method: string, path: string): boolean {
  if (spec.method !== undefined && spec.method.toUpperCase() !== method.toUpperCase()) return false;
  if (spec.path === undefined) return true;
  if (typeof spec.path === 'string') return spec.path === path;
  spec.path.lastIndex = 0; // a /g or /y RegExp would otherwise alternate between match and miss
  return spec.path.test(path);
}

/** Kinds that reshape the real answer, so the handler always runs first. */
const RESHAPING: ReadonlySet<FaultKind> = new Set<FaultKind>(['slowDrip', 'oversizedBody', 'hostileShapes']);
/** Kinds that withhold (part of) the answer, where `afterResponse` decides whether the handler runs first. */
const WITHHOLDING: ReadonlySet<FaultKind> = new Set<FaultKind>(['hang', 'reset', 'finMidBody', 'endlessBody']);

/** Whether the route's handler runs (and changes state) before the fault shapes the answer. */
export function appliesAfterResponse(spec: FaultSpec): boolean {
  return RESHAPING.has(spec.kind) || (spec.afterResponse === true && WITHHOLDING.has(spec.kind));
}

function gatewayPage(status: number, title: string): Outcome {
  // Load balancers in front of JSON APIs answer 5xx with HTML, which is what trips naive clients.
  return raw(
    status,
    'text/html; charset=utf-8',
    `<!DOCTYPE html>\n<html><head><title>${status} ${title}</title></head>` +
      `<body><center><h1>${status} ${title}</h1></center></body></html>\n`,
  );
}

/** The fault's answer; `answer` is the handler's own, when it ran first (see `appliesAfterResponse`). */
export function faultOutcome(spec: FaultSpec, now: Date, answer?: Outcome): Outcome {
  const retryAfter = spec.retryAfterSeconds ?? 1;
  switch (spec.kind) {
    case 'unauthorized':
      return apiError(401, API_KEY_INVALID.code, API_KEY_INVALID.message);
    case 'forbidden':
      return apiError(403, READ_NOT_ALLOWED.code, READ_NOT_ALLOWED.message);
    case 'rateLimited':
      // The spec documents an empty 429 body for several endpoints.
      return raw(429, undefined, '');
    case 'rateLimitedRetryAfter':
      return raw(429, undefined, '', { 'Retry-After': String(retryAfter) });
    case 'rateLimitedJson': {
      // v1.2's X-Ratelimit-* headers; reset is UTC epoch seconds.
      const reset = Math.floor(now.getTime() / 1000) + retryAfter;
      return json(429, { code: TOO_MANY_REQUESTS.code, message: TOO_MANY_REQUESTS.message }, {
        'X-Ratelimit-Limit': '60',
        'X-Ratelimit-Remaining': '0',
        'X-Ratelimit-Used': '60',
        'X-Ratelimit-Reset': String(reset),
      });
    }
    case 'serverErrorHtml':
      return gatewayPage(500, 'Internal Server Error');
    case 'badGateway':
      return gatewayPage(502, 'Bad Gateway');
    case 'unavailable':
      return gatewayPage(503, 'Service Temporarily Unavailable');
    case 'gatewayTimeout':
      return gatewayPage(504, 'Gateway Time-out');
    case 'malformedJson':
      return raw(200, 'application/json', '{"data":[{"_id":"');
    case 'hang':
      return { kind: 'hang' };
    case 'reset':
      return { kind: 'reset' };
    case 'finMidBody': {
      const base = withBody(answer);
      const length = Buffer.byteLength(base.body);
      const cut = Math.min(length - 1, spec.cutAfterBytes ?? Math.floor(length / 2));
      return { ...base, delivery: { chunked: spec.chunked ?? base.delivery?.chunked, cutAfterBytes: Math.max(0, cut) } };
    }
    case 'slowDrip': {
      const base = withBody(answer);
      return { ...base, delivery: { chunked: base.delivery?.chunked, dripIntervalMs: spec.dripIntervalMs ?? DEFAULT_DRIP_INTERVAL_MS } };
    }
    case 'oversizedBody':
      // Filled by the server as it writes: an 8 MiB string built per request would cost more than the client's deadline under load.
      return { ...padded(answer), delivery: { chunked: spec.chunked, padToBytes: spec.bodyBytes ?? DEFAULT_OVERSIZED_BYTES } };
    case 'endlessBody':
      return { kind: 'endless' };
    case 'hostileShapes':
      return reshaped(answer, spec);
  }
}

type Response = Extract<Outcome, { kind: 'response' }>;

function syntheticAnswer(): Response {
  return padded(undefined, SYNTHETIC_BODY_BYTES);
}

/**
 * The real answer when it has a body to cut or drip (a 204 has none), else a synthetic 200. A
 * streamed answer counts as its bytes, sent chunked as it would have been.
 */
function withBody(answer: Outcome | undefined): Response {
  if (answer?.kind === 'stream') {
    return { kind: 'response', status: answer.status, headers: answer.headers, body: answer.writes.join(''), delivery: { chunked: true } };
  }
  return answer?.kind === 'response' && Buffer.byteLength(answer.body) >= 2 ? answer : syntheticAnswer();
}

function jsonObject(answer: Outcome | undefined): Record<string, unknown> | undefined {
  if (answer?.kind !== 'response' || answer.status === 204) return undefined;
  try {
    const value: unknown = JSON.parse(String(answer.body));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The answer as JSON with a `padding` string that brings it to `bytes` (a 204 or non-JSON answer becomes a 200 list). */
/** The real answer (or an empty page) with a `padding` field last, `x` until the body is `bytes` long; 0 leaves it empty. */
function padded(answer: Outcome | undefined, bytes = 0): Response {
  const value = jsonObject(answer) ?? { data: [], page_info: { limit_per_page: 10, page: 1, total_page: 0, total_results: 0 } };
  const status = answer?.kind === 'response' && answer.status !== 204 ? answer.status : 200;
  const bare = JSON.stringify({ ...value, padding: '' });
  const body = bytes === 0 ? bare : JSON.stringify({ ...value, padding: 'x'.repeat(Math.max(0, bytes - Buffer.byteLength(bare))) });
  return { kind: 'response', status, headers: { 'Content-Type': 'application/json; charset=utf-8' }, body };
}

/** Only 2xx JSON objects are reshaped: an error answer passes unchanged. */
function reshaped(answer: Outcome | undefined, spec: FaultSpec): Outcome {
  const value = jsonObject(answer);
  if (answer?.kind !== 'response' || !value || answer.status < 200 || answer.status >= 300) return answer ?? syntheticAnswer();
  const body = hostileBody(value, spec.hostile ?? 'wrongTypes', { nestingDepth: spec.nestingDepth, totalPages: spec.totalPages });
  return body === undefined ? answer : { ...answer, body };
}
