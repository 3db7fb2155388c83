import * as fs from 'node:fs';
import * as path from 'node:path';
import { pipeline, Transform, type Readable, type TransformCallback } from 'node:stream';
import type { AxiosInstance, AxiosResponse } from 'axios';
import FormData from 'form-data';
import type { Logger } from '../common/logging/logger';
import { Deadline } from './deadline';
import { answerText, malformedAnswer, maskSecrets, toTwelveLabsError } from './errorMapping';
import { TwelveLabsError } from './errors';
import { announcedLength, MAX_RESPONSE_BYTES, readBody, type BodyOutcome } from './responseBody';
import { cancelledError } from './retry';
import { readCreatedId } from './shapes';
import type { CreatedTask, CreateTaskOptions, CreateTaskRequest } from './taskTypes';
import { videoContentType } from './mimeTypes';
import { formatSize } from './assetTypes';

/**
 * `POST /tasks` and `POST /assets` (`postForm`): one multipart request whose file part streams from
 * disk. Loaded only through the client (itself loaded lazily), because form-data and axios must stay
 * off the activation path.
 *
 * Why it is built this way (figures from a loopback run, 512 MiB, see README "Performance"):
 * - axios's `onUploadProgress` in Node wraps the body in a transform stream and throttles its events
 *   to about three a second, so a fast upload reports almost nothing. Counting the file's own chunks
 *   as they enter the multipart stream costs nothing and is accurate to within the stream buffers
 *   (about 1 MiB), so that is what `onProgress` reports.
 * - No overall timeout: a stall timer restarts on every chunk instead. Once the answer's headers are
 *   in, its body gets one more stall period in all, however it trickles.
 * - The file is opened once and everything (the type check, the size, the bytes) comes from that
 *   descriptor, so a path swapped after the caller checked it cannot be read instead. If the file
 *   changes while it uploads, the upload stops before its last byte, so the server never gets a
 *   complete body and cannot index the wrong thing.
 * - Never retried: the server may have created the task (or asset) before the connection broke.
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

/** A file part: the open file, and the name and type the server is told. */
interface FilePart {
  file: VideoFile;
  filename: string;
  contentType: string;
}

export async function postTask(ctx: UploadContext, request: CreateTaskRequest, options: CreateTaskOptions = {}): Promise<CreatedTask> {
  const source = request.source;
  const spec: FormSpec<CreatedTask> = {
    path: '/tasks',
    fileField: 'video_file',
    build: (form, appendFile) => {
      form.append('index_id', request.indexId);
      appendFile();
      if (source.kind === 'url') {
        form.append('video_url', source.url);
      }
      if (request.enableVideoStream !== undefined) {
        form.append('enable_video_stream', request.enableVideoStream ? 'true' : 'false');
      }
      if (request.userMetadata && Object.keys(request.userMetadata).length > 0) {
        form.append('user_metadata', JSON.stringify(request.userMetadata));
      }
    },
    parse: (text) => parseCreated(text),
  };
  return postForm(ctx, spec, options, source.kind === 'file' ? source : undefined);
}

/** A multipart/form-data POST: where it goes, its fields, and how its 2xx answer is read. */
export interface FormSpec<T> {
  /** Path after the base URL, e.g. `/tasks`; also the log label. */
  path: string;
  /** The name of the file parts, when the form has any (repeated for several files). */
  fileField: string;
  /** Appends the fields in order; `appendFile` puts the file parts (if any) where it is called. */
  build: (form: FormData, appendFile: () => void) => void;
  /** The result from the complete text of a 2xx answer; throws a TwelveLabsError when it cannot. */
  parse: (text: string, status: number) => T;
}

/** The file of a form, as the caller names it. `size`: the size the caller checked (see TaskSource). */
export interface FormFileSource {
  path: string;
  filename?: string;
  contentType?: string;
  size?: number;
}

export interface FormPostOptions extends CreateTaskOptions {
  /** Refuse, before anything is sent, a file larger than this (kind `file`, code `file_too_large`). */
  maxFileBytes?: number;
}

/**
 * Sends one form, its file parts (if any) streamed from disk. Each file is opened once, its size
 * checked against `maxFileBytes`; never retried here (a POST that lost its connection may have
 * created what it asked for: only a caller that knows better, such as search, repeats it).
 */
export async function postForm<T>(ctx: UploadContext, spec: FormSpec<T>, options: FormPostOptions, source: FormFileSource | readonly FormFileSource[] | undefined): Promise<T> {
  if (options.signal?.aborted) {
    throw cancelledError();
  }
  const sources: readonly FormFileSource[] = source === undefined ? [] : isSourceList(source) ? source : [source];
  const parts: FilePart[] = [];
  try {
    for (const each of sources) {
      parts.push(await openPart(ctx, each, options.maxFileBytes));
    }
    return await send(ctx, spec, options, parts);
  } finally {
    await Promise.all(parts.map((part) => part.file.close()));
  }
}

function isSourceList(source: FormFileSource | readonly FormFileSource[]): source is readonly FormFileSource[] {
  return Array.isArray(source);
}

/** Opens the file of one part; one over `maxFileBytes` is closed again and refused before anything is sent. */
async function openPart(ctx: UploadContext, source: FormFileSource, maxFileBytes: number | undefined): Promise<FilePart> {
  const filename = source.filename ?? path.basename(source.path);
  const shownName = maskSecrets(filename, ctx.key);
  const file = await VideoFile.open(source.path, shownName, source.size);
  if (maxFileBytes !== undefined && file.size > maxFileBytes) {
    await file.close();
    throw new TwelveLabsError(
      'file',
      0,
      'file_too_large',
      `“${shownName}” is ${formatSize(file.size)}, over the ${formatSize(maxFileBytes)} this kind of upload accepts; nothing was uploaded.`,
    );
  }
  return { file, filename, contentType: source.contentType ?? videoContentType(filename) };
}

async function send<T>(ctx: UploadContext, spec: FormSpec<T>, options: CreateTaskOptions, parts: readonly FilePart[]): Promise<T> {
  const stallMs = options.stallTimeoutMs ?? DEFAULT_STALL_TIMEOUT_MS;
  const watchdog = new Deadline(stallMs, options.signal);
  const total = parts.reduce((sum, part) => sum + part.file.size, 0);
  const sentSoFar = (): number => uploads.reduce((sum, upload) => sum + upload.sent, 0);
  // Progress is of the whole form: each file's chunks count towards one total.
  const uploads: FileUpload[] = parts.map((part) => new FileUpload(part.file, watchdog, stallMs, options.onProgress && (() => options.onProgress?.({ sent: sentSoFar(), total }))));
  const form = buildForm(spec, parts, uploads);
  const started = Date.now();
  const label = `POST ${spec.path}`;
  const problem = (): TwelveLabsError | undefined => uploads.find((upload) => upload.problem)?.problem;
  try {
    options.onProgress?.({ sent: 0, total });
    const response = await post(ctx, spec.path, form, watchdog, problem, stallMs, options.signal);
    // The headers are in: from now on the rest of the answer gets one stall period in all.
    for (const upload of uploads) {
      upload.stopWatching();
    }
    watchdog.restart(stallMs);
    const body = await readBody(response.data, { maxBytes: MAX_RESPONSE_BYTES, signal: watchdog.signal, announcedBytes: announcedLength(response.headers) });
    const result = spec.parse(answer(ctx, response, body, watchdog, stallMs), response.status);
    ctx.logger.debug(`${label} → ${response.status} in ${Date.now() - started} ms (${total} bytes)`);
    return result;
  } catch (error) {
    const mapped = error instanceof TwelveLabsError ? error : toTwelveLabsError(error, { key: ctx.key, now: ctx.now(), aborted: options.signal?.aborted });
    ctx.logger.debug(`${label} → ${mapped.status || mapped.code} after ${Date.now() - started} ms, ${sentSoFar()} of ${total} bytes sent`);
    // A POST that lost its connection may still have created what it asked for: the kind says so, and it is not repeated here.
    throw mapped;
  } finally {
    watchdog.dispose();
    // An aborted request leaves the streams open otherwise.
    for (const upload of uploads) {
      upload.bytes.destroy();
    }
  }
}

function buildForm<T>(spec: FormSpec<T>, parts: readonly FilePart[], uploads: readonly FileUpload[]): FormData {
  const form = new FormData();
  spec.build(form, () => {
    parts.forEach((part, i) => {
      form.append(spec.fileField, uploads[i].bytes, { filename: part.filename, contentType: part.contentType, knownLength: uploads[i].total });
      // After `append`, which paused the stream: listening does not start the flow early.
      uploads[i].listen();
    });
  });
  return form;
}

/** Sends the form; resolves at the answer's headers. A failure of the file wins over the abort it caused. */
async function post(
  ctx: UploadContext,
  url: string,
  form: FormData,
  watchdog: Deadline,
  fileProblem: () => TwelveLabsError | undefined,
  stallMs: number,
  signal: AbortSignal | undefined,
): Promise<AxiosResponse<Readable>> {
  let response: AxiosResponse<Readable>;
  try {
    response = await ctx.http.request<Readable>({
      method: 'POST',
      url,
      data: form,
      headers: { ...form.getHeaders(), 'Content-Length': String(form.getLengthSync()), 'x-api-key': ctx.key },
      signal: watchdog.signal,
      timeout: 0,
      maxBodyLength: Infinity,
    });
  } catch (error) {
    throw fileProblem() ?? (watchdog.expired ? stalled(stallMs) : toTwelveLabsError(error, { key: ctx.key, now: ctx.now(), aborted: signal?.aborted }));
  }
  const problem = fileProblem();
  if (problem) {
    response.data.destroy();
    throw problem;
  }
  return response;
}

/**
 * The file part on its way out: counts what enters the multipart stream, restarts the stall timer on
 * each chunk until the answer starts, and stops the request the moment the file fails or changes.
 */
class FileUpload {
  readonly bytes: Readable;
  readonly total: number;
  sent = 0;
  problem: TwelveLabsError | undefined;
  private watching = true;

  constructor(
    private readonly file: VideoFile,
    private readonly watchdog: Deadline,
    private readonly stallMs: number,
    private readonly onProgress: CreateTaskOptions['onProgress'],
  ) {
    this.bytes = file.bytes();
    this.total = file.size;
  }

  listen(): void {
    this.bytes.on('data', (chunk: Buffer | string) => {
      this.sent += chunk.length;
      if (this.watching) {
        this.watchdog.restart(this.stallMs);
      }
      this.onProgress?.({ sent: this.sent, total: this.total });
    });
    this.bytes.on('error', (error: unknown) => {
      this.problem = this.file.problem(error);
      this.watchdog.abort();
    });
  }

  stopWatching(): void {
    this.watching = false;
  }
}

/** The text of the 2xx answer; a 401 tells `onUnauthorized` which key was refused. */
function answer(ctx: UploadContext, response: AxiosResponse<Readable>, body: BodyOutcome, watchdog: Deadline, stallMs: number): string {
  try {
    return answerText('POST', { status: response.status, headers: response.headers, body }, {
      key: ctx.key,
      now: ctx.now(),
      expired: watchdog.expired,
      timeout: () => answerTimedOut(stallMs),
    });
  } catch (error) {
    if (error instanceof TwelveLabsError && error.status === 401) {
      ctx.onUnauthorized?.(ctx.key);
    }
    throw error;
  }
}

/**
 * The file to upload, open once. Opening never blocks (O_NONBLOCK: a FIFO swapped in for the file
 * would otherwise hold a libuv thread until someone writes to it), and nothing is read before the
 * descriptor is known to be a regular file of the expected size. A multipart upload reads ranges of
 * it (`readAt`), several at once, all from this one descriptor.
 */
export class VideoFile {
  /** Reads of `readAt` not yet done: the descriptor is closed only once none is pending. */
  private readonly reads = new Set<Promise<number>>();

  private constructor(
    private readonly handle: fs.promises.FileHandle,
    /** The file's name as shown to the user: untrusted text, used as plain text only. */
    private readonly name: string,
    readonly size: number,
    /** `mtimeMs` at open: with the size, the file's identity for a resumed upload. */
    readonly modifiedMs: number,
  ) {}

  static async open(filePath: string, name: string, expectedSize: number | undefined): Promise<VideoFile> {
    let handle: fs.promises.FileHandle;
    try {
      // O_NONBLOCK is 0 where the platform has none (Windows), and changes nothing for regular files.
      handle = await fs.promises.open(filePath, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
    } catch (error) {
      throw unreadable(name, error, 'could not be opened');
    }
    try {
      const stat = await handle.stat();
      if (!stat.isFile()) {
        throw new TwelveLabsError('file', 0, 'file_not_regular', `“${name}” is not a regular file (it is a folder, a pipe or a device), so it cannot be uploaded.`);
      }
      if (expectedSize !== undefined && stat.size !== expectedSize) {
        throw new TwelveLabsError('file', 0, 'file_changed', `“${name}” changed after it was checked; nothing was uploaded. Upload it again.`);
      }
      return new VideoFile(handle, name, stat.size, stat.mtimeMs);
    } catch (error) {
      await handle.close().catch(() => undefined);
      throw error instanceof TwelveLabsError ? error : unreadable(name, error, 'could not be read');
    }
  }

  /**
   * Exactly `size` bytes from the descriptor, or an error the moment the file shows it changed: one
   * byte more than `size`, an early end, or a different size or time of change at the end. The error
   * comes before the last byte is passed on, so the multipart body is never completed.
   */
  bytes(): Readable {
    // `end` is inclusive: one byte past the size is asked for, to notice a file that grew.
    const source = this.handle.createReadStream({ start: 0, end: this.size, highWaterMark: READ_CHUNK, autoClose: false });
    const guard = new SizeGuard(this.size, () => this.unchanged());
    pipeline(source, guard, () => undefined);
    return guard;
  }

  /**
   * Reads `length` bytes at `position` into `buffer` (positional: several reads may run at once).
   * Resolves with the count read, which is short only at the end of the file.
   */
  async readAt(buffer: Buffer, length: number, position: number): Promise<number> {
    const read = this.handle.read(buffer, 0, length, position).then(({ bytesRead }) => bytesRead);
    this.reads.add(read);
    try {
      return await read;
    } finally {
      this.reads.delete(read);
    }
  }

  /** The typed error for a failure of the stream from `bytes()`, or of a read of `readAt`. */
  problem(error: unknown): TwelveLabsError {
    return error instanceof FileChanged
      ? new TwelveLabsError('file', 0, 'file_changed', `“${this.name}” changed while it was uploading; nothing was indexed from it. Upload it again.`)
      : unreadable(this.name, error, 'could not be read while uploading', 'nothing was indexed from it. Upload it again once it can be read.');
  }

  /** The typed error for a file that turned out shorter, or different, than it was at open. */
  changed(): TwelveLabsError {
    return this.problem(new FileChanged());
  }

  async close(): Promise<void> {
    // Closing under a pending read could let it read whatever file gets the descriptor number next.
    await Promise.allSettled([...this.reads]);
    await this.handle.close().catch(() => undefined);
  }

  /** The size and time of change are still those seen at open. */
  async unchanged(): Promise<boolean> {
    const stat = await this.handle.stat();
    return stat.size === this.size && stat.mtimeMs === this.modifiedMs;
  }
}

class FileChanged extends Error {}

/** Passes bytes through while they add up to no more than `expected`, and ends only if they add up to exactly that and `unchanged` agrees. */
class SizeGuard extends Transform {
  private seen = 0;

  constructor(
    private readonly expected: number,
    private readonly unchanged: () => Promise<boolean>,
  ) {
    // Buffers as much as one read: with the default (16 KiB in Node 20) every 1 MiB chunk stopped
    // the flow, and a 1 GiB upload ran at half of curl's speed.
    super({ highWaterMark: READ_CHUNK });
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.seen += chunk.length;
    if (this.seen > this.expected) {
      callback(new FileChanged());
      return;
    }
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    if (this.seen !== this.expected) {
      callback(new FileChanged());
      return;
    }
    this.unchanged().then(
      (same) => callback(same ? null : new FileChanged()),
      (error: unknown) => callback(error instanceof Error ? error : new FileChanged()),
    );
  }
}

/** `“name” could not be opened (ENOENT).`: the errno code names what went wrong, in every language. */
export function unreadable(name: string, error: unknown, what: string, consequence?: string): TwelveLabsError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code ?? 'EIO';
  return new TwelveLabsError('file', 0, code, `“${name}” ${what} (${code})${consequence ? `; ${consequence}` : '.'}`);
}

export function stalled(stallMs: number): TwelveLabsError {
  return new TwelveLabsError('noResponse', 0, 'upload_stalled', `The upload made no progress for ${duration(stallMs)}.`);
}

function answerTimedOut(stallMs: number): TwelveLabsError {
  return new TwelveLabsError('noResponse', 0, 'ETIMEDOUT', `The Twelve Labs API did not finish its answer to the upload within ${duration(stallMs)}.`);
}

export function duration(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 1000)} s` : `${ms} ms`;
}

function parseCreated(text: string): CreatedTask {
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch {
    throw malformedAnswer(200);
  }
  const taskId = readCreatedId(value);
  if (taskId === undefined) {
    throw malformedAnswer(200);
  }
  const videoId = (value as { video_id?: unknown }).video_id;
  return { taskId, videoId: typeof videoId === 'string' ? videoId : undefined };
}

