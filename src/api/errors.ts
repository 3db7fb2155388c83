/**
 * The only error type the API client throws. It carries the server's `code` and `message` (masked
 * like log lines, and a `code` only when it looks like one) and never the request (axios errors hold
 * `config.headers`, which hold the key).
 */
export type TwelveLabsErrorKind =
  /** The server answered with an error status. */
  | 'http'
  /** No connection could be made (refused, DNS, TLS). The request was never processed. */
  | 'network'
  /** The request may have reached the server but no complete answer came back (reset, hang, timeout). */
  | 'noResponse'
  /** The server answered 2xx with a body we could not parse. */
  | 'malformedResponse'
  /** The caller aborted. */
  | 'cancelled'
  /** No key is stored, or it cannot be sent (e.g. invalid header characters). */
  | 'noKey'
  /** The `twelveLabs.apiUrl` setting cannot be used (scheme, credentials), or the user declined to send the key over plain http. Nothing was sent. */
  | 'config'
  /**
   * A local file to upload could not be used: it could not be opened or read, is not a regular file,
   * or changed after it was checked or while it was uploading. Its upload never completed, so the
   * server cannot have indexed anything from it.
   */
  | 'file'
  /**
   * An upload through assets cannot go on as it is (see assetTypes.ts, `UploadErrorCode`): its
   * multipart session expired (24 h) or ended, the file is not the one the session started with, or
   * the platform could not process the uploaded file. The message says what to do; starting a new
   * upload is the caller's decision (and, for a changed file, the user's).
   */
  | 'upload';

/** Marks TwelveLabsErrors whichever copy of this module made them; `Symbol.for` is shared by all. */
const BRAND = Symbol.for('twelvelabs-vscode.TwelveLabsError');

export class TwelveLabsError extends Error {
  /**
   * The client is bundled apart from the features that catch its errors (dist/client.js loads on the
   * first request), so each bundle has its own copy of this class: `instanceof` checks the brand, not
   * the prototype. A subclass inherits this check and so must override it with a brand of its own
   * (AnalyzeStreamIncompleteError does), or every TwelveLabsError would pass for one of it.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && (value as { [BRAND]?: unknown })[BRAND] === true;
  }

  override readonly name = 'TwelveLabsError';
  readonly [BRAND] = true;

  constructor(
    readonly kind: TwelveLabsErrorKind,
    /** HTTP status, or 0 when no response arrived. */
    readonly status: number,
    /** The server's error `code` (e.g. `api_key_invalid`), or a client-side code such as `ECONNREFUSED` or `response_incomplete`. */
    readonly code: string,
    message: string,
    /** For 429/503: how long the server asked us to wait, in milliseconds. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }

  get isUnauthorized(): boolean {
    return this.status === 401;
  }

  get isCancelled(): boolean {
    return this.kind === 'cancelled';
  }
}

/** Statuses where the same request may succeed later: rate limits and an overloaded or restarting gateway. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);

export function isTwelveLabsError(error: unknown): error is TwelveLabsError {
  return error instanceof TwelveLabsError;
}
