import * as path from 'node:path';
import { forEachLimited } from '../common/collections';
import type { Logger } from '../common/logging/logger';
import {
  DEFAULT_CHUNK_CONCURRENCY,
  MAX_CHUNK_CONCURRENCY,
  MAX_MULTIPART_BYTES,
  UPLOAD_SESSION_TTL_MS,
  formatSize,
  type Asset,
  type AssetType,
  type AssetWaitOptions,
  type ChunkReport,
  type CompletedChunk,
  type MultipartProgress,
  type MultipartSession,
  type MultipartUploadOptions,
  type MultipartUploadRequest,
  type PresignedUrl,
  type PresignedUrlBatch,
  type ResumableUpload,
  type StartMultipartRequest,
  type UploadStatus,
} from './assetTypes';
import { TwelveLabsError } from './errors';
import type { RetryPolicy } from './ports';
import { backoffDelay, cancelledError, type RetryClock } from './retry';
import { StorageClient } from './storage';
import type { CallOptions } from './types';
import { DEFAULT_STALL_TIMEOUT_MS, VideoFile } from './upload';

/**
 * A whole multipart upload: a session started (or an earlier one resumed), the file's chunks PUT to
 * their presigned URLs a few at a time, the stored chunks reported in batches with their ETags, and
 * the asset awaited until it is ready.
 *
 * - Chunks are read from ranges of the one open descriptor into two reused 512 KiB buffers per PUT
 *   (never a whole chunk in memory): with four in flight, 4 MiB of buffers whatever the file's size.
 * - A failed PUT (reset, 5xx, stall) is retried with backoff, a bounded number of times: a presigned
 *   PUT is idempotent. A 403 (expired or already used URL) or a URL about to expire asks for fresh
 *   URLs (`POST …/presigned-urls`) first. The chunk PUTs never carry the key (storage.ts).
 * - State for resuming goes out through `onState` whenever it changes: after the session starts,
 *   after every stored chunk (with its ETag), after every confirmed batch. A process killed at any
 *   point therefore loses at most the chunks in flight, one per worker.
 * - Resume asks the server (`GET …/{upload_id}`, paged) which chunks it has, reports the ETags the
 *   state holds for chunks stored but not confirmed, and sends only what is still missing.
 * - An abort stops every PUT at once. Nothing more is sent, not even a last report: the state
 *   already holds the ETags of stored chunks, so a resume reports them instead of sending them again.
 */

/** What the uploader needs of the API client (TwelveLabsClient implements it). */
export interface MultipartApi {
  startMultipartUpload(request: StartMultipartRequest, options?: CallOptions): Promise<MultipartSession>;
  reportChunks(uploadId: string, chunks: readonly CompletedChunk[], options?: CallOptions): Promise<ChunkReport>;
  refreshUploadUrls(uploadId: string, start: number, count: number, options?: CallOptions): Promise<PresignedUrlBatch>;
  getUploadStatus(uploadId: string, page?: number, limit?: number, options?: CallOptions): Promise<UploadStatus>;
  getAsset(assetId: string, options?: CallOptions): Promise<Asset>;
  waitForAsset(assetId: string, options?: AssetWaitOptions): Promise<Asset>;
}

export interface UploaderDeps {
  api: MultipartApi;
  logger: Logger;
  clock: RetryClock;
  /** Backoff of chunk retries (base and cap); attempts are `maxChunkAttempts`. */
  policy: RetryPolicy;
  /** Masks secrets in text shown to the user (file names, the server's reasons). */
  mask: (text: string) => string;
  /** The client's default stall timeout. */
  stallTimeoutMs?: number;
}

const DEFAULT_MAX_CHUNK_ATTEMPTS = 5;
/** Fresh URLs asked for one chunk before its 403s are believed. */
const MAX_URL_REFRESHES_PER_CHUNK = 3;
const DEFAULT_REPORT_BATCH = 10;
/** The most chunks in one report. */
const MAX_REPORT_CHUNKS = 100;
/** "You can request a maximum of 50 URLs in a single API call." */
const MAX_URLS_PER_REQUEST = 50;
/** A URL is renewed this long before it expires... */
const URL_EXPIRY_MARGIN_MS = 5 * 60_000;
/** ...unless it was received this recently and has this much left. */
const URL_FRESH_MS = 30_000;
const URL_MIN_LEFT_MS = 10_000;
/** "URLs expire after one hour": assumed when an answer gives no `expires_at`. */
const URL_DEFAULT_TTL_MS = 60 * 60_000;
const STATUS_PAGE_LIMIT = 50;
const STATUS_PAGE_CONCURRENCY = 4;
/** Send rounds: a batch the server refused as a whole is sent again in the next one. */
const MAX_ROUNDS = 3;
const AUDIO_EXTENSIONS = new Set(['mp3', 'm4a', 'wav', 'aac', 'flac', 'ogg', 'opus']);
const PLAIN_ID = /^[A-Za-z0-9_-]{1,128}$/;

export class MultipartUploader {
  constructor(private readonly deps: UploaderDeps) {}

  /** Uploads (or resumes) `request.path` and resolves with the asset, ready unless `waitForReady` is false. */
  async upload(request: MultipartUploadRequest, options: MultipartUploadOptions = {}): Promise<Asset> {
    if (options.signal?.aborted) {
      throw cancelledError();
    }
    const filename = request.resume?.filename ?? request.filename ?? path.basename(request.path);
    const shownName = this.deps.mask(filename);
    const file = await VideoFile.open(request.path, shownName, undefined);
    const run = new UploadRun(this.deps, file, path.resolve(request.path), shownName, options);
    try {
      return await run.execute(request, filename);
    } finally {
      run.dispose();
      await file.close();
    }
  }
}

/** The session as this run knows it. */
interface Session {
  uploadId: string;
  assetId: string;
  filename: string;
  type: AssetType;
  chunkSize: number;
  totalChunks: number;
  headers: Record<string, string>;
  expiresAt: string;
  startedAt: string;
}

class UploadRun {
  private readonly controller = new AbortController();
  private readonly signal: AbortSignal;
  private readonly storage: StorageClient;
  private readonly concurrency: number;
  private readonly stallMs: number;
  private readonly maxAttempts: number;
  private readonly batchSize: number;
  private session: Session | undefined;
  private urls: UrlBook | undefined;
  /** Chunks the server confirmed. */
  private readonly completed = new Set<number>();
  /** Chunks stored (ETag in hand), not confirmed yet. */
  private readonly proofs = new Map<number, string>();
  /** Bytes of the chunks in flight handed to the connection so far. */
  private readonly inFlight = new Map<number, number>();
  private storedBytes = 0;
  private shownSent = 0;
  private reporting: Promise<void> | undefined;
  private failure: Error | undefined;
  private stateProblemLogged = false;

  constructor(
    private readonly deps: UploaderDeps,
    private readonly file: VideoFile,
    private readonly filePath: string,
    private readonly shownName: string,
    private readonly options: MultipartUploadOptions,
  ) {
    this.signal = options.signal ? AbortSignal.any([options.signal, this.controller.signal]) : this.controller.signal;
    this.concurrency = Math.max(1, Math.min(MAX_CHUNK_CONCURRENCY, Math.floor(options.concurrency ?? DEFAULT_CHUNK_CONCURRENCY)));
    this.stallMs = options.stallTimeoutMs ?? deps.stallTimeoutMs ?? DEFAULT_STALL_TIMEOUT_MS;
    this.maxAttempts = Math.max(1, options.maxChunkAttempts ?? DEFAULT_MAX_CHUNK_ATTEMPTS);
    this.batchSize = Math.max(1, Math.min(MAX_REPORT_CHUNKS, options.reportBatchSize ?? DEFAULT_REPORT_BATCH));
    this.storage = new StorageClient(deps.logger, this.concurrency);
  }

  dispose(): void {
    this.controller.abort();
    this.storage.destroy();
  }

  async execute(request: MultipartUploadRequest, filename: string): Promise<Asset> {
    if (request.resume) {
      await this.resume(request.resume);
    } else {
      await this.start(request, filename);
    }
    const session = this.current;
    for (let round = 1; ; round++) {
      const missing = this.missing();
      if (missing.length === 0 && this.proofs.size === 0) {
        break;
      }
      if (round > MAX_ROUNDS) {
        throw new TwelveLabsError('upload', 0, 'upload_session_ended', `The server kept refusing chunks of “${this.shownName}”. Start the upload again.`);
      }
      await this.sendRound(missing);
      await this.flushReports();
    }
    this.deps.logger.debug(`Multipart upload ${session.uploadId}: all ${session.totalChunks} chunks confirmed`);
    this.progress('processing');
    if (this.options.waitForReady === false) {
      return this.deps.api.getAsset(session.assetId, { signal: this.options.signal });
    }
    return this.deps.api.waitForAsset(session.assetId, { ...this.options.assetWait, signal: this.options.signal });
  }

  private get current(): Session {
    if (!this.session) {
      throw new Error('no upload session yet');
    }
    return this.session;
  }

  // --- starting and resuming ---------------------------------------------------------------

  private async start(request: MultipartUploadRequest, filename: string): Promise<void> {
    const size = this.file.size;
    if (size === 0) {
      throw new TwelveLabsError('file', 0, 'file_empty', `“${this.shownName}” is empty, so there is nothing to upload.`);
    }
    if (size > MAX_MULTIPART_BYTES) {
      throw new TwelveLabsError(
        'file',
        0,
        'file_too_large',
        `“${this.shownName}” is ${formatSize(size)}; Twelve Labs accepts files of at most ${formatSize(MAX_MULTIPART_BYTES)}. Split or compress the video, then upload the parts.`,
      );
    }
    const type = request.type ?? inferType(filename);
    const created = await this.deps.api.startMultipartUpload(
      { filename, type, totalSize: size, enableHls: request.enableHls, enableThumbnail: request.enableThumbnail, userMetadata: request.userMetadata },
      { signal: this.signal },
    );
    const now = this.deps.clock.now();
    this.session = {
      uploadId: created.upload_id,
      assetId: created.asset_id,
      filename,
      type,
      chunkSize: created.chunk_size,
      totalChunks: created.total_chunks,
      headers: { ...created.upload_headers },
      expiresAt: validDate(created.expires_at) ?? new Date(now + UPLOAD_SESSION_TTL_MS).toISOString(),
      startedAt: new Date(now).toISOString(),
    };
    this.urls = this.urlBook();
    this.urls.add(created.upload_urls);
    this.deps.logger.info(
      `Multipart upload ${created.upload_id} started: ${created.total_chunks} chunks of ${created.chunk_size} bytes, ${this.concurrency} at a time`,
    );
    this.emitState();
  }

  private async resume(saved: ResumableUpload): Promise<void> {
    if (!isResumableUpload(saved)) {
      throw new TwelveLabsError('upload', 0, 'upload_session_ended', `The saved state of the upload of “${this.shownName}” cannot be used. Start the upload again.`);
    }
    if (this.file.size !== saved.file.size || this.file.modifiedMs !== saved.file.mtimeMs || saved.totalSize !== this.file.size) {
      throw fileChangedSince(this.shownName);
    }
    if (Date.parse(saved.sessionExpiresAt) <= this.deps.clock.now()) {
      throw sessionExpired(this.shownName);
    }
    this.session = {
      uploadId: saved.uploadId,
      assetId: saved.assetId,
      filename: saved.filename,
      type: saved.type,
      chunkSize: saved.chunkSize,
      totalChunks: saved.totalChunks,
      headers: { ...saved.uploadHeaders },
      expiresAt: saved.sessionExpiresAt,
      startedAt: saved.startedAt,
    };
    this.urls = this.urlBook();
    for (const index of await this.serverCompleted()) {
      this.markCompleted(index);
    }
    for (const { chunkIndex, proof } of saved.unreportedChunks) {
      if (!this.completed.has(chunkIndex) && !this.proofs.has(chunkIndex)) {
        this.proofs.set(chunkIndex, proof);
        this.storedBytes += this.chunkLength(chunkIndex);
      }
    }
    const missing = this.missing().length;
    this.deps.logger.info(
      `Multipart upload ${saved.uploadId} resumed: the server has ${this.completed.size} of ${saved.totalChunks} chunks, ${this.proofs.size} to report, ${missing} to send`,
    );
    this.emitState();
    this.progress('uploading');
    // The saved ETags first, alone: should the server refuse them, only their chunks go again.
    if (this.proofs.size > 0) {
      await this.flushReports();
    }
  }

  /** Every chunk the server says it has, from all pages of the session's status. */
  private async serverCompleted(): Promise<number[]> {
    const session = this.current;
    const read = async (page: number) => {
      try {
        return await this.deps.api.getUploadStatus(session.uploadId, page, STATUS_PAGE_LIMIT, { signal: this.signal });
      } catch (error) {
        throw this.sessionError(error);
      }
    };
    const first = await read(1);
    this.checkSessionStatus(first.status);
    const statuses = [first];
    // The claim is bounded by what the session can have: a page of 50 per 50 chunks.
    const lastPage = Math.min(first.page_info.total_page, Math.ceil(session.totalChunks / STATUS_PAGE_LIMIT));
    const pages = Array.from({ length: Math.max(0, lastPage - 1) }, (_, i) => i + 2);
    await forEachLimited(pages, STATUS_PAGE_CONCURRENCY, async (page) => {
      statuses.push(await read(page));
    });
    if (first.status === 'completed') {
      return Array.from({ length: session.totalChunks }, (_, i) => i + 1);
    }
    return statuses.flatMap((status) =>
      status.uploaded_chunks.filter((chunk) => chunk.status === 'completed' && chunk.index <= session.totalChunks).map((chunk) => chunk.index),
    );
  }

  private checkSessionStatus(status: string): void {
    if (status === 'expired') {
      throw sessionExpired(this.shownName);
    }
    if (status === 'failed') {
      throw sessionEnded(this.shownName);
    }
  }

  // --- sending -----------------------------------------------------------------------------

  private missing(): number[] {
    const out: number[] = [];
    for (let index = 1; index <= this.current.totalChunks; index++) {
      if (!this.completed.has(index) && !this.proofs.has(index)) {
        out.push(index);
      }
    }
    return out;
  }

  private async sendRound(missing: number[]): Promise<void> {
    let next = 0;
    const worker = async (): Promise<void> => {
      while (this.failure === undefined && next < missing.length) {
        const index = missing[next++];
        try {
          await this.sendChunk(index);
        } catch (error) {
          this.fail(error);
          return;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, missing.length) }, worker));
    this.throwIfFailed();
  }

  private async sendChunk(index: number): Promise<void> {
    const session = this.current;
    const urls = this.urls as UrlBook;
    const start = (index - 1) * session.chunkSize;
    const length = this.chunkLength(index);
    let attempts = 0;
    let refreshes = 0;
    for (;;) {
      if (this.signal.aborted) {
        throw cancelledError();
      }
      const url = await urls.get(index, this.signal);
      attempts++;
      this.inFlight.set(index, 0);
      const outcome = await this.storage.put({
        chunkIndex: index,
        url,
        headers: session.headers,
        body: {
          read: (buffer, count, offset) => this.file.readAt(buffer, count, start + offset),
          unchanged: () => this.file.unchanged(),
          problem: (error) => this.file.problem(error),
          changed: () => this.file.changed(),
        },
        length,
        signal: this.signal,
        stallMs: this.stallMs,
        onBytes: (bytes) => {
          this.inFlight.set(index, (this.inFlight.get(index) ?? 0) + bytes);
          this.progress('uploading');
        },
      });
      this.inFlight.delete(index);
      // A URL stores one chunk at most: used or refused, it is not tried again.
      urls.forget(index);
      if (outcome.ok) {
        this.proofs.set(index, outcome.etag);
        this.storedBytes += length;
        this.progress('uploading');
        this.emitState();
        this.maybeReport();
        return;
      }
      const { action, error } = outcome;
      if (action === 'cancelled') {
        throw error;
      }
      if (action === 'fatal') {
        throw error.kind === 'file' && error.code === 'file_changed' ? fileChangedDuring(this.shownName) : error;
      }
      if (action === 'gone') {
        throw await this.sessionGone();
      }
      if (action === 'refresh') {
        if (++refreshes > MAX_URL_REFRESHES_PER_CHUNK) {
          throw error;
        }
        this.deps.logger.debug(`Chunk ${index}: ${error.code}, asking for a fresh URL`);
        continue;
      }
      if (attempts >= this.maxAttempts) {
        throw error;
      }
      const delay = backoffDelay(attempts, this.deps.policy, this.deps.clock.random());
      this.deps.logger.debug(`Chunk ${index}: ${error.code} (attempt ${attempts}), retrying in ${delay} ms`);
      await this.deps.clock.sleep(delay, this.signal);
    }
  }

  private chunkLength(index: number): number {
    const session = this.current;
    return Math.min(session.chunkSize, this.file.size - (index - 1) * session.chunkSize);
  }

  private markCompleted(index: number): void {
    if (index >= 1 && index <= this.current.totalChunks && !this.completed.has(index)) {
      this.completed.add(index);
      this.storedBytes += this.chunkLength(index);
    }
  }

  // --- reporting ---------------------------------------------------------------------------

  /** Starts a report once a batch is waiting, one at a time, in the background; a failure stops the run. */
  private maybeReport(force = false): void {
    if (this.reporting || this.failure !== undefined || this.proofs.size === 0 || (!force && this.proofs.size < this.batchSize)) {
      return;
    }
    this.reporting = this.reportOnce().then(
      () => {
        this.reporting = undefined;
        this.maybeReport();
      },
      (error: unknown) => {
        this.reporting = undefined;
        this.fail(error);
      },
    );
  }

  /** Reports everything stored, then returns (or throws the run's failure). */
  private async flushReports(): Promise<void> {
    while (this.failure === undefined && (this.reporting || this.proofs.size > 0)) {
      if (!this.reporting) {
        this.maybeReport(true);
      }
      await this.reporting;
    }
    this.throwIfFailed();
  }

  private async reportOnce(): Promise<void> {
    const session = this.current;
    const batch = [...this.proofs.entries()].sort((a, b) => a[0] - b[0]).slice(0, MAX_REPORT_CHUNKS);
    // A file changed since its chunks were read would make an asset of two files.
    let same: boolean;
    try {
      same = await this.file.unchanged();
    } catch (error) {
      throw this.file.problem(error);
    }
    if (!same) {
      throw fileChangedDuring(this.shownName);
    }
    let answer: ChunkReport;
    try {
      answer = await this.deps.api.reportChunks(
        session.uploadId,
        batch.map(([chunkIndex, proof]) => ({ chunkIndex, proof, chunkSize: this.chunkLength(chunkIndex) })),
        { signal: this.signal },
      );
    } catch (error) {
      if (error instanceof TwelveLabsError && error.kind === 'http' && error.code === 'chunk_proof_invalid') {
        // All or nothing: every chunk of the batch goes again in the next round.
        this.deps.logger.warn(`Multipart upload ${session.uploadId}: the server refused the proofs of ${batch.length} chunk(s); sending them again`);
        for (const [index] of batch) {
          this.proofs.delete(index);
          this.storedBytes -= this.chunkLength(index);
        }
        this.emitState();
        return;
      }
      throw this.sessionError(error);
    }
    for (const [index] of batch) {
      this.proofs.delete(index);
      this.completed.add(index);
    }
    this.deps.logger.debug(
      `Multipart upload ${session.uploadId}: reported ${batch.length} chunk(s), ${answer.total_completed ?? this.completed.size} of ${session.totalChunks} confirmed`,
    );
    this.emitState();
  }

  // --- failures ----------------------------------------------------------------------------

  private fail(error: unknown): void {
    if (this.failure === undefined) {
      this.failure = error instanceof Error ? error : new Error(String(error));
      this.controller.abort();
    }
  }

  private throwIfFailed(): void {
    if (this.options.signal?.aborted) {
      throw cancelledError();
    }
    if (this.failure !== undefined) {
      throw this.failure;
    }
  }

  /** The server's session errors as `upload` errors with a plain message; anything else unchanged. */
  private sessionError(error: unknown): unknown {
    if (!(error instanceof TwelveLabsError) || error.kind !== 'http') {
      return error;
    }
    if (error.code === 'upload_session_expired') {
      return sessionExpired(this.shownName);
    }
    if (error.code === 'upload_session_not_active' || error.status === 404 || error.code === 'resource_not_exist') {
      return sessionEnded(this.shownName);
    }
    return error;
  }

  /** The storage no longer knows the upload: expired, or ended otherwise. */
  private async sessionGone(): Promise<TwelveLabsError> {
    try {
      const status = await this.deps.api.getUploadStatus(this.current.uploadId, 1, 1, { signal: this.signal });
      return status.status === 'expired' ? sessionExpired(this.shownName) : sessionEnded(this.shownName);
    } catch (error) {
      const mapped = this.sessionError(error);
      return mapped instanceof TwelveLabsError && mapped.kind === 'upload' ? mapped : sessionEnded(this.shownName);
    }
  }

  // --- progress and state --------------------------------------------------------------------

  private progress(phase: MultipartProgress['phase']): void {
    if (!this.options.onProgress) {
      return;
    }
    let sent = this.storedBytes;
    for (const bytes of this.inFlight.values()) {
      sent += bytes;
    }
    this.shownSent = Math.max(this.shownSent, Math.min(sent, this.file.size));
    const session = this.current;
    this.options.onProgress({
      sent: phase === 'processing' ? this.file.size : this.shownSent,
      total: this.file.size,
      phase,
      chunksCompleted: this.completed.size + this.proofs.size,
      totalChunks: session.totalChunks,
    });
  }

  private emitState(): void {
    if (!this.options.onState) {
      return;
    }
    const session = this.current;
    const state: ResumableUpload = {
      version: 1,
      uploadId: session.uploadId,
      assetId: session.assetId,
      filename: session.filename,
      type: session.type,
      file: { path: this.filePath, size: this.file.size, mtimeMs: this.file.modifiedMs },
      totalSize: this.file.size,
      chunkSize: session.chunkSize,
      totalChunks: session.totalChunks,
      uploadHeaders: { ...session.headers },
      completedChunks: [...this.completed].sort((a, b) => a - b),
      unreportedChunks: [...this.proofs.entries()].sort((a, b) => a[0] - b[0]).map(([chunkIndex, proof]) => ({ chunkIndex, proof })),
      sessionExpiresAt: session.expiresAt,
      startedAt: session.startedAt,
    };
    try {
      this.options.onState(state);
    } catch (error) {
      // The caller's storage failing must not fail the upload; it can only make a resume send more.
      if (!this.stateProblemLogged) {
        this.stateProblemLogged = true;
        this.deps.logger.warn('Multipart upload: saving the resumable state failed', error);
      }
    }
  }

  private urlBook(): UrlBook {
    const session = this.current;
    return new UrlBook(session.totalChunks, () => this.deps.clock.now(), (index) => !this.completed.has(index) && !this.proofs.has(index), async (start, count, signal) => {
      try {
        return (await this.deps.api.refreshUploadUrls(session.uploadId, start, count, { signal })).upload_urls;
      } catch (error) {
        throw this.sessionError(error);
      }
    });
  }
}

/**
 * The chunk URLs in hand. `get` hands out one that will not expire soon, asking for fresh ones when
 * needed: from the chunk asked for, as far as the next 50 chunks still to send, one request at a time
 * per range (workers that need a URL the pending request covers wait for it).
 */
class UrlBook {
  private readonly entries = new Map<number, { url: string; expiresAt: number; receivedAt: number }>();
  private readonly pending: { first: number; last: number; done: Promise<void> }[] = [];

  constructor(
    private readonly totalChunks: number,
    private readonly now: () => number,
    private readonly needsUrl: (index: number) => boolean,
    private readonly fetch: (start: number, count: number, signal: AbortSignal) => Promise<PresignedUrl[]>,
  ) {}

  add(urls: readonly PresignedUrl[]): void {
    const receivedAt = this.now();
    for (const entry of urls) {
      const expiresAt = entry.expires_at !== undefined ? Date.parse(entry.expires_at) : receivedAt + URL_DEFAULT_TTL_MS;
      this.entries.set(entry.chunk_index, { url: entry.url, expiresAt, receivedAt });
    }
  }

  forget(index: number): void {
    this.entries.delete(index);
  }

  async get(index: number, signal: AbortSignal): Promise<string> {
    if (this.usable(index)) {
      return (this.entries.get(index) as { url: string }).url;
    }
    const covering = this.pending.find((p) => p.first <= index && index <= p.last);
    if (covering) {
      await covering.done;
    }
    if (!covering || !this.entries.has(index)) {
      await this.refresh(index, signal);
    }
    const entry = this.entries.get(index);
    if (!entry) {
      throw new TwelveLabsError('malformedResponse', 200, 'upload_url_missing', `The Twelve Labs API sent no usable upload address for chunk ${index}.`);
    }
    return entry.url;
  }

  /**
   * Good for a while yet: more than 5 min left, or just received with at least 10 s left (a server
   * that issues short-lived URLs gets them used rather than renewed forever).
   */
  private usable(index: number): boolean {
    const entry = this.entries.get(index);
    if (!entry) {
      return false;
    }
    const now = this.now();
    const left = entry.expiresAt - now;
    return left > URL_EXPIRY_MARGIN_MS || (now - entry.receivedAt < URL_FRESH_MS && left > URL_MIN_LEFT_MS);
  }

  private async refresh(index: number, signal: AbortSignal): Promise<void> {
    let last = index;
    for (let candidate = index + 1; candidate <= Math.min(this.totalChunks, index + MAX_URLS_PER_REQUEST - 1); candidate++) {
      if (this.needsUrl(candidate) && !this.usable(candidate)) {
        last = candidate;
      }
    }
    const pending = {
      first: index,
      last,
      done: this.fetch(index, last - index + 1, signal).then((urls) => this.add(urls)),
    };
    this.pending.push(pending);
    try {
      await pending.done;
    } finally {
      this.pending.splice(this.pending.indexOf(pending), 1);
    }
  }
}

// --- errors of the `upload` kind ---------------------------------------------------------------

export function sessionExpired(name: string): TwelveLabsError {
  return new TwelveLabsError(
    'upload',
    0,
    'upload_session_expired',
    `The upload of “${name}” was started more than 24 hours ago, and the server keeps an unfinished upload for 24 hours only. Start the upload again.`,
  );
}

export function sessionEnded(name: string): TwelveLabsError {
  return new TwelveLabsError(
    'upload',
    0,
    'upload_session_ended',
    `The server no longer has the unfinished upload of “${name}” (it was cancelled, failed, or its asset was deleted). Start the upload again.`,
  );
}

export function fileChangedSince(name: string): TwelveLabsError {
  return new TwelveLabsError(
    'upload',
    0,
    'upload_file_changed',
    `“${name}” has changed since its upload was paused (its size or modification time is different), so the part already uploaded does not belong to it any more. Start a new upload to send the file as it is now.`,
  );
}

export function fileChangedDuring(name: string): TwelveLabsError {
  return new TwelveLabsError(
    'upload',
    0,
    'upload_file_changed',
    `“${name}” changed while it was uploading, so the part already uploaded does not match it any more. Start a new upload to send the file as it is now.`,
  );
}

/** A `failed` asset: the platform's reason (already masked when read), else a plain statement. */
export function assetFailed(asset: Asset, mask: (text: string) => string): TwelveLabsError {
  const name = asset.filename !== undefined ? `“${mask(asset.filename)}”` : 'the uploaded file';
  const reason = asset.error?.message;
  return new TwelveLabsError(
    'upload',
    0,
    'asset_failed',
    reason ? `Twelve Labs could not process ${name}: ${reason}` : `Twelve Labs could not process ${name}, and gave no reason. Check that it is a video it supports.`,
  );
}

// --- helpers -----------------------------------------------------------------------------------

function inferType(filename: string): AssetType {
  const extension = /\.([^./\\]+)$/.exec(filename)?.[1]?.toLowerCase();
  return extension !== undefined && AUDIO_EXTENSIONS.has(extension) ? 'audio' : 'video';
}

function validDate(text: string | undefined): string | undefined {
  return text !== undefined && !Number.isNaN(Date.parse(text)) ? text : undefined;
}

/** The persisted state may come from an older version or a damaged store: checked before use. */
function isResumableUpload(value: unknown): value is ResumableUpload {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const state = value as Partial<ResumableUpload>;
  const positive = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n > 0;
  const inRange = (n: unknown): boolean => positive(n) && n <= (state.totalChunks ?? 0);
  return (
    state.version === 1 &&
    typeof state.uploadId === 'string' &&
    PLAIN_ID.test(state.uploadId) &&
    typeof state.assetId === 'string' &&
    PLAIN_ID.test(state.assetId) &&
    typeof state.filename === 'string' &&
    (state.type === 'video' || state.type === 'audio' || state.type === 'image') &&
    typeof state.file === 'object' &&
    state.file !== null &&
    typeof state.file.size === 'number' &&
    typeof state.file.mtimeMs === 'number' &&
    positive(state.totalSize) &&
    positive(state.chunkSize) &&
    positive(state.totalChunks) &&
    state.totalChunks === Math.ceil(state.totalSize / state.chunkSize) &&
    typeof state.uploadHeaders === 'object' &&
    state.uploadHeaders !== null &&
    Object.values(state.uploadHeaders).every((header) => typeof header === 'string') &&
    Array.isArray(state.completedChunks) &&
    state.completedChunks.every(inRange) &&
    Array.isArray(state.unreportedChunks) &&
    state.unreportedChunks.every((entry) => typeof entry === 'object' && entry !== null && inRange(entry.chunkIndex) && typeof entry.proof === 'string') &&
    typeof state.sessionExpiresAt === 'string' &&
    !Number.isNaN(Date.parse(state.sessionExpiresAt)) &&
    typeof state.startedAt === 'string'
  );
}
