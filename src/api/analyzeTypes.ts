/**
 * Requests, results and limits of `POST /analyze` (streamed or not), `POST /analyze/tasks` and
 * `GET /analyze/tasks/{task_id}`; the checks the client makes before sending (which the Analyze view
 * uses to refuse a form before anything is sent); the error codes a caller branches on. Types,
 * constants and small pure functions only: the view imports this module on the activation path, so
 * it must never pull in axios, form-data or vscode (like searchTypes.ts).
 *
 * Every limit below is read from the vendor's OpenAPI document (`/work/shared/twelvelabs-openapi.json`);
 * the comment beside each quotes the text it comes from.
 */
import { TwelveLabsError } from './errors';

export type PegasusModel = 'pegasus1.2' | 'pegasus1.5';

/** `model_name`: `"enum": ["pegasus1.2", "pegasus1.5"]`. */
export const PEGASUS_MODELS: readonly PegasusModel[] = ['pegasus1.2', 'pegasus1.5'];

/** `model_name`: "**Default:** `pegasus1.2`". */
export const DEFAULT_PEGASUS_MODEL: PegasusModel = 'pegasus1.2';

/**
 * The video to analyze. `video_id` (a video of an index) is the legacy input: "Use this parameter
 * when the `model_name` parameter is `pegasus1.2`. Not supported with `pegasus1.5`", and
 * `POST /analyze/tasks` has no such field at all.
 */
export type AnalyzeVideo = { type: 'asset_id'; assetId: string } | { type: 'url'; url: string } | { type: 'video_id'; videoId: string };

export interface AnalyzeRequest {
  model: PegasusModel;
  video: AnalyzeVideo;
  prompt: string;
  /** 0..1; the server's default is 0.2. */
  temperature?: number;
  /** An integer in the model's range (MODEL_RULES); the server's default is 4,096. */
  maxTokens?: number;
  /** Sent as `response_format: {type: 'json_schema', json_schema}`: the answer is JSON of this schema. */
  jsonSchema?: Record<string, unknown>;
  /** Seconds, Pegasus 1.5 only: the window of the video to analyze. */
  startTime?: number;
  endTime?: number;
}

/** Options of `analyzeStream`. */
export interface AnalyzeStreamOptions {
  signal?: AbortSignal;
  /** Longest wait for the answer's headers, and between two chunks of the stream; default DEFAULT_ANALYZE_IDLE_TIMEOUT_MS. */
  idleTimeoutMs?: number;
}

/** Options of `analyze` (not streamed), which answers only when the whole text is generated. */
export interface AnalyzeCallOptions {
  signal?: AbortSignal;
  /** Longest wait for the whole answer; default DEFAULT_ANALYZE_TIMEOUT_MS. */
  timeoutMs?: number;
}

/** A streamed analysis that sends nothing for this long is given up (a minute: generation sends fragments every moment). */
export const DEFAULT_ANALYZE_IDLE_TIMEOUT_MS = 60_000;
/** A non-streamed analysis answers once the whole text is generated: the official SDKs wait up to 600 s for any call. */
export const DEFAULT_ANALYZE_TIMEOUT_MS = 600_000;

export interface NumberRange {
  min: number;
  max: number;
  default?: number;
}

export interface ModelRules {
  temperature: NumberRange;
  maxTokens: NumberRange;
  /** The longest prompt, in tokens; absent where the prompt only counts toward the context window. */
  maxPromptLength?: number;
  /** `start_time` / `end_time`. */
  supportsTimeRange: boolean;
  /** The legacy `video_id`. */
  supportsVideoId: boolean;
  /** `{"type": "timestamp"}` properties in a response schema. */
  supportsTimestampType: boolean;
}

/** `AnalyzeTemperature`: "**Default:** 0.2 **Min:** 0 **Max:** 1" (one schema for both models). */
const TEMPERATURE: NumberRange = { min: 0, max: 1, default: 0.2 };

export const MODEL_RULES: Readonly<Record<PegasusModel, Readonly<ModelRules>>> = {
  'pegasus1.2': {
    temperature: TEMPERATURE,
    // `max_tokens`: "| Pegasus 1.2 | 2 | 4,096 | 4,096 |" (min, max, default).
    maxTokens: { min: 2, max: 4_096, default: 4_096 },
    // `prompt`: "Pegasus 1.2 limits prompts to 2,000 tokens."
    maxPromptLength: 2_000,
    // `start_time`: "Requires `model_name` set to `pegasus1.5`."
    supportsTimeRange: false,
    // `video_id`: "Use this parameter when the `model_name` parameter is `pegasus1.2`."
    supportsVideoId: true,
    // `json_schema`: "`timestamp` (Pegasus 1.5 only)".
    supportsTimestampType: false,
  },
  'pegasus1.5': {
    temperature: TEMPERATURE,
    // `max_tokens`: "| Pegasus 1.5 | 512 | 98,304 | 4,096 |".
    maxTokens: { min: 512, max: 98_304, default: 4_096 },
    // "For Pegasus 1.5, this text counts toward the context window": no limit of its own.
    supportsTimeRange: true,
    // `video_id`: "Not supported with `pegasus1.5`."
    supportsVideoId: false,
    supportsTimestampType: true,
  },
};

/** `POST /analyze` input requirements: "Maximum duration: 1 hour"; longer videos go to `/analyze/tasks`. */
export const ANALYZE_SYNC_MAX_DURATION_SECONDS = 3_600;
/** `POST /analyze/tasks` input requirements: "Maximum duration: 2 hours". */
export const ANALYZE_TASK_MAX_DURATION_SECONDS = 7_200;
/** Both endpoints' input requirements: "Minimum duration: 4 seconds". */
export const ANALYZE_MIN_DURATION_SECONDS = 4;
/** `start_time` / `end_time`: "The clip (`end_time - start_time`) must be at least `4` seconds." */
export const ANALYZE_MIN_CLIP_SECONDS = 4;

/**
 * JSON-schema keywords the platform refuses (`json_schema`: "Including it causes a 422 error"):
 * `minLength`/`maxLength` on strings, `additionalProperties` on objects, `uniqueItems`/`maxItems` on arrays.
 */
export const UNSUPPORTED_SCHEMA_KEYWORDS: readonly string[] = ['minLength', 'maxLength', 'additionalProperties', 'uniqueItems', 'maxItems'];

/** Keywords whose values are data (an `enum` may list objects), never schemas to look into. */
const SCHEMA_DATA_KEYWORDS: readonly string[] = ['enum', 'const', 'default', 'examples'];

/** A response schema deeper than this is refused here: walking it must stay bounded. */
const MAX_SCHEMA_DEPTH = 32;

// ---------------------------------------------------------------------------------------------
// Results

export interface AnalyzeUsage {
  /**
   * Optional because the spec's `TokenUsage` requires only `output_tokens`; a caller that adds the
   * two must treat a missing count as unknown, not as zero.
   */
  inputTokens?: number;
  outputTokens: number;
}

/**
 * `finish_reason`: `stop` (the answer is complete) or `length` ("the maximum response length or the
 * context window": the text, or the JSON, is cut). `unknown` when the server sent none; any other
 * string is passed through as sent.
 */
export type FinishReason = 'stop' | 'length' | (string & {});

/** One event of a streamed analysis, in the order the server sends them. */
export type AnalyzeEvent =
  | { kind: 'start'; generationId: string }
  /** A fragment of the answer; fragments "may be split at arbitrary points, not necessarily at word or sentence boundaries". */
  | { kind: 'text'; text: string }
  | {
      kind: 'end';
      finishReason: FinishReason;
      usage?: AnalyzeUsage;
      generationId?: string;
      /** The server's note when `finishReason` is `length` (why the answer was cut); masked. */
      warning?: string;
    };

/** The whole answer: `POST /analyze` with `stream: false`, or the result of a finished task. */
export interface AnalyzeResult {
  /** `id` of a non-streamed answer; `generation_id` of a task's result. */
  id: string;
  data: string;
  finishReason: FinishReason;
  usage?: AnalyzeUsage;
  /** As on the `end` event. */
  warning?: string;
}

/** `AnalyzeTaskStatus`: "queued, pending, processing, ready, failed". */
export type AnalyzeTaskStatus = 'queued' | 'pending' | 'processing' | 'ready' | 'failed';
export const ANALYZE_TASK_STATUSES: readonly AnalyzeTaskStatus[] = ['queued', 'pending', 'processing', 'ready', 'failed'];

/** "Poll this method until `status` is `ready` or `failed`." */
export function isAnalyzeTaskDone(status: AnalyzeTaskStatus): boolean {
  return status === 'ready' || status === 'failed';
}

/** What `POST /analyze/tasks` answers (202). */
export interface CreatedAnalyzeTask {
  id: string;
  status: AnalyzeTaskStatus;
}

export interface AnalyzeTask {
  id: string;
  status: AnalyzeTaskStatus;
  /** Present once `ready`. */
  result?: AnalyzeResult;
  /**
   * Present when `failed`. The spec's `AnalyzeTaskError` has a `message` only; `code` is the
   * server's when it sends one, else ANALYZE_TASK_FAILED_CODE.
   */
  error?: { code: string; message: string };
  /** RFC 3339. */
  createdAt?: string;
  /** RFC 3339; "only if `status` is `ready` or `failed`". */
  completedAt?: string;
}

// ---------------------------------------------------------------------------------------------
// Error codes

/** General codes of the error-codes page that an analysis meets. */
export const PARAMETER_INVALID_CODE = 'parameter_invalid';
export const PARAMETER_NOT_PROVIDED_CODE = 'parameter_not_provided';
export const USAGE_LIMIT_EXCEEDED_CODE = 'usage_limit_exceeded';
export const TOO_MANY_REQUESTS_CODE = 'too_many_requests';
/**
 * A video over the limit of `/analyze` (1 h) or under the minimum (4 s). No code is documented for
 * `/analyze`; these are the `/tasks` upload codes for the same limits, the likeliest ones [?].
 */
export const VIDEO_TOO_LONG_CODE = 'video_duration_too_long';
export const VIDEO_TOO_SHORT_CODE = 'video_duration_too_short';
/** The `/analyze` section of the error-codes page: "exceeding maximum token limit". */
export const TOKEN_LIMIT_EXCEEDED_CODE = 'token_limit_exceeded';
/** The same section: a legacy `video_id` of an index without a Pegasus model. */
export const INDEX_NOT_SUPPORTED_FOR_GENERATE_CODE = 'index_not_supported_for_generate';
/** A stream that ended before its `stream_end` event (the client's own code). */
export const ANALYZE_STREAM_INCOMPLETE_CODE = 'analyze_stream_incomplete';
/** A task whose failure came without a code (the client's own code). */
export const ANALYZE_TASK_FAILED_CODE = 'analyze_task_failed';

/** Whether `error` says the video is too long for `/analyze`, so that an analysis task is the way. */
export function isAnalyzeVideoTooLong(error: unknown): boolean {
  return error instanceof TwelveLabsError && error.code === VIDEO_TOO_LONG_CODE;
}

/** Marks AnalyzeStreamIncompleteErrors whichever bundle's copy of this module made them (see TwelveLabsError). */
const INCOMPLETE_BRAND = Symbol.for('twelvelabs-vscode.AnalyzeStreamIncompleteError');

/**
 * A streamed analysis whose connection ended (closed, cut or reset) before `stream_end`: the answer
 * is incomplete. Carries what had arrived, so the caller can keep it. Kind `noResponse` as every lost
 * answer; status 200, which is what the stream started with.
 */
export class AnalyzeStreamIncompleteError extends TwelveLabsError {
  /**
   * The inherited check would take every TwelveLabsError for one of these: this class checks its own
   * brand, so that `instanceof` works across bundles and tells the two apart.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && (value as { [INCOMPLETE_BRAND]?: unknown })[INCOMPLETE_BRAND] === true;
  }

  readonly [INCOMPLETE_BRAND] = true;

  constructor(
    /** The text of every `text` event that arrived, joined (the key masked). */
    readonly text: string,
    /** From `stream_start`, when it arrived. */
    readonly generationId: string | undefined,
  ) {
    super(
      'noResponse',
      200,
      ANALYZE_STREAM_INCOMPLETE_CODE,
      'The connection to the Twelve Labs API closed before the analysis finished; the answer is incomplete.',
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Checks before sending

export interface AnalyzeCheckOptions {
  /** `sync` (`POST /analyze`, the default) or `task` (`POST /analyze/tasks`): their duration limits and inputs differ. */
  mode?: 'sync' | 'task';
  /** The video's duration in seconds, when the caller knows it (an asset's `duration`): checked against the limits. */
  durationSeconds?: number;
}

export interface AnalyzeRequestProblem {
  /** The server's code for the same refusal (`parameter_invalid`, `parameter_not_provided`, `video_duration_too_long`, ...). */
  code: string;
  /** The wire name of the field at fault, for a form to point at. */
  parameter: string;
  /** A sentence for the user, saying what to change. */
  message: string;
}

/**
 * A human message for the first thing the server would refuse in `request`, or undefined when it
 * looks acceptable. Used by the Analyze view to refuse a form early, and by the client before
 * sending (which then throws it as a TwelveLabsError with the server's code).
 */
export function checkAnalyzeRequest(request: AnalyzeRequest, options: AnalyzeCheckOptions = {}): string | undefined {
  return findAnalyzeRequestProblem(request, options)?.message;
}

/** As `checkAnalyzeRequest`, with the code and parameter of the refusal. */
export function findAnalyzeRequestProblem(request: AnalyzeRequest, options: AnalyzeCheckOptions = {}): AnalyzeRequestProblem | undefined {
  const mode = options.mode ?? 'sync';
  const model = request.model as string;
  if (!(PEGASUS_MODELS as readonly string[]).includes(model)) {
    return invalid('model_name', `Choose one of the models ${PEGASUS_MODELS.join(' and ')}.`);
  }
  const rules = MODEL_RULES[request.model];
  return (
    videoProblem(request, rules, mode) ??
    promptProblem(request, rules) ??
    rangeProblem('temperature', request.temperature, rules.temperature, false) ??
    rangeProblem('max_tokens', request.maxTokens, rules.maxTokens, true) ??
    schemaProblem(request.jsonSchema, rules) ??
    timeRangeProblem(request, rules, options.durationSeconds) ??
    durationProblem(options.durationSeconds, mode)
  );
}

function videoProblem(request: AnalyzeRequest, rules: ModelRules, mode: 'sync' | 'task'): AnalyzeRequestProblem | undefined {
  const video = request.video as AnalyzeVideo | undefined;
  switch (video?.type) {
    case 'asset_id':
      return typeof video.assetId === 'string' && video.assetId.trim() !== '' ? undefined : notProvided('video.asset_id', 'Choose the asset to analyze.');
    case 'url':
      if (typeof video.url !== 'string' || video.url.trim() === '') {
        return notProvided('video.url', 'Give the address of the video file.');
      }
      return /^https?:\/\/[^\s/]+\S*$/i.test(video.url) ? undefined : invalid('video.url', 'The video URL must be a public http or https address of the file itself.');
    case 'video_id':
      if (mode === 'task') {
        return invalid('video_id', 'An analysis task takes an asset or a URL, not the video id of an index.');
      }
      if (!rules.supportsVideoId) {
        return invalid('video_id', `The video id of an index works with pegasus1.2 only; with ${request.model}, analyze the video's asset or a URL instead.`);
      }
      return typeof video.videoId === 'string' && video.videoId.trim() !== '' ? undefined : notProvided('video_id', 'Choose the video to analyze.');
    default:
      return notProvided('video', 'Choose the video to analyze.');
  }
}

function promptProblem(request: AnalyzeRequest, rules: ModelRules): AnalyzeRequestProblem | undefined {
  const prompt = typeof request.prompt === 'string' ? request.prompt.trim() : '';
  if (prompt === '') {
    return notProvided('prompt', 'Type what you want to know about the video.');
  }
  // Tokens cannot be counted here, but every whitespace-separated word is at least one.
  if (rules.maxPromptLength !== undefined && prompt.split(/\s+/).length > rules.maxPromptLength) {
    return invalid('prompt', `${request.model} takes prompts of at most ${rules.maxPromptLength.toLocaleString('en-US')} tokens; shorten the prompt.`);
  }
  return undefined;
}

function rangeProblem(parameter: string, value: number | undefined, range: NumberRange, integer: boolean): AnalyzeRequestProblem | undefined {
  if (value === undefined) {
    return undefined;
  }
  const ok = typeof value === 'number' && Number.isFinite(value) && (!integer || Number.isInteger(value)) && value >= range.min && value <= range.max;
  if (ok) {
    return undefined;
  }
  const what = integer ? 'a whole number' : 'a number';
  return invalid(parameter, `${parameter} must be ${what} from ${range.min.toLocaleString('en-US')} to ${range.max.toLocaleString('en-US')}.`);
}

function schemaProblem(schema: Record<string, unknown> | undefined, rules: ModelRules): AnalyzeRequestProblem | undefined {
  if (schema === undefined) {
    return undefined;
  }
  if (!isPlainObject(schema)) {
    return invalid('response_format.json_schema', 'The response schema must be a JSON object, such as {"type": "object", "properties": {...}}.');
  }
  const found = schemaKeywordProblem(schema, 0, rules);
  return found === undefined ? undefined : invalid('response_format.json_schema', found);
}

/** The first keyword the platform refuses, walking objects and arrays of the schema (bounded). */
function schemaKeywordProblem(node: unknown, depth: number, rules: ModelRules): string | undefined {
  if (depth > MAX_SCHEMA_DEPTH) {
    return `The response schema is nested more than ${MAX_SCHEMA_DEPTH} levels deep.`;
  }
  if (Array.isArray(node)) {
    for (const entry of node) {
      const found = schemaKeywordProblem(entry, depth + 1, rules);
      if (found !== undefined) {
        return found;
      }
    }
    return undefined;
  }
  if (!isPlainObject(node)) {
    return undefined;
  }
  for (const [key, value] of Object.entries(node)) {
    if (SCHEMA_DATA_KEYWORDS.includes(key)) {
      continue;
    }
    // Under `properties` and `$defs` the keys are names the user chose, not keywords.
    const namesOnly = key === 'properties' || key === '$defs';
    if (!namesOnly && UNSUPPORTED_SCHEMA_KEYWORDS.includes(key)) {
      return `The platform does not support the ${key} keyword in a response schema; remove it.`;
    }
    if (!namesOnly && key === 'type' && !rules.supportsTimestampType && (value === 'timestamp' || (Array.isArray(value) && value.includes('timestamp')))) {
      return 'The timestamp type needs pegasus1.5; use a string or a number with pegasus1.2.';
    }
    const found = namesOnly && isPlainObject(value) ? schemaKeywordProblem(Object.values(value), depth + 1, rules) : schemaKeywordProblem(value, depth + 1, rules);
    if (found !== undefined) {
      return found;
    }
  }
  return undefined;
}

function timeRangeProblem(request: AnalyzeRequest, rules: ModelRules, duration: number | undefined): AnalyzeRequestProblem | undefined {
  const { startTime: start, endTime: end } = request;
  if (start === undefined && end === undefined) {
    return undefined;
  }
  const parameter = start !== undefined ? 'start_time' : 'end_time';
  if (!rules.supportsTimeRange) {
    return invalid(parameter, `A part of the video can be analyzed with pegasus1.5 only; ${request.model} analyzes the whole video.`);
  }
  for (const [name, value] of [['start_time', start], ['end_time', end]] as const) {
    if (value !== undefined && !(typeof value === 'number' && Number.isFinite(value) && value >= 0)) {
      return invalid(name, `${name} must be a number of seconds, 0 or more.`);
    }
  }
  if (start !== undefined && end !== undefined && end - start < ANALYZE_MIN_CLIP_SECONDS) {
    return invalid('end_time', `The part to analyze must be at least ${ANALYZE_MIN_CLIP_SECONDS} seconds long, ending after it starts.`);
  }
  if (duration !== undefined && Number.isFinite(duration)) {
    if (start !== undefined && start >= duration) {
      return invalid('start_time', 'The part to analyze must start before the video ends.');
    }
    if (end !== undefined && end > duration) {
      return invalid('end_time', 'The part to analyze must end by the end of the video.');
    }
  }
  return undefined;
}

function durationProblem(duration: number | undefined, mode: 'sync' | 'task'): AnalyzeRequestProblem | undefined {
  if (duration === undefined || !Number.isFinite(duration)) {
    return undefined;
  }
  if (duration < ANALYZE_MIN_DURATION_SECONDS) {
    return { code: VIDEO_TOO_SHORT_CODE, parameter: 'video', message: `The video is shorter than the ${ANALYZE_MIN_DURATION_SECONDS} seconds an analysis needs.` };
  }
  if (mode === 'sync' && duration > ANALYZE_SYNC_MAX_DURATION_SECONDS) {
    return { code: VIDEO_TOO_LONG_CODE, parameter: 'video', message: 'The video is longer than 1 hour, the limit of a direct analysis; run it as an analysis task instead.' };
  }
  if (mode === 'task' && duration > ANALYZE_TASK_MAX_DURATION_SECONDS) {
    return { code: VIDEO_TOO_LONG_CODE, parameter: 'video', message: 'The video is longer than 2 hours, the limit of an analysis task.' };
  }
  return undefined;
}

function invalid(parameter: string, message: string): AnalyzeRequestProblem {
  return { code: PARAMETER_INVALID_CODE, parameter, message };
}

function notProvided(parameter: string, message: string): AnalyzeRequestProblem {
  return { code: PARAMETER_NOT_PROVIDED_CODE, parameter, message };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// ---------------------------------------------------------------------------------------------
// The request as sent

/**
 * The JSON body of `POST /analyze` (`stream` given) or `POST /analyze/tasks` (`stream` undefined:
 * the task schema has no such field), named as the spec names things. Pure, so that a "Copy as
 * Code" can show exactly what the client sends. Check the request first: this does not.
 */
export function toAnalyzeBody(request: AnalyzeRequest, stream: boolean | undefined): Record<string, unknown> {
  const body: Record<string, unknown> = { model_name: request.model };
  const video = request.video;
  if (video.type === 'video_id') {
    body.video_id = video.videoId;
  } else {
    body.video = video.type === 'asset_id' ? { type: 'asset_id', asset_id: video.assetId } : { type: 'url', url: video.url };
  }
  body.prompt = request.prompt;
  if (request.temperature !== undefined) {
    body.temperature = request.temperature;
  }
  if (request.maxTokens !== undefined) {
    body.max_tokens = request.maxTokens;
  }
  if (request.jsonSchema !== undefined) {
    body.response_format = { type: 'json_schema', json_schema: request.jsonSchema };
  }
  if (request.startTime !== undefined) {
    body.start_time = request.startTime;
  }
  if (request.endTime !== undefined) {
    body.end_time = request.endTime;
  }
  if (stream !== undefined) {
    body.stream = stream;
  }
  return body;
}
