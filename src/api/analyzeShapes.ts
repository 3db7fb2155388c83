import {
  ANALYZE_TASK_FAILED_CODE,
  ANALYZE_TASK_STATUSES,
  type AnalyzeEvent,
  type AnalyzeResult,
  type AnalyzeTask,
  type AnalyzeTaskStatus,
  type AnalyzeUsage,
  type CreatedAnalyzeTask,
  type FinishReason,
} from './analyzeTypes';
import { isRecord, type Json, type ShapeContext } from './shapes';

/**
 * Reads the answers of `/analyze` and `/analyze/tasks*` at the client boundary, in the manner of
 * shapes.ts: what the caller relies on (an event's kind and text, an answer's text, a task's id and
 * status) must be there with its type, or the answer is malformed; an optional field of the wrong
 * type is dropped and named in the report. Server text that reaches the user (warnings, failure
 * reasons) is masked and cut to one notification's length.
 *
 * `finish_reason` is optional in the spec; when it is missing the reason is `unknown` rather than a
 * guessed `stop`.
 */

/** What one line of a stream is. */
export type EventReading =
  | { kind: 'event'; event: AnalyzeEvent }
  /** An `event_type` the spec does not list: skipped, so that a new kind of event breaks nothing. */
  | { kind: 'unknown'; eventType: string }
  | { kind: 'malformed' };

const MAX_SERVER_TEXT_CHARS = 1000;
/** What may pass as a server-sent error code (as errorMapping.ts). */
const CODE_TOKEN = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;

export function readAnalyzeEvent(value: unknown, context: ShapeContext): EventReading {
  if (!isRecord(value) || typeof value.event_type !== 'string') {
    return { kind: 'malformed' };
  }
  const metadata = optionalRecord(value, 'metadata', context, '');
  switch (value.event_type) {
    case 'stream_start': {
      const generationId = optionalText(metadata, 'generation_id', context, 'metadata.');
      return { kind: 'event', event: { kind: 'start', generationId: generationId ?? '' } };
    }
    case 'text_generation':
      return typeof value.text === 'string' ? { kind: 'event', event: { kind: 'text', text: value.text } } : { kind: 'malformed' };
    case 'stream_end': {
      const finishReason = readFinishReason(value.finish_reason);
      if (finishReason === undefined) {
        return { kind: 'malformed' };
      }
      const event: Extract<AnalyzeEvent, { kind: 'end' }> = { kind: 'end', finishReason };
      const usage = readUsage(metadata?.usage, context, 'metadata.usage');
      if (usage) {
        event.usage = usage;
      }
      const generationId = optionalText(metadata, 'generation_id', context, 'metadata.');
      if (generationId !== undefined) {
        event.generationId = generationId;
      }
      const warning = readWarning(value.error, context, 'error');
      if (warning !== undefined) {
        event.warning = warning;
      }
      return { kind: 'event', event };
    }
    default:
      return { kind: 'unknown', eventType: value.event_type };
  }
}

/** `NonStreamAnalyzeResponse` (`stream: false`); undefined when it has no `id` and `data` strings. */
export function readAnalyzeResult(value: unknown, context: ShapeContext): AnalyzeResult | undefined {
  if (!isRecord(value) || typeof value.id !== 'string' || typeof value.data !== 'string') {
    return undefined;
  }
  return readResult(value, value.id, context, '');
}

/** `CreateAnalyzeTaskResponse` (202): `{task_id, status}`. */
export function readCreatedAnalyzeTask(value: unknown): CreatedAnalyzeTask | undefined {
  if (!isRecord(value) || !isTaskId(value.task_id)) {
    return undefined;
  }
  const status = readStatus(value.status);
  return status === undefined ? undefined : { id: value.task_id, status };
}

/**
 * `AnalyzeTaskResponse`. Undefined without a `task_id` and a known `status`, and for a `ready` task
 * whose `result` cannot be read: a caller polling for the result must not take "ready, nothing" for
 * an empty answer.
 */
export function readAnalyzeTask(value: unknown, context: ShapeContext): AnalyzeTask | undefined {
  if (!isRecord(value) || !isTaskId(value.task_id)) {
    return undefined;
  }
  const status = readStatus(value.status);
  if (status === undefined) {
    return undefined;
  }
  const task: AnalyzeTask = { id: value.task_id, status };
  const createdAt = optionalText(value, 'created_at', context, '');
  if (createdAt !== undefined) {
    task.createdAt = createdAt;
  }
  const completedAt = optionalText(value, 'completed_at', context, '');
  if (completedAt !== undefined) {
    task.completedAt = completedAt;
  }
  const result = value.result;
  if (result !== undefined && result !== null) {
    const read = isRecord(result) && typeof result.data === 'string' ? readResult(result, typeof result.generation_id === 'string' ? result.generation_id : '', context, 'result.') : undefined;
    if (read) {
      // The truncation note sits beside the result in a task ("`status` is `ready` and `result.finish_reason` is `length`").
      const warning = status === 'ready' ? readWarning(value.error, context, 'error') : undefined;
      task.result = warning === undefined ? read : { ...read, warning };
    } else {
      context.report.droppedFields.add('result');
    }
  }
  if (status === 'ready' && !task.result) {
    return undefined;
  }
  if (status === 'failed') {
    task.error = readTaskFailure(value.error, context);
  }
  return task;
}

function readResult(record: Json, id: string, context: ShapeContext, prefix: string): AnalyzeResult | undefined {
  const finishReason = readFinishReason(record.finish_reason);
  if (finishReason === undefined) {
    return undefined;
  }
  const result: AnalyzeResult = { id, data: record.data as string, finishReason };
  const usage = readUsage(record.usage, context, `${prefix}usage`);
  if (usage) {
    result.usage = usage;
  }
  const warning = prefix === '' ? readWarning(record.error, context, 'error') : undefined;
  if (warning !== undefined) {
    result.warning = warning;
  }
  return result;
}

/** A string as sent, `unknown` when absent; anything else makes the answer malformed. */
function readFinishReason(value: unknown): FinishReason | undefined {
  if (value === undefined || value === null) {
    return 'unknown';
  }
  return typeof value === 'string' && value !== '' && value.length <= 64 ? value : undefined;
}

/** `TokenUsage`: `output_tokens` required, `input_tokens` optional; counts are non-negative integers. */
function readUsage(value: unknown, context: ShapeContext, name: string): AnalyzeUsage | undefined {
  if (value === undefined || value === null) {
    return undefined;
  }
  if (!isRecord(value) || !isCount(value.output_tokens)) {
    context.report.droppedFields.add(name);
    return undefined;
  }
  const usage: AnalyzeUsage = { outputTokens: value.output_tokens };
  if (isCount(value.input_tokens)) {
    usage.inputTokens = value.input_tokens;
  } else if (value.input_tokens !== undefined && value.input_tokens !== null) {
    context.report.droppedFields.add(`${name}.input_tokens`);
  }
  return usage;
}

/** `AnalyzeTaskError.message` of a truncation note. */
function readWarning(value: unknown, context: ShapeContext, name: string): string | undefined {
  if (value === undefined || value === null) {
    return undefined;
  }
  if (!isRecord(value) || typeof value.message !== 'string') {
    context.report.droppedFields.add(name);
    return undefined;
  }
  return shorten(context.mask(value.message));
}

function readTaskFailure(value: unknown, context: ShapeContext): { code: string; message: string } {
  const record = isRecord(value) ? value : {};
  const code = typeof record.code === 'string' && CODE_TOKEN.test(record.code) ? context.mask(record.code) : ANALYZE_TASK_FAILED_CODE;
  const message = typeof record.message === 'string' && record.message.trim() !== '' ? shorten(context.mask(record.message)) : 'The analysis failed; the server gave no reason.';
  return { code: CODE_TOKEN.test(code) ? code : ANALYZE_TASK_FAILED_CODE, message };
}

function readStatus(value: unknown): AnalyzeTaskStatus | undefined {
  return typeof value === 'string' && (ANALYZE_TASK_STATUSES as readonly string[]).includes(value) ? (value as AnalyzeTaskStatus) : undefined;
}

/** A task id goes into the next request's path: a plain token. */
function isTaskId(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9_-]{1,128}$/.test(value);
}

function optionalRecord(record: Json, field: string, context: ShapeContext, prefix: string): Json | undefined {
  const value = record[field];
  if (value === undefined || value === null) {
    return undefined;
  }
  if (!isRecord(value)) {
    context.report.droppedFields.add(prefix + field);
    return undefined;
  }
  return value;
}

function optionalText(record: Json | undefined, field: string, context: ShapeContext, prefix: string): string | undefined {
  const value = record?.[field];
  if (value === undefined || value === null) {
    return undefined;
  }
  if (typeof value !== 'string') {
    context.report.droppedFields.add(prefix + field);
    return undefined;
  }
  return value;
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function shorten(text: string): string {
  return text.length > MAX_SERVER_TEXT_CHARS ? `${text.slice(0, MAX_SERVER_TEXT_CHARS)}…` : text;
}
