import { REDACTED, Redactor } from '../common/logging/redact';
import { RETRYABLE_STATUSES, TwelveLabsError } from './errors';
import { cancelledError, type HttpMethod } from './retry';
import { MAX_RESPONSE_BYTES, type BodyOutcome } from './responseBody';

/**
 * Turns whatever axios threw into a `TwelveLabsError` that holds only what is safe to show and log:
 * the status, the server's `code` and `message` masked the way log lines are, and a retry hint. The
 * axios error itself (whose `config.headers` hold the key) is dropped here and never attached as `cause`.
 *
 * Structural checks only: this module does not import axios, so it is cheap to load and easy to test.
 */

/**
 * What may pass as the server's `code`. It is shown as "message (code)", so text that is not a short
 * identifier (a sentence, markdown, a link, a line break) must not masquerade as one.
 */
const CODE_TOKEN = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;
/** A server message longer than this is cut: it ends up in a one-line notification. */
const MAX_MESSAGE_CHARS = 1000;

/** Codes for failures where the connection was never made: the server cannot have seen the request. */
const NOT_CONNECTED_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

export interface MappingContext {
  /** The key that was sent: scrubbed from any text we keep, in case a server echoes it. */
  key?: string;
  /** Epoch milliseconds, for `X-Ratelimit-Reset`. */
  now: number;
  /** Whether the caller's AbortSignal fired. */
  aborted?: boolean;
}

interface AxiosLikeResponse {
  status: number;
  statusText?: string;
  data?: unknown;
  headers?: unknown;
}

interface AxiosLikeError {
  code?: string;
  message?: string;
  response?: AxiosLikeResponse;
}

export function toTwelveLabsError(error: unknown, context: MappingContext): TwelveLabsError {
  if (error instanceof TwelveLabsError) {
    return error;
  }
  const candidate = (typeof error === 'object' && error !== null ? error : {}) as AxiosLikeError;
  const code = typeof candidate.code === 'string' ? candidate.code : undefined;

  if (context.aborted || code === 'ERR_CANCELED' || (error instanceof Error && error.name === 'CanceledError')) {
    return new TwelveLabsError('cancelled', 0, 'cancelled', 'The request was cancelled.');
  }

  const response = candidate.response;
  if (response && typeof response.status === 'number' && response.status > 0) {
    return fromResponse(response, context);
  }

  if (code && NOT_CONNECTED_CODES.has(code)) {
    return new TwelveLabsError('network', 0, code, maskSecrets(`Could not connect to the Twelve Labs API (${code}).`, context.key));
  }
  if (code === 'ECONNABORTED' || code === 'ETIMEDOUT') {
    return timedOut();
  }
  const label = code ?? 'ERR_NETWORK';
  return new TwelveLabsError(
    'noResponse',
    0,
    label,
    `The connection to the Twelve Labs API failed before an answer arrived (${label}).`);
}

/** Maps an error status and its body; exported for the client's own checks of 2xx bodies. */
export function fromResponse(response: AxiosLikeResponse, context: MappingContext): TwelveLabsError {
  const status = response.status;
  const body = parseBody(response.data);
  const retryAfterMs = RETRYABLE_STATUSES.has(status) ? retryAfterFromHeaders(response.headers, context.now) : undefined;
  if (body) {
    const code = maskSecrets(body.code, context.key);
    const message = maskSecrets(body.message, context.key);
    return new TwelveLabsError('http', status, CODE_TOKEN.test(code) ? code : fallbackCode(status), shorten(message), retryAfterMs);
  }
  return new TwelveLabsError('http', status, fallbackCode(status), fallbackMessage(status), retryAfterMs);
}

/** `{code, message}`, the `{error: {code, message}}` wrapping of newer endpoints, or `{error_code, message}`; anything else (HTML, empty) is ignored. */
function parseBody(data: unknown): { code: string; message: string } | undefined {
  let value = data;
  if (typeof value === 'string') {
    const text = value.trim();
    if (!text.startsWith('{')) {
      return undefined;
    }
    try {
      value = JSON.parse(text) as unknown;
    } catch {
      return undefined;
    }
  }
  if (typeof value !== 'object' || value === null) {
    return undefined;
  }
  const record = value as Record<string, unknown>;
  const inner = typeof record.error === 'object' && record.error !== null ? (record.error as Record<string, unknown>) : record;
  // `GET /search/{page-token}` documents `{error_code, message}` (an integer there, no code we could use): a string one is taken.
  const given = typeof inner.code === 'string' ? inner.code : inner.error_code;
  const code = typeof given === 'string' && given !== '' ? given : undefined;
  const message = typeof inner.message === 'string' && inner.message !== '' ? inner.message : undefined;
  if (!code && !message) {
    return undefined;
  }
  return { code: code ?? 'unknown_error', message: message ?? code ?? '' };
}

function fallbackCode(status: number): string {
  switch (status) {
    case 401:
      return 'unauthorized';
    case 403:
      return 'forbidden';
    case 404:
      return 'not_found';
    case 429:
      return 'too_many_requests';
    default:
      return `http_${status}`;
  }
}

function fallbackMessage(status: number): string {
  switch (status) {
    case 401:
      return 'The Twelve Labs API rejected the API key (HTTP 401).';
    case 403:
      return 'The Twelve Labs API refused the request (HTTP 403).';
    case 429:
      return 'The Twelve Labs API is rate limiting requests (HTTP 429).';
    case 502:
    case 503:
    case 504:
      return `The Twelve Labs API is temporarily unavailable (HTTP ${status}).`;
    default:
      return `The Twelve Labs API answered with HTTP ${status}.`;
  }
}

/**
 * `Retry-After` (seconds or an HTTP date) wins; otherwise `X-Ratelimit-Reset`, documented for v1.2 as
 * UTC epoch seconds. Small reset values are taken as seconds from now, which some gateways send.
 */
export function retryAfterFromHeaders(headers: unknown, now: number): number | undefined {
  const retryAfter = header(headers, 'retry-after');
  if (retryAfter !== undefined) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds) && retryAfter.trim() !== '') {
      return Math.max(0, Math.round(seconds * 1000));
    }
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) {
      return Math.max(0, date - now);
    }
  }
  const reset = header(headers, 'x-ratelimit-reset');
  if (reset !== undefined && reset.trim() !== '') {
    const value = Number(reset);
    if (Number.isFinite(value)) {
      return value > 1e9 ? Math.max(0, Math.round(value * 1000 - now)) : Math.max(0, Math.round(value * 1000));
    }
  }
  return undefined;
}

function header(headers: unknown, name: string): string | undefined {
  if (typeof headers !== 'object' || headers === null) {
    return undefined;
  }
  const getter = (headers as { get?: unknown }).get;
  let value: unknown;
  if (typeof getter === 'function') {
    value = (getter as (key: string) => unknown).call(headers, name);
  }
  if (value === undefined || value === null) {
    for (const [key, entry] of Object.entries(headers)) {
      if (key.toLowerCase() === name) {
        value = entry;
        break;
      }
    }
  }
  if (Array.isArray(value)) {
    value = value[0];
  }
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

/**
 * Removes the key from text a server (or a library) produced, in case it was echoed back: in every
 * encoding the log redactor knows (verbatim in any case, URL-encoded, base64), and anything shaped
 * like a key.
 */
export function maskSecrets(text: string, key: string | undefined): string {
  const redactor = new Redactor();
  redactor.addSecret(key);
  const masked = redactor.redact(text);
  // The redactor leaves secrets under 8 characters alone (masking them would shred ordinary text); an exact echo of one still goes.
  return key && key.length >= 4 && key.length < 8 ? masked.split(key).join(REDACTED) : masked;
}

function shorten(text: string): string {
  return text.length > MAX_MESSAGE_CHARS ? `${text.slice(0, MAX_MESSAGE_CHARS)}…` : text;
}

/** No answer within the time allowed, headers and body together. */
export function timedOut(): TwelveLabsError {
  return new TwelveLabsError('noResponse', 0, 'ETIMEDOUT', 'The Twelve Labs API did not answer in time.');
}

/** The connection closed, cleanly or not, before the whole 2xx body arrived: for a change, it may have been made. */
export function incompleteAnswer(): TwelveLabsError {
  return new TwelveLabsError(
    'noResponse',
    0,
    'response_incomplete',
    'The connection to the Twelve Labs API closed before the whole answer arrived.');
}

/** A 2xx body over MAX_RESPONSE_BYTES. Only a GET is sure to have changed nothing. */
export function answerTooLarge(method: HttpMethod, status: number): TwelveLabsError {
  const limit = `over ${Math.round(MAX_RESPONSE_BYTES / (1024 * 1024))} MiB`;
  const consequence =
    method === 'GET'
      ? 'nothing was changed. Check that the twelveLabs.apiUrl setting points at the Twelve Labs API, then retry.'
      : 'the change may have been made anyway. Refresh to check before you try again.';
  return new TwelveLabsError(
    'malformedResponse',
    status,
    'response_too_large',
    `The Twelve Labs API sent an unexpectedly large answer (${limit}), so the extension stopped reading it; ${consequence}`);
}

export interface ReadAnswer {
  status: number;
  headers: unknown;
  body: BodyOutcome;
}

export interface AnswerContext extends MappingContext {
  /** Whether the time allowed ran out (rather than the caller cancelling) when the body read was aborted. */
  expired: boolean;
  /** The error for that timeout. */
  timeout: () => TwelveLabsError;
}

/**
 * The text of a complete 2xx body, or the TwelveLabsError the answer amounts to. An error status is
 * told by the status alone when its body was cut or too large.
 */
export function answerText(method: HttpMethod, answer: ReadAnswer, context: AnswerContext): string {
  const { status, body } = answer;
  if (body.kind === 'aborted') {
    throw context.expired ? context.timeout() : cancelledError();
  }
  if (status < 200 || status >= 300) {
    throw fromResponse({ status, data: body.kind === 'complete' ? body.text : '', headers: answer.headers }, context);
  }
  if (body.kind === 'tooLarge') {
    throw answerTooLarge(method, status);
  }
  if (body.kind === 'incomplete') {
    throw incompleteAnswer();
  }
  return body.text;
}

/** A 2xx body that is not JSON, or not the JSON the endpoint promises. */
export function malformedAnswer(status: number): TwelveLabsError {
  return new TwelveLabsError(
    'malformedResponse',
    status,
    'malformed_response',
    'The Twelve Labs API sent a response the extension could not read.');
}
