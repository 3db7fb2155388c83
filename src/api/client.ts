import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import type { Readable } from 'node:stream';
import { forEachLimited, uniqueById } from '../common/collections';
import type { Logger } from '../common/logging/logger';
import { Deadline } from './deadline';
import { answerText, malformedAnswer, maskSecrets, timedOut, toTwelveLabsError } from './errorMapping';
import { RETRYABLE_STATUSES, TwelveLabsError } from './errors';
import type { ApiClientOptions, KeySource, RetryPolicy } from './ports';
import { announcedLength, MAX_RESPONSE_BYTES, readBody } from './responseBody';
import { DEFAULT_RETRY_POLICY, cancelledError, isTransient, systemClock, withRetry, type HttpMethod, type RetryClock } from './retry';
import { readCreatedId, readIndex, readPage, readTask, readVideo, ShapeReport, type ShapeContext } from './shapes';
import type { CreatedTask, CreateTaskOptions, CreateTaskRequest, Task, TaskFilters } from './taskTypes';
import { postForm, postTask, type FormFileSource, type FormSpec } from './upload';
import {
  readAsset,
  readChunkReport,
  readCreatedIndexedAsset,
  readIncompleteUpload,
  readIndexedAsset,
  readMultipartSession,
  readPresignedUrlBatch,
  readUploadStatus,
} from './assetShapes';
import {
  MAX_DIRECT_ASSET_BYTES,
  RESERVED_INDEXED_ASSET_PARAMS,
  type Asset,
  type AssetFilters,
  type AssetUploadOptions,
  type AssetWaitOptions,
  type ChunkReport,
  type CompletedChunk,
  type CreatedIndexedAsset,
  type DirectAssetRequest,
  type IncompleteUpload,
  type IndexAssetRequest,
  type IndexedAsset,
  type IndexedAssetFilters,
  type MultipartSession,
  type MultipartUploadOptions,
  type MultipartUploadRequest,
  type PresignedUrlBatch,
  type StartMultipartRequest,
  type UploadStatus,
  type UrlAssetRequest,
  type UserMetadataChanges,
} from './assetTypes';
import { assetFailed, MultipartUploader, type MultipartApi } from './multipartUpload';
import { readAnalyzeResult, readAnalyzeTask, readCreatedAnalyzeTask } from './analyzeShapes';
import { readAnalyzeEvents } from './analyzeStream';
import {
  DEFAULT_ANALYZE_IDLE_TIMEOUT_MS,
  DEFAULT_ANALYZE_TIMEOUT_MS,
  findAnalyzeRequestProblem,
  toAnalyzeBody,
  type AnalyzeCallOptions,
  type AnalyzeEvent,
  type AnalyzeRequest,
  type AnalyzeResult,
  type AnalyzeStreamOptions,
  type AnalyzeTask,
  type CreatedAnalyzeTask,
} from './analyzeTypes';
import { readSearchPage } from './searchShapes';
import {
  checkSearchRequest,
  MAX_SEARCH_IMAGE_BYTES,
  SEARCH_TOKEN_EXPIRED_CODE,
  searchQueryMedia,
  type SearchPage,
  type SearchPageOptions,
  type SearchRequest,
} from './searchTypes';
import {
  DEFAULT_PAGE_CONCURRENCY,
  MAX_LIST_ITEMS,
  MAX_LIST_PAGES,
  MAX_PAGE_LIMIT,
  type CallOptions,
  type CreateIndexRequest,
  type CreatedIndex,
  type Index,
  type IndexFilters,
  type ListAllOptions,
  type Page,
  type Video,
} from './types';

/**
 * The Twelve Labs v1.3 client. It knows nothing of VS Code: base URL, key source, logger and an
 * AbortSignal go in; typed results or a `TwelveLabsError` come out.
 *
 * Loaded only through `ApiClientProvider.get()` (a dynamic import), because loading axios is by far
 * the most expensive thing the extension does and activation must not pay for it.
 */

export const DEFAULT_TIMEOUT_MS = 30_000;

export interface ClientTestHooks {
  /** Injected time and randomness for the retry loop. */
  clock?: Partial<RetryClock>;
}

/** Turns a parsed 2xx body into the call's result; throws a TwelveLabsError when it cannot. */
type AnswerReader<T> = (body: unknown, context: ShapeContext) => T;

interface RequestSpec {
  method: HttpMethod;
  path: string;
  /** URLSearchParams for repeated parameters (`status=a&status=b`), which a record cannot express. */
  params?: Record<string, string | number> | URLSearchParams;
  body?: unknown;
  signal?: AbortSignal;
  /** Send this key instead of the stored one (validation of a candidate key). */
  keyOverride?: string;
  /** For a POST or PATCH that is safe to repeat: which failures to retry (see withRetry). */
  retryable?: (error: TwelveLabsError) => boolean;
  /** Instead of the client's timeout, for a call whose answer takes long to make (a whole analysis). */
  timeoutMs?: number;
}

/** Repeatable POSTs (chunk reports, fresh URLs): transient failures, and a plain 500 (S3's advice for its own). */
const retryRepeatable = (error: TwelveLabsError): boolean => isTransient(error) || error.status === 500;
/** The page size of chunk status reads: the server's maximum. */
const UPLOAD_STATUS_PAGE_LIMIT = 50;
/**
 * An analysis refused with an error status generated nothing, so those statuses that say "later"
 * (429, 502–504) are retried; a lost connection is not, since the analysis may have run (and counted).
 */
const retryAnalysis = (error: TwelveLabsError): boolean => error.kind === 'http' && RETRYABLE_STATUSES.has(error.status);
/** A task may have been created by any request that got no clear answer: only a rate limit is sure it was not. */
const retryTaskCreation = (error: TwelveLabsError): boolean => error.kind === 'http' && error.status === 429;
/** An error answer of a streamed request is read for its code and message, up to this much. */
const MAX_ERROR_BODY_BYTES = 64 * 1024;

export class TwelveLabsClient {
  readonly baseUrl: string;
  private readonly http: AxiosInstance;
  private readonly keySource: KeySource;
  private readonly logger: Logger;
  private readonly onUnauthorized: ((keyUsed: string) => void) | undefined;
  private readonly policy: RetryPolicy;
  private readonly clock: RetryClock;
  private readonly timeoutMs: number;
  private readonly stallTimeoutMs: number | undefined;

  constructor(options: ApiClientOptions, hooks: ClientTestHooks = {}) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.keySource = options.keySource;
    this.logger = options.logger;
    this.onUnauthorized = options.onUnauthorized;
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    // Picked one by one: a class instance's methods live on its prototype, where a spread cannot see them.
    const clock = hooks.clock;
    this.clock = {
      now: () => (clock?.now ? clock.now() : systemClock.now()),
      sleep: (ms, signal) => (clock?.sleep ? clock.sleep(ms, signal) : systemClock.sleep(ms, signal)),
      random: () => (clock?.random ? clock.random() : systemClock.random()),
    };
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.stallTimeoutMs = options.stallTimeoutMs;
    this.http = axios.create({
      baseURL: this.baseUrl,
      // VS Code patches Node's http stack for `http.proxy` and system certificates; axios's own proxy
      // handling (environment variables) would bypass that.
      proxy: false,
      adapter: 'http',
      // A redirect could carry `x-api-key` to another host; the API never redirects.
      maxRedirects: 0,
      // No axios `timeout`: it stops counting at the headers. A Deadline per attempt covers the body too.
      // Bodies are read and parsed here (responseBody.ts), with our own size limit and completeness
      // check, so that an unparseable 2xx body is an error of its own and an HTML error page never
      // reaches a message. Every status is a response: the error mapping reads its body the same way.
      responseType: 'stream',
      transformResponse: [(data: unknown) => data],
      validateStatus: () => true,
      headers: { 'User-Agent': options.userAgent, Accept: 'application/json' },
    });
  }

  /** `POST /indexes`. Never retried: on an ambiguous failure the caller must look the name up first. */
  async createIndex(request: CreateIndexRequest, options: CallOptions = {}): Promise<CreatedIndex> {
    const body: Record<string, unknown> = {
      index_name: request.name,
      models: request.models.map((model) => ({ model_name: model.model_name, model_options: [...model.model_options] })),
    };
    if (request.addons && request.addons.length > 0) {
      body.addons = [...request.addons];
    }
    return this.request({ method: 'POST', path: '/indexes', body, signal: options.signal }, (result) => ({ id: required(readCreatedId(result), 201) }));
  }

  /** `GET /indexes`, one page. `limit` is clamped to the server's maximum of 50. */
  async listIndexes(page = 1, limit = 10, filters: IndexFilters = {}, options: CallOptions = {}): Promise<Page<Index>> {
    const params: Record<string, string | number> = { page, page_limit: clampLimit(limit), ...filterParams(filters) };
    return this.request({ method: 'GET', path: '/indexes', params, signal: options.signal }, (result, context) =>
      required(readPage(result, { page, limit: clampLimit(limit) }, readIndex, context)),
    );
  }

  /**
   * Every index: page 1 first, then the pages it announces, at most `concurrency` at a time. The
   * announcement is not trusted: the range ends at `total_page`, at `ceil(total_results / limit)`
   * and at MAX_LIST_PAGES / MAX_LIST_ITEMS, whichever comes first, and the listing stops at the first
   * short or empty page (pages already in flight beyond it are dropped, as are their failures).
   * Indexes created or deleted meanwhile can shift pages; duplicates are dropped by id.
   */
  async listAllIndexes(filters: IndexFilters = {}, options: ListAllOptions = {}): Promise<Index[]> {
    const limit = clampLimit(options.pageLimit ?? MAX_PAGE_LIMIT);
    const first = await this.listIndexes(1, limit, filters, options);
    const lastPage = this.lastPageToRead(first, limit);
    if (lastPage <= 1) {
      return uniqueById(first.data).slice(0, MAX_LIST_ITEMS);
    }
    const controller = new AbortController();
    const signal = options.signal ? AbortSignal.any([options.signal, controller.signal]) : controller.signal;
    const pages: Index[][] = [first.data];
    let end = lastPage;
    const remaining = Array.from({ length: lastPage - 1 }, (_, i) => i + 2);
    try {
      await forEachLimited(remaining, options.concurrency ?? DEFAULT_PAGE_CONCURRENCY, async (page) => {
        if (page > end) {
          return;
        }
        try {
          const result = await this.listIndexes(page, limit, filters, { signal });
          pages[page - 1] = result.data;
          if (itemsSent(result) < limit) {
            end = Math.min(end, page);
          }
        } catch (error) {
          // A page past the real end, already in flight when the end was found, does not matter.
          if (page <= end) {
            throw error;
          }
        }
      });
    } catch (error) {
      controller.abort();
      throw error;
    }
    return uniqueById(pages.slice(0, end).flat()).slice(0, MAX_LIST_ITEMS);
  }

  /** The last page worth asking for after page 1, which is at most MAX_LIST_PAGES whatever the server claims. */
  private lastPageToRead(first: Page<Index>, limit: number): number {
    if (itemsSent(first) < limit) {
      return 1;
    }
    const claimed = Math.min(first.page_info.total_page, Math.ceil(first.page_info.total_results / limit));
    const cap = Math.min(MAX_LIST_PAGES, Math.ceil(MAX_LIST_ITEMS / limit));
    if (claimed > cap) {
      this.logger.warn(`GET /indexes: the server reports ${claimed} pages of ${limit}; reading the first ${cap} only (at most ${MAX_LIST_ITEMS} indexes).`);
    }
    return Math.max(1, Math.min(claimed, cap));
  }

  /** `GET /indexes/{id}`. */
  async getIndex(indexId: string, options: CallOptions = {}): Promise<Index> {
    return this.request({ method: 'GET', path: `/indexes/${encodeURIComponent(indexId)}`, signal: options.signal }, (result, context) =>
      required(readIndex(result, context)),
    );
  }

  /** `PUT /indexes/{id}` with the new name; the server answers 204 (the spec also allows 200). */
  async renameIndex(indexId: string, name: string, options: CallOptions = {}): Promise<void> {
    await this.request(
      {
        method: 'PUT',
        path: `/indexes/${encodeURIComponent(indexId)}`,
        body: { index_name: name },
        signal: options.signal,
      },
      ignoreBody,
    );
  }

  /** `DELETE /indexes/{id}`: deletes the index and its videos, for good. */
  async deleteIndex(indexId: string, options: CallOptions = {}): Promise<void> {
    await this.request({ method: 'DELETE', path: `/indexes/${encodeURIComponent(indexId)}`, signal: options.signal }, ignoreBody);
  }

  /** `GET /indexes/{id}/videos`, one page. */
  async listVideos(indexId: string, page = 1, limit = 10, options: CallOptions = {}): Promise<Page<Video>> {
    return this.request(
      {
        method: 'GET',
        path: `/indexes/${encodeURIComponent(indexId)}/videos`,
        params: { page, page_limit: clampLimit(limit) },
        signal: options.signal,
      },
      (result, context) => required(readPage(result, { page, limit: clampLimit(limit) }, readVideo, context)),
    );
  }

  /**
   * Checks a key that is not stored yet: `GET /indexes?page_limit=1` with `candidateKey` in place of
   * the stored one. Resolves when the server accepts it; otherwise rejects with the mapped error
   * (401 `api_key_invalid` for a bad or expired key). A rejected candidate does not mark the stored key.
   */
  async validateKey(candidateKey: string, signal?: AbortSignal): Promise<void> {
    await this.request({ method: 'GET', path: '/indexes', params: { page_limit: 1 }, signal, keyOverride: candidateKey }, ignoreBody);
  }

  /**
   * `POST /tasks` (multipart): uploads a file streamed from disk, or hands over a URL. Never retried,
   * no overall timeout (a stall timeout instead); see upload.ts.
   */
  async createTask(request: CreateTaskRequest, options: CreateTaskOptions = {}): Promise<CreatedTask> {
    if (options.signal?.aborted) {
      throw cancelledError();
    }
    const key = await this.keySource.getKey();
    checkKey(key);
    return postTask(
      { http: this.http, key, logger: this.logger, now: () => this.clock.now(), onUnauthorized: this.onUnauthorized },
      request,
      { stallTimeoutMs: this.stallTimeoutMs, ...options },
    );
  }

  /** `GET /tasks/{id}`. */
  async getTask(taskId: string, options: CallOptions = {}): Promise<Task> {
    return this.request({ method: 'GET', path: `/tasks/${encodeURIComponent(taskId)}`, signal: options.signal }, (result, context) =>
      required(readTask(result, context)),
    );
  }

  /** `GET /tasks`, one page, newest first. */
  async listTasks(page = 1, limit = 10, filters: TaskFilters = {}, options: CallOptions = {}): Promise<Page<Task>> {
    const params = new URLSearchParams({ page: String(page), page_limit: String(clampLimit(limit)) });
    if (filters.indexId) {
      params.set('index_id', filters.indexId);
    }
    for (const status of filters.status ?? []) {
      params.append('status', status);
    }
    return this.request({ method: 'GET', path: '/tasks', params, signal: options.signal }, (result, context) =>
      required(readPage(result, { page, limit: clampLimit(limit) }, readTask, context)),
    );
  }

  // -------------------------------------------------------------------------------------------
  // Assets

  /**
   * `POST /assets` with `method=direct`: the file streamed as form-data (≤ 200 MB, checked on the open
   * file before anything is sent: kind `file`, code `file_too_large`). Never retried; no overall
   * timeout, a stall timeout instead (as createTask). Answers the asset as created (`processing`);
   * `waitForAsset` follows it to `ready`.
   */
  async createAssetFromFile(request: DirectAssetRequest, options: AssetUploadOptions & { maxBytes?: number } = {}): Promise<Asset> {
    const source: FormFileSource = { path: request.path, filename: request.filename, contentType: request.contentType, size: request.size };
    return this.postAssetForm('direct', request, source, { maxFileBytes: options.maxBytes ?? MAX_DIRECT_ASSET_BYTES, ...options });
  }

  /**
   * `POST /assets` with `method=url` (≤ 4 GB, checked by the server). Never retried: when the answer
   * is lost (kind `noResponse`) the asset may exist, and the message says to check before importing
   * again (`listAssets({ filename })`).
   */
  async createAssetFromUrl(request: UrlAssetRequest, options: CallOptions = {}): Promise<Asset> {
    try {
      return await this.postAssetForm('url', request, undefined, options);
    } catch (error) {
      if (error instanceof TwelveLabsError && error.kind === 'noResponse') {
        throw new TwelveLabsError(
          error.kind,
          error.status,
          error.code,
          `${error.message} The import may have started anyway: check the assets for it before importing the URL again.`,
        );
      }
      throw error;
    }
  }

  private async postAssetForm(method: 'direct' | 'url', request: DirectAssetRequest | UrlAssetRequest, source: FormFileSource | undefined, options: AssetUploadOptions & { maxFileBytes?: number }): Promise<Asset> {
    if (options.signal?.aborted) {
      throw cancelledError();
    }
    const key = await this.keySource.getKey();
    checkKey(key);
    const spec: FormSpec<Asset> = {
      path: '/assets',
      fileField: 'file',
      build: (form, appendFile) => {
        form.append('method', method);
        appendFile();
        if ('url' in request) {
          form.append('url', request.url);
        }
        if (request.filename !== undefined) {
          form.append('filename', request.filename);
        }
        if (request.enableHls !== undefined) {
          form.append('enable_hls', request.enableHls ? 'true' : 'false');
        }
        if (request.enableThumbnail !== undefined) {
          form.append('enable_thumbnail', request.enableThumbnail ? 'true' : 'false');
        }
        if (request.userMetadata && Object.keys(request.userMetadata).length > 0) {
          form.append('user_metadata', JSON.stringify(request.userMetadata));
        }
      },
      parse: (text, status) => {
        const context: ShapeContext = { report: new ShapeReport(), mask: (value) => maskSecrets(value, key) };
        const asset = required(readAsset(parseJson(status, text), context), status);
        this.logShapeProblems('POST /assets', context);
        return asset;
      },
    };
    return postForm(
      { http: this.http, key, logger: this.logger, now: () => this.clock.now(), onUnauthorized: this.onUnauthorized },
      spec,
      { stallTimeoutMs: this.stallTimeoutMs, ...options },
      source,
    );
  }

  /** `GET /assets/{id}`. */
  async getAsset(assetId: string, options: CallOptions = {}): Promise<Asset> {
    return this.request({ method: 'GET', path: `/assets/${encodeURIComponent(assetId)}`, signal: options.signal }, (result, context) => required(readAsset(result, context)));
  }

  /** `GET /assets`, one page, newest first. */
  async listAssets(page = 1, limit = 10, filters: AssetFilters = {}, options: CallOptions = {}): Promise<Page<Asset>> {
    const params = new URLSearchParams({ page: String(page), page_limit: String(clampLimit(limit)) });
    if (filters.filename !== undefined && filters.filename !== '') {
      params.set('filename', filters.filename);
    }
    if (filters.assetIds && filters.assetIds.length > 0) {
      params.set('asset_ids', filters.assetIds.join(','));
    }
    if (filters.assetTypes && filters.assetTypes.length > 0) {
      params.set('asset_types', filters.assetTypes.join(','));
    }
    return this.request({ method: 'GET', path: '/assets', params, signal: options.signal }, (result, context) =>
      required(readPage(result, { page, limit: clampLimit(limit) }, readAsset, context)),
    );
  }

  /** `DELETE /assets/{id}` (200, no body). 409 while an indexed asset uses it, unless `force`. */
  async deleteAsset(assetId: string, deleteOptions: { force?: boolean } = {}, options: CallOptions = {}): Promise<void> {
    await this.request(
      { method: 'DELETE', path: `/assets/${encodeURIComponent(assetId)}`, params: deleteOptions.force ? { force: 'true' } : undefined, signal: options.signal },
      ignoreBody,
    );
  }

  /**
   * Polls `GET /assets/{id}` (with backoff: 1 s growing 1.5× to 10 s by default) until the asset is
   * `ready`. `failed` is an `upload` error `asset_failed` carrying the server's reason; a wait past
   * `timeoutMs` (default 30 min) is `asset_wait_timeout`.
   */
  async waitForAsset(assetId: string, options: AssetWaitOptions = {}): Promise<Asset> {
    const started = this.clock.now();
    const timeoutMs = options.timeoutMs ?? 30 * 60_000;
    const maxDelayMs = options.maxDelayMs ?? 10_000;
    let delay = options.initialDelayMs ?? 1_000;
    // Counted as well as measured, so that an injected clock that does not wait still times out.
    let waited = 0;
    for (;;) {
      const asset = await this.getAsset(assetId, { signal: options.signal });
      if (asset.status === 'ready') {
        return asset;
      }
      if (asset.status === 'failed') {
        const key = await this.keySource.getKey();
        throw assetFailed(asset, (text) => maskSecrets(text, key));
      }
      options.onStatus?.(asset);
      if (Math.max(this.clock.now() - started, waited) + delay > timeoutMs) {
        throw new TwelveLabsError(
          'upload',
          0,
          'asset_wait_timeout',
          `The uploaded file was still being processed after ${Math.round(timeoutMs / 60_000)} min; it may still become ready. Check it again later.`,
        );
      }
      await this.clock.sleep(delay, options.signal);
      if (options.signal?.aborted) {
        throw cancelledError();
      }
      waited += delay;
      delay = Math.min(maxDelayMs, Math.round(delay * 1.5));
    }
  }

  // -------------------------------------------------------------------------------------------
  // Multipart upload sessions

  /** `POST /assets/multipart-uploads` (JSON). Never retried: a lost answer may still have created a session. */
  async startMultipartUpload(request: StartMultipartRequest, options: CallOptions = {}): Promise<MultipartSession> {
    const body: Record<string, unknown> = { filename: request.filename, type: request.type, total_size: request.totalSize };
    if (request.enableHls !== undefined) {
      body.enable_hls = request.enableHls;
    }
    if (request.enableThumbnail !== undefined) {
      body.enable_thumbnail = request.enableThumbnail;
    }
    if (request.userMetadata && Object.keys(request.userMetadata).length > 0) {
      body.user_metadata = { ...request.userMetadata };
    }
    return this.request({ method: 'POST', path: '/assets/multipart-uploads', body, signal: options.signal }, (result, context) =>
      required(readMultipartSession(result, context, request.totalSize), 201),
    );
  }

  /**
   * `POST /assets/multipart-uploads/{id}`: reports chunks stored, with their ETag proofs. Retried on
   * 5xx and lost connections: a chunk reported twice counts as a duplicate, not an error.
   */
  async reportChunks(uploadId: string, chunks: readonly CompletedChunk[], options: CallOptions = {}): Promise<ChunkReport> {
    const body = {
      completed_chunks: chunks.map((chunk) => ({ chunk_index: chunk.chunkIndex, proof: chunk.proof, proof_type: 'etag', chunk_size: chunk.chunkSize })),
    };
    return this.request(
      { method: 'POST', path: `/assets/multipart-uploads/${encodeURIComponent(uploadId)}`, body, signal: options.signal, retryable: retryRepeatable },
      (result, context) => required(readChunkReport(result, context)),
    );
  }

  /** `POST …/{id}/presigned-urls {start, count}` (count ≤ 50): fresh chunk URLs. Retried like a report (it changes nothing). */
  async refreshUploadUrls(uploadId: string, start: number, count: number, options: CallOptions = {}): Promise<PresignedUrlBatch> {
    return this.request(
      {
        method: 'POST',
        path: `/assets/multipart-uploads/${encodeURIComponent(uploadId)}/presigned-urls`,
        body: { start, count },
        signal: options.signal,
        retryable: retryRepeatable,
      },
      (result, context) => required(readPresignedUrlBatch(result, context, { first: start, last: start + count - 1 })),
    );
  }

  /** `GET /assets/multipart-uploads/{id}`: the session's status and one page of per-chunk status. */
  async getUploadStatus(uploadId: string, page = 1, limit = UPLOAD_STATUS_PAGE_LIMIT, options: CallOptions = {}): Promise<UploadStatus> {
    const pageLimit = clampLimit(limit);
    return this.request(
      { method: 'GET', path: `/assets/multipart-uploads/${encodeURIComponent(uploadId)}`, params: { page, page_limit: pageLimit }, signal: options.signal },
      (result, context) => required(readUploadStatus(result, context, { page, limit: pageLimit })),
    );
  }

  /** `GET /assets/multipart-uploads`: sessions not completed (active, expired, failed), newest first. */
  async listIncompleteUploads(page = 1, limit = 10, options: CallOptions = {}): Promise<Page<IncompleteUpload>> {
    return this.request(
      { method: 'GET', path: '/assets/multipart-uploads', params: { page, page_limit: clampLimit(limit) }, signal: options.signal },
      (result, context) => required(readPage(result, { page, limit: clampLimit(limit) }, readIncompleteUpload, context)),
    );
  }

  /**
   * A whole multipart upload (see multipartUpload.ts): starts a session, or resumes `request.resume`,
   * streams the missing chunks, reports them, and waits for the asset to be ready. `onState` hands
   * out what to persist to resume later.
   */
  async uploadMultipart(request: MultipartUploadRequest, options: MultipartUploadOptions = {}): Promise<Asset> {
    if (options.signal?.aborted) {
      throw cancelledError();
    }
    const key = await this.keySource.getKey();
    checkKey(key);
    const uploader = new MultipartUploader({
      api: this.multipartApi(),
      logger: this.logger,
      clock: this.clock,
      policy: this.policy,
      mask: (text) => maskSecrets(text, key),
      stallTimeoutMs: this.stallTimeoutMs,
    });
    return uploader.upload(request, options);
  }

  private multipartApi(): MultipartApi {
    return {
      startMultipartUpload: (request, options) => this.startMultipartUpload(request, options),
      reportChunks: (uploadId, chunks, options) => this.reportChunks(uploadId, chunks, options),
      refreshUploadUrls: (uploadId, start, count, options) => this.refreshUploadUrls(uploadId, start, count, options),
      getUploadStatus: (uploadId, page, limit, options) => this.getUploadStatus(uploadId, page, limit, options),
      getAsset: (assetId, options) => this.getAsset(assetId, options),
      waitForAsset: (assetId, options) => this.waitForAsset(assetId, options),
    };
  }

  // -------------------------------------------------------------------------------------------
  // Indexed assets

  /** `POST /indexes/{id}/indexed-assets` → 202. Never retried: the same asset may be indexed twice. */
  async indexAsset(indexId: string, request: IndexAssetRequest, options: CallOptions = {}): Promise<CreatedIndexedAsset> {
    const body: Record<string, unknown> = { asset_id: request.assetId };
    if (request.enableVideoStream !== undefined) {
      body.enable_video_stream = request.enableVideoStream;
    }
    if (request.userMetadata && Object.keys(request.userMetadata).length > 0) {
      body.user_metadata = { ...request.userMetadata };
    }
    return this.request({ method: 'POST', path: `/indexes/${encodeURIComponent(indexId)}/indexed-assets`, body, signal: options.signal }, (result) =>
      required(readCreatedIndexedAsset(result, request.assetId), 202),
    );
  }

  /** `GET /indexes/{id}/indexed-assets/{id}`, with the transcription when asked. */
  async getIndexedAsset(indexId: string, indexedAssetId: string, getOptions: { transcription?: boolean } = {}, options: CallOptions = {}): Promise<IndexedAsset> {
    return this.request(
      {
        method: 'GET',
        path: `/indexes/${encodeURIComponent(indexId)}/indexed-assets/${encodeURIComponent(indexedAssetId)}`,
        params: getOptions.transcription ? { transcription: 'true' } : undefined,
        signal: options.signal,
      },
      (result, context) => required(readIndexedAsset(result, context)),
    );
  }

  /** `GET /indexes/{id}/indexed-assets`, one page. Items carry neither `user_metadata` nor `hls` (the list's schema has none). */
  async listIndexedAssets(indexId: string, page = 1, limit = 10, filters: IndexedAssetFilters = {}, options: CallOptions = {}): Promise<Page<IndexedAsset>> {
    const params = indexedAssetParams(page, clampLimit(limit), filters);
    return this.request({ method: 'GET', path: `/indexes/${encodeURIComponent(indexId)}/indexed-assets`, params, signal: options.signal }, (result, context) =>
      required(readPage(result, { page, limit: clampLimit(limit) }, readIndexedAsset, context)),
    );
  }

  /**
   * `PATCH …/indexed-assets/{id} {user_metadata}`: a value sets a field, `null` deletes it (200, no
   * body). Retried like a PUT: applying the same changes twice ends in the same metadata.
   */
  async updateIndexedAssetMetadata(indexId: string, indexedAssetId: string, changes: UserMetadataChanges, options: CallOptions = {}): Promise<void> {
    if (Object.keys(changes).length === 0) {
      return;
    }
    await this.request(
      {
        method: 'PATCH',
        path: `/indexes/${encodeURIComponent(indexId)}/indexed-assets/${encodeURIComponent(indexedAssetId)}`,
        body: { user_metadata: { ...changes } },
        signal: options.signal,
        retryable: isTransient,
      },
      ignoreBody,
    );
  }

  /** `DELETE …/indexed-assets/{id}` (200, no body): for good. */
  async deleteIndexedAsset(indexId: string, indexedAssetId: string, options: CallOptions = {}): Promise<void> {
    await this.request(
      { method: 'DELETE', path: `/indexes/${encodeURIComponent(indexId)}/indexed-assets/${encodeURIComponent(indexedAssetId)}`, signal: options.signal },
      ignoreBody,
    );
  }

  // -------------------------------------------------------------------------------------------
  // Search

  /**
   * `POST /search` (multipart, one part per option and per image; image files streamed from disk,
   * ≤ 32 MB each, checked on the open file). The request is checked first (`checkSearchRequest`).
   *
   * Retried like a GET (429, 502–504, lost connections): a search changes nothing on the server, so
   * repeating one whose answer was lost cannot create or double anything, which is the line the
   * retry policy draws for POSTs (see retry.ts: chunk reports and metadata PATCHes pass it too).
   * Each attempt builds its form anew, reopening the image files.
   */
  async search(request: SearchRequest, options: CallOptions = {}): Promise<SearchPage> {
    checkSearchRequest(request);
    if (options.signal?.aborted) {
      throw cancelledError();
    }
    const key = await this.keySource.getKey();
    checkKey(key);
    const media = searchQueryMedia(request);
    const files: FormFileSource[] = media.flatMap((item) => ('path' in item ? [{ path: item.path, contentType: imageContentType(item.path) }] : []));
    const spec: FormSpec<SearchPage> = {
      path: '/search',
      fileField: 'query_media_file',
      build: (form, appendFiles) => {
        form.append('index_id', request.indexId);
        for (const option of request.searchOptions) {
          form.append('search_options', option);
        }
        const text = request.queryText?.trim();
        if (text) {
          form.append('query_text', text);
        }
        if (media.length > 0) {
          form.append('query_media_type', 'image');
          for (const item of media) {
            if ('url' in item) {
              form.append('query_media_url', item.url);
            }
          }
          appendFiles();
        }
        for (const mode of request.transcriptionOptions ?? []) {
          form.append('transcription_options', mode);
        }
        if (request.groupBy) {
          form.append('group_by', request.groupBy);
        }
        if (request.operator) {
          form.append('operator', request.operator);
        }
        if (request.pageLimit !== undefined) {
          form.append('page_limit', String(request.pageLimit));
        }
        if (request.filter !== undefined) {
          form.append('filter', JSON.stringify(request.filter));
        }
        if (request.includeUserMetadata !== undefined) {
          form.append('include_user_metadata', request.includeUserMetadata ? 'true' : 'false');
        }
      },
      parse: (text, status) => {
        const context: ShapeContext = { report: new ShapeReport(), mask: (value) => maskSecrets(value, key) };
        const page = required(readSearchPage(parseJson(status, text), context), status);
        this.logShapeProblems('POST /search', context);
        return page;
      },
    };
    const context = { http: this.http, key, logger: this.logger, now: () => this.clock.now(), onUnauthorized: this.onUnauthorized };
    return withRetry(
      () =>
        // A query, not an upload: the client's timeout bounds the wait for the answer (the stall timer restarts while images stream).
        postForm(context, spec, { signal: options.signal, stallTimeoutMs: this.timeoutMs, maxFileBytes: MAX_SEARCH_IMAGE_BYTES }, files),
      { method: 'POST', label: '/search', policy: this.policy, clock: this.clock, logger: this.logger, signal: options.signal, retryable: isTransient },
    );
  }

  /**
   * `GET /search/{page-token}`: the page a `next_page_token` or `prev_page_token` names. Any 400 or
   * 410 becomes code `search_page_token_expired` (SEARCH_TOKEN_EXPIRED_CODE): the token is the only
   * input, the documented message is "expired or invalid. You must make a new search request", and
   * the spec's body for it (`{error_code: integer}`) carries no code the client could read.
   */
  async searchPage(pageToken: string, options: SearchPageOptions = {}): Promise<SearchPage> {
    if (pageToken === '') {
      throw new TwelveLabsError('http', 0, 'parameter_not_provided', 'The page-token parameter is required.');
    }
    try {
      return await this.request(
        {
          method: 'GET',
          path: `/search/${encodeURIComponent(pageToken)}`,
          params: options.includeUserMetadata !== undefined ? { include_user_metadata: String(options.includeUserMetadata) } : undefined,
          signal: options.signal,
        },
        (result, context) => required(readSearchPage(result, context)),
      );
    } catch (error) {
      if (error instanceof TwelveLabsError && error.kind === 'http' && (error.status === 400 || error.status === 410)) {
        throw new TwelveLabsError('http', error.status, SEARCH_TOKEN_EXPIRED_CODE, 'These search results have expired. Run the search again.');
      }
      throw error;
    }
  }

  // -------------------------------------------------------------------------------------------
  // Analyze

  /**
   * `POST /analyze` with `stream: true`: the answer's events as they arrive (see analyzeStream.ts).
   * Nothing is sent until iteration starts; the request is checked first (`checkAnalyzeRequest`),
   * and a refusal is thrown by the first `next()`. An error status before any event (429, 502–504)
   * is retried; once the stream is open nothing is repeated. Stopping the iteration early closes
   * the connection.
   */
  async *analyzeStream(request: AnalyzeRequest, options: AnalyzeStreamOptions = {}): AsyncIterable<AnalyzeEvent> {
    refuseAnalyzeRequest(request, 'sync');
    const { signal } = options;
    if (signal?.aborted) {
      throw cancelledError();
    }
    const key = await this.keySource.getKey();
    checkKey(key);
    const idleTimeoutMs = options.idleTimeoutMs ?? DEFAULT_ANALYZE_IDLE_TIMEOUT_MS;
    const body = toAnalyzeBody(request, true);
    const started = Date.now();
    const stream = await withRetry((attempt) => this.openAnalyzeStream(body, key, idleTimeoutMs, signal, attempt), {
      method: 'POST',
      label: '/analyze',
      policy: this.policy,
      clock: this.clock,
      logger: this.logger,
      signal,
      retryable: retryAnalysis,
    });
    const context: ShapeContext = { report: new ShapeReport(), mask: (text) => maskSecrets(text, key) };
    let events = 0;
    let outcome = 'no stream_end';
    try {
      const reading = readAnalyzeEvents(stream, {
        idleTimeoutMs,
        signal,
        context,
        onUnknownEvent: (type) => this.logger.debug(`POST /analyze: skipped an event of unknown type ${PLAIN_ID.test(type) ? maskSecrets(type, key) : '(not a plain name)'}`),
      });
      for await (const event of reading) {
        events++;
        if (event.kind === 'end') {
          outcome = `finish_reason ${PLAIN_ID.test(event.finishReason) ? event.finishReason : '(not a plain name)'}`;
        }
        yield event;
      }
    } catch (error) {
      const mapped = toTwelveLabsError(error, { key, now: this.clock.now(), aborted: signal?.aborted });
      outcome = mapped.code;
      throw mapped;
    } finally {
      this.logShapeProblems('POST /analyze', context);
      this.logger.debug(`POST /analyze stream: ${events} event(s), ${outcome}, in ${Date.now() - started} ms`);
    }
  }

  /** One attempt at opening the stream: the 2xx body to read, or the error its status and body amount to. */
  private async openAnalyzeStream(body: Record<string, unknown>, key: string, idleTimeoutMs: number, signal: AbortSignal | undefined, attempt: number): Promise<Readable> {
    const started = Date.now();
    const deadline = new Deadline(idleTimeoutMs, signal);
    try {
      let response: AxiosResponse<Readable>;
      try {
        response = await this.http.request<Readable>({ method: 'POST', url: '/analyze', data: body, signal: deadline.signal, headers: { 'x-api-key': key } });
      } catch (error) {
        throw deadline.expired ? timedOut() : toTwelveLabsError(error, { key, now: this.clock.now(), aborted: signal?.aborted });
      }
      if (response.status >= 200 && response.status < 300) {
        this.logger.trace(`POST /analyze → ${response.status} in ${Date.now() - started} ms, streaming`);
        return response.data;
      }
      // An error answer arrives as a stream as well: read it, bounded and in the client's time, for its code and message.
      deadline.restart(this.timeoutMs);
      const outcome = await readBody(response.data, { maxBytes: MAX_ERROR_BODY_BYTES, signal: deadline.signal, announcedBytes: announcedLength(response.headers) });
      answerText('POST', { status: response.status, headers: response.headers, body: outcome }, { key, now: this.clock.now(), expired: deadline.expired, timeout: timedOut });
      throw malformedAnswer(response.status);
    } catch (error) {
      const mapped = toTwelveLabsError(error, { key, now: this.clock.now(), aborted: signal?.aborted });
      this.logger.debug(`POST /analyze → ${mapped.status || mapped.code} in ${Date.now() - started} ms (attempt ${attempt})`);
      if (mapped.status === 401) {
        this.onUnauthorized?.(key);
      }
      throw mapped;
    } finally {
      deadline.dispose();
    }
  }

  /**
   * `POST /analyze` with `stream: false`: the whole answer at once, within `timeoutMs` (default
   * 10 min, since the server answers only when the text is complete). Retried as `analyzeStream`.
   */
  async analyze(request: AnalyzeRequest, options: AnalyzeCallOptions = {}): Promise<AnalyzeResult> {
    refuseAnalyzeRequest(request, 'sync');
    return this.request(
      {
        method: 'POST',
        path: '/analyze',
        body: toAnalyzeBody(request, false),
        signal: options.signal,
        retryable: retryAnalysis,
        timeoutMs: options.timeoutMs ?? DEFAULT_ANALYZE_TIMEOUT_MS,
      },
      (result, context) => required(readAnalyzeResult(result, context)),
    );
  }

  /**
   * `POST /analyze/tasks` (202): an analysis that runs on the server, for videos up to 2 hours;
   * `getAnalyzeTask` follows it. Takes an asset or a URL (the task schema has no `video_id`). Retried
   * only on 429: any other failure may have created the task.
   */
  async createAnalyzeTask(request: AnalyzeRequest, options: CallOptions = {}): Promise<CreatedAnalyzeTask> {
    refuseAnalyzeRequest(request, 'task');
    return this.request(
      { method: 'POST', path: '/analyze/tasks', body: toAnalyzeBody(request, undefined), signal: options.signal, retryable: retryTaskCreation },
      (result) => required(readCreatedAnalyzeTask(result), 202),
    );
  }

  /** `GET /analyze/tasks/{task_id}`: its status, and its result once `ready` (or the reason once `failed`). */
  async getAnalyzeTask(taskId: string, options: CallOptions = {}): Promise<AnalyzeTask> {
    if (taskId.trim() === '') {
      throw new TwelveLabsError('http', 0, 'parameter_not_provided', 'The task_id parameter is required.');
    }
    return this.request({ method: 'GET', path: `/analyze/tasks/${encodeURIComponent(taskId)}`, signal: options.signal }, (result, context) =>
      required(readAnalyzeTask(result, context)),
    );
  }

  private async request<T>(spec: RequestSpec, readAnswer: AnswerReader<T>): Promise<T> {
    const { method, path, signal } = spec;
    if (signal?.aborted) {
      throw cancelledError();
    }
    const key = spec.keyOverride ?? (await this.keySource.getKey());
    checkKey(key);
    return withRetry((attempt) => this.attempt(spec, key, attempt, readAnswer), {
      method,
      label: path,
      policy: this.policy,
      clock: this.clock,
      logger: this.logger,
      signal,
      retryable: spec.retryable,
    });
  }

  /** One exchange, headers and body within `timeoutMs`, read into the call's result. */
  private async attempt<T>(spec: RequestSpec, key: string, attempt: number, readAnswer: AnswerReader<T>): Promise<T> {
    const { method, path: label } = spec;
    const started = Date.now();
    const deadline = new Deadline(spec.timeoutMs ?? this.timeoutMs, spec.signal);
    try {
      const answer = await this.exchange(spec, key, deadline);
      this.logger.trace(`${method} ${label} → ${answer.status} in ${Date.now() - started} ms`);
      const context: ShapeContext = { report: new ShapeReport(), mask: (text) => maskSecrets(text, key) };
      const result = readAnswer(answer.body, context);
      this.logShapeProblems(`${method} ${label}`, context);
      return result;
    } catch (error) {
      const mapped = toTwelveLabsError(error, { key, now: this.clock.now(), aborted: spec.signal?.aborted });
      this.logger.debug(`${method} ${label} → ${mapped.status || mapped.code} in ${Date.now() - started} ms (attempt ${attempt})`);
      if (mapped.status === 401 && spec.keyOverride === undefined) {
        this.onUnauthorized?.(key);
      }
      throw mapped;
    } finally {
      deadline.dispose();
    }
  }

  /** Sends the request and reads the whole answer: a 2xx status with its parsed body, or a TwelveLabsError. */
  private async exchange(spec: RequestSpec, key: string, deadline: Deadline): Promise<{ status: number; body: unknown }> {
    let response: AxiosResponse<Readable>;
    try {
      response = await this.http.request<Readable>({
        method: spec.method,
        url: spec.path,
        params: spec.params,
        data: spec.body,
        signal: deadline.signal,
        headers: { 'x-api-key': key },
      });
    } catch (error) {
      throw deadline.expired ? timedOut() : toTwelveLabsError(error, { key, now: this.clock.now(), aborted: spec.signal?.aborted });
    }
    const body = await readBody(response.data, { maxBytes: MAX_RESPONSE_BYTES, signal: deadline.signal, announcedBytes: announcedLength(response.headers) });
    const text = answerText(spec.method, { status: response.status, headers: response.headers, body }, {
      key,
      now: this.clock.now(),
      expired: deadline.expired,
      timeout: timedOut,
    });
    return { status: response.status, body: parseJson(response.status, text) };
  }

  /** One line for everything an answer's shape got wrong; the server's ids only when they are plain tokens, masked. */
  private logShapeProblems(label: string, context: ShapeContext): void {
    const { report } = context;
    if (report.isClean) {
      return;
    }
    const parts: string[] = [];
    if (report.skippedIds.length > 0) {
      parts.push(`left out ${report.skippedIds.length} malformed item(s): ${describeIds(report.skippedIds, context.mask)}`);
    }
    if (report.droppedFields.size > 0) {
      parts.push(`dropped fields of the wrong type: ${[...report.droppedFields].sort().join(', ')}`);
    }
    this.logger.warn(`${label}: ${parts.join('; ')}`);
  }
}

const MAX_LOGGED_IDS = 5;
/** An id is logged only when it looks like one; anything else might be arbitrary server text. */
const PLAIN_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** `ids a, b and 3 more; 2 without a plain id`: the first few plain ids, masked, and a count of the rest. */
function describeIds(ids: readonly (string | undefined)[], mask: (text: string) => string): string {
  const plain = ids.map((id) => (id === undefined ? undefined : mask(id))).filter((id): id is string => id !== undefined && PLAIN_ID.test(id));
  const parts: string[] = [];
  if (plain.length > 0) {
    const more = plain.length > MAX_LOGGED_IDS ? ` and ${plain.length - MAX_LOGGED_IDS} more` : '';
    parts.push(`ids ${plain.slice(0, MAX_LOGGED_IDS).join(', ')}${more}`);
  }
  if (plain.length < ids.length) {
    parts.push(`${ids.length - plain.length} without a plain id`);
  }
  return parts.join('; ');
}

/** Items the server put on a page, malformed ones included: what tells a full page from the last one. */
function itemsSent(page: Page<unknown>): number {
  return page.data.length + (page.skipped ?? 0);
}

function ignoreBody(): void {
  return undefined;
}

/** The checked result, or the typed error for an answer of the wrong shape. */
function required<T>(value: T | undefined, status = 200): T {
  if (value === undefined) {
    throw malformedAnswer(status);
  }
  return value;
}

/** A request the server would refuse, refused before anything is sent, with the server's code for it. */
function refuseAnalyzeRequest(request: AnalyzeRequest, mode: 'sync' | 'task'): void {
  const problem = findAnalyzeRequestProblem(request, { mode });
  if (problem) {
    throw new TwelveLabsError('http', 0, problem.code, problem.message);
  }
}

/** Header values must be visible ASCII; anything else is refused before a request is built, without echoing the key. */
function checkKey(key: string | undefined): asserts key is string {
  if (key === undefined || key === '') {
    throw new TwelveLabsError('noKey', 0, 'api_key_missing', 'No Twelve Labs API key is set.');
  }
  if (/[^\x20-\x7e]/.test(key) || key.trim() !== key) {
    throw new TwelveLabsError(
      'noKey',
      0,
      'api_key_malformed',
      'The stored Twelve Labs API key contains characters that cannot be sent in an HTTP header (spaces at the ends, line breaks or non-ASCII characters). Set the key again.');
  }
}

function parseJson(status: number, text: string): unknown {
  const trimmed = text.trim();
  if (status === 204 || trimmed === '') {
    return undefined;
  }
  try {
    return JSON.parse(trimmed) as unknown;
  } catch {
    throw malformedAnswer(status);
  }
}

/** The part's type from the file name; the server sniffs the bytes anyway (JPEG and PNG are what Marengo takes). */
function imageContentType(filePath: string): string {
  const extension = /\.([a-z0-9]+)$/i.exec(filePath)?.[1].toLowerCase();
  return extension === 'png' ? 'image/png' : extension === 'jpg' || extension === 'jpeg' ? 'image/jpeg' : 'application/octet-stream';
}

function clampLimit(limit: number): number {
  return Math.min(MAX_PAGE_LIMIT, Math.max(1, Math.floor(limit)));
}

function filterParams(filters: IndexFilters): Record<string, string> {
  const params: Record<string, string> = {};
  if (filters.indexName !== undefined && filters.indexName !== '') {
    params.index_name = filters.indexName;
  }
  if (filters.modelOptions && filters.modelOptions.length > 0) {
    params.model_options = filters.modelOptions.join(',');
  }
  if (filters.modelFamily) {
    params.model_family = filters.modelFamily;
  }
  if (filters.createdAt) {
    params.created_at = filters.createdAt;
  }
  if (filters.updatedAt) {
    params.updated_at = filters.updatedAt;
  }
  if (filters.sortBy) {
    params.sort_by = filters.sortBy;
  }
  if (filters.sortOption) {
    params.sort_option = filters.sortOption;
  }
  return params;
}

function indexedAssetParams(page: number, limit: number, filters: IndexedAssetFilters): URLSearchParams {
  const params = new URLSearchParams({ page: String(page), page_limit: String(limit) });
  for (const status of filters.status ?? []) {
    params.append('status', status);
  }
  if (filters.filename !== undefined && filters.filename !== '') {
    params.set('filename', filters.filename);
  }
  if (filters.sortBy) {
    params.set('sort_by', filters.sortBy);
  }
  if (filters.sortOption) {
    params.set('sort_option', filters.sortOption);
  }
  if (filters.createdAt) {
    params.set('created_at', filters.createdAt);
  }
  if (filters.updatedAt) {
    params.set('updated_at', filters.updatedAt);
  }
  for (const field of ['duration', 'fps', 'width', 'height', 'size'] as const) {
    const range = filters[field];
    for (const bound of ['gte', 'lte'] as const) {
      const value = range?.[bound];
      if (value !== undefined && Number.isFinite(value)) {
        params.set(`${field}[${bound}]`, String(value));
      }
    }
  }
  for (const [key, value] of Object.entries(filters.userMetadata ?? {})) {
    if (RESERVED_INDEXED_ASSET_PARAMS.includes(key) || /[[\]]/.test(key)) {
      throw new TwelveLabsError(
        'http',
        0,
        'filter_invalid',
        `“${key}” cannot be used as a metadata filter: the list uses that name for a filter of its own.`,
      );
    }
    params.set(key, String(value));
  }
  return params;
}
