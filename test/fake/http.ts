// Wire-level helpers: reading request bodies (JSON, text, multipart) and describing responses
// as values, so that handlers stay pure and faults can swap or withhold the answer.
import type { IncomingMessage } from 'node:http';
import type { Transform } from 'node:stream';
import busboy from 'busboy';

export interface MultipartFile {
  filename: string;
  mimeType: string;
  /** Bytes received. The content itself is not kept: uploads can be large. */
  size: number;
}

export type MultipartFields = Record<string, string | MultipartFile>;

export type ParsedBody =
  | { kind: 'none' }
  | { kind: 'json'; value: unknown; raw: string }
  | { kind: 'invalid-json'; raw: string }
  | { kind: 'text'; raw: string }
  /** `fields` keeps the last value of a repeated name; `repeated` every value, in order (`search_options=a&search_options=b`). */
  | { kind: 'multipart'; fields: MultipartFields; repeated: Record<string, MultipartFields[string][]> }
  | { kind: 'invalid-multipart'; error: string };

/**
 * How a response's bytes go out. Unset fields mean the ordinary way: a Content-Length and the whole
 * body at once. Faults combine them to model broken servers and middleboxes.
 */
export interface Delivery {
  /** No Content-Length: `Transfer-Encoding: chunked`. */
  chunked?: boolean;
  /** Send this many body bytes, then close the connection cleanly (a FIN, not a reset). */
  cutAfterBytes?: number;
  /** One body byte every this many milliseconds. */
  dripIntervalMs?: number;
  /**
   * The body's empty `"padding":""` filled with `x` until the body is this long, written a chunk at a
   * time as the client takes it: an oversized answer costs the fake no string of its size, so its
   * cost is not what a client's deadline measures.
   */
  padToBytes?: number;
}

/**
 * A body written piece by piece, chunked (a streamed analysis): each write goes out `delayMs` after
 * the one before; with `cutAfterWrites`, the socket is destroyed after that many, before the rest.
 */
export interface StreamedBody {
  kind: 'stream';
  status: number;
  headers: Record<string, string>;
  writes: string[];
  delayMs: number;
  cutAfterWrites?: number;
  /** Written off-spec on purpose (a test's own bytes): `validateResponses` leaves it alone. */
  offSpec?: boolean;
}

/**
 * What the fake answers; `hang` and `reset` model a server that never finishes its answer, `endless`
 * one whose (chunked) body never ends.
 */
export type Outcome =
  | { kind: 'response'; status: number; headers: Record<string, string>; body: string | Buffer; delivery?: Delivery }
  | StreamedBody
  | { kind: 'hang' }
  | { kind: 'reset' }
  | { kind: 'endless' };

export interface ApiErrorBody {
  code: string;
  message: string;
  docs_url?: string;
}

export function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0].trim().toLowerCase();
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Outcome {
  return {
    kind: 'response',
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(body),
  };
}

export function apiError(status: number, code: string, message: string, headers: Record<string, string> = {}): Outcome {
  const body: ApiErrorBody = { code, message };
  return json(status, body, headers);
}

export function noContent(): Outcome {
  return { kind: 'response', status: 204, headers: {}, body: '' };
}

export function raw(status: number, contentType: string | undefined, body: string, headers: Record<string, string> = {}): Outcome {
  return {
    kind: 'response',
    status,
    headers: contentType === undefined ? { ...headers } : { 'Content-Type': contentType, ...headers },
    body,
  };
}

export interface ReadBodyOptions {
  /** Multipart only: the body flows through this first (e.g. a throttle) on its way to busboy. */
  through?: Transform;
}

export async function readBody(req: IncomingMessage, options: ReadBodyOptions = {}): Promise<ParsedBody> {
  const type = mediaType(req.headers['content-type']);
  if (type === 'multipart/form-data') return readMultipart(req, options.through);
  const buffer = await readAll(req);
  if (buffer.length === 0) return { kind: 'none' };
  const text = buffer.toString('utf8');
  if (type === 'application/json' || type.endsWith('+json')) {
    try {
      const value: unknown = JSON.parse(text);
      return { kind: 'json', value, raw: text };
    } catch {
      return { kind: 'invalid-json', raw: text };
    }
  }
  return { kind: 'text', raw: text };
}

/** The shape stored in the request log: parsed JSON, raw text, or the multipart field map. */
export function bodyForLog(body: ParsedBody): unknown {
  switch (body.kind) {
    case 'none':
      return undefined;
    case 'json':
      return body.value;
    case 'invalid-json':
    case 'text':
      return body.raw;
    case 'multipart':
      // A repeated name is logged with every value, so tests see `search_options: ['visual', 'audio']`.
      return Object.fromEntries(Object.entries(body.fields).map(([name, value]) => [name, (body.repeated[name]?.length ?? 0) > 1 ? body.repeated[name] : value]));
    case 'invalid-multipart':
      return { error: body.error };
  }
}

function readAll(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function readMultipart(req: IncomingMessage, through: Transform | undefined): Promise<ParsedBody> {
  return new Promise((resolve) => {
    const fields: MultipartFields = {};
    const repeated: Record<string, MultipartFields[string][]> = {};
    const keep = (name: string, value: MultipartFields[string]): void => {
      fields[name] = value;
      (repeated[name] ??= []).push(value);
    };
    let settled = false;
    const fail = (error: unknown): void => {
      if (settled) return;
      settled = true;
      // Drain the rest so the client is not stuck writing into a full socket buffer.
      req.resume();
      resolve({ kind: 'invalid-multipart', error: error instanceof Error ? error.message : String(error) });
    };
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: req.headers });
    } catch (error) {
      fail(error);
      return;
    }
    // A repeated field name keeps its last value in `fields`; each route decides what repetition means.
    parser.on('field', (name, value) => keep(name, value));
    parser.on('file', (name, stream, info) => {
      const file: MultipartFile = { filename: info.filename ?? '', mimeType: info.mimeType, size: 0 };
      keep(name, file);
      stream.on('data', (c: Buffer) => {
        file.size += c.length;
      });
    });
    parser.on('error', fail);
    parser.on('close', () => {
      if (settled) return;
      settled = true;
      resolve({ kind: 'multipart', fields, repeated });
    });
    req.on('error', fail);
    if (through) req.pipe(through).pipe(parser);
    else req.pipe(parser);
  });
}
