// Scripted failures: the fake answers the way a rate limiter, a broken gateway or a dropped
// connection would, so the client's error paths can be exercised deterministically.
import { apiError, json, raw, type Outcome } from './http';
import { API_KEY_INVALID, READ_NOT_ALLOWED, TOO_MANY_REQUESTS } from './messages';

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
  | 'reset';

export interface FaultSpec {
  kind: FaultKind;
  /** Default 1; Infinity = until cleared. */
  times?: number;
  method?: string;
  /** Matched against the path after the /v1.3 prefix, e.g. '/indexes'. A string must match exactly. */
  path?: string | RegExp;
  retryAfterSeconds?: number;
  /** For 'reset'/'hang': apply the change, then reset/hang, to model "sent, no answer". Ignored for other kinds. */
  afterResponse?: boolean;
}

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

export function appliesAfterResponse(spec: FaultSpec): boolean {
  return spec.afterResponse === true && (spec.kind === 'hang' || spec.kind === 'reset');
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

export function faultOutcome(spec: FaultSpec, now: Date): Outcome {
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
  }
}
