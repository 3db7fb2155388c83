// A local stand-in for https://api.twelvelabs.io/v1.3: a real HTTP server, so the client under
// test exercises its actual transport, timeouts and error handling.
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { AnalyzeBook, type AnalyzeScript, type FakeAnalyzeTask } from './analyze';
import { AssetBook, type AssetSeedOptions, type FakeAsset } from './assets';
import { appliesAfterResponse, FaultQueue, faultOutcome, type FaultSpec } from './faults';
import { apiError, bodyForLog, readBody, type Outcome, type ParsedBody, type StreamedBody } from './http';
import { IndexedAssetBook, type FakeIndexedAsset, type HlsStatus, type IndexedAssetFailure, type IndexedAssetSeedOptions, type SearchableVideo } from './indexedAssets';
import { MediaOrigin, type MediaApiKeyRequest, type MediaRequest, type StreamVariant } from './media';
import { DEFAULT_SEARCH_PAGE_TTL_MS, SearchBook } from './search';
import { apiKeyInvalid } from './messages';
import { MultipartBook, type FakeMultipartSession } from './multipart';
import { answerMcp, MCP_PATH, type McpCall } from './mcp';
import { validateErrorBody, validateResponse, validateStreamEvent } from './openapi';
import { Router, routes, type HandlerSettings, type Route } from './routes';
import { FakeStore, toWireIndex, toWireVideo, type FakeIndex, type FakeVideo, type SeedOptions } from './state';
import { StorageOrigin, type StorageApiKeyRequest, type StorageFaultSpec, type StorageRequest } from './storage';
import { TaskBook, type FakeTask, type TaskAdvance, type TaskFailure } from './tasks';
import { resetMidBody, Throttle, UploadFaultQueue, uploadFaultOutcome, type UploadFaultSpec } from './uploads';

export type { AnalyzeScript, AnalyzeTaskStatus, FakeAnalyzeTask, PegasusModelName } from './analyze';
export type { AssetMethod, AssetSeedOptions, AssetStatus, AssetType, FakeAsset, UserMetadata } from './assets';
export type { FaultKind, FaultSpec, HostileShape } from './faults';
export type { FakeIndexedAsset, HlsStatus, IndexedAssetFailure, IndexedAssetSeedOptions, IndexedAssetStatus, SearchableVideo, TranscriptionLine } from './indexedAssets';
export type { MediaApiKeyRequest, MediaRequest, StreamVariant } from './media';
export type { ChunkStatus, FakeMultipartChunk, FakeMultipartSession, SessionStatus } from './multipart';
export type { FakeIndex, FakeIndexModel, FakeVideo } from './state';
export type { McpCall } from './mcp';
export type { Route, RouteContext } from './routes';
export type { StorageApiKeyRequest, StorageFaultKind, StorageFaultSpec, StorageRequest } from './storage';
export type { FakeTask, TaskAdvance, TaskFailure, TaskStatus } from './tasks';
export type { UploadFaultKind, UploadFaultSpec } from './uploads';

export const API_PREFIX = '/v1.3';
export const API_VERSION = '1.3';
export const DEFAULT_MODELS = ['marengo3.0', 'pegasus1.2'];
/** How much of an endless body is handed to the socket at a time. */
const ENDLESS_CHUNK_BYTES = 64 * 1024;
/** What an oversized answer is padded with, one write at a time. */
const PADDING_CHUNK = Buffer.alloc(64 * 1024, 0x78);

export interface FakeServerOptions {
  /** Keys accepted in x-api-key; default []. */
  validKeys?: string[];
  /** Model names accepted on create; default ['marengo3.0', 'pegasus1.2']. */
  models?: string[];
  /** Delay before every response; default 0. */
  latencyMs?: number;
  /** Create N indexes at start (names 'seed-index-001'...). */
  seedIndexes?: number;
  /** Videos in each index seeded at start; default 0. */
  seedVideosPerIndex?: number;
  /** Every Nth index seeded at start has `expires_at: null`; default 0 (never). */
  seedNullExpiryEvery?: number;
  /** Default 0 (ephemeral). */
  port?: number;
  /** Clock; default () => new Date(). */
  now?: () => Date;
  /** Status of `resource_not_exist`: 400 per the spec, 404 per the API intro [?]. Default 400. */
  notFoundStatus?: 400 | 404;
  /** Answer to an id that is not 24 hex digits [?]. Default 'resource_not_exist'. */
  malformedIdError?: 'resource_not_exist' | 'parameter_invalid';
  /** Refuse unknown body fields and query parameters with 400 parameter_unknown. Default true. */
  rejectUnknownFields?: boolean;
  /** 'free': new indexes expire 90 days after creation; 'developer': expires_at null. Default 'free'. */
  plan?: 'free' | 'developer';
  /** Extra routes, tried after the built-in ones (for tests of endpoints the fake lacks). */
  extraRoutes?: Route[];
  /** How upload tasks progress; default 'poll' (one state per GET /tasks/{id}). */
  taskAdvance?: TaskAdvance;
  /** Largest accepted `video_file`; default 2 GB (2,000,000,000 bytes). */
  maxUploadBytes?: number;
  /** Failed tasks carry `error: {code, message}` (not in the spec [?]); default true. */
  taskErrorDetails?: boolean;
  /** Largest `file` of `POST /assets` (video and audio); default 200 MB (200,000,000 bytes). */
  maxAssetBytes?: number;
  /** Largest image, direct or multipart; default 32 MB (32,000,000 bytes). */
  maxImageBytes?: number;
  /** Largest `total_size` of a video or audio multipart session; default 10 GB (10,000,000,000 bytes). */
  maxMultipartBytes?: number;
  /** Multipart chunk size in bytes (≥ 1), or a function of `total_size`; default 5 MiB. */
  chunkSize?: number | ((totalSize: number) => number);
  /** Presigned URLs in the create answer (the first N chunks); default 10. */
  initialUploadUrls?: number;
  /** Multipart session lifetime; default 24 h. */
  uploadSessionTtlMs?: number;
  /** Presigned chunk URL lifetime; default 3600 s. */
  chunkUrlTtlSeconds?: number;
  /** A URL that stored a chunk is refused afterwards ("Each URL can only be used once"); default true. */
  singleUseChunkUrls?: boolean;
  /** The sessions' `upload_headers`, which the storage origin then requires on every PUT; default {}. */
  uploadHeaders?: Record<string, string>;
  /** The storage origin reads chunk bodies no faster than this (bytes/s); default full speed. */
  storageThrottleBytesPerSecond?: number;
  /** Port of the storage origin; default 0 (ephemeral). */
  storagePort?: number;
  /** Error code for indexing an asset that is not ready [?]; default 'parameter_invalid'. */
  notReadyAssetError?: 'parameter_invalid' | 'asset_not_ready';
  /** Port of the media origin (thumbnails, HLS); default 0 (ephemeral). */
  mediaPort?: number;
  /** Lifetime of thumbnail and stream URLs; default 3600 s ("the URL expires in one hour"). */
  mediaUrlTtlSeconds?: number;
  /** Lifetime of a search's page tokens (`page_expires_at`); default 1 h [?]. */
  searchPageTtlMs?: number;
  /** Body of a refused page token: the spec's `{error_code: 400, message}` (default) or `{code: 'search_page_token_expired', message}` [?]. */
  searchTokenErrorBody?: 'error_code' | 'code';
  /** Content-Type of a streamed analysis; default `application/json; charset=utf-8`, the only type the spec gives its 200 [?]. */
  analyzeStreamContentType?: string;
  /** Milliseconds between two writes of a streamed analysis; default 0. */
  analyzeChunkDelayMs?: number;
  /** Models `/analyze` and `/analyze/tasks` refuse with 400 parameter_invalid (pegasus1.2 is reported refused since 2026-08 [seen]); default none. */
  refusedAnalyzeModels?: string[];
  /**
   * Check every answer of a route against the OpenAPI document (errors of undocumented statuses
   * against the general error shape) and collect the problems in `responseProblems`. Default false:
   * the check costs a little, and a few answers are knowingly off-spec (`error` on failed tasks).
   */
  validateResponses?: boolean;
}

/** The storage origin, as tests see it. */
export interface FakeStorage {
  /** http://127.0.0.1:PORT of the storage origin. */
  readonly url: string;
  /** Every request, in arrival order (path without the signed query). */
  readonly requests: StorageRequest[];
  /** Requests that carried an x-api-key header; a correct client makes none. */
  requestsWithApiKey(): StorageApiKeyRequest[];
  clearRequests(): void;
  /** Chunk body bytes read so far, counted as they arrive. */
  readonly bytesReceived: number;
}

/** The media origin (thumbnails, HLS streams), as tests see it. */
export interface FakeMedia {
  /** http://127.0.0.1:PORT of the media origin. */
  readonly url: string;
  /** Every request, in arrival order (the path without its signature). */
  readonly requests: MediaRequest[];
  /** Requests that carried an x-api-key header; a correct client (or webview) makes none. */
  requestsWithApiKey(): MediaApiKeyRequest[];
  clearRequests(): void;
}

export interface RecordedRequest {
  method: string;
  /** Path after the /v1.3 prefix; the full path for requests outside it. */
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON, or raw string, or for multipart a field map. */
  body: unknown;
  /** `Date.now()` when the answer's last byte was handed to the socket: where the benchmarks' clocks start. */
  answeredAt?: number;
  /** `performance.now()` when the request arrived and when its answer was handed to the socket: the fake's own time, which benchmarks subtract. */
  receivedAtPerf?: number;
  answeredAtPerf?: number;
}

export interface FakeTwelveLabs {
  /** Base URL incl. version, e.g. http://127.0.0.1:PORT/v1.3 */
  readonly url: string;
  /** http://127.0.0.1:PORT */
  readonly origin: string;
  readonly requests: RecordedRequest[];
  clearRequests(): void;
  /**
   * Resolves once no API request is being read or answered: a request a client sent just before it
   * gave up is recorded only when its body has been read, which may come after the client's call ended.
   */
  settled(): Promise<void>;
  addKey(key: string): void;
  removeKey(key: string): void;
  setLatency(ms: number): void;
  injectFault(fault: FaultSpec): void;
  clearFaults(): void;
  /** Returns the new ids. */
  seedIndexes(count: number, options?: { namePrefix?: string; videosPerIndex?: number; nullExpiryEvery?: number }): string[];
  /** Current state (copies). */
  listIndexes(): FakeIndex[];
  /** Videos of one index (copies); undefined for an unknown id. */
  listVideos(indexId: string): FakeVideo[] | undefined;
  /** Requests currently held by a 'hang' fault. */
  readonly hangingCount: number;
  /** Faults for the next `POST /tasks` bodies; cleared by clearFaults() too. */
  injectUploadFault(fault: UploadFaultSpec): void;
  /** Reads upload bodies no faster than this (bytes/s); undefined for full speed. */
  setUploadThrottle(bytesPerSecond: number | undefined): void;
  setTaskAdvance(advance: TaskAdvance): void;
  /** The next task created fails (in `failure.at`, default indexing) with this code and message. */
  failNextTask(failure: TaskFailure): void;
  /** Every task, as GET /tasks/{id} would show it now (without counting as a poll). */
  listTasks(): FakeTask[];
  /** Origin of the storage that presigned chunk URLs point at, e.g. http://127.0.0.1:PORT. */
  readonly storageOrigin: string;
  readonly storage: FakeStorage;
  /** Faults for the next chunk PUTs at the storage origin; cleared by clearFaults() too. */
  injectStorageFault(fault: StorageFaultSpec): void;
  /** The storage origin reads chunk bodies no faster than this (bytes/s); undefined for full speed. */
  setStorageThrottle(bytesPerSecond: number | undefined): void;
  /** Every asset, oldest first, as GET /assets/{id} would show it now (without counting as a poll). */
  assets(): FakeAsset[];
  asset(assetId: string): FakeAsset | undefined;
  /** Ready assets; returns their ids. */
  seedAssets(count: number, options?: AssetSeedOptions): string[];
  /** The next asset to finish processing fails, with this `error.message`. */
  failNextAsset(message?: string): void;
  /** Indexed assets of one index, oldest first (copies, no poll); undefined for an unknown index. */
  indexedAssets(indexId: string): FakeIndexedAsset[] | undefined;
  /** Ready assets indexed into the index (ready by default, so they count as its videos); returns the indexed-asset ids. */
  seedIndexedAssets(indexId: string, count: number, options?: IndexedAssetSeedOptions & { size?: number }): string[];
  /** The next indexed asset created fails (in `failure.at`, default indexing). */
  failNextIndexedAsset(failure?: IndexedAssetFailure): void;
  /** One upload session with its per-chunk counters; undefined for an unknown id. */
  multipartSession(uploadId: string): FakeMultipartSession | undefined;
  multipartSessions(): FakeMultipartSession[];
  /** The session expires now, as if its 24 hours were over. Throws for an unknown id. */
  expireUploadSession(uploadId: string): void;
  /**
   * Ready indexed assets (videos of the index) with exactly these file names, durations,
   * transcripts, sounds, metadata and streams, for search tests; returns their ids (video ids).
   */
  seedSearchableVideos(indexId: string, videos: SearchableVideo[]): string[];
  /** Every page token issued so far is refused (400) from now on. */
  expireSearchTokens(): void;
  /** Every thumbnail URL issued so far gets 403 from now on. */
  expireThumbnails(): void;
  /** The `hls.status` an indexed asset (or video) shows from now on; undefined: no `hls` at all. COMPLETE streams play. */
  setHlsStatus(indexedAssetId: string, status: HlsStatus | undefined): void;
  /** Origin of thumbnails and HLS streams, e.g. http://127.0.0.1:PORT. */
  readonly mediaOrigin: string;
  readonly media: FakeMedia;
  /** Milliseconds between two writes of every streamed analysis from now on. */
  setAnalyzeChunkDelay(ms: number): void;
  /** The next streamed analysis loses its connection after this many writes (events), before `stream_end`. */
  cutNextAnalyzeStream(afterChunks: number): void;
  /** `/analyze` and `/analyze/tasks` refuse (or accept again) this `model_name` with 400 parameter_invalid. */
  refuseModel(model: string, refused?: boolean): void;
  /** The next analysis (streamed, not, or a task's result) answers exactly this text, in these chunks. */
  scriptNextAnalyze(script: AnalyzeScript): void;
  /** The next analysis request (or task creation) gets 400 usage_limit_exceeded. */
  usageLimitNextAnalyze(): void;
  /** The next analysis task created fails on reaching `processing`, with this message. */
  failNextAnalyzeTask(message?: string): void;
  /** Every analysis task, as GET /analyze/tasks/{id} would show it now (without counting as a poll). */
  analyzeTasks(): FakeAnalyzeTask[];
  /** Streamed analyses whose connection is still open. */
  readonly openAnalyzeStreams: number;
  /** Spec violations of answers, with `validateResponses: true`. */
  readonly responseProblems: string[];
  /** `origin + '/mcp'`: the minimal MCP endpoint (Streamable HTTP, JSON-RPC 2.0), on the fake's origin. */
  readonly mcpUrl: string;
  /** Every JSON-RPC message the MCP endpoint received, in order (whether the key was valid, never the key). */
  readonly mcpCalls: McpCall[];
  /** Also releases any hung requests. */
  close(): Promise<void>;
}

/** Never reflect the caller's key, even if it found its way into a path or a name we echo. */
function redactKey(body: string | Buffer, key: string | undefined): string | Buffer {
  if (typeof body !== 'string' || key === undefined || key.length < 4 || !body.includes(key)) return body;
  return body.split(key).join('[redacted]');
}

function singleHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function queryRecord(search: URLSearchParams): Record<string, string> {
  // A repeated parameter keeps every value comma-joined, so `page=1&page=2` fails validation
  // instead of silently picking one.
  const out: Record<string, string> = {};
  for (const [k, v] of search) out[k] = k in out ? `${out[k]},${v}` : v;
  return out;
}

export async function startFakeServer(options: FakeServerOptions = {}): Promise<FakeTwelveLabs> {
  const now = options.now ?? ((): Date => new Date());
  const validKeys = new Set(options.validKeys ?? []);
  let latencyMs = options.latencyMs ?? 0;
  const store = new FakeStore(now);
  const faults = new FaultQueue();
  const tasks = new TaskBook(store, now, {
    advance: options.taskAdvance,
    maxUploadBytes: options.maxUploadBytes,
    taskErrorDetails: options.taskErrorDetails,
  });
  const uploadFaults = new UploadFaultQueue();
  let uploadThrottle: number | undefined;
  // Checked before the storage origin listens, so a bad option leaves no server behind.
  if (typeof options.chunkSize === 'number' && !(Number.isSafeInteger(options.chunkSize) && options.chunkSize >= 1)) {
    throw new RangeError(`chunkSize must be an integer ≥ 1, got ${options.chunkSize}`);
  }
  const storage = new StorageOrigin({
    now,
    urlTtlSeconds: options.chunkUrlTtlSeconds,
    singleUseUrls: options.singleUseChunkUrls,
    uploadHeaders: options.uploadHeaders,
    throttleBytesPerSecond: options.storageThrottleBytesPerSecond,
  });
  await storage.listen(options.storagePort ?? 0);
  const advance = (): TaskAdvance => tasks.advance;
  const assets = new AssetBook(store, now, advance, storage.origin, { maxDirectBytes: options.maxAssetBytes, maxImageBytes: options.maxImageBytes });
  const multipart = new MultipartBook(store, now, assets, storage, {
    chunkSize: options.chunkSize,
    initialUrls: options.initialUploadUrls,
    sessionTtlMs: options.uploadSessionTtlMs,
    maxBytes: options.maxMultipartBytes,
  });
  storage.sink = multipart;
  const media: MediaOrigin = new MediaOrigin({ now, urlTtlSeconds: options.mediaUrlTtlSeconds, streamOf: (id): StreamVariant | undefined => indexedAssets.streamOf(id) });
  try {
    await media.listen(options.mediaPort ?? 0);
  } catch (error) {
    await storage.close();
    throw error;
  }
  const indexedAssets = new IndexedAssetBook(store, now, advance, media);
  const search = new SearchBook(now, media, {
    pageTtlMs: options.searchPageTtlMs ?? DEFAULT_SEARCH_PAGE_TTL_MS,
    tokenErrorBody: options.searchTokenErrorBody ?? 'error_code',
  });
  const analyze = new AnalyzeBook(store, now, advance, {
    streamContentType: options.analyzeStreamContentType ?? 'application/json; charset=utf-8',
    chunkDelayMs: options.analyzeChunkDelayMs ?? 0,
    refusedModels: options.refusedAnalyzeModels ?? [],
  });
  const responseProblems: string[] = [];
  const router = new Router([...routes, ...(options.extraRoutes ?? [])]);
  const settings: HandlerSettings = {
    models: [...(options.models ?? DEFAULT_MODELS)],
    notFoundStatus: options.notFoundStatus ?? 400,
    malformedIdError: options.malformedIdError ?? 'resource_not_exist',
    rejectUnknownFields: options.rejectUnknownFields ?? true,
    plan: options.plan ?? 'free',
    notReadyAssetError: options.notReadyAssetError ?? 'parameter_invalid',
  };
  const requests: RecordedRequest[] = [];
  const mcpCalls: McpCall[] = [];
  const hanging = new Set<ServerResponse>();
  const streaming = new Set<ServerResponse>();
  const timers = new Set<NodeJS.Timeout>();
  /** Latency waits in progress; close() cuts them short so no handler is left pending. */
  const waits = new Map<NodeJS.Timeout, () => void>();
  const sockets = new Set<Socket>();
  let closing = false;
  let closed: Promise<void> | undefined;

  function shutDown(): Promise<void> {
    closing = true;
    for (const t of timers) clearTimeout(t);
    timers.clear();
    for (const [t, resolve] of waits) {
      clearTimeout(t);
      resolve();
    }
    waits.clear();
    for (const res of hanging) res.destroy();
    hanging.clear();
    const main = new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
      for (const socket of sockets) socket.destroy();
    });
    return Promise.all([main, storage.close(), media.close()]).then(() => undefined);
  }

  if (options.seedIndexes && options.seedIndexes > 0) {
    store.seed(options.seedIndexes, {
      videosPerIndex: options.seedVideosPerIndex,
      nullExpiryEvery: options.seedNullExpiryEvery,
    });
  }

  function delay(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        waits.delete(t);
        resolve();
      }, ms);
      waits.set(t, resolve);
    });
  }

  async function dispatch(method: string, path: string, inPrefix: boolean, query: Record<string, string>, headers: IncomingHttpHeaders, body: ParsedBody): Promise<Outcome> {
    // Outside the version prefix the answer is 404 whatever the key: a client with a wrong base
    // URL must see "not found", not a misleading "invalid key" [?].
    if (!inPrefix) return apiError(404, 'not_found', 'The requested resource was not found.');
    const key = singleHeader(headers['x-api-key']);
    if (key === undefined || !validKeys.has(key)) return apiKeyInvalid();
    const match = router.match(method, path);
    // Unknown routes and methods are not documented; `not_found` / `method_not_allowed` are our
    // names, in the documented {code, message} shape.
    if (match.kind === 'not-found') return apiError(404, 'not_found', 'The requested resource was not found.');
    if (match.kind === 'method-not-allowed') {
      return apiError(405, 'method_not_allowed', `The ${method} method is not allowed for this resource.`, {
        Allow: match.allow.join(', '),
      });
    }
    const outcome = await match.route.handler({ method, path, params: match.params, query, headers, body, store, tasks, assets, multipart, indexedAssets, search, analyze, settings, now });
    // Only a route's own answers: 401/404/405 of the loop above are not operations of the spec.
    if (options.validateResponses) checkAnswer(method, path, outcome);
    return outcome;
  }

  /** The spec's shape for documented statuses; the general error shape for undocumented error statuses. */
  function checkAnswer(method: string, path: string, outcome: Outcome): void {
    if (outcome.kind === 'stream') {
      checkStream(method, path, outcome);
      return;
    }
    if (outcome.kind !== 'response') return;
    const text = String(outcome.body);
    let body: unknown = text;
    if ((outcome.headers['Content-Type'] ?? '').includes('json') && text !== '') {
      try {
        body = JSON.parse(text);
      } catch {
        responseProblems.push(`${method} ${path} ${outcome.status}: body is not JSON`);
        return;
      }
    }
    let problems = validateResponse(method, path, outcome.status, body);
    if (outcome.status >= 400 && problems.length === 1 && problems[0].startsWith('status ')) problems = validateErrorBody(body);
    for (const problem of problems) responseProblems.push(`${method} ${path} ${outcome.status}: ${problem}`);
  }

  /** Each NDJSON line of a streamed answer against the spec's stream events. */
  function checkStream(method: string, path: string, outcome: StreamedBody): void {
    if (outcome.offSpec) return;
    for (const line of outcome.writes.join('').split('\n')) {
      if (line.trim() === '') continue;
      let event: unknown;
      try {
        event = JSON.parse(line);
      } catch {
        responseProblems.push(`${method} ${path} ${outcome.status}: a streamed line is not JSON`);
        continue;
      }
      for (const problem of validateStreamEvent(event)) responseProblems.push(`${method} ${path} ${outcome.status}: ${problem}`);
    }
  }

  function write(res: ServerResponse, outcome: Outcome, key: string | undefined): void {
    if (res.destroyed) return;
    switch (outcome.kind) {
      case 'hang':
        // Held until close(); the client sees neither headers nor an error.
        hanging.add(res);
        res.on('close', () => hanging.delete(res));
        return;
      case 'reset': {
        // Headers and the start of a body promising more, then a TCP reset.
        res.writeHead(200, {
          'Content-Type': 'application/json; charset=utf-8',
          'Content-Length': '4096',
          'X-Api-Version': API_VERSION,
        });
        res.write('{"data":[{"_id":"', () => {
          // A moment for the client to parse the headers, so it fails mid-body, not before.
          const t = setTimeout(() => {
            timers.delete(t);
            const socket = res.socket;
            if (socket && typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
            else socket?.destroy();
          }, 20);
          timers.add(t);
        });
        return;
      }
      case 'endless':
        writeEndless(res);
        return;
      case 'stream':
        writeStream(res, outcome, key);
        return;
      case 'response': {
        const body = Buffer.from(redactKey(outcome.body, key));
        const delivery = outcome.delivery ?? {};
        if (delivery.padToBytes !== undefined) {
          writePadded(res, outcome.status, outcome.headers, body, delivery.padToBytes, delivery.chunked ?? false);
          return;
        }
        res.writeHead(outcome.status, {
          ...outcome.headers,
          'X-Api-Version': API_VERSION,
          // Without a Content-Length, Node sends the body chunked.
          ...(delivery.chunked ? {} : { 'Content-Length': String(body.length) }),
        });
        const sendUpTo = delivery.cutAfterBytes ?? body.length;
        // A clean close (FIN) after a partial body, unlike `reset`: the client sees an ordinary end of stream.
        const close = sendUpTo < body.length ? () => res.socket?.end() : () => res.end();
        if (delivery.dripIntervalMs !== undefined) drip(res, body.subarray(0, sendUpTo), delivery.dripIntervalMs, close);
        else if (sendUpTo < body.length) res.write(body.subarray(0, sendUpTo), close);
        else res.end(body);
        return;
      }
    }
  }

  /** Runs `fn` after `ms` unless the server closes first. */
  function later(fn: () => void, ms: number): void {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  }

  function drip(res: ServerResponse, bytes: Buffer, intervalMs: number, done: () => void): void {
    let sent = 0;
    const step = (): void => {
      if (res.destroyed || closing) return;
      if (sent >= bytes.length) {
        done();
        return;
      }
      res.write(bytes.subarray(sent, sent + 1));
      sent += 1;
      later(step, intervalMs);
    };
    step();
  }

  /**
   * Chunked, one write per entry, `delayMs` apart. A cut waits for the last write before it to be
   * flushed, then destroys the socket: the client has every byte so far and no end of the body.
   */
  function writeStream(res: ServerResponse, outcome: StreamedBody, key: string | undefined): void {
    const { writes, delayMs, cutAfterWrites } = outcome;
    res.writeHead(outcome.status, { ...outcome.headers, 'X-Api-Version': API_VERSION });
    streaming.add(res);
    // 'finish' as soon as the last byte is handed over, 'close' when the connection went first.
    res.on('finish', () => streaming.delete(res));
    res.on('close', () => streaming.delete(res));
    const cut = (): void => later(() => res.socket?.destroy(), 20);
    if (cutAfterWrites === 0) {
      res.flushHeaders();
      cut();
      return;
    }
    let sent = 0;
    const step = (): void => {
      while (!res.destroyed && !closing) {
        if (sent >= writes.length) {
          res.end();
          return;
        }
        const last = cutAfterWrites !== undefined && sent + 1 === cutAfterWrites;
        res.write(String(redactKey(writes[sent], key)), last ? cut : undefined);
        sent++;
        if (last) return;
        if (delayMs > 0) {
          later(step, delayMs);
          return;
        }
      }
    };
    step();
  }

  /** `body` with its trailing `"padding":""` filled to `totalBytes`, as fast as the client takes it; stops when the connection goes. */
  function writePadded(res: ServerResponse, status: number, headers: Record<string, string>, body: Buffer, totalBytes: number, chunked: boolean): void {
    const emptyPadding = body.lastIndexOf('"padding":""');
    // Up to and with the opening quote; then the closing quote and the rest.
    const split = emptyPadding + '"padding":"'.length;
    const head = body.subarray(0, split);
    const tail = body.subarray(split);
    let left = Math.max(0, totalBytes - body.length);
    res.writeHead(status, { ...headers, 'X-Api-Version': API_VERSION, ...(chunked ? {} : { 'Content-Length': String(body.length + left) }) });
    res.write(head);
    const pump = (): void => {
      while (!res.destroyed && !closing) {
        if (left === 0) {
          res.end(tail);
          return;
        }
        const size = Math.min(left, PADDING_CHUNK.length);
        left -= size;
        if (!res.write(PADDING_CHUNK.subarray(0, size))) {
          res.once('drain', pump);
          return;
        }
      }
    };
    pump();
  }

  /** A list that never ends, written as fast as the client takes it; stops when the connection goes. */
  function writeEndless(res: ServerResponse): void {
    res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'X-Api-Version': API_VERSION });
    res.write('{"data":[');
    const item = `{"_id":"0123456789abcdef01234567","index_name":"${'endless-'.repeat(16)}"},`;
    const chunk = Buffer.from(item.repeat(Math.ceil(ENDLESS_CHUNK_BYTES / item.length)));
    const pump = (): void => {
      while (!res.destroyed && !closing) {
        if (!res.write(chunk)) {
          res.once('drain', pump);
          return;
        }
      }
    };
    pump();
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const receivedAtPerf = performance.now();
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const inPrefix = url.pathname === API_PREFIX || url.pathname.startsWith(`${API_PREFIX}/`);
    const path = inPrefix ? url.pathname.slice(API_PREFIX.length) || '/' : url.pathname;
    const query = queryRecord(url.searchParams);
    if (url.pathname === MCP_PATH) {
      // Not an API route: its own log, no API faults, but the same latency and key rule.
      const answer = answerMcp(method, req.headers, await readBody(req), { validKeys, store, calls: mcpCalls });
      await delay(latencyMs);
      if (closing) {
        res.destroy();
        return;
      }
      res.writeHead(answer.status, answer.headers);
      res.end(answer.body);
      return;
    }
    const isUpload = inPrefix && method === 'POST' && path === '/tasks';
    // The throttle also paces direct asset uploads; the upload faults stay with /tasks.
    const isThrottled = isUpload || (inPrefix && method === 'POST' && path === '/assets');
    const uploadFault = isUpload ? uploadFaults.take() : undefined;
    if (uploadFault?.kind === 'resetMidBody') {
      const received = await resetMidBody(req, uploadFault.afterBytes);
      requests.push({ method, path, query, headers: { ...req.headers }, body: { reset: `after ${received} bytes` } });
      return;
    }
    const body = await readBody(req, isThrottled && uploadThrottle ? { through: new Throttle(uploadThrottle) } : {});
    const recorded: RecordedRequest = { method, path, query, headers: { ...req.headers }, body: bodyForLog(body), receivedAtPerf };
    requests.push(recorded);
    res.once('finish', () => {
      recorded.answeredAt = Date.now();
      recorded.answeredAtPerf = performance.now();
    });
    const key = singleHeader(req.headers['x-api-key']);

    const fault = faults.take(method, path);
    let outcome: Outcome;
    const uploadOutcome = uploadFault && uploadFaultOutcome(uploadFault, tasks.maxUploadBytes);
    if (uploadOutcome) {
      outcome = uploadOutcome;
    } else if (fault && !appliesAfterResponse(fault)) {
      outcome = faultOutcome(fault, now());
    } else {
      try {
        outcome = await dispatch(method, path, inPrefix, query, req.headers, body);
      } catch (error) {
        // A bug in the fake must be loud in test output but still answer, or the client hangs.
        console.error('[fake twelvelabs] handler error', error);
        outcome = apiError(500, 'internal_error', 'The fake server failed to handle this request.');
      }
      if (fault) outcome = faultOutcome(fault, now(), outcome);
    }
    await delay(latencyMs);
    if (closing) {
      res.destroy();
      return;
    }
    write(res, outcome, key);
  }

  let handling = 0;
  const server: Server = createServer((req, res) => {
    handling++;
    handle(req, res)
      .catch((error: unknown) => {
        console.error('[fake twelvelabs] request failed', error);
        res.destroy();
      })
      .finally(() => handling--);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await Promise.all([storage.close(), media.close()]);
    throw error;
  }
  const port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;

  return {
    url: origin + API_PREFIX,
    origin,
    mcpUrl: origin + MCP_PATH,
    mcpCalls,
    requests,
    clearRequests(): void {
      requests.length = 0;
    },
    async settled(): Promise<void> {
      while (handling > 0) {
        await new Promise((resolve) => setImmediate(resolve));
      }
    },
    addKey(key: string): void {
      validKeys.add(key);
    },
    removeKey(key: string): void {
      validKeys.delete(key);
    },
    setLatency(ms: number): void {
      latencyMs = ms;
    },
    injectFault(fault: FaultSpec): void {
      faults.add(fault);
    },
    clearFaults(): void {
      faults.clear();
      uploadFaults.clear();
      storage.clearFaults();
    },
    seedIndexes(count: number, seedOptions: SeedOptions = {}): string[] {
      return store.seed(count, seedOptions);
    },
    listIndexes(): FakeIndex[] {
      return store.all().map(toWireIndex);
    },
    listVideos(indexId: string): FakeVideo[] | undefined {
      return store.get(indexId)?.videos.map(toWireVideo);
    },
    get hangingCount(): number {
      return hanging.size;
    },
    injectUploadFault(fault: UploadFaultSpec): void {
      uploadFaults.add(fault);
    },
    setUploadThrottle(bytesPerSecond: number | undefined): void {
      uploadThrottle = bytesPerSecond !== undefined && bytesPerSecond > 0 ? bytesPerSecond : undefined;
    },
    setTaskAdvance(advance: TaskAdvance): void {
      tasks.advance = advance;
    },
    failNextTask(failure: TaskFailure): void {
      tasks.failNext(failure);
    },
    listTasks(): FakeTask[] {
      return tasks.all().map((task) => tasks.toWire(task));
    },
    storageOrigin: storage.origin,
    storage: {
      url: storage.origin,
      requests: storage.requests,
      requestsWithApiKey: () => storage.requestsWithApiKey(),
      clearRequests: () => storage.clearRequests(),
      get bytesReceived(): number {
        return storage.bytesReceived;
      },
    },
    injectStorageFault(fault: StorageFaultSpec): void {
      storage.injectFault(fault);
    },
    setStorageThrottle(bytesPerSecond: number | undefined): void {
      storage.throttleBytesPerSecond = bytesPerSecond !== undefined && bytesPerSecond > 0 ? bytesPerSecond : undefined;
    },
    assets(): FakeAsset[] {
      return assets
        .all()
        .sort((a, b) => a.createdAt - b.createdAt || a.seq - b.seq)
        .map((a) => assets.toWire(a));
    },
    asset(assetId: string): FakeAsset | undefined {
      const found = assets.get(assetId);
      return found && assets.toWire(found);
    },
    seedAssets(count: number, seedOptions: AssetSeedOptions = {}): string[] {
      return assets.seed(count, seedOptions).map((a) => a.id);
    },
    failNextAsset(message = 'The platform could not process the file.'): void {
      assets.failNext(message);
    },
    indexedAssets(indexId: string): FakeIndexedAsset[] | undefined {
      return store.get(indexId) ? indexedAssets.snapshot(indexId) : undefined;
    },
    seedIndexedAssets(indexId: string, count: number, seedOptions: IndexedAssetSeedOptions & { size?: number } = {}): string[] {
      const index = store.get(indexId);
      if (!index) throw new Error(`no index ${indexId}`);
      const seeded = assets.seed(count, { filenamePrefix: seedOptions.filenamePrefix ?? 'indexed', size: seedOptions.size });
      return indexedAssets.seed(index, seeded, seedOptions).map((i) => i.id);
    },
    failNextIndexedAsset(failure: IndexedAssetFailure = {}): void {
      indexedAssets.failNext(failure);
    },
    multipartSession(uploadId: string): FakeMultipartSession | undefined {
      const session = multipart.get(uploadId);
      return session && multipart.toControl(session);
    },
    multipartSessions(): FakeMultipartSession[] {
      return multipart.all().map((s) => multipart.toControl(s));
    },
    expireUploadSession(uploadId: string): void {
      multipart.expire(uploadId);
    },
    seedSearchableVideos(indexId: string, videos: SearchableVideo[]): string[] {
      const index = store.get(indexId);
      if (!index) throw new Error(`no index ${indexId}`);
      return videos.map((video) => {
        const [asset] = assets.seed(1, { filenamePrefix: 'searchable', size: video.size ?? Math.max(1, Math.round(video.duration * 250_000)) });
        asset.filename = video.filename;
        return indexedAssets.seedSearchable(index, asset, video).id;
      });
    },
    expireSearchTokens(): void {
      search.expireAll();
    },
    expireThumbnails(): void {
      media.expireThumbnails();
    },
    setHlsStatus(indexedAssetId: string, status: HlsStatus | undefined): void {
      indexedAssets.setHlsStatus(indexedAssetId, status);
    },
    mediaOrigin: media.origin,
    media: {
      url: media.origin,
      requests: media.requests,
      requestsWithApiKey: () => media.requestsWithApiKey(),
      clearRequests: () => media.clearRequests(),
    },
    setAnalyzeChunkDelay(ms: number): void {
      analyze.chunkDelayMs = Math.max(0, ms);
    },
    cutNextAnalyzeStream(afterChunks: number): void {
      analyze.cutNext(afterChunks);
    },
    refuseModel(model: string, refused = true): void {
      analyze.refuseModel(model, refused);
    },
    scriptNextAnalyze(script: AnalyzeScript): void {
      analyze.script(script);
    },
    usageLimitNextAnalyze(): void {
      analyze.usageLimitNext();
    },
    failNextAnalyzeTask(message = 'The platform could not analyze the video.'): void {
      analyze.failNextTask(message);
    },
    analyzeTasks(): FakeAnalyzeTask[] {
      return analyze
        .all()
        .sort((a, b) => a.createdAt - b.createdAt)
        .map((task) => analyze.toWire(task));
    },
    get openAnalyzeStreams(): number {
      return streaming.size;
    },
    responseProblems,
    close(): Promise<void> {
      closed ??= shutDown();
      return closed;
    },
  };
}
