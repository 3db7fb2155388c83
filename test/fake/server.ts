// A local stand-in for https://api.twelvelabs.io/v1.3: a real HTTP server, so the client under
// test exercises its actual transport, timeouts and error handling.
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { appliesAfterResponse, FaultQueue, faultOutcome, type FaultSpec } from './faults';
import { apiError, bodyForLog, readBody, type Outcome, type ParsedBody } from './http';
import { apiKeyInvalid } from './messages';
import { Router, routes, type HandlerSettings, type Route } from './routes';
import { FakeStore, toWireIndex, toWireVideo, type FakeIndex, type FakeVideo, type SeedOptions } from './state';
import { TaskBook, type FakeTask, type TaskAdvance, type TaskFailure } from './tasks';
import { resetMidBody, Throttle, UploadFaultQueue, uploadFaultOutcome, type UploadFaultSpec } from './uploads';

export type { FaultKind, FaultSpec, HostileShape } from './faults';
export type { FakeIndex, FakeIndexModel, FakeVideo } from './state';
export type { Route, RouteContext } from './routes';
export type { FakeTask, TaskAdvance, TaskFailure, TaskStatus } from './tasks';
export type { UploadFaultKind, UploadFaultSpec } from './uploads';

export const API_PREFIX = '/v1.3';
export const API_VERSION = '1.3';
export const DEFAULT_MODELS = ['marengo3.0', 'pegasus1.2'];
/** How much of an endless body is handed to the socket at a time. */
const ENDLESS_CHUNK_BYTES = 64 * 1024;

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
}

export interface RecordedRequest {
  method: string;
  /** Path after the /v1.3 prefix; the full path for requests outside it. */
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON, or raw string, or for multipart a field map. */
  body: unknown;
}

export interface FakeTwelveLabs {
  /** Base URL incl. version, e.g. http://127.0.0.1:PORT/v1.3 */
  readonly url: string;
  /** http://127.0.0.1:PORT */
  readonly origin: string;
  readonly requests: RecordedRequest[];
  clearRequests(): void;
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
  const router = new Router([...routes, ...(options.extraRoutes ?? [])]);
  const settings: HandlerSettings = {
    models: [...(options.models ?? DEFAULT_MODELS)],
    notFoundStatus: options.notFoundStatus ?? 400,
    malformedIdError: options.malformedIdError ?? 'resource_not_exist',
    rejectUnknownFields: options.rejectUnknownFields ?? true,
    plan: options.plan ?? 'free',
  };
  const requests: RecordedRequest[] = [];
  const hanging = new Set<ServerResponse>();
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
    return new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
      for (const socket of sockets) socket.destroy();
    });
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
    return match.route.handler({ method, path, params: match.params, query, headers, body, store, tasks, settings, now });
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
      case 'response': {
        const body = Buffer.from(redactKey(outcome.body, key));
        const delivery = outcome.delivery ?? {};
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
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const inPrefix = url.pathname === API_PREFIX || url.pathname.startsWith(`${API_PREFIX}/`);
    const path = inPrefix ? url.pathname.slice(API_PREFIX.length) || '/' : url.pathname;
    const query = queryRecord(url.searchParams);
    const isUpload = inPrefix && method === 'POST' && path === '/tasks';
    const uploadFault = isUpload ? uploadFaults.take() : undefined;
    if (uploadFault?.kind === 'resetMidBody') {
      const received = await resetMidBody(req, uploadFault.afterBytes);
      requests.push({ method, path, query, headers: { ...req.headers }, body: { reset: `after ${received} bytes` } });
      return;
    }
    const body = await readBody(req, isUpload && uploadThrottle ? { through: new Throttle(uploadThrottle) } : {});
    requests.push({ method, path, query, headers: { ...req.headers }, body: bodyForLog(body) });
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

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      console.error('[fake twelvelabs] request failed', error);
      res.destroy();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;

  return {
    url: origin + API_PREFIX,
    origin,
    requests,
    clearRequests(): void {
      requests.length = 0;
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
    close(): Promise<void> {
      closed ??= shutDown();
      return closed;
    },
  };
}
