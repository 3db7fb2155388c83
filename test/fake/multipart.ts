// /assets/multipart-uploads: upload sessions for large local files. The chunks themselves go to the
// storage origin (storage.ts) through presigned URLs; this module issues those URLs, checks every
// reported proof against the ETag the storage really returned, and keeps per-chunk counters so a
// test can assert that nothing was uploaded (or reported) twice.
import { json, type Outcome } from './http';
import {
  chunkProofInvalid,
  fileTooLarge,
  parameterInvalid,
  parameterNotProvided,
  resourceNotExist,
  uploadSessionExpired,
  uploadSessionNotActive,
} from './messages';
import { paginate, parseFilteredListQuery, parseListParams } from './paging';
import type { Route, RouteContext } from './routes';
import { iso, type FakeStore } from './state';
import type { ChunkSink, ChunkTarget, StorageOrigin } from './storage';
import { mimeForDeclaredType, type AssetBook, type AssetType, type StoredAsset, type UserMetadata } from './assets';
import {
  isPlainObject,
  isPositiveInteger,
  jsonBoolean,
  jsonObjectBody,
  noQueryAllowed,
  OBJECT_ID,
  unknownField,
  userMetadataObject,
  validFilename,
  type Checked,
} from './bodies';

export type SessionStatus = 'active' | 'completed' | 'failed' | 'expired';
export type ChunkStatus = 'completed' | 'pending' | 'failed';

/**
 * The vendor's example reports `chunk_size: 5242880`; the API says only that it computes "the optimal
 * chunk size", so 5 MiB (also S3's minimum part size) is the default [?].
 */
export const DEFAULT_CHUNK_SIZE = 5 * 1024 * 1024;
/** URLs in the create answer: "the initial set may not include URLs for all chunks" [?: how many]. */
export const DEFAULT_INITIAL_URLS = 10;
/** "You can request a maximum of 50 URLs in a single API call." */
export const MAX_URLS_PER_REQUEST = 50;
/** "This identifier remains valid for 24 hours from the time of creation." */
export const SESSION_TTL_MS = 24 * 60 * 60 * 1000;
/** "Video and audio: Up to 10 GB", decimal as for the other limits [?]. */
export const MAX_MULTIPART_BYTES = 10_000_000_000;

interface StoredChunk {
  index: number;
  size: number;
  /** The ETag (quoted, as S3 sends it) of the last PUT that stored this chunk. */
  etag: string | undefined;
  bytesStored: number;
  putAttempts: number;
  putsStored: number;
  urlsIssued: number;
  reports: number;
  reportedAt: number | undefined;
  updatedAt: number;
  error: string | undefined;
}

interface StoredSession {
  id: string;
  seq: number;
  assetId: string;
  filename: string;
  type: AssetType;
  totalSize: number;
  chunkSize: number;
  totalChunks: number;
  createdAt: number;
  updatedAt: number;
  expiresAt: number;
  state: 'active' | 'completed' | 'failed';
  chunks: StoredChunk[];
}

export interface FakeMultipartChunk {
  index: number;
  size: number;
  status: ChunkStatus;
  /** Signed, unexpired PUTs that reached this chunk (stored or not). */
  putAttempts: number;
  /** PUTs that stored this chunk: more than 1 means it was uploaded twice. */
  putsStored: number;
  bytesStored: number;
  etag?: string;
  /** Times this chunk was reported, duplicates included. */
  reports: number;
  urlsIssued: number;
}

/** A session as the control API shows it: the wire fields plus the counters tests assert on. */
export interface FakeMultipartSession {
  upload_id: string;
  asset_id: string;
  status: SessionStatus;
  filename: string;
  type: AssetType;
  total_size: number;
  chunk_size: number;
  total_chunks: number;
  created_at: string;
  expires_at: string;
  chunks: FakeMultipartChunk[];
}

export interface MultipartBookOptions {
  /** Bytes per chunk (≥ 1), or a function of the total size; default 5 MiB. */
  chunkSize?: number | ((totalSize: number) => number);
  initialUrls?: number;
  sessionTtlMs?: number;
  maxBytes?: number;
  maxImageBytes?: number;
}

function stripQuotes(etag: string): string {
  return etag.trim().replace(/^"(.*)"$/, '$1');
}

export class MultipartBook implements ChunkSink {
  private readonly sessions = new Map<string, StoredSession>();
  private seq = 0;
  private readonly chunkSizeOption: number | ((totalSize: number) => number);
  readonly initialUrls: number;
  readonly sessionTtlMs: number;
  readonly maxBytes: number;
  readonly maxImageBytes: number;

  constructor(
    private readonly store: FakeStore,
    private readonly now: () => Date,
    private readonly assets: AssetBook,
    private readonly storage: StorageOrigin,
    options: MultipartBookOptions = {},
  ) {
    this.chunkSizeOption = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
    if (typeof this.chunkSizeOption === 'number' && !isPositiveInteger(this.chunkSizeOption)) {
      throw new RangeError(`chunkSize must be an integer ≥ 1, got ${String(options.chunkSize)}`);
    }
    this.initialUrls = options.initialUrls ?? DEFAULT_INITIAL_URLS;
    this.sessionTtlMs = options.sessionTtlMs ?? SESSION_TTL_MS;
    this.maxBytes = options.maxBytes ?? MAX_MULTIPART_BYTES;
    this.maxImageBytes = options.maxImageBytes ?? assets.maxImageBytes;
  }

  get uploadHeaders(): Record<string, string> {
    return { ...this.storage.uploadHeaders };
  }

  private chunkSizeFor(totalSize: number): number {
    const size = typeof this.chunkSizeOption === 'number' ? this.chunkSizeOption : this.chunkSizeOption(totalSize);
    if (!isPositiveInteger(size)) throw new RangeError(`chunkSize must be an integer ≥ 1, got ${String(size)}`);
    return size;
  }

  create(input: { filename: string; type: AssetType; totalSize: number; enableHls?: boolean; enableThumbnail?: boolean; userMetadata?: UserMetadata }): { session: StoredSession; asset: StoredAsset } {
    const at = this.now().getTime();
    const chunkSize = this.chunkSizeFor(input.totalSize);
    const totalChunks = Math.ceil(input.totalSize / chunkSize);
    // "this identifier is reserved immediately": the asset exists, processing, until the last chunk.
    const asset = this.assets.create({
      method: 'multipart',
      type: input.type,
      mimeType: mimeForDeclaredType(input.type, input.filename),
      filename: input.filename,
      size: input.totalSize,
      enableHls: input.enableHls,
      enableThumbnail: input.enableThumbnail,
      userMetadata: input.userMetadata,
      startProcessing: false,
    });
    const session: StoredSession = {
      id: this.store.newId(),
      seq: ++this.seq,
      assetId: asset.id,
      filename: input.filename,
      type: input.type,
      totalSize: input.totalSize,
      chunkSize,
      totalChunks,
      createdAt: at,
      updatedAt: at,
      expiresAt: at + this.sessionTtlMs,
      state: 'active',
      chunks: Array.from({ length: totalChunks }, (_, i) => ({
        index: i + 1,
        size: Math.min(chunkSize, input.totalSize - i * chunkSize),
        etag: undefined,
        bytesStored: 0,
        putAttempts: 0,
        putsStored: 0,
        urlsIssued: 0,
        reports: 0,
        reportedAt: undefined,
        updatedAt: at,
        error: undefined,
      })),
    };
    this.sessions.set(session.id, session);
    return { session, asset };
  }

  get(id: string): StoredSession | undefined {
    return this.sessions.get(id);
  }

  all(): StoredSession[] {
    return [...this.sessions.values()];
  }

  status(session: StoredSession): SessionStatus {
    if (session.state === 'active' && this.now().getTime() >= session.expiresAt) return 'expired';
    return session.state;
  }

  /** Control: the session expires now, as if its 24 hours were over. */
  expire(id: string): void {
    const session = this.sessions.get(id);
    if (!session) throw new Error(`no upload session ${id}`);
    session.expiresAt = Math.min(session.expiresAt, this.now().getTime());
  }

  /** A deleted asset takes its unfinished upload with it [?]. */
  assetDeleted(assetId: string): void {
    for (const session of this.sessions.values()) {
      if (session.assetId === assetId && session.state === 'active') session.state = 'failed';
    }
  }

  issueUrls(session: StoredSession, start: number, count: number): { chunk_index: number; url: string; expires_at: string }[] {
    const out = [];
    for (let index = start; index < start + count && index <= session.totalChunks; index++) {
      const { url, expiresAt } = this.storage.presign(session.id, index);
      session.chunks[index - 1].urlsIssued++;
      out.push({ chunk_index: index, url, expires_at: iso(expiresAt) });
    }
    return out;
  }

  target(uploadId: string, chunkIndex: number): ChunkTarget {
    const session = this.sessions.get(uploadId);
    if (!session || this.status(session) !== 'active') return { kind: 'no-upload' };
    const chunk = session.chunks[chunkIndex - 1];
    return chunk ? { kind: 'chunk', size: chunk.size } : { kind: 'no-chunk' };
  }

  attempted(uploadId: string, chunkIndex: number): void {
    const chunk = this.sessions.get(uploadId)?.chunks[chunkIndex - 1];
    if (chunk) chunk.putAttempts++;
  }

  stored(uploadId: string, chunkIndex: number, etag: string, bytes: number): void {
    const session = this.sessions.get(uploadId);
    const chunk = session?.chunks[chunkIndex - 1];
    if (!session || !chunk) return;
    chunk.etag = etag;
    chunk.bytesStored = bytes;
    chunk.putsStored++;
    chunk.updatedAt = this.now().getTime();
    session.updatedAt = chunk.updatedAt;
  }

  chunkStatus(chunk: StoredChunk): ChunkStatus {
    if (chunk.reportedAt !== undefined) return 'completed';
    return chunk.error === undefined ? 'pending' : 'failed';
  }

  completedUrl(session: StoredSession): string {
    return `${this.storage.origin}/assets/${session.assetId}/${encodeURIComponent(session.filename)}`;
  }

  toControl(session: StoredSession): FakeMultipartSession {
    return {
      upload_id: session.id,
      asset_id: session.assetId,
      status: this.status(session),
      filename: session.filename,
      type: session.type,
      total_size: session.totalSize,
      chunk_size: session.chunkSize,
      total_chunks: session.totalChunks,
      created_at: iso(session.createdAt),
      expires_at: iso(session.expiresAt),
      chunks: session.chunks.map((c) => {
        const chunk: FakeMultipartChunk = {
          index: c.index,
          size: c.size,
          status: this.chunkStatus(c),
          putAttempts: c.putAttempts,
          putsStored: c.putsStored,
          bytesStored: c.bytesStored,
          reports: c.reports,
          urlsIssued: c.urlsIssued,
        };
        if (c.etag !== undefined) chunk.etag = c.etag;
        return chunk;
      }),
    };
  }
}

const CREATE_FIELDS = ['filename', 'type', 'total_size', 'enable_hls', 'enable_thumbnail', 'user_metadata'];
const REPORT_FIELDS = ['completed_chunks'];
const CHUNK_FIELDS = ['chunk_index', 'proof', 'proof_type', 'chunk_size'];
const URLS_FIELDS = ['start', 'count'];
const TYPES: readonly string[] = ['video', 'audio', 'image'];

function createSession(ctx: RouteContext): Outcome {
  const unknownQuery = noQueryAllowed(ctx);
  if (unknownQuery) return unknownQuery;
  // JSON only: a form-data body (the /assets habit) is refused the way /tasks refuses JSON.
  const parsed = jsonObjectBody(ctx);
  if (!parsed.ok) return parsed.error;
  const body = parsed.value;
  const unknown = unknownField(ctx, body, CREATE_FIELDS);
  if (unknown) return unknown;
  for (const name of ['filename', 'type', 'total_size']) {
    if (body[name] === undefined || body[name] === null) return parameterNotProvided(name);
  }
  if (!validFilename(body.filename)) return parameterInvalid('filename');
  if (typeof body.type !== 'string' || !TYPES.includes(body.type)) return parameterInvalid('type');
  const type = body.type as AssetType;
  if (!isPositiveInteger(body.total_size)) return parameterInvalid('total_size');
  const limit = type === 'image' ? ctx.multipart.maxImageBytes : ctx.multipart.maxBytes;
  if (body.total_size > limit) return fileTooLarge(limit);
  const hls = jsonBoolean(body.enable_hls, 'enable_hls');
  if (!hls.ok) return hls.error;
  const thumbnail = jsonBoolean(body.enable_thumbnail, 'enable_thumbnail');
  if (!thumbnail.ok) return thumbnail.error;
  let userMetadata: UserMetadata | undefined;
  if (body.user_metadata !== undefined) {
    const metadata = userMetadataObject(body.user_metadata, 'user_metadata');
    if (!metadata.ok) return metadata.error;
    userMetadata = metadata.value as UserMetadata;
  }
  const { session } = ctx.multipart.create({
    filename: body.filename,
    type,
    totalSize: body.total_size,
    enableHls: hls.value,
    enableThumbnail: thumbnail.value,
    userMetadata,
  });
  return json(201, {
    upload_id: session.id,
    asset_id: session.assetId,
    upload_urls: ctx.multipart.issueUrls(session, 1, Math.min(ctx.multipart.initialUrls, session.totalChunks)),
    upload_headers: ctx.multipart.uploadHeaders,
    chunk_size: session.chunkSize,
    total_chunks: session.totalChunks,
    expires_at: iso(session.expiresAt),
  });
}

/** "incomplete" sessions: every one not completed, expired and failed included (they carry their status) [?]. Newest first. */
function listSessions(ctx: RouteContext): Outcome {
  const parsed = parseFilteredListQuery(ctx.query, ['page', 'page_limit'], ctx.settings.rejectUnknownFields);
  if (!parsed.ok) return parsed.error;
  const book = ctx.multipart;
  const incomplete = book
    .all()
    .filter((s) => book.status(s) !== 'completed')
    .sort((a, b) => b.createdAt - a.createdAt || b.seq - a.seq);
  const page = paginate(incomplete, parsed.value.list);
  return json(200, {
    data: page.data.map((s) => ({
      upload_id: s.id,
      status: book.status(s),
      total_size: s.totalSize,
      chunk_size: s.chunkSize,
      total_chunks: s.totalChunks,
      created_at: iso(s.createdAt),
      expires_at: iso(s.expiresAt),
    })),
    page_info: page.page_info,
  });
}

/** Every multipart operation documents 404 "Upload not found", so an unknown session is a 404 whatever `notFoundStatus` says. */
function lookup(ctx: RouteContext): Checked<StoredSession> {
  const id = ctx.params.uploadId;
  if (!OBJECT_ID.test(id) && ctx.settings.malformedIdError === 'parameter_invalid') return { ok: false, error: parameterInvalid('upload_id') };
  const session = OBJECT_ID.test(id) ? ctx.multipart.get(id) : undefined;
  if (!session) return { ok: false, error: resourceNotExist(404, id, 'multipart uploads') };
  return { ok: true, value: session };
}

/** Chunk-level status, one item per chunk in index order, paged like every list. */
function sessionStatus(ctx: RouteContext): Outcome {
  const unknownQuery = noQueryAllowed(ctx, ['page', 'page_limit']);
  if (unknownQuery) return unknownQuery;
  const found = lookup(ctx);
  if (!found.ok) return found.error;
  const params = parseListParams(ctx.query);
  if (!params.ok) return params.error;
  const book = ctx.multipart;
  const session = found.value;
  const page = paginate(session.chunks, params.value);
  let completed = 0;
  let failed = 0;
  let uploadedSize = 0;
  for (const chunk of session.chunks) {
    const status = book.chunkStatus(chunk);
    if (status === 'completed') {
      completed++;
      // "The number of bytes successfully uploaded": counted from reported chunks, the only ones the platform vouches for [?].
      uploadedSize += chunk.size;
    } else if (status === 'failed') failed++;
  }
  return json(200, {
    upload_id: session.id,
    status: book.status(session),
    uploaded_chunks: page.data.map((chunk) => {
      const status = book.chunkStatus(chunk);
      const item: Record<string, unknown> = { index: chunk.index, status, updated_at: iso(chunk.updatedAt) };
      // "null for pending or failed chunks", but the schema says string: omitted instead.
      if (chunk.reportedAt !== undefined) item.uploaded_at = iso(chunk.reportedAt);
      if (status === 'failed' && chunk.error !== undefined) item.error = chunk.error;
      return item;
    }),
    chunks_completed: completed,
    chunks_failed: failed,
    chunks_pending: session.totalChunks - completed - failed,
    page_info: page.page_info,
    total_size: session.totalSize,
    uploaded_size: uploadedSize,
    created_at: iso(session.createdAt),
    updated_at: iso(session.updatedAt),
  });
}

interface ReportedChunk {
  index: number;
  proof: string;
}

function parseReport(ctx: RouteContext, session: StoredSession, body: Record<string, unknown>): Checked<ReportedChunk[]> {
  const unknown = unknownField(ctx, body, REPORT_FIELDS);
  if (unknown) return { ok: false, error: unknown };
  const list = body.completed_chunks;
  if (list === undefined || list === null) return { ok: false, error: parameterNotProvided('completed_chunks') };
  if (!Array.isArray(list) || list.length === 0) return { ok: false, error: parameterInvalid('completed_chunks') };
  const out: ReportedChunk[] = [];
  for (const [i, item] of (list as unknown[]).entries()) {
    const at = `completed_chunks[${i}]`;
    if (!isPlainObject(item)) return { ok: false, error: parameterInvalid(at) };
    const unknownItem = unknownField(ctx, item, CHUNK_FIELDS, `${at}.`);
    if (unknownItem) return { ok: false, error: unknownItem };
    for (const name of CHUNK_FIELDS) {
      if (item[name] === undefined || item[name] === null) return { ok: false, error: parameterNotProvided(`${at}.${name}`) };
    }
    const index = item.chunk_index;
    if (!isPositiveInteger(index) || index > session.totalChunks) return { ok: false, error: parameterInvalid(`${at}.chunk_index`) };
    if (typeof item.proof !== 'string' || item.proof.trim() === '') return { ok: false, error: parameterInvalid(`${at}.proof`) };
    if (item.proof_type !== 'etag') return { ok: false, error: parameterInvalid(`${at}.proof_type`) };
    // "For all chunks except the last, this value equals chunk_size. For the last chunk, it may be smaller."
    if (item.chunk_size !== session.chunks[index - 1].size) return { ok: false, error: parameterInvalid(`${at}.chunk_size`) };
    out.push({ index, proof: item.proof });
  }
  return { ok: true, value: out };
}

/**
 * A batch is all or nothing [?]: one bad proof refuses the whole request, and marks that chunk
 * `failed` in the session status (the platform compared it with storage and found it wrong). A
 * proof matches with or without S3's quotes (the official SDK strips them).
 */
function reportChunks(ctx: RouteContext): Outcome {
  const unknownQuery = noQueryAllowed(ctx);
  if (unknownQuery) return unknownQuery;
  const found = lookup(ctx);
  if (!found.ok) return found.error;
  const session = found.value;
  const book = ctx.multipart;
  const status = book.status(session);
  if (status === 'expired') return uploadSessionExpired(session.id);
  if (status === 'failed') return uploadSessionNotActive(session.id, status);
  const parsed = jsonObjectBody(ctx);
  if (!parsed.ok) return parsed.error;
  const reported = parseReport(ctx, session, parsed.value);
  if (!reported.ok) return reported.error;

  const at = ctx.now().getTime();
  const wrong: string[] = [];
  for (const { index, proof } of reported.value) {
    const chunk = session.chunks[index - 1];
    if (chunk.etag === undefined) {
      wrong.push(`Chunk ${index} has not been uploaded: the storage holds no object for it.`);
      if (chunk.reportedAt === undefined) chunk.error = 'The chunk was reported but never uploaded. Upload it again.';
    } else if (stripQuotes(proof) !== stripQuotes(chunk.etag)) {
      wrong.push(`The proof for chunk ${index} does not match the ETag of the uploaded chunk.`);
      if (chunk.reportedAt === undefined) chunk.error = 'The reported proof does not match the uploaded chunk. Upload it again.';
    } else {
      continue;
    }
    chunk.updatedAt = at;
  }
  if (wrong.length > 0) return chunkProofInvalid(wrong.length === 1 ? wrong[0] : `${wrong[0]} (${wrong.length} chunks refused.)`);

  let processed = 0;
  let duplicates = 0;
  for (const { index } of reported.value) {
    const chunk = session.chunks[index - 1];
    chunk.reports++;
    if (chunk.reportedAt !== undefined) {
      duplicates++;
      continue;
    }
    processed++;
    chunk.reportedAt = at;
    chunk.updatedAt = at;
    chunk.error = undefined;
  }
  if (processed > 0) session.updatedAt = at;
  const totalCompleted = session.chunks.filter((c) => c.reportedAt !== undefined).length;
  if (session.state === 'active' && totalCompleted === session.totalChunks) {
    session.state = 'completed';
    session.updatedAt = at;
    const asset = ctx.assets.get(session.assetId);
    if (asset) ctx.assets.startProcessing(asset);
  }
  const answer: Record<string, unknown> = {};
  if (session.state === 'completed') answer.url = book.completedUrl(session);
  Object.assign(answer, { asset_id: session.assetId, processed_chunks: processed, duplicate_chunks: duplicates, total_completed: totalCompleted });
  return json(200, answer);
}

function moreUrls(ctx: RouteContext): Outcome {
  const unknownQuery = noQueryAllowed(ctx);
  if (unknownQuery) return unknownQuery;
  const found = lookup(ctx);
  if (!found.ok) return found.error;
  const session = found.value;
  const book = ctx.multipart;
  const status = book.status(session);
  if (status === 'expired') return uploadSessionExpired(session.id);
  if (status !== 'active') return uploadSessionNotActive(session.id, status);
  const parsed = jsonObjectBody(ctx);
  if (!parsed.ok) return parsed.error;
  const body = parsed.value;
  const unknown = unknownField(ctx, body, URLS_FIELDS);
  if (unknown) return unknown;
  for (const name of URLS_FIELDS) {
    if (body[name] === undefined || body[name] === null) return parameterNotProvided(name);
  }
  if (!isPositiveInteger(body.start) || body.start > session.totalChunks) return parameterInvalid('start');
  // The answer's `count` "Matches the count value from your request", so a range past the last chunk is refused, not trimmed [?].
  if (!isPositiveInteger(body.count) || body.count > MAX_URLS_PER_REQUEST || body.start + body.count - 1 > session.totalChunks) {
    return parameterInvalid('count');
  }
  const generated = Math.floor(ctx.now().getTime() / 1000) * 1000;
  const urls = book.issueUrls(session, body.start, body.count);
  return json(200, {
    upload_id: session.id,
    start_index: body.start,
    count: urls.length,
    upload_urls: urls,
    generated_at: iso(generated),
    expires_at: urls[0].expires_at,
  });
}

export const multipartRoutes: Route[] = [
  { method: 'POST', pattern: '/assets/multipart-uploads', handler: createSession },
  { method: 'GET', pattern: '/assets/multipart-uploads', handler: listSessions },
  { method: 'GET', pattern: '/assets/multipart-uploads/:uploadId', handler: sessionStatus },
  { method: 'POST', pattern: '/assets/multipart-uploads/:uploadId', handler: reportChunks },
  { method: 'POST', pattern: '/assets/multipart-uploads/:uploadId/presigned-urls', handler: moreUrls },
];
