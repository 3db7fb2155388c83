/**
 * Wire shapes and request types of `/tasks` (video uploads). Types and constants only: the UI imports
 * this module on the activation path, so it must never pull in axios or form-data.
 */

/** The documented states; the server may add others, which are treated as "still running". */
export type TaskStatus = 'uploading' | 'validating' | 'pending' | 'queued' | 'indexing' | 'ready' | 'failed' | (string & {});

export const TERMINAL_TASK_STATUSES: readonly string[] = ['ready', 'failed'];

export function isTerminalStatus(status: string): boolean {
  return TERMINAL_TASK_STATUSES.includes(status);
}

/** `POST /tasks` accepts files up to 2 GB. Decimal gigabytes: the docs do not say, and this is the safe reading. */
export const MAX_UPLOAD_BYTES = 2_000_000_000;

export interface TaskSystemMetadata {
  filename?: string;
  duration?: number;
  width?: number;
  height?: number;
}

export interface Task {
  _id: string;
  index_id?: string;
  video_id?: string;
  status: TaskStatus;
  created_at?: string;
  updated_at?: string;
  system_metadata?: TaskSystemMetadata;
  hls?: { video_url?: string; thumbnail_urls?: string[]; status?: string; updated_at?: string };
  /** Not in the OpenAPI document: read when present, so a failure can name its reason. */
  error?: { code?: string; message?: string };
}

export interface CreatedTask {
  taskId: string;
  videoId: string | undefined;
}

export type TaskSource =
  /**
   * Streamed from disk. `size` is the size the caller checked: when given and the open file's size
   * differs, the upload fails at once (kind `file`, code `file_changed`) instead of sending another file.
   */
  | { kind: 'file'; path: string; filename?: string; contentType?: string; size?: number }
  | { kind: 'url'; url: string };

export interface CreateTaskRequest {
  indexId: string;
  source: TaskSource;
  /** Default: the server's (true). */
  enableVideoStream?: boolean;
  userMetadata?: Record<string, string | number | boolean>;
}

export interface UploadProgress {
  /** Bytes of the file handed to the connection so far. */
  sent: number;
  /** Size of the file; 0 for a URL. */
  total: number;
}

export interface CreateTaskOptions {
  signal?: AbortSignal;
  /** Called as bytes go out: `sent` never decreases and ends at `total`. */
  onProgress?: (progress: UploadProgress) => void;
  /**
   * An upload has no overall timeout (a 2 GB file on a slow line takes as long as it takes); it fails
   * when no byte moves, and no answer comes, for this long. Default 60 s.
   */
  stallTimeoutMs?: number;
}

export interface TaskFilters {
  indexId?: string;
  /** Sent as a repeated `status` parameter. */
  status?: TaskStatus[];
}
