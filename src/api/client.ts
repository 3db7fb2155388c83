import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import { forEachLimited, uniqueById } from '../common/collections';
import type { Logger } from '../common/logging/logger';
import { toTwelveLabsError } from './errorMapping';
import { TwelveLabsError } from './errors';
import type { ApiClientOptions, KeySource, RetryPolicy } from './ports';
import { DEFAULT_RETRY_POLICY, cancelledError, systemClock, withRetry, type HttpMethod, type RetryClock } from './retry';
import type { CreatedTask, CreateTaskOptions, CreateTaskRequest, Task, TaskFilters } from './taskTypes';
import { postTask } from './upload';
import {
  DEFAULT_PAGE_CONCURRENCY,
  MAX_PAGE_LIMIT,
  type CallOptions,
  type CreateIndexRequest,
  type CreatedIndex,
  type Index,
  type IndexFilters,
  type ListAllOptions,
  type Page,
  type PageInfo,
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

interface RequestSpec {
  method: HttpMethod;
  path: string;
  /** URLSearchParams for repeated parameters (`status=a&status=b`), which a record cannot express. */
  params?: Record<string, string | number> | URLSearchParams;
  body?: unknown;
  signal?: AbortSignal;
  /** Send this key instead of the stored one (validation of a candidate key). */
  keyOverride?: string;
}

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
      timeout: this.timeoutMs,
      // Bodies are parsed here, so that an unparseable 2xx body is an error of its own and an HTML
      // error page never reaches a message.
      responseType: 'text',
      transformResponse: [(data: unknown) => data],
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
    const result = await this.request({ method: 'POST', path: '/indexes', body, signal: options.signal });
    const id = isRecord(result) && typeof result._id === 'string' ? result._id : undefined;
    if (!id) {
      throw malformed(201);
    }
    return { id };
  }

  /** `GET /indexes`, one page. `limit` is clamped to the server's maximum of 50. */
  async listIndexes(page = 1, limit = 10, filters: IndexFilters = {}, options: CallOptions = {}): Promise<Page<Index>> {
    const params: Record<string, string | number> = { page, page_limit: clampLimit(limit), ...filterParams(filters) };
    const result = await this.request({ method: 'GET', path: '/indexes', params, signal: options.signal });
    return asPage<Index>(result, page, clampLimit(limit), isIndex);
  }

  /**
   * Every index: page 1 first (it tells how many pages there are), then the remaining pages in
   * parallel, at most `concurrency` at a time. Exactly `total_page` requests, never a trailing empty
   * page. Indexes created or deleted meanwhile can shift pages; duplicates are dropped by id.
   */
  async listAllIndexes(filters: IndexFilters = {}, options: ListAllOptions = {}): Promise<Index[]> {
    const limit = clampLimit(options.pageLimit ?? MAX_PAGE_LIMIT);
    const first = await this.listIndexes(1, limit, filters, options);
    const totalPages = Math.max(1, first.page_info.total_page);
    if (totalPages <= 1 || first.data.length === 0) {
      return uniqueById(first.data);
    }
    const controller = new AbortController();
    const signal = options.signal ? AbortSignal.any([options.signal, controller.signal]) : controller.signal;
    const pages: Index[][] = [first.data];
    const remaining = Array.from({ length: totalPages - 1 }, (_, i) => i + 2);
    try {
      await forEachLimited(remaining, options.concurrency ?? DEFAULT_PAGE_CONCURRENCY, async (page) => {
        const result = await this.listIndexes(page, limit, filters, { signal });
        pages[page - 1] = result.data;
      });
    } catch (error) {
      controller.abort();
      throw error;
    }
    return uniqueById(pages.flat());
  }

  /** `GET /indexes/{id}`. */
  async getIndex(indexId: string, options: CallOptions = {}): Promise<Index> {
    const result = await this.request({ method: 'GET', path: `/indexes/${encodeURIComponent(indexId)}`, signal: options.signal });
    if (!isIndex(result)) {
      throw malformed(200);
    }
    return result;
  }

  /** `PUT /indexes/{id}` with the new name; the server answers 204 (the spec also allows 200). */
  async renameIndex(indexId: string, name: string, options: CallOptions = {}): Promise<void> {
    await this.request({
      method: 'PUT',
      path: `/indexes/${encodeURIComponent(indexId)}`,
      body: { index_name: name },
      signal: options.signal,
    });
  }

  /** `DELETE /indexes/{id}`: deletes the index and its videos, for good. */
  async deleteIndex(indexId: string, options: CallOptions = {}): Promise<void> {
    await this.request({ method: 'DELETE', path: `/indexes/${encodeURIComponent(indexId)}`, signal: options.signal });
  }

  /** `GET /indexes/{id}/videos`, one page. */
  async listVideos(indexId: string, page = 1, limit = 10, options: CallOptions = {}): Promise<Page<Video>> {
    const result = await this.request({
      method: 'GET',
      path: `/indexes/${encodeURIComponent(indexId)}/videos`,
      params: { page, page_limit: clampLimit(limit) },
      signal: options.signal,
    });
    return asPage<Video>(result, page, clampLimit(limit), isVideo);
  }

  /**
   * Checks a key that is not stored yet: `GET /indexes?page_limit=1` with `candidateKey` in place of
   * the stored one. Resolves when the server accepts it; otherwise rejects with the mapped error
   * (401 `api_key_invalid` for a bad or expired key). A rejected candidate does not mark the stored key.
   */
  async validateKey(candidateKey: string, signal?: AbortSignal): Promise<void> {
    await this.request({ method: 'GET', path: '/indexes', params: { page_limit: 1 }, signal, keyOverride: candidateKey });
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
    const result = await this.request({ method: 'GET', path: `/tasks/${encodeURIComponent(taskId)}`, signal: options.signal });
    if (!isTask(result)) {
      throw malformed(200);
    }
    return result;
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
    const result = await this.request({ method: 'GET', path: '/tasks', params, signal: options.signal });
    return asPage<Task>(result, page, clampLimit(limit), isTask);
  }

  private async request(spec: RequestSpec): Promise<unknown> {
    const { method, path, signal } = spec;
    if (signal?.aborted) {
      throw cancelledError();
    }
    const key = spec.keyOverride ?? (await this.keySource.getKey());
    checkKey(key);
    const label = path;
    return withRetry(
      async (attempt) => {
        const started = Date.now();
        let response: AxiosResponse<string>;
        try {
          response = await this.http.request<string>({
            method,
            url: path,
            params: spec.params,
            data: spec.body,
            signal,
            headers: { 'x-api-key': key },
          });
        } catch (error) {
          const mapped = toTwelveLabsError(error, { key, now: this.clock.now(), aborted: signal?.aborted });
          this.logger.debug(`${method} ${label} → ${mapped.status || mapped.code} in ${Date.now() - started} ms (attempt ${attempt})`);
          if (mapped.status === 401 && spec.keyOverride === undefined) {
            this.onUnauthorized?.(key);
          }
          throw mapped;
        }
        this.logger.trace(`${method} ${label} → ${response.status} in ${Date.now() - started} ms`);
        return parseJson(response);
      },
      { method, label, policy: this.policy, clock: this.clock, logger: this.logger, signal },
    );
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

function parseJson(response: AxiosResponse<string>): unknown {
  const text = typeof response.data === 'string' ? response.data.trim() : '';
  if (response.status === 204 || text === '') {
    return undefined;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw malformed(response.status);
  }
}

function malformed(status: number): TwelveLabsError {
  return new TwelveLabsError(
    'malformedResponse',
    status,
    'malformed_response',
    'The Twelve Labs API sent a response the extension could not read.');
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

function asPage<T>(result: unknown, page: number, limit: number, isItem: (value: unknown) => value is T): Page<T> {
  if (!isRecord(result) || !Array.isArray(result.data) || !result.data.every(isItem)) {
    throw malformed(200);
  }
  const data = result.data;
  const info = isRecord(result.page_info) ? result.page_info : {};
  const num = (value: unknown, fallback: number) => (typeof value === 'number' && Number.isFinite(value) ? value : fallback);
  const pageInfo: PageInfo = {
    page: num(info.page, page),
    limit_per_page: num(info.limit_per_page, limit),
    total_results: num(info.total_results, data.length),
    total_page: num(info.total_page, data.length > 0 ? page : page - 1),
  };
  return { data, page_info: pageInfo };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isIndex(value: unknown): value is Index {
  return isRecord(value) && typeof value._id === 'string' && typeof value.index_name === 'string';
}

function isTask(value: unknown): value is Task {
  return isRecord(value) && typeof value._id === 'string' && typeof value.status === 'string';
}

function isVideo(value: unknown): value is Video {
  return isRecord(value) && typeof value._id === 'string';
}
