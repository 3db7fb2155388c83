// POST /analyze (a streamed NDJSON answer by default, one JSON answer with `stream: false`) and
// /analyze/tasks (asynchronous analyses that progress with the tasks' `taskAdvance`). Strict like the
// rest of the fake: it refuses what the spec says the platform refuses (per-model ranges, `video_id`
// with pegasus1.5, a time window with pegasus1.2, unknown ids, videos outside the duration limits),
// and where the documents name no code it picks the likeliest and says so ([?]).
//
// The answer is generated, deterministically, from the video (its id or URL, file name, duration and
// transcript), the prompt and the model: a few lines that mention moments of the video as `0:05`,
// `00:00:12` and `[00:12-00:30]`, so that a client's timestamp links can be tested. With a JSON
// schema it is JSON of that schema. "Tokens" are runs of up to 8 non-space characters (with the
// whitespace before them): `max_tokens` cuts the answer there, with `finish_reason: length`.
import { randomUUID } from 'node:crypto';
import { durationOf, emptyOk, stepsDue, URL_ASSET_BYTES, assetDuration, FAIL_URL_MARKER } from './assets';
import { isPlainObject, jsonObjectBody, noQueryAllowed } from './bodies';
import { apiError, json, type Outcome, type StreamedBody } from './http';
import { defaultTranscript, DEFAULT_TRANSCRIPT_SENTENCES } from './indexedAssets';
import { paginate, parseListParams } from './paging';
import type { Route, RouteContext } from './routes';
import { iso, type FakeStore } from './state';
import type { TaskAdvance } from './tasks';
import { usageLimitExceeded } from './tasks';

export type PegasusModelName = 'pegasus1.2' | 'pegasus1.5';
export const PEGASUS_MODEL_NAMES: readonly PegasusModelName[] = ['pegasus1.2', 'pegasus1.5'];

interface ModelLimits {
  /** `max_tokens` [min, max, default]. */
  maxTokens: [number, number, number];
  /** "Pegasus 1.2 limits prompts to 2,000 tokens"; the fake counts words [?]. */
  maxPromptWords: number | undefined;
  timeRange: boolean;
  videoId: boolean;
  timestampType: boolean;
}

/** From the spec's `/analyze` and `/analyze/tasks` request bodies. */
const LIMITS: Record<PegasusModelName, ModelLimits> = {
  'pegasus1.2': { maxTokens: [2, 4_096, 4_096], maxPromptWords: 2_000, timeRange: false, videoId: true, timestampType: false },
  'pegasus1.5': { maxTokens: [512, 98_304, 4_096], maxPromptWords: undefined, timeRange: true, videoId: false, timestampType: true },
};
/** `max_tokens` of Pegasus 1.5 with `analysis_mode: time_based_metadata`: 2,048 .. 98,304, default 32,768. */
const SEGMENT_MAX_TOKENS: [number, number, number] = [2_048, 98_304, 32_768];

const SYNC_FIELDS = ['model_name', 'video_id', 'video', 'prompt', 'prompt_v2', 'temperature', 'stream', 'response_format', 'max_tokens', 'start_time', 'end_time'];
const TASK_FIELDS = [
  'model_name',
  'custom_id',
  'video',
  'prompt',
  'prompt_v2',
  'analysis_mode',
  'temperature',
  'max_tokens',
  'response_format',
  'min_segment_duration',
  'max_segment_duration',
  'start_time',
  'end_time',
];
const VIDEO_FIELDS: Record<string, string> = { url: 'url', asset_id: 'asset_id', base64_string: 'base64_string' };
const LIST_QUERY = ['page', 'page_limit', 'status', 'video_url', 'asset_id', 'video_id', 'analysis_mode'];
const TASK_STATUSES = ['queued', 'pending', 'processing', 'ready', 'failed'] as const;
export type AnalyzeTaskStatus = (typeof TASK_STATUSES)[number];
/** The documented order ("queued: waiting to be processed; pending: waiting to start; processing"); `ready` and `failed` are terminal. */
const TASK_PROGRESSION: readonly AnalyzeTaskStatus[] = ['queued', 'pending', 'processing', 'ready'];

/** Input requirements: "Maximum duration: 1 hour" (`/analyze`), "2 hours" (`/analyze/tasks`), "Minimum duration: 4 seconds". */
export const SYNC_MAX_DURATION_SECONDS = 3_600;
export const TASK_MAX_DURATION_SECONDS = 7_200;
export const MIN_DURATION_SECONDS = 4;
/** `end_time - start_time` "must be at least `4` seconds". */
const MIN_CLIP_SECONDS = 4;
/** `base64_string`: "The maximum size is 30MB." */
const MAX_BASE64_BYTES = 30_000_000;
/** `json_schema`: "Including it causes a 422 error". */
const UNSUPPORTED_SCHEMA_KEYWORDS = ['minLength', 'maxLength', 'additionalProperties', 'uniqueItems', 'maxItems'];
const SCHEMA_DATA_KEYWORDS = ['enum', 'const', 'default', 'examples'];
const TIMESTAMP_FORMATS = ['seconds', 'hh:mm:ss', 'hh:mm:ss.fff'];
const MAX_SCHEMA_DEPTH = 32;
/** A token of the fake's tokenizer: the whitespace before it and up to 8 non-space characters. */
const TOKEN = /\s*\S{1,8}/g;
/** Tokens per `text_generation` event. */
const TOKENS_PER_EVENT = 3;

/** `AnalyzeTaskError.message` when `output_tokens` reached `max_tokens` (quoted from the spec). */
export const TRUNCATED_MESSAGE =
  'output truncated: the generation reached the configured max_tokens. The partial output is returned; raise max_tokens (up to 98304) if you need a longer response.';
/** `AnalyzeTaskError.message`'s example of an asynchronous failure (quoted from the spec). */
export const TASK_TOO_LONG_MESSAGE = 'Video duration exceeds maximum allowed duration';
/** The same for a video under the minimum: no example is documented [?]. */
export const TASK_TOO_SHORT_MESSAGE = 'Video duration is below the minimum allowed duration';

/** What the fake knows of the video an analysis reads. */
interface VideoFacts {
  /** What the answer is derived from: the id, or the URL. */
  key: string;
  filename: string;
  duration: number;
  sentences: string[];
}

type VideoSource =
  | { type: 'url'; url: string }
  | { type: 'asset_id'; assetId: string }
  | { type: 'base64_string'; bytes: number }
  /** `indexId` once resolved: the index the video is in. */
  | { type: 'video_id'; videoId: string; indexId?: string };

type ResponseFormat =
  | { type: 'json_schema'; schema: Record<string, unknown> }
  | { type: 'segment_definitions'; definitions: Record<string, unknown>[]; timeFormat: string | undefined };

/** A request the fake accepted, with the video resolved. */
export interface AnalysisInput {
  model: PegasusModelName;
  source: VideoSource;
  video: VideoFacts;
  /** The text of `prompt`, or `prompt_v2.input_text`; empty for segmentation. */
  prompt: string;
  usedPromptV2: boolean;
  mode: 'general' | 'time_based_metadata';
  temperature: number | undefined;
  maxTokens: number;
  maxTokensGiven: boolean;
  responseFormat: ResponseFormat | undefined;
  startTime: number | undefined;
  endTime: number | undefined;
  minSegmentDuration: number | undefined;
  maxSegmentDuration: number | undefined;
  stream: boolean;
  customId: string | undefined;
}

/** An answer, before it goes on the wire. */
interface Generation {
  generationId: string;
  /** The `text` of each `text_generation` event; their concatenation is the answer. */
  pieces: string[];
  finishReason: string;
  usage: { input_tokens?: number; output_tokens: number };
  warning: string | undefined;
  delayMs: number | undefined;
  /** A script's exact bytes, instead of events made from `pieces`. */
  rawWrites: string[] | undefined;
}

/** `scriptNextAnalyze`: the next analysis answers exactly this. */
export interface AnalyzeScript {
  /** The `text` of each `text_generation` event, in order (the non-streamed `data` is their concatenation). */
  chunks: string[];
  /** Default `stop`. Anything else is sent as given (and is off-spec unless `length`). */
  finishReason?: string;
  /** Between two writes of this stream, instead of `setAnalyzeChunkDelay`'s. */
  delayMs?: number;
  generationId?: string;
  usage?: { input_tokens?: number; output_tokens: number };
  /** The stream's bytes exactly, one write each (NDJSON or not): for tests of the client's parser. */
  rawWrites?: string[];
}

/** A task as `GET /analyze/tasks/{task_id}` shows it. */
export interface FakeAnalyzeTask {
  task_id: string;
  custom_id: string | null;
  video_source?: Record<string, unknown>;
  request_params?: Record<string, unknown>;
  status: AnalyzeTaskStatus;
  created_at: string;
  completed_at?: string;
  result?: { generation_id: string; data: string; finish_reason: string; usage: { input_tokens?: number; output_tokens: number } };
  error?: { message: string };
}

interface StoredAnalyzeTask {
  id: string;
  seq: number;
  createdAt: number;
  updatedAt: number;
  completedAt: number | undefined;
  status: AnalyzeTaskStatus;
  steps: number;
  input: AnalysisInput;
  generation: Generation;
  /** Why it fails on reaching `processing`. */
  failure: string | undefined;
}

export interface AnalyzeSettings {
  /** Content-Type of a streamed answer; the spec documents only `application/json` for the 200. */
  streamContentType: string;
  chunkDelayMs: number;
  refusedModels: readonly string[];
}

/** A refusal, before it is put in the body shape of its endpoint (`{code, message}` or `{error: {...}}`). */
interface Refusal {
  status: number;
  code: string;
  message: string;
}

type Checked<T> = { ok: true; value: T } | { ok: false; refusal: Refusal };

/** The analyses of one fake: its controls, its tasks. */
export class AnalyzeBook {
  chunkDelayMs: number;
  readonly streamContentType: string;
  private readonly refused: Set<string>;
  private readonly scripts: AnalyzeScript[] = [];
  private readonly cuts: number[] = [];
  private readonly failures: string[] = [];
  private readonly tasks = new Map<string, StoredAnalyzeTask>();
  private usageLimits = 0;
  private seq = 0;

  constructor(
    private readonly store: FakeStore,
    private readonly now: () => Date,
    /** Shared with the tasks, so one `setTaskAdvance` drives every asynchronous resource. */
    private readonly advance: () => TaskAdvance,
    settings: AnalyzeSettings,
  ) {
    this.chunkDelayMs = settings.chunkDelayMs;
    this.streamContentType = settings.streamContentType;
    this.refused = new Set(settings.refusedModels);
  }

  refuseModel(model: string, refused: boolean): void {
    if (refused) this.refused.add(model);
    else this.refused.delete(model);
  }

  isRefused(model: string): boolean {
    return this.refused.has(model);
  }

  script(script: AnalyzeScript): void {
    this.scripts.push({ ...script, chunks: [...script.chunks], rawWrites: script.rawWrites && [...script.rawWrites] });
  }

  /** The next streamed answer loses its connection after this many writes (before `stream_end`). */
  cutNext(afterWrites: number): void {
    this.cuts.push(Math.max(0, Math.floor(afterWrites)));
  }

  usageLimitNext(): void {
    this.usageLimits++;
  }

  takeUsageLimit(): boolean {
    if (this.usageLimits === 0) return false;
    this.usageLimits--;
    return true;
  }

  failNextTask(message: string): void {
    this.failures.push(message);
  }

  /** The next script, or the generated answer. */
  generate(input: AnalysisInput): Generation {
    const script = this.scripts.shift();
    if (script) {
      const text = script.chunks.join('');
      return {
        generationId: script.generationId ?? randomUUID(),
        pieces: [...script.chunks],
        finishReason: script.finishReason ?? 'stop',
        usage: script.usage ?? { input_tokens: inputTokens(input), output_tokens: (text.match(TOKEN) ?? []).length },
        warning: script.finishReason === 'length' ? TRUNCATED_MESSAGE : undefined,
        delayMs: script.delayMs,
        rawWrites: script.rawWrites,
      };
    }
    const tokens = answerFor(input).match(TOKEN) ?? [];
    const cut = tokens.length > input.maxTokens;
    const kept = cut ? tokens.slice(0, input.maxTokens) : tokens;
    const pieces: string[] = [];
    for (let i = 0; i < kept.length; i += TOKENS_PER_EVENT) pieces.push(kept.slice(i, i + TOKENS_PER_EVENT).join(''));
    return {
      generationId: randomUUID(),
      pieces,
      finishReason: cut ? 'length' : 'stop',
      usage: { input_tokens: inputTokens(input), output_tokens: kept.length },
      warning: cut ? TRUNCATED_MESSAGE : undefined,
      delayMs: undefined,
      rawWrites: undefined,
    };
  }

  /** The NDJSON answer of a generation: `stream_start`, its pieces, `stream_end` (or a script's bytes). */
  streamed(generation: Generation): StreamedBody {
    const writes = generation.rawWrites ?? streamLines(generation);
    const cut = this.cuts.shift();
    return {
      kind: 'stream',
      status: 200,
      headers: { 'Content-Type': this.streamContentType },
      writes,
      delayMs: generation.delayMs ?? this.chunkDelayMs,
      // Never past the last write: a cut always loses `stream_end`.
      cutAfterWrites: cut === undefined ? undefined : Math.min(cut, Math.max(0, writes.length - 1)),
      offSpec: generation.rawWrites !== undefined || !['stop', 'length'].includes(generation.finishReason),
    };
  }

  createTask(input: AnalysisInput): StoredAnalyzeTask {
    const at = this.now().getTime();
    const duration = input.video.duration;
    const task: StoredAnalyzeTask = {
      id: this.store.newId(),
      seq: ++this.seq,
      createdAt: at,
      updatedAt: at,
      completedAt: undefined,
      status: 'queued',
      steps: 0,
      input,
      generation: this.generate(input),
      // The spec's example of a failure is a duration over the limit: found while processing, not refused at creation.
      failure:
        this.failures.shift() ??
        (duration > TASK_MAX_DURATION_SECONDS ? TASK_TOO_LONG_MESSAGE : duration < MIN_DURATION_SECONDS ? TASK_TOO_SHORT_MESSAGE : undefined),
    };
    this.tasks.set(task.id, task);
    if (this.advance() === 'instant') this.step(task, TASK_PROGRESSION.length);
    return task;
  }

  get(id: string): StoredAnalyzeTask | undefined {
    const task = this.tasks.get(id);
    if (task) this.catchUp(task);
    return task;
  }

  /** A retrieve: in `poll` mode it moves one state first. */
  poll(id: string): StoredAnalyzeTask | undefined {
    const task = this.get(id);
    if (task && this.advance() === 'poll') this.step(task, 1);
    return task;
  }

  all(): StoredAnalyzeTask[] {
    const tasks = [...this.tasks.values()];
    for (const task of tasks) this.catchUp(task);
    return tasks;
  }

  delete(id: string): void {
    this.tasks.delete(id);
  }

  private catchUp(task: StoredAnalyzeTask): void {
    const due = stepsDue(this.advance(), task.createdAt, this.now().getTime());
    if (due > task.steps) this.step(task, due - task.steps);
  }

  private step(task: StoredAnalyzeTask, count: number): void {
    for (let i = 0; i < count && task.status !== 'ready' && task.status !== 'failed'; i++) {
      task.steps++;
      const next = TASK_PROGRESSION[Math.min(task.steps, TASK_PROGRESSION.length - 1)];
      task.updatedAt = Math.max(task.createdAt, this.now().getTime());
      task.status = next === 'processing' && task.failure !== undefined ? 'failed' : next;
      if (task.status === 'ready' || task.status === 'failed') task.completedAt = task.updatedAt;
    }
  }

  /** `AnalyzeTaskResponse`; in a list, `prompt` is cut to 30 characters, the JSON schema left out and only the first segment definition kept. */
  toWire(task: StoredAnalyzeTask, inList = false): FakeAnalyzeTask {
    const wire: FakeAnalyzeTask = {
      task_id: task.id,
      custom_id: task.input.customId ?? null,
      video_source: videoSource(task.input),
      request_params: requestParams(task.input, inList),
      status: task.status,
      created_at: iso(task.createdAt),
    };
    if (task.completedAt !== undefined) wire.completed_at = iso(task.completedAt);
    const generation = task.generation;
    if (task.status === 'ready') {
      wire.result = { generation_id: generation.generationId, data: generation.pieces.join(''), finish_reason: generation.finishReason, usage: { ...generation.usage } };
      if (generation.warning !== undefined) wire.error = { message: generation.warning };
    }
    if (task.status === 'failed') wire.error = { message: task.failure ?? 'The analysis failed.' };
    return wire;
  }
}

// ---------------------------------------------------------------------------------------------
// Reading a request

/** Everything the spec and the API page say is refused, in the order a reader of the body meets it. */
function readAnalysis(ctx: RouteContext, body: Record<string, unknown>, endpoint: 'sync' | 'task'): Checked<AnalysisInput> {
  if (ctx.settings.rejectUnknownFields) {
    const allowed = endpoint === 'sync' ? SYNC_FIELDS : TASK_FIELDS;
    const unknown = Object.keys(body).find((key) => !allowed.includes(key));
    if (unknown !== undefined) return refuse(400, 'parameter_unknown', `The ${unknown} parameter is unknown.`);
  }
  const modelName = body.model_name ?? 'pegasus1.2';
  if (typeof modelName !== 'string' || !(PEGASUS_MODEL_NAMES as readonly string[]).includes(modelName) || ctx.analyze.isRefused(modelName)) {
    // A model the platform no longer takes gets the general template, as seen for index creation [?].
    return invalid('model_name');
  }
  const model = modelName as PegasusModelName;
  const limits = LIMITS[model];

  let stream = false;
  if (endpoint === 'sync') {
    // "**Default:** `true`".
    if (body.stream !== undefined && typeof body.stream !== 'boolean') return invalid('stream');
    stream = body.stream !== false;
  }
  let mode: AnalysisInput['mode'] = 'general';
  if (body.analysis_mode !== undefined) {
    if (body.analysis_mode !== 'general' && body.analysis_mode !== 'time_based_metadata') return invalid('analysis_mode');
    mode = body.analysis_mode;
    if (mode === 'time_based_metadata' && model !== 'pegasus1.5') return invalidBecause('analysis_mode', 'Video segmentation requires the pegasus1.5 model.');
  }

  const source = readSource(body, model, limits, endpoint);
  if (!source.ok) return source;
  const prompt = readPrompt(body, model, limits, mode);
  if (!prompt.ok) return prompt;

  const temperature = body.temperature;
  if (temperature !== undefined && !(typeof temperature === 'number' && Number.isFinite(temperature) && temperature >= 0 && temperature <= 1)) {
    return invalidBecause('temperature', 'The value must be between 0 and 1.');
  }
  const [minTokens, maxTokens, defaultTokens] = mode === 'time_based_metadata' ? SEGMENT_MAX_TOKENS : limits.maxTokens;
  const tokens = body.max_tokens;
  if (tokens !== undefined && !(typeof tokens === 'number' && Number.isSafeInteger(tokens) && tokens >= minTokens && tokens <= maxTokens)) {
    return invalidBecause('max_tokens', `For ${model}, the value must be an integer between ${minTokens} and ${maxTokens}.`);
  }

  const format = readResponseFormat(body.response_format, limits, mode, endpoint);
  if (!format.ok) return format;

  const segments = readSegmentDurations(body, mode);
  if (!segments.ok) return segments;

  const { start_time: start, end_time: end } = body;
  if (start !== undefined || end !== undefined) {
    const name = start !== undefined ? 'start_time' : 'end_time';
    if (!limits.timeRange) return invalidBecause(name, 'The start_time and end_time parameters require the pegasus1.5 model.');
    for (const [field, value] of [['start_time', start], ['end_time', end]] as const) {
      if (value !== undefined && !(typeof value === 'number' && Number.isFinite(value) && value >= 0)) return invalid(field);
    }
  }
  const customId = body.custom_id;
  if (customId !== undefined && !(typeof customId === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(customId))) {
    return invalidBecause('custom_id', 'Use 1 to 64 letters, digits, hyphens and underscores.');
  }

  const video = resolveVideo(ctx, source.value, endpoint);
  if (!video.ok) return video;
  const duration = video.value.duration;
  // The documents name no code for /analyze; the /tasks upload codes for the same limits are the likeliest [?].
  if (endpoint === 'sync' && duration < MIN_DURATION_SECONDS) {
    return refuse(400, 'video_duration_too_short', `The video is ${duration} seconds long. The minimum duration is ${MIN_DURATION_SECONDS} seconds.`);
  }
  if (endpoint === 'sync' && duration > SYNC_MAX_DURATION_SECONDS) {
    return refuse(400, 'video_duration_too_long', `The video is ${duration} seconds long. The maximum duration is ${SYNC_MAX_DURATION_SECONDS} seconds; use the /analyze/tasks endpoint for longer videos.`);
  }
  const startTime = start as number | undefined;
  const endTime = end as number | undefined;
  if (startTime !== undefined && startTime >= duration) return invalidBecause('start_time', 'It must be less than the video duration.');
  if (endTime !== undefined && endTime > duration) return invalidBecause('end_time', 'It must be less than or equal to the video duration.');
  if ((startTime !== undefined || endTime !== undefined) && (endTime ?? duration) - (startTime ?? 0) < MIN_CLIP_SECONDS) {
    return invalidBecause('end_time', `It must be greater than start_time, and the clip at least ${MIN_CLIP_SECONDS} seconds long.`);
  }

  return {
    ok: true,
    value: {
      model,
      source: source.value,
      video: video.value,
      prompt: prompt.value.text,
      usedPromptV2: prompt.value.v2,
      mode,
      temperature,
      maxTokens: tokens ?? defaultTokens,
      maxTokensGiven: tokens !== undefined,
      responseFormat: format.value,
      startTime,
      endTime,
      minSegmentDuration: segments.value.min,
      maxSegmentDuration: segments.value.max,
      stream,
      customId,
    },
  };
}

function readSource(body: Record<string, unknown>, model: PegasusModelName, limits: ModelLimits, endpoint: 'sync' | 'task'): Checked<VideoSource> {
  const { video } = body;
  // The task schema has no `video_id`: unknown there (refused above, or ignored with rejectUnknownFields off).
  const videoId = endpoint === 'sync' ? body.video_id : undefined;
  if (videoId !== undefined) {
    if (!limits.videoId) return invalidBecause('video_id', `The video_id parameter is not supported with ${model}. Use the video parameter instead.`);
    if (video !== undefined) return refuse(400, 'parameter_invalid', 'Specify either the video or the video_id parameter, not both.');
    if (typeof videoId !== 'string' || videoId === '') return invalid('video_id');
    return { ok: true, value: { type: 'video_id', videoId } };
  }
  if (video === undefined) return refuse(400, 'parameter_not_provided', 'The video parameter is required.');
  if (!isPlainObject(video) || typeof video.type !== 'string' || !(video.type in VIDEO_FIELDS)) return invalid('video');
  const field = VIDEO_FIELDS[video.type];
  const extra = Object.keys(video).find((key) => key !== 'type' && key !== field);
  if (extra !== undefined) return refuse(400, 'parameter_unknown', `The video.${extra} parameter is unknown.`);
  const value = video[field];
  if (typeof value !== 'string' || value === '') return refuse(400, 'parameter_not_provided', `The video.${field} parameter is required.`);
  switch (video.type) {
    case 'url':
      if (!/^https?:\/\/[^\s/]+\S*$/i.test(value)) return invalidBecause('video.url', 'Use a publicly accessible http or https URL of the video file.');
      return { ok: true, value: { type: 'url', url: value } };
    case 'asset_id':
      return { ok: true, value: { type: 'asset_id', assetId: value } };
    default: {
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(value)) return invalid('video.base64_string');
      const bytes = Math.floor((value.length * 3) / 4);
      if (bytes > MAX_BASE64_BYTES) return invalidBecause('video.base64_string', 'The maximum size is 30MB.');
      return { ok: true, value: { type: 'base64_string', bytes } };
    }
  }
}

function readPrompt(body: Record<string, unknown>, model: PegasusModelName, limits: ModelLimits, mode: AnalysisInput['mode']): Checked<{ text: string; v2: boolean }> {
  const { prompt, prompt_v2: promptV2 } = body;
  if (mode === 'time_based_metadata') {
    if (prompt !== undefined) return invalidBecause('prompt', 'It is not supported when analysis_mode is time_based_metadata.');
    if (promptV2 !== undefined) return invalidBecause('prompt_v2', 'It is not supported when analysis_mode is time_based_metadata.');
    return { ok: true, value: { text: '', v2: false } };
  }
  if (prompt !== undefined && promptV2 !== undefined) return refuse(400, 'parameter_invalid', 'The prompt and prompt_v2 parameters are mutually exclusive.');
  if (promptV2 !== undefined) {
    if (model !== 'pegasus1.5') return invalidBecause('prompt_v2', 'It requires the pegasus1.5 model.');
    if (!isPlainObject(promptV2)) return invalid('prompt_v2');
    const unknown = Object.keys(promptV2).find((key) => key !== 'input_text' && key !== 'media_sources');
    if (unknown !== undefined) return refuse(400, 'parameter_unknown', `The prompt_v2.${unknown} parameter is unknown.`);
    if (typeof promptV2.input_text !== 'string' || promptV2.input_text.trim() === '') return refuse(400, 'parameter_not_provided', 'The prompt_v2.input_text parameter is required.');
    const sources = promptV2.media_sources;
    if (sources !== undefined && !(Array.isArray(sources) && sources.length <= 4 && sources.every(validMediaSource))) {
      return invalidBecause('prompt_v2.media_sources', 'Give at most 4 images, each with a name, media_type image, and one of url, asset_id or base64_string.');
    }
    return { ok: true, value: { text: promptV2.input_text, v2: true } };
  }
  if (prompt === undefined || (typeof prompt === 'string' && prompt.trim() === '')) return refuse(400, 'parameter_not_provided', 'The prompt parameter is required.');
  if (typeof prompt !== 'string') return invalid('prompt');
  if (limits.maxPromptWords !== undefined && words(prompt).length > limits.maxPromptWords) {
    // "Pegasus 1.2 limits prompts to 2,000 tokens"; no code is documented for it [?].
    return invalidBecause('prompt', `${model} limits prompts to 2,000 tokens.`);
  }
  return { ok: true, value: { text: prompt, v2: false } };
}

function validMediaSource(value: unknown): boolean {
  if (!isPlainObject(value) || typeof value.name !== 'string' || value.name === '' || value.media_type !== 'image') return false;
  const given = ['url', 'asset_id', 'base64_string'].filter((key) => value[key] !== undefined);
  return given.length === 1 && typeof value[given[0]] === 'string' && Object.keys(value).every((key) => ['name', 'media_type', ...given].includes(key));
}

function readResponseFormat(value: unknown, limits: ModelLimits, mode: AnalysisInput['mode'], endpoint: 'sync' | 'task'): Checked<ResponseFormat | undefined> {
  if (value === undefined) {
    if (mode === 'time_based_metadata') return refuse(400, 'parameter_not_provided', 'The response_format parameter is required when analysis_mode is time_based_metadata.');
    return { ok: true, value: undefined };
  }
  if (!isPlainObject(value)) return invalid('response_format');
  const allowed = endpoint === 'sync' ? ['type', 'json_schema'] : ['type', 'json_schema', 'segment_definitions', 'segment_time_format'];
  const unknown = Object.keys(value).find((key) => !allowed.includes(key));
  if (unknown !== undefined) return refuse(400, 'parameter_unknown', `The response_format.${unknown} parameter is unknown.`);
  const types = endpoint === 'sync' ? ['json_schema'] : ['json_schema', 'segment_definitions'];
  if (typeof value.type !== 'string' || !types.includes(value.type)) return invalid('response_format.type');
  if (value.type === 'segment_definitions') {
    if (mode !== 'time_based_metadata') return invalidBecause('response_format.type', 'segment_definitions requires analysis_mode time_based_metadata.');
    const definitions = value.segment_definitions;
    if (definitions === undefined) return refuse(400, 'parameter_not_provided', 'The response_format.segment_definitions parameter is required.');
    // "Minimum 1, maximum 20 definitions."
    if (!Array.isArray(definitions) || definitions.length < 1 || definitions.length > 20 || !definitions.every(validSegmentDefinition)) {
      return invalid('response_format.segment_definitions');
    }
    const timeFormat = value.segment_time_format;
    if (timeFormat !== undefined && (typeof timeFormat !== 'string' || !TIMESTAMP_FORMATS.includes(timeFormat))) return invalid('response_format.segment_time_format');
    return { ok: true, value: { type: 'segment_definitions', definitions: definitions as Record<string, unknown>[], timeFormat: timeFormat } };
  }
  if (mode === 'time_based_metadata') return invalidBecause('response_format.type', 'time_based_metadata requires segment_definitions.');
  const schema = value.json_schema;
  if (schema === undefined) return refuse(400, 'parameter_not_provided', 'The response_format.json_schema parameter is required.');
  if (!isPlainObject(schema)) return invalid('response_format.json_schema');
  const problem = schemaProblem(schema, 0, limits, 'response_format.json_schema');
  if (problem) return { ok: false, refusal: problem };
  return { ok: true, value: { type: 'json_schema', schema } };
}

/** The platform's refusals of a schema: 422 for unsupported keywords, 400 for `timestamp` misuse (both documented). */
function schemaProblem(node: unknown, depth: number, limits: ModelLimits, path: string): Refusal | undefined {
  if (depth > MAX_SCHEMA_DEPTH) return { status: 400, code: 'parameter_invalid', message: `The ${path} parameter is invalid. The schema is nested too deeply.` };
  if (Array.isArray(node)) {
    for (const [i, entry] of node.entries()) {
      const found = schemaProblem(entry, depth + 1, limits, `${path}.${i}`);
      if (found) return found;
    }
    return undefined;
  }
  if (!isPlainObject(node)) return undefined;
  for (const [key, value] of Object.entries(node)) {
    if (SCHEMA_DATA_KEYWORDS.includes(key)) continue;
    if (key === 'properties' || key === '$defs') {
      if (!isPlainObject(value)) continue;
      for (const [name, child] of Object.entries(value)) {
        const found = schemaProblem(child, depth + 1, limits, `${path}.${key}.${name}`);
        if (found) return found;
      }
      continue;
    }
    if (UNSUPPORTED_SCHEMA_KEYWORDS.includes(key)) {
      // The quoted message names minLength; the code is not documented [?].
      const message = key === 'minLength' || key === 'maxLength' ? `String length constraints (${key}) are not supported.` : `The ${key} keyword is not supported.`;
      return { status: 422, code: 'parameter_invalid', message };
    }
    if (key === 'type' && (value === 'timestamp' || (Array.isArray(value) && value.includes('timestamp')))) {
      if (!limits.timestampType) return { status: 400, code: 'parameter_invalid', message: `The ${path}.type parameter is invalid. The timestamp type requires the pegasus1.5 model.` };
      if (typeof node.format !== 'string' || !TIMESTAMP_FORMATS.includes(node.format)) {
        // Quoted from the spec.
        return { status: 400, code: 'parameter_invalid', message: `${path}.format: format is required for timestamp type; allowed values: seconds, hh:mm:ss, hh:mm:ss.fff` };
      }
    }
    const found = schemaProblem(value, depth + 1, limits, `${path}.${key}`);
    if (found) return found;
  }
  return undefined;
}

function validSegmentDefinition(value: unknown): boolean {
  if (!isPlainObject(value) || typeof value.id !== 'string' || value.id === '' || typeof value.description !== 'string') return false;
  const fields = value.fields;
  if (fields === undefined) return true;
  return (
    Array.isArray(fields) &&
    fields.every(
      (field) =>
        isPlainObject(field) &&
        typeof field.name === 'string' &&
        ['string', 'boolean', 'number', 'integer', 'array', 'timestamp'].includes(field.type as string) &&
        typeof field.description === 'string' &&
        // "Required when `type` is `timestamp`. Must be omitted for any other type."
        (field.type === 'timestamp' ? TIMESTAMP_FORMATS.includes(field.format as string) : field.format === undefined),
    )
  );
}

function readSegmentDurations(body: Record<string, unknown>, mode: AnalysisInput['mode']): Checked<{ min: number | undefined; max: number | undefined }> {
  const min = body.min_segment_duration;
  const max = body.max_segment_duration;
  for (const [name, value] of [['min_segment_duration', min], ['max_segment_duration', max]] as const) {
    if (value === undefined) continue;
    if (mode !== 'time_based_metadata') return invalidBecause(name, 'It requires analysis_mode time_based_metadata.');
    // "**Min:** 2".
    if (!(typeof value === 'number' && Number.isFinite(value) && value >= 2)) return invalid(name);
  }
  if (typeof min === 'number' && typeof max === 'number' && max < min) return invalidBecause('max_segment_duration', 'It must be greater than or equal to min_segment_duration.');
  return { ok: true, value: { min: min as number | undefined, max: max as number | undefined } };
}

/** The video's facts, or the refusal of an id that names nothing usable. */
function resolveVideo(ctx: RouteContext, source: VideoSource, endpoint: 'sync' | 'task'): Checked<VideoFacts> {
  // `/analyze` documents a 404 for "The specified resource does not exist"; `/analyze/tasks` a 400 "inaccessible video".
  const missing = endpoint === 'sync' ? 404 : 400;
  switch (source.type) {
    case 'video_id': {
      const index = ctx.store.all().find((candidate) => candidate.videos.some((video) => video.id === source.videoId));
      const video = index?.videos.find((candidate) => candidate.id === source.videoId);
      if (!index || !video) return refuse(missing, 'resource_not_exist', `Resource with id ${source.videoId} does not exist in videos.`);
      if (!index.models.some((model) => model.model_name.startsWith('pegasus'))) {
        // The /analyze section of the error-codes page, word for word.
        return refuse(400, 'index_not_supported_for_generate', 'You can only summarize videos uploaded to an index with an engine from the Pegasus family enabled.');
      }
      source.indexId = index.id;
      const lines = ctx.indexedAssets.get(index.id, video.id)?.transcription ?? defaultTranscript(video.filename, video.duration);
      return { ok: true, value: { key: video.id, filename: video.filename, duration: video.duration, sentences: lines.map((line) => line.value) } };
    }
    case 'asset_id': {
      const asset = ctx.assets.get(source.assetId);
      if (!asset) return refuse(missing, 'resource_not_exist', `Resource with id ${source.assetId} does not exist in assets.`);
      // "The asset status must be `ready`"; no code is documented [?].
      if (asset.status !== 'ready') return invalidBecause('video.asset_id', `The asset ${asset.id} is ${asset.status}; only a ready asset can be analyzed.`);
      if (asset.type === 'image') return invalidBecause('video.asset_id', `The asset ${asset.id} is an image, not a video.`);
      const duration = durationOf(asset) ?? 0;
      return { ok: true, value: { key: asset.id, filename: asset.filename, duration, sentences: defaultTranscript(asset.filename, duration).map((line) => line.value) } };
    }
    case 'url': {
      // The fake never downloads: a URL is a 50 MB video, as a URL asset import pretends [?].
      if (source.url.includes(FAIL_URL_MARKER)) return invalidBecause('video.url', 'The video could not be downloaded from the URL.');
      const filename = decodeURIComponent(new URL(source.url).pathname.split('/').pop() || '') || 'video';
      const duration = assetDuration('video', URL_ASSET_BYTES) ?? 0;
      return { ok: true, value: { key: source.url, filename, duration, sentences: defaultTranscript(filename, duration).map((line) => line.value) } };
    }
    case 'base64_string': {
      const duration = assetDuration('video', source.bytes) ?? 0;
      return { ok: true, value: { key: `base64:${source.bytes}`, filename: 'video', duration, sentences: defaultTranscript('video', duration).map((line) => line.value) } };
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Generating an answer

const OPENERS = ['Here is what happens in', 'A walk through', 'The key moments of', 'An overview of'];
const CLOSERS = [
  'Overall, the video moves at a steady pace and ends where it began.',
  'In short, the footage is calm, well lit and easy to follow.',
  'Taken together, the scenes tell one simple story from start to finish.',
  'The video closes on a wide shot that sums up what came before.',
];

/** The whole text an analysis would generate, before `max_tokens`. */
function answerFor(input: AnalysisInput): string {
  if (input.responseFormat?.type === 'json_schema') return JSON.stringify(valueFor(input.responseFormat.schema, '', schemaContext(input, input.responseFormat.schema), 0));
  if (input.responseFormat?.type === 'segment_definitions') return JSON.stringify(segmentsFor(input, input.responseFormat));
  return prose(input);
}

function prose(input: AnalysisInput): string {
  const video = input.video;
  const seed = hashOf(`${video.key}\n${input.prompt}\n${input.model}`);
  const [from, to] = windowOf(input);
  const at = (fraction: number): number => Math.floor(from + (to - from) * fraction);
  const said = (n: number): string => sentence(video.sentences, seed + n);
  return [
    `${OPENERS[seed % OPENERS.length]} ${video.filename} (${clock(video.duration)} long), by ${input.model}.`,
    `You asked: "${excerpt(input.prompt)}"`,
    '',
    `- At ${minutesSeconds(at(0.1))}, ${said(0)}.`,
    `- Around ${hoursMinutesSeconds(at(0.35))}, ${said(1)}.`,
    `- During [${padded(at(0.6), to)}-${padded(at(0.9), to)}], ${said(2)}.`,
    '',
    CLOSERS[(seed >>> 3) % CLOSERS.length],
  ].join('\n');
}

interface SchemaContext {
  root: Record<string, unknown>;
  seed: number;
  input: AnalysisInput;
  from: number;
  to: number;
  depth: number;
}

function schemaContext(input: AnalysisInput, root: Record<string, unknown>): SchemaContext {
  const [from, to] = windowOf(input);
  return { root, seed: hashOf(`${input.video.key}\n${input.prompt}\n${input.model}`), input, from, to, depth: 0 };
}

/** A value of `node`, deterministic; strings carry a moment of the video, so links can be found in JSON answers too. */
function valueFor(node: unknown, name: string, c: SchemaContext, n: number): unknown {
  if (c.depth > MAX_SCHEMA_DEPTH || !isPlainObject(node)) return null;
  let schema = node;
  if (typeof schema.$ref === 'string') {
    const target = defOf(c.root, schema.$ref);
    if (!target) return null;
    schema = target;
  }
  const deeper: SchemaContext = { ...c, depth: c.depth + 1 };
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[(c.seed + n) % schema.enum.length] as unknown;
  if (Array.isArray(schema.anyOf) && schema.anyOf.length > 0) return valueFor(schema.anyOf[0], name, deeper, n);
  const declared = Array.isArray(schema.type) ? ((schema.type as unknown[]).find((type) => type !== 'null') ?? 'null') : schema.type;
  const type = declared ?? (isPlainObject(schema.properties) ? 'object' : schema.items !== undefined ? 'array' : 'string');
  const moment = momentOf(name, c, n);
  const reserved = c.input.model === 'pegasus1.5' && (name === 'start_time' || name === 'end_time');
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      Object.entries(isPlainObject(schema.properties) ? schema.properties : {}).forEach(([key, child], i) => {
        out[key] = valueFor(child, key, deeper, n + i);
      });
      return out;
    }
    case 'array':
      return Array.from({ length: 2 + ((c.seed + n) % 2) }, (_, i) => valueFor(schema.items, name, deeper, n + i + 1));
    case 'string':
      // "`string` (no `format`): Converts the value to the `hh:mm:ss.fff` format" for these names (Pegasus 1.5).
      if (reserved) return withMillis(moment);
      switch (schema.format) {
        case 'date-time':
          return '2026-05-01T12:00:00Z';
        case 'date':
          return '2026-05-01';
        case 'time':
          return '12:00:00';
        case 'uuid':
          return `00000000-0000-4000-8000-${String(c.seed + n).padStart(12, '0').slice(-12)}`;
        default:
          return `${capitalised(sentence(c.input.video.sentences, c.seed + n))} (${minutesSeconds(Math.floor(moment))})`;
      }
    case 'number':
      return reserved ? Math.round(moment * 10) / 10 : numberIn(schema, c.seed + n, false);
    case 'integer':
      return reserved ? Math.round(moment) : numberIn(schema, c.seed + n, true);
    case 'boolean':
      return (c.seed + n) % 2 === 0;
    case 'timestamp':
      return timestampAs(String(schema.format), moment);
    default:
      return null;
  }
}

/** `{<definition id>: [{start_time, end_time, metadata}]}`, two segments per definition, in the window. */
function segmentsFor(input: AnalysisInput, format: Extract<ResponseFormat, { type: 'segment_definitions' }>): Record<string, unknown> {
  const [from, to] = windowOf(input);
  const seed = hashOf(`${input.video.key}\n${input.model}`);
  const out: Record<string, unknown> = {};
  for (const [d, definition] of format.definitions.entries()) {
    const fields = Array.isArray(definition.fields) ? (definition.fields as Record<string, unknown>[]) : [];
    out[String(definition.id)] = [0, 1].map((k) => {
      const start = from + ((to - from) * (2 * k + 1)) / 5;
      const end = Math.min(to, start + (to - from) / 5);
      const metadata: Record<string, unknown> = {};
      for (const [f, field] of fields.entries()) metadata[String(field.name)] = fieldValue(field, input, seed + d + f + k, start);
      return { start_time: timestampAs(format.timeFormat ?? 'seconds', start), end_time: timestampAs(format.timeFormat ?? 'seconds', end), metadata };
    });
  }
  return out;
}

function fieldValue(field: Record<string, unknown>, input: AnalysisInput, seed: number, at: number): unknown {
  if (Array.isArray(field.enum) && field.enum.length > 0) return field.enum[seed % field.enum.length] as unknown;
  switch (field.type) {
    case 'boolean':
      return seed % 2 === 0;
    case 'number':
      return Math.round(at * 10) / 10;
    case 'integer':
      return seed % 10;
    case 'timestamp':
      return timestampAs(String(field.format), at);
    case 'array': {
      const items = isPlainObject(field.items) ? field.items.type : 'string';
      return [0, 1].map((k) => fieldValue({ type: items }, input, seed + k, at));
    }
    default:
      return capitalised(sentence(input.video.sentences, seed));
  }
}

function numberIn(schema: Record<string, unknown>, seed: number, integer: boolean): number {
  const num = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);
  const low = num(schema.minimum) ?? (num(schema.exclusiveMinimum) !== undefined ? (num(schema.exclusiveMinimum) ?? 0) + 1 : 0);
  const high = num(schema.maximum) ?? (num(schema.exclusiveMaximum) !== undefined ? (num(schema.exclusiveMaximum) ?? 0) - 1 : low + 100);
  if (high <= low) return low;
  const value = low + ((seed % 1000) / 1000) * (high - low);
  return integer ? Math.ceil(low) + (seed % (Math.floor(high) - Math.ceil(low) + 1)) : Math.round(value * 100) / 100;
}

function defOf(root: Record<string, unknown>, ref: string): Record<string, unknown> | undefined {
  const match = /^#\/\$defs\/([^/]+)$/.exec(ref);
  const defs = root.$defs;
  const found = match && isPlainObject(defs) ? defs[decodeURIComponent(match[1])] : undefined;
  return isPlainObject(found) ? found : undefined;
}

/** A moment for property `name`: `end_time` after `start_time`, both inside the window. */
function momentOf(name: string, c: SchemaContext, n: number): number {
  const span = c.to - c.from;
  const start = c.from + (span * ((n % 4) + 1)) / 6;
  return name === 'end_time' ? Math.min(c.to, start + span / 6) : start;
}

function windowOf(input: AnalysisInput): [number, number] {
  const from = input.startTime ?? 0;
  return [from, Math.max(from, input.endTime ?? input.video.duration)];
}

function inputTokens(input: AnalysisInput): number {
  const [from, to] = windowOf(input);
  return words(input.prompt).length + Math.ceil((to - from) * 4);
}

function sentence(sentences: readonly string[], n: number): string {
  const pool = sentences.length > 0 ? sentences : DEFAULT_TRANSCRIPT_SENTENCES;
  const text = pool[Math.abs(n) % pool.length].trim().replace(/[.!?]+$/, '');
  return text.charAt(0).toLowerCase() + text.slice(1);
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function excerpt(prompt: string): string {
  const flat = prompt.replace(/\s+/g, ' ').trim();
  return flat.length > 80 ? `${flat.slice(0, 79)}…` : flat;
}

function words(text: string): string[] {
  return text.split(/\s+/).filter((word) => word !== '');
}

function hashOf(text: string): number {
  let hash = 2166136261;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 16777619) >>> 0;
  }
  return hash;
}

function two(n: number): string {
  return String(Math.floor(n)).padStart(2, '0');
}

/** `0:05`, `12:30`: minutes unpadded. */
function minutesSeconds(seconds: number): string {
  return `${Math.floor(seconds / 60)}:${two(seconds % 60)}`;
}

/** `00:00:12`. */
function hoursMinutesSeconds(seconds: number): string {
  return `${two(seconds / 3600)}:${two((seconds % 3600) / 60)}:${two(seconds % 60)}`;
}

/** `00:12` within the hour, `01:02:03` beyond it. */
function padded(seconds: number, longest: number): string {
  return longest >= 3600 ? hoursMinutesSeconds(seconds) : `${two(seconds / 60)}:${two(seconds % 60)}`;
}

function withMillis(seconds: number): string {
  const whole = Math.floor(seconds);
  return `${hoursMinutesSeconds(whole)}.${String(Math.round((seconds - whole) * 1000)).padStart(3, '0').slice(0, 3)}`;
}

function clock(seconds: number): string {
  return seconds >= 3600 ? hoursMinutesSeconds(Math.round(seconds)) : minutesSeconds(Math.round(seconds));
}

/** The Timestamp type's formats: `seconds` a number, the others strings ("Negative values are converted to 00:00:00"). */
function timestampAs(format: string, seconds: number): number | string {
  const value = Math.max(0, seconds);
  if (format === 'hh:mm:ss') return hoursMinutesSeconds(Math.round(value));
  if (format === 'hh:mm:ss.fff') return withMillis(value);
  return Math.round(value * 10) / 10;
}

function streamLines(generation: Generation): string[] {
  const line = (event: Record<string, unknown>): string => `${JSON.stringify(event)}\n`;
  const end: Record<string, unknown> = {
    event_type: 'stream_end',
    finish_reason: generation.finishReason,
    metadata: { generation_id: generation.generationId, usage: { ...generation.usage } },
  };
  if (generation.warning !== undefined) end.error = { message: generation.warning };
  return [
    line({ event_type: 'stream_start', metadata: { generation_id: generation.generationId } }),
    ...generation.pieces.map((text) => line({ event_type: 'text_generation', text })),
    line(end),
  ];
}

function videoSource(input: AnalysisInput): Record<string, unknown> {
  const source = input.source;
  const metadata = { system_metadata: { duration: input.video.duration } };
  switch (source.type) {
    case 'url':
      return { type: 'url', url: source.url, ...metadata };
    case 'asset_id':
      return { type: 'asset_id', asset_id: source.assetId, ...metadata };
    case 'base64_string':
      return { type: 'base64_string', ...metadata };
    case 'video_id':
      return { type: 'video_id', video_id: source.videoId, index_id: source.indexId ?? null, ...metadata };
  }
}

function requestParams(input: AnalysisInput, inList: boolean): Record<string, unknown> {
  const params: Record<string, unknown> = { analysis_mode: input.mode };
  if (input.mode === 'general') {
    if (input.usedPromptV2) params.prompt_v2 = { input_text: inList ? input.prompt.slice(0, 30) : input.prompt };
    else params.prompt = inList ? input.prompt.slice(0, 30) : input.prompt;
  }
  const format = input.responseFormat;
  if (format?.type === 'json_schema') params.response_format = inList ? { type: 'json_schema' } : { type: 'json_schema', json_schema: format.schema };
  if (format?.type === 'segment_definitions') params.response_format = { type: 'segment_definitions', segment_definitions: inList ? format.definitions.slice(0, 1) : format.definitions };
  if (input.temperature !== undefined) params.temperature = input.temperature;
  if (input.maxTokensGiven) params.max_tokens = input.maxTokens;
  if (input.minSegmentDuration !== undefined) params.min_segment_duration = input.minSegmentDuration;
  if (input.maxSegmentDuration !== undefined) params.max_segment_duration = input.maxSegmentDuration;
  if (input.startTime !== undefined) params.start_time = input.startTime;
  if (input.endTime !== undefined) params.end_time = input.endTime;
  return params;
}

// ---------------------------------------------------------------------------------------------
// Routes

function refuse(status: number, code: string, message: string): { ok: false; refusal: Refusal } {
  return { ok: false, refusal: { status, code, message } };
}

/** [doc] template "The {parameter} parameter is invalid." */
function invalid(parameter: string): { ok: false; refusal: Refusal } {
  return refuse(400, 'parameter_invalid', `The ${parameter} parameter is invalid.`);
}

function invalidBecause(parameter: string, reason: string): { ok: false; refusal: Refusal } {
  return refuse(400, 'parameter_invalid', `The ${parameter} parameter is invalid. ${reason}`);
}

/**
 * `/analyze/tasks*` document their errors as `ErrorResponse`, `{error: {code, message, details?}}`
 * (the API page: "embed-v2, analyze tasks and batches"): every error answer of these routes, the
 * shared checks' included, is put in that shape.
 */
function wrapped(handler: (ctx: RouteContext) => Outcome): (ctx: RouteContext) => Outcome {
  return (ctx) => {
    const outcome = handler(ctx);
    if (outcome.kind !== 'response' || outcome.status < 400) return outcome;
    try {
      const body = JSON.parse(String(outcome.body)) as { code?: unknown; message?: unknown };
      if (typeof body.code === 'string' && typeof body.message === 'string') return json(outcome.status, { error: { code: body.code, message: body.message } }, withoutType(outcome.headers));
    } catch {
      // Not JSON: left as it is.
    }
    return outcome;
  };
}

function withoutType(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => name.toLowerCase() !== 'content-type'));
}

function analyze(ctx: RouteContext): Outcome {
  const query = noQueryAllowed(ctx);
  if (query) return query;
  const body = jsonObjectBody(ctx);
  if (!body.ok) return body.error;
  const input = readAnalysis(ctx, body.value, 'sync');
  if (!input.ok) return apiError(input.refusal.status, input.refusal.code, input.refusal.message);
  if (ctx.analyze.takeUsageLimit()) return usageLimitExceeded();
  const generation = ctx.analyze.generate(input.value);
  if (input.value.stream) return ctx.analyze.streamed(generation);
  const answer: Record<string, unknown> = { id: generation.generationId, data: generation.pieces.join(''), finish_reason: generation.finishReason, usage: { ...generation.usage } };
  if (generation.warning !== undefined) answer.error = { message: generation.warning };
  return json(200, answer);
}

function createTask(ctx: RouteContext): Outcome {
  const query = noQueryAllowed(ctx);
  if (query) return query;
  const body = jsonObjectBody(ctx);
  if (!body.ok) return body.error;
  const input = readAnalysis(ctx, body.value, 'task');
  if (!input.ok) return apiError(input.refusal.status, input.refusal.code, input.refusal.message);
  if (ctx.analyze.takeUsageLimit()) return usageLimitExceeded();
  const task = ctx.analyze.createTask(input.value);
  return json(202, { task_id: task.id, status: task.status });
}

function retrieveTask(ctx: RouteContext): Outcome {
  const query = noQueryAllowed(ctx);
  if (query) return query;
  const task = ctx.analyze.poll(ctx.params.taskId);
  if (!task) return apiError(404, 'resource_not_exist', `Resource with id ${ctx.params.taskId} does not exist in analyze tasks.`);
  return json(200, ctx.analyze.toWire(task));
}

function deleteTask(ctx: RouteContext): Outcome {
  const query = noQueryAllowed(ctx);
  if (query) return query;
  const task = ctx.analyze.get(ctx.params.taskId);
  if (!task) return apiError(404, 'resource_not_exist', `Resource with id ${ctx.params.taskId} does not exist in analyze tasks.`);
  // "You can only delete tasks that are not currently being processed"; the code is ours [?].
  if (task.status === 'processing') return apiError(409, 'analyze_task_in_progress', `The analysis task ${task.id} is being processed and cannot be deleted now.`);
  ctx.analyze.delete(task.id);
  return emptyOk();
}

/** Newest first ("sorted by creation date, with the newest at the top"), filtered by the documented parameters. */
function listTasks(ctx: RouteContext): Outcome {
  const unknown = noQueryAllowed(ctx, LIST_QUERY);
  if (unknown) return unknown;
  const list = parseListParams(ctx.query);
  if (!list.ok) return list.error;
  const { status, video_url: videoUrl, asset_id: assetId, video_id: videoId, analysis_mode: mode } = ctx.query;
  if (status !== undefined && !(TASK_STATUSES as readonly string[]).includes(status)) return apiError(400, 'parameter_invalid', 'The status parameter is invalid.');
  if (mode !== undefined && mode !== 'general' && mode !== 'time_based_metadata') return apiError(400, 'parameter_invalid', 'The analysis_mode parameter is invalid.');
  const matching = ctx.analyze
    .all()
    .filter((task) => {
      const source = task.input.source;
      if (status !== undefined && task.status !== status) return false;
      if (mode !== undefined && task.input.mode !== mode) return false;
      if (videoUrl !== undefined && !(source.type === 'url' && source.url === videoUrl)) return false;
      if (assetId !== undefined && !(source.type === 'asset_id' && source.assetId === assetId)) return false;
      if (videoId !== undefined && !(source.type === 'video_id' && source.videoId === videoId)) return false;
      return true;
    })
    .sort((a, b) => b.createdAt - a.createdAt || b.seq - a.seq);
  const page = paginate(matching, list.value);
  return json(200, { data: page.data.map((task) => ctx.analyze.toWire(task, true)), page_info: page.page_info });
}

export const analyzeRoutes: Route[] = [
  { method: 'POST', pattern: '/analyze', handler: analyze },
  { method: 'POST', pattern: '/analyze/tasks', handler: wrapped(createTask) },
  { method: 'GET', pattern: '/analyze/tasks', handler: wrapped(listTasks) },
  { method: 'GET', pattern: '/analyze/tasks/:taskId', handler: wrapped(retrieveTask) },
  { method: 'DELETE', pattern: '/analyze/tasks/:taskId', handler: wrapped(deleteTask) },
];
