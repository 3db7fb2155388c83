// /tasks: video uploads (multipart/form-data) and the indexing tasks they start. The upload body is
// counted as it streams through busboy (see http.ts) and never kept, so a 1 GiB benchmark upload
// costs the fake no memory; what the handler sees is the field map with the file's byte count.
import { apiError, json, mediaType, type MultipartFields, type MultipartFile, type Outcome } from './http';
import { contentTypeInvalid, parameterInvalid, parameterNotProvided, parameterUnknown, resourceNotExist } from './messages';
import { paginate, parseFilteredListQuery, rejectUnknownQuery, sortItems } from './paging';
import type { Route, RouteContext } from './routes';
import { iso, type FakeStore, type StoredIndex } from './state';

export type TaskStatus = 'validating' | 'pending' | 'queued' | 'indexing' | 'ready' | 'failed';

/** The documented order; `ready` and `failed` are terminal. */
export const TASK_PROGRESSION: readonly TaskStatus[] = ['validating', 'pending', 'queued', 'indexing', 'ready'];
const ALL_STATUSES: readonly string[] = ['ready', 'uploading', 'validating', 'pending', 'queued', 'indexing', 'failed'];

/** The `/tasks` limit from the API page: "file ≤ 2 GB". Decimal gigabytes [?]: the docs do not say which. */
export const MAX_UPLOAD_BYTES = 2_000_000_000;

/**
 * How tasks move through their states. `poll`: one state per `GET /tasks/{id}` of that task, so a test
 * controls progress exactly. `{ everyMs }`: one state per N ms of the fake's clock, whoever asks.
 * `instant`: ready at creation (benchmarks).
 */
export type TaskAdvance = 'poll' | 'instant' | { everyMs: number };

export interface TaskFailure {
  code: string;
  message: string;
  /** The state the task fails in instead of entering it; default `indexing`. */
  at?: Exclude<TaskStatus, 'failed' | 'validating'>;
}

/** A task as `GET /tasks/{id}` returns it. */
export interface FakeTask {
  _id: string;
  index_id: string;
  video_id: string;
  status: TaskStatus;
  created_at: string;
  updated_at: string;
  system_metadata: { filename: string; duration?: number; width?: number; height?: number };
  hls?: { video_url: string; thumbnail_urls: string[]; status: 'PROCESSING' | 'COMPLETE'; updated_at: string };
  /** Not in the spec [?]: the platform's reason for a failure. Sent only when `taskErrorDetails` is on. */
  error?: { code: string; message: string };
}

interface StoredTask {
  id: string;
  seq: number;
  indexId: string;
  videoId: string;
  status: TaskStatus;
  createdAt: number;
  updatedAt: number;
  /** How many states it has moved through; drives both advance modes. */
  steps: number;
  filename: string;
  size: number;
  enableVideoStream: boolean;
  userMetadata: Record<string, string | number | boolean> | undefined;
  failure: TaskFailure | undefined;
}

export interface TaskBookOptions {
  advance?: TaskAdvance;
  maxUploadBytes?: number;
  /** Put `error: {code, message}` on failed tasks [?]. Default true. */
  taskErrorDetails?: boolean;
}

/** The fake's tasks, one book per server. Reads apply time-based progress lazily: no timers. */
export class TaskBook {
  private readonly tasks = new Map<string, StoredTask>();
  private readonly failures: TaskFailure[] = [];
  private seq = 0;
  advance: TaskAdvance;
  maxUploadBytes: number;
  readonly errorDetails: boolean;

  constructor(
    private readonly store: FakeStore,
    private readonly now: () => Date,
    options: TaskBookOptions = {},
  ) {
    this.advance = options.advance ?? 'poll';
    this.maxUploadBytes = options.maxUploadBytes ?? MAX_UPLOAD_BYTES;
    this.errorDetails = options.taskErrorDetails ?? true;
  }

  /** The next task created fails with this code and message (queued: one per task). */
  failNext(failure: TaskFailure): void {
    this.failures.push({ ...failure });
  }

  create(index: StoredIndex, input: { filename: string; size: number; enableVideoStream: boolean; userMetadata?: Record<string, string | number | boolean> }): StoredTask {
    const at = this.now().getTime();
    const task: StoredTask = {
      id: this.store.newId(),
      seq: ++this.seq,
      indexId: index.id,
      videoId: this.store.newId(),
      status: 'validating',
      createdAt: at,
      updatedAt: at,
      steps: 0,
      filename: input.filename,
      size: input.size,
      enableVideoStream: input.enableVideoStream,
      userMetadata: input.userMetadata,
      failure: this.failures.shift(),
    };
    this.tasks.set(task.id, task);
    if (this.advance === 'instant') this.step(task, TASK_PROGRESSION.length);
    return task;
  }

  get(id: string): StoredTask | undefined {
    const task = this.tasks.get(id);
    if (task) this.catchUp(task);
    return task;
  }

  /** A poll of one task: in `poll` mode it moves one state first. */
  poll(id: string): StoredTask | undefined {
    const task = this.get(id);
    if (task && this.advance === 'poll') this.step(task, 1);
    return task;
  }

  all(): StoredTask[] {
    const tasks = [...this.tasks.values()];
    for (const task of tasks) this.catchUp(task);
    return tasks;
  }

  private catchUp(task: StoredTask): void {
    const advance = this.advance;
    if (typeof advance !== 'object' || advance.everyMs <= 0) return;
    const due = Math.floor((this.now().getTime() - task.createdAt) / advance.everyMs);
    if (due > task.steps) this.step(task, due - task.steps);
  }

  private step(task: StoredTask, count: number): void {
    for (let i = 0; i < count && task.status !== 'ready' && task.status !== 'failed'; i++) {
      task.steps++;
      const next = TASK_PROGRESSION[Math.min(task.steps, TASK_PROGRESSION.length - 1)];
      task.updatedAt = Math.max(task.createdAt, this.now().getTime());
      const index = this.store.get(task.indexId);
      if (task.failure && next === (task.failure.at ?? 'indexing')) {
        task.status = 'failed';
      } else if (next === 'ready' && !index) {
        // The index was deleted while the video was indexing [?]: nothing to add it to.
        task.status = 'failed';
        task.failure = { code: 'resource_not_exist', message: `Resource with id ${task.indexId} does not exist in indexes.` };
      } else {
        task.status = next;
        if (next === 'ready' && index) this.addVideo(index, task);
      }
    }
  }

  private addVideo(index: StoredIndex, task: StoredTask): void {
    const at = task.updatedAt;
    const { duration, width, height } = videoFacts(task);
    index.videos.push({
      id: task.videoId,
      seq: index.videos.reduce((max, v) => Math.max(max, v.seq), 0) + 1,
      createdAt: task.createdAt,
      updatedAt: at,
      indexedAt: at,
      filename: task.filename,
      duration,
      fps: 30,
      width,
      height,
      size: task.size,
      userMetadata: task.userMetadata,
      enableVideoStream: task.enableVideoStream,
    });
  }

  toWire(task: StoredTask, withHls = true): FakeTask {
    const facts = videoFacts(task);
    const wire: FakeTask = {
      _id: task.id,
      index_id: task.indexId,
      video_id: task.videoId,
      status: task.status,
      created_at: iso(task.createdAt),
      updated_at: iso(task.updatedAt),
      // Known once validation is over.
      system_metadata:
        task.status === 'validating' ? { filename: task.filename } : { filename: task.filename, duration: facts.duration, width: facts.width, height: facts.height },
    };
    if (withHls && task.enableVideoStream && task.status !== 'failed') {
      wire.hls = {
        video_url: `https://fake-hls.twelvelabs.test/${task.videoId}/stream.m3u8`,
        thumbnail_urls: task.status === 'ready' ? [`https://fake-hls.twelvelabs.test/${task.videoId}/thumb.jpg`] : [],
        status: task.status === 'ready' ? 'COMPLETE' : 'PROCESSING',
        updated_at: iso(task.updatedAt),
      };
    }
    if (task.status === 'failed' && task.failure && this.errorDetails) {
      wire.error = { code: task.failure.code, message: task.failure.message };
    }
    return wire;
  }
}

/** The fake cannot decode video: a duration from the size at ~2 Mbit/s, at least the 4 s minimum. */
function videoFacts(task: StoredTask): { duration: number; width: number; height: number } {
  return { duration: Math.max(4, Math.round(task.size / 250_000)), width: 1280, height: 720 };
}

const CREATE_FIELDS = ['index_id', 'video_file', 'video_url', 'enable_video_stream', 'user_metadata'];
const LIST_QUERY = ['page', 'page_limit', 'sort_by', 'sort_option', 'index_id', 'status', 'filename', 'duration', 'width', 'height', 'created_at', 'updated_at'];
const OBJECT_ID = /^[0-9a-f]{24}$/;

function isFile(value: MultipartFields[string] | undefined): value is MultipartFile {
  return typeof value === 'object' && value !== null;
}

/** [doc] code; status 400 and message invented [?]. */
export function videoFileSizeTooLarge(limit: number): Outcome {
  return apiError(400, 'video_filesize_too_large', `The video file is too large. The maximum size is ${limit} bytes.`);
}

/** [doc] code; status 400 (a plan quota, not a rate limit) and message invented [?]. */
export function usageLimitExceeded(): Outcome {
  return apiError(400, 'usage_limit_exceeded', 'You have reached the usage limit of your plan. Upgrade your plan or wait for the limit to reset.');
}

function userMetadataValid(raw: string): boolean {
  try {
    const value: unknown = JSON.parse(raw);
    return (
      typeof value === 'object' &&
      value !== null &&
      !Array.isArray(value) &&
      Object.values(value).every((v) => ['string', 'number', 'boolean'].includes(typeof v))
    );
  } catch {
    return false;
  }
}

function createTask(ctx: RouteContext): Outcome {
  if (ctx.settings.rejectUnknownFields) {
    const unknownQuery = rejectUnknownQuery(ctx.query, []);
    if (unknownQuery) return unknownQuery;
  }
  // [seen] a JSON body is refused with content_type_invalid; so is anything else that is not multipart.
  if (mediaType(ctx.headers['content-type']) !== 'multipart/form-data') return contentTypeInvalid('multipart/form-data');
  if (ctx.body.kind !== 'multipart') return parameterInvalid('body');
  const fields = ctx.body.fields;
  if (ctx.settings.rejectUnknownFields) {
    const unknown = Object.keys(fields).find((k) => !CREATE_FIELDS.includes(k));
    if (unknown !== undefined) return parameterUnknown(unknown);
  }
  const indexId = fields.index_id;
  if (indexId === undefined || indexId === '') return parameterNotProvided('index_id');
  if (typeof indexId !== 'string') return parameterInvalid('index_id');
  const index = OBJECT_ID.test(indexId) ? ctx.store.get(indexId) : undefined;
  if (!index) return resourceNotExist(ctx.settings.notFoundStatus, indexId, 'indexes');

  const file = fields.video_file;
  const url = fields.video_url;
  if (file === undefined && (url === undefined || url === '')) return parameterNotProvided('video_file');
  if (file !== undefined && url !== undefined) {
    return apiError(400, 'parameter_invalid', 'Specify either the video_file or the video_url parameter, not both.');
  }
  let filename: string;
  let size: number;
  if (file !== undefined) {
    if (!isFile(file)) return parameterInvalid('video_file');
    if (file.size > ctx.tasks.maxUploadBytes) return videoFileSizeTooLarge(ctx.tasks.maxUploadBytes);
    // An empty part cannot be a video; the real check decodes it [?].
    if (file.size === 0) return apiError(400, 'video_file_broken', 'The video file is empty or broken.');
    filename = file.filename || 'video';
    size = file.size;
  } else {
    if (typeof url !== 'string' || !/^https?:\/\/[^\s/]+/i.test(url)) return parameterInvalid('video_url');
    filename = decodeURIComponent(new URL(url).pathname.split('/').pop() || '') || 'video';
    size = 0;
  }
  const stream = fields.enable_video_stream;
  if (stream !== undefined && stream !== 'true' && stream !== 'false') return parameterInvalid('enable_video_stream');
  const metadata = fields.user_metadata;
  if (metadata !== undefined && (typeof metadata !== 'string' || !userMetadataValid(metadata))) return parameterInvalid('user_metadata');

  const userMetadata = metadata === undefined ? undefined : (JSON.parse(metadata) as Record<string, string | number | boolean>);
  const task = ctx.tasks.create(index, { filename, size, enableVideoStream: stream !== 'false', userMetadata });
  return json(200, { _id: task.id, video_id: task.videoId });
}

function retrieveTask(ctx: RouteContext): Outcome {
  if (ctx.settings.rejectUnknownFields) {
    const unknownQuery = rejectUnknownQuery(ctx.query, []);
    if (unknownQuery) return unknownQuery;
  }
  const id = ctx.params.taskId;
  const task = OBJECT_ID.test(id) ? ctx.tasks.poll(id) : undefined;
  if (!task) return resourceNotExist(ctx.settings.notFoundStatus, id, 'tasks');
  return json(200, ctx.tasks.toWire(task));
}

/** Paging, sorting, index_id, status (repeatable), filename and the timestamps; the size filters are accepted and ignored. */
function listTasks(ctx: RouteContext): Outcome {
  const parsed = parseFilteredListQuery(ctx.query, LIST_QUERY, ctx.settings.rejectUnknownFields);
  if (!parsed.ok) return parsed.error;
  const { list, createdAfter, updatedAfter } = parsed.value;
  // The server's query parser joins a repeated `status` with commas.
  const statuses = ctx.query.status?.split(',').map((s) => s.trim());
  if (statuses && !statuses.every((s) => ALL_STATUSES.includes(s))) return parameterInvalid('status');
  const indexId = ctx.query.index_id;
  const needle = ctx.query.filename?.toLowerCase();
  const matching = ctx.tasks.all().filter((task) => {
    if (indexId !== undefined && task.indexId !== indexId) return false;
    if (statuses && !statuses.includes(task.status)) return false;
    if (needle !== undefined && !task.filename.toLowerCase().includes(needle)) return false;
    if (createdAfter !== undefined && task.createdAt < createdAfter) return false;
    if (updatedAfter !== undefined && task.updatedAt < updatedAfter) return false;
    return true;
  });
  const page = paginate(sortItems(matching, list), list);
  // The list's item schema (videoIndexingTask) has no hls.
  return json(200, { data: page.data.map((task) => ctx.tasks.toWire(task, false)), page_info: page.page_info });
}

export const taskRoutes: Route[] = [
  { method: 'POST', pattern: '/tasks', handler: createTask },
  { method: 'GET', pattern: '/tasks', handler: listTasks },
  { method: 'GET', pattern: '/tasks/:taskId', handler: retrieveTask },
];
