import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AxiosInstance } from 'axios';
import FormData from 'form-data';
import type { Logger } from '../common/logging/logger';
import { fromResponse, toTwelveLabsError } from './errorMapping';
import { TwelveLabsError } from './errors';
import { cancelledError } from './retry';
import type { CreatedTask, CreateTaskOptions, CreateTaskRequest } from './taskTypes';
import { videoContentType } from './mimeTypes';

/**
 * `POST /tasks`: one multipart request whose file part streams from disk. Loaded only through the
 * client (itself loaded lazily), because form-data and axios must stay off the activation path.
 *
 * Why it is built this way (figures from a loopback run, 512 MiB, see README "Performance"):
 * - axios's `onUploadProgress` in Node wraps the body in a transform stream and throttles its events
 *   to about three a second, so a fast upload reports almost nothing. Counting the file's own chunks
 *   as they enter the multipart stream costs nothing and is accurate to within the stream buffers
 *   (about 1 MiB), so that is what `onProgress` reports.
 * - No overall timeout: a stall timer restarts on every chunk instead, and, once the last byte is out,
 *   bounds the wait for the answer.
 * - Never retried: the server may have created the task before the connection broke.
 */

export const DEFAULT_STALL_TIMEOUT_MS = 60_000;
const READ_CHUNK = 1024 * 1024;

export interface UploadContext {
  http: AxiosInstance;
  key: string;
  logger: Logger;
  now: () => number;
  /** Told which key the server refused, so a key rotated meanwhile is not blamed. */
  onUnauthorized?: (keyUsed: string) => void;
}

export async function postTask(ctx: UploadContext, request: CreateTaskRequest, options: CreateTaskOptions = {}): Promise<CreatedTask> {
  const { signal } = options;
  if (signal?.aborted) {
    throw cancelledError();
  }
  const stallMs = options.stallTimeoutMs ?? DEFAULT_STALL_TIMEOUT_MS;
  const form = new FormData();
  form.append('index_id', request.indexId);

  let file: fs.ReadStream | undefined;
  let total = 0;
  let sent = 0;
  let readError: NodeJS.ErrnoException | undefined;
  const source = request.source;
  if (source.kind === 'file') {
    total = await fileSize(source.path);
    // Exactly `total` bytes, whatever happens to the file meanwhile: the Content-Length is promised.
    file = fs.createReadStream(source.path, { highWaterMark: READ_CHUNK, start: 0, end: Math.max(0, total - 1) });
    const filename = source.filename ?? path.basename(source.path);
    form.append('video_file', file, {
      filename,
      contentType: source.contentType ?? videoContentType(filename),
      knownLength: total,
    });
  } else {
    form.append('video_url', source.url);
  }
  if (request.enableVideoStream !== undefined) {
    form.append('enable_video_stream', request.enableVideoStream ? 'true' : 'false');
  }
  if (request.userMetadata && Object.keys(request.userMetadata).length > 0) {
    form.append('user_metadata', JSON.stringify(request.userMetadata));
  }

  const controller = new AbortController();
  let stalled = false;
  let timer: NodeJS.Timeout | undefined;
  const arm = (): void => {
    if (timer) {
      clearTimeout(timer);
    }
    timer = setTimeout(() => {
      stalled = true;
      controller.abort();
    }, stallMs);
  };
  const onAbort = (): void => controller.abort();
  signal?.addEventListener('abort', onAbort, { once: true });

  if (file) {
    const stream = file;
    // Added after `append`, which paused the stream: listening does not start the flow early.
    stream.on('data', (chunk: Buffer | string) => {
      sent += chunk.length;
      arm();
      options.onProgress?.({ sent, total });
    });
    stream.on('error', (error: NodeJS.ErrnoException) => {
      readError = error;
      controller.abort();
    });
  }

  const started = Date.now();
  arm();
  try {
    options.onProgress?.({ sent: 0, total });
    const response = await ctx.http.request<string>({
      method: 'POST',
      url: '/tasks',
      data: form,
      headers: { ...form.getHeaders(), 'Content-Length': String(form.getLengthSync()), 'x-api-key': ctx.key },
      signal: controller.signal,
      timeout: 0,
      maxBodyLength: Infinity,
      maxContentLength: 1024 * 1024,
      // Our own status handling, so the response body is read the same way for every status.
      validateStatus: () => true,
    });
    if (response.status < 200 || response.status >= 300) {
      const error = fromResponse(response, { key: ctx.key, now: ctx.now() });
      if (error.status === 401) {
        ctx.onUnauthorized?.(ctx.key);
      }
      throw error;
    }
    const created = parseCreated(response.data);
    ctx.logger.debug(`POST /tasks → ${response.status} in ${Date.now() - started} ms (${total} bytes)`);
    return created;
  } catch (error) {
    if (error instanceof TwelveLabsError) {
      throw error;
    }
    if (readError) {
      throw new TwelveLabsError(
        'noResponse',
        0,
        readError.code ?? 'EIO',
        `The file could not be read while uploading (${readError.code ?? 'EIO'}).`);
    }
    if (stalled && !signal?.aborted) {
      throw new TwelveLabsError(
        'noResponse',
        0,
        'upload_stalled',
        `The upload made no progress for ${Math.round(stallMs / 1000)} s.`);
    }
    const mapped = toTwelveLabsError(error, { key: ctx.key, now: ctx.now(), aborted: signal?.aborted });
    ctx.logger.debug(`POST /tasks → ${mapped.code} after ${Date.now() - started} ms, ${sent} of ${total} bytes sent`);
    // A POST that lost its connection may still have created the task: say so, and never repeat it.
    throw new TwelveLabsError(mapped.kind, mapped.status, mapped.code, mapped.message, mapped.retryAfterMs);
  } finally {
    if (timer) {
      clearTimeout(timer);
    }
    signal?.removeEventListener('abort', onAbort);
    // An aborted request leaves the file open otherwise.
    file?.destroy();
  }
}

async function fileSize(filePath: string): Promise<number> {
  try {
    const stat = await fs.promises.stat(filePath);
    return stat.size;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
    throw new TwelveLabsError('noResponse', 0, code, `The file could not be read (${code}).`);
  }
}

function parseCreated(data: unknown): CreatedTask {
  let value: unknown = data;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value) as unknown;
    } catch {
      value = undefined;
    }
  }
  const record = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  if (typeof record._id !== 'string' || record._id === '') {
    throw new TwelveLabsError('malformedResponse', 200, 'malformed_response', 'The Twelve Labs API sent a response the extension could not read.');
  }
  return { taskId: record._id, videoId: typeof record.video_id === 'string' ? record.video_id : undefined };
}
