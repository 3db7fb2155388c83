/**
 * Wire shapes and request types of assets, multipart upload sessions and indexed assets (the
 * upload path that replaces `/tasks`), plus the route choice by size. Types, constants and small
 * pure functions only: the UI imports this module on the activation path, so it must never pull in
 * axios or form-data (like taskTypes.ts).
 *
 * Wire shapes are named as the server names them (snake_case), so that "Show Details" shows what the
 * API returned; our own types (requests, options, the resumable state) are camelCase.
 */
import { TwelveLabsError } from './errors';
import type { UploadProgress } from './taskTypes';
import type { SortBy, SortOption, VideoSystemMetadata } from './types';

// ---------------------------------------------------------------------------------------------
// Limits and the route choice

/**
 * `POST /assets` with `method=direct`: "Local video and audio files support up to 200 MB". Decimal
 * megabytes, as for `/tasks` (the safe reading; the fake agrees).
 */
export const MAX_DIRECT_ASSET_BYTES = 200_000_000;
/** Multipart sessions: "Video and audio: Up to 10 GB", decimal. */
export const MAX_MULTIPART_BYTES = 10_000_000_000;
/** `POST /assets` with `method=url`: "Public video and audio URLs support up to 4 GB" (the server checks; we cannot). */
export const MAX_URL_ASSET_BYTES = 4_000_000_000;
/** Chunk PUTs in flight at once; the official SDK uses 5 workers. */
export const DEFAULT_CHUNK_CONCURRENCY = 4;
export const MAX_CHUNK_CONCURRENCY = 8;
/** A multipart session lives 24 h from its creation; its chunk URLs 1 h. */
export const UPLOAD_SESSION_TTL_MS = 24 * 60 * 60 * 1000;

export type UploadRoute = 'direct' | 'multipart';

export interface UploadLimits {
  maxDirectBytes: number;
  maxMultipartBytes: number;
}

export const DEFAULT_UPLOAD_LIMITS: UploadLimits = { maxDirectBytes: MAX_DIRECT_ASSET_BYTES, maxMultipartBytes: MAX_MULTIPART_BYTES };

/**
 * How a local file of `size` bytes goes up: one streamed `POST /assets` up to 200 MB, a multipart
 * session up to 10 GB. Throws a `file` TwelveLabsError (`file_empty`, `file_too_large`) for a file
 * that cannot be uploaded at all; `name` is the file name to show in the message.
 */
export function chooseUploadRoute(size: number, name: string, limits: UploadLimits = DEFAULT_UPLOAD_LIMITS): UploadRoute {
  if (!Number.isSafeInteger(size) || size <= 0) {
    throw new TwelveLabsError('file', 0, 'file_empty', `“${name}” is empty, so there is nothing to upload.`);
  }
  if (size <= limits.maxDirectBytes) {
    return 'direct';
  }
  if (size <= limits.maxMultipartBytes) {
    return 'multipart';
  }
  throw new TwelveLabsError(
    'file',
    0,
    'file_too_large',
    `“${name}” is ${formatSize(size)}; Twelve Labs accepts files of at most ${formatSize(limits.maxMultipartBytes)}. Split or compress the video, then upload the parts.`,
  );
}

/** `12.3 GB`: decimal units, as the API states its limits. */
export function formatSize(bytes: number): string {
  for (const [unit, name] of [
    [1e9, 'GB'],
    [1e6, 'MB'],
    [1e3, 'KB'],
  ] as const) {
    if (bytes >= unit) {
      return `${Number((bytes / unit).toFixed(1)).toString()} ${name}`;
    }
  }
  return `${bytes} bytes`;
}

// ---------------------------------------------------------------------------------------------
// Errors of the `upload` kind

/**
 * The codes of `upload` TwelveLabsErrors (and the `file` codes of this path), for the UI to branch on:
 * - `upload_session_expired`: the session passed its 24 h; a new upload is needed (plain message).
 * - `upload_session_ended`: the server no longer has the session (failed, cancelled, its asset deleted).
 * - `upload_file_changed`: the file's size or modification time differs from the resumable state's,
 *   or it changed during the upload; ask the user before starting a new session.
 * - `asset_failed`: the platform could not process the uploaded file; the message has its reason.
 * - `asset_wait_timeout`: the asset was still processing when the wait gave up (it may still finish).
 */
export type UploadErrorCode = 'upload_session_expired' | 'upload_session_ended' | 'upload_file_changed' | 'asset_failed' | 'asset_wait_timeout';

export const UPLOAD_ERROR_CODES: readonly UploadErrorCode[] = ['upload_session_expired', 'upload_session_ended', 'upload_file_changed', 'asset_failed', 'asset_wait_timeout'];

// ---------------------------------------------------------------------------------------------
// Assets

export type AssetStatus = 'processing' | 'ready' | 'failed' | (string & {});
export type AssetMethod = 'direct' | 'url' | 'multipart' | (string & {});
export type AssetType = 'video' | 'audio' | 'image';
export type MediaStatus = 'pending' | 'processing' | 'ready' | 'error' | (string & {});

/** User metadata as the spec describes it: string keys, scalar values. */
export type UserMetadata = Record<string, string | number | boolean>;

/**
 * An asset, read and checked at the client boundary (assetShapes.ts): `_id` and `status` are always
 * there; every other field present has the declared type. Unknown fields are kept (bounded).
 */
export interface Asset {
  _id: string;
  status: AssetStatus;
  method?: AssetMethod;
  filename?: string;
  file_type?: string;
  /** RFC 3339. */
  created_at?: string;
  user_metadata?: UserMetadata;
  hls?: { manifest_url?: string; status?: MediaStatus };
  thumbnail?: { representative_url?: string; status?: MediaStatus };
  /** Kept as sent (bounded): codecs, sizes, streams. */
  technical_metadata?: Record<string, unknown>;
  size?: number;
  duration?: number;
  /** Not in the OpenAPI document: read when present, so a failure can name its reason (masked). */
  error?: { code?: string; message?: string };
}

export interface AssetFilters {
  filename?: string;
  assetIds?: string[];
  assetTypes?: AssetType[];
}

interface AssetOptionsBase {
  /** The name the platform gives the asset; default: the file's (or URL's) own. 1–255 characters. */
  filename?: string;
  enableHls?: boolean;
  enableThumbnail?: boolean;
  userMetadata?: UserMetadata;
}

/** `POST /assets` with `method=direct`: a local file of at most 200 MB, streamed. */
export interface DirectAssetRequest extends AssetOptionsBase {
  path: string;
  contentType?: string;
  /** The size the caller checked; a different size at open is `file_changed`, nothing sent. */
  size?: number;
}

/** `POST /assets` with `method=url`. */
export interface UrlAssetRequest extends AssetOptionsBase {
  url: string;
}

export interface AssetUploadOptions {
  signal?: AbortSignal;
  /** Called as bytes go out: `sent` never decreases and ends at `total`. */
  onProgress?: (progress: UploadProgress) => void;
  /** No byte moved and no answer came for this long: `upload_stalled`. Default: the client's, else 60 s. */
  stallTimeoutMs?: number;
}

export interface AssetWaitOptions {
  signal?: AbortSignal;
  /** First wait between polls; default 1 s. */
  initialDelayMs?: number;
  /** The waits grow 1.5× up to this; default 10 s. */
  maxDelayMs?: number;
  /** Give up (`asset_wait_timeout`) after this long; default 30 min. */
  timeoutMs?: number;
  /** Called with each answer while the asset is processing. */
  onStatus?: (asset: Asset) => void;
}

// ---------------------------------------------------------------------------------------------
// Multipart sessions (wire shapes)

export interface PresignedUrl {
  /** 1-based. */
  chunk_index: number;
  /** Carries its own signature: never logged, never persisted. */
  url: string;
  /** RFC 3339; absent when the server did not say (then it is treated as 1 h from receipt). */
  expires_at?: string;
}

/** `POST /assets/multipart-uploads` → 201. */
export interface MultipartSession {
  upload_id: string;
  asset_id: string;
  upload_urls: PresignedUrl[];
  /** Headers every chunk PUT must carry (signed by the storage). */
  upload_headers: Record<string, string>;
  chunk_size: number;
  total_chunks: number;
  /** The session's own expiry (24 h), RFC 3339. */
  expires_at?: string;
}

export interface StartMultipartRequest {
  filename: string;
  type: AssetType;
  totalSize: number;
  enableHls?: boolean;
  enableThumbnail?: boolean;
  userMetadata?: UserMetadata;
}

/** One chunk for `POST /assets/multipart-uploads/{id}`. */
export interface CompletedChunk {
  /** 1-based. */
  chunkIndex: number;
  /** The storage's ETag for the PUT, as it sent it (quotes kept: the server accepts both). */
  proof: string;
  /** Bytes of this chunk (the last may be smaller than the session's chunk size). */
  chunkSize: number;
}

/** `POST /assets/multipart-uploads/{id}` → 200. `url` only once every chunk is reported. */
export interface ChunkReport {
  url?: string;
  asset_id?: string;
  processed_chunks?: number;
  duplicate_chunks?: number;
  total_completed?: number;
}

/** `POST …/{id}/presigned-urls` → 200. */
export interface PresignedUrlBatch {
  upload_id?: string;
  start_index?: number;
  count?: number;
  upload_urls: PresignedUrl[];
  generated_at?: string;
  expires_at?: string;
}

export type UploadSessionStatus = 'active' | 'completed' | 'failed' | 'expired' | (string & {});
export type ChunkUploadStatus = 'completed' | 'pending' | 'failed' | (string & {});

export interface UploadChunkState {
  /** 1-based. */
  index: number;
  status: ChunkUploadStatus;
  uploaded_at?: string;
  updated_at?: string;
  error?: string;
}

/** `GET /assets/multipart-uploads/{id}`: one page of per-chunk status. */
export interface UploadStatus {
  upload_id?: string;
  status: UploadSessionStatus;
  uploaded_chunks: UploadChunkState[];
  chunks_completed?: number;
  chunks_failed?: number;
  chunks_pending?: number;
  page_info: { page: number; limit_per_page: number; total_page: number; total_results: number };
  total_size?: number;
  uploaded_size?: number;
  created_at?: string;
  updated_at?: string;
}

/** An item of `GET /assets/multipart-uploads` (sessions not completed). */
export interface IncompleteUpload {
  upload_id: string;
  status: UploadSessionStatus;
  total_size?: number;
  chunk_size?: number;
  total_chunks?: number;
  created_at?: string;
  expires_at?: string;
}

// ---------------------------------------------------------------------------------------------
// The multipart uploader: request, options, progress, and what a caller persists to resume

/** The file as it was when the session started: a different size or mtime means another file. */
export interface FileIdentity {
  path: string;
  size: number;
  /** `fs.Stats.mtimeMs`. */
  mtimeMs: number;
}

/**
 * Everything a caller keeps to resume an upload after a reload, a crash or a pause: small, JSON-safe,
 * cheap to write to globalState on every `onState`. Never the key, never a presigned URL.
 */
export interface ResumableUpload {
  version: 1;
  uploadId: string;
  assetId: string;
  /** The name the session was created with. */
  filename: string;
  type: AssetType;
  file: FileIdentity;
  totalSize: number;
  chunkSize: number;
  totalChunks: number;
  /**
   * The session's `upload_headers`, which every chunk PUT must carry and which no other answer
   * repeats (content type, encryption settings; not credentials: those are in each URL).
   */
  uploadHeaders: Record<string, string>;
  /** 1-based indexes the server confirmed, ascending. */
  completedChunks: number[];
  /**
   * Chunks the storage holds (ETag in hand) that the server has not confirmed yet: reported first on
   * resume, so they are not sent again. An ETag is a digest of the chunk, not a secret.
   */
  unreportedChunks: { chunkIndex: number; proof: string }[];
  /** The session's end (RFC 3339): after it, resuming gives `upload_session_expired`. */
  sessionExpiresAt: string;
  /** When this upload began (RFC 3339), for the UI. */
  startedAt: string;
}

export interface MultipartUploadRequest {
  path: string;
  /** Default: the file's base name. */
  filename?: string;
  /** Default: `audio` for an audio file name, else `video`. */
  type?: AssetType;
  enableHls?: boolean;
  enableThumbnail?: boolean;
  userMetadata?: UserMetadata;
  /** An earlier run's state: only the chunks the server does not have are sent. */
  resume?: ResumableUpload;
}

export interface MultipartProgress extends UploadProgress {
  /** `uploading` while chunks go out; `processing` once all are in and the asset is awaited. */
  phase: 'uploading' | 'processing';
  chunksCompleted: number;
  totalChunks: number;
}

export interface MultipartUploadOptions {
  /** Aborting stops every PUT at once; the last `onState` is then a consistent resumable state (a pause). */
  signal?: AbortSignal;
  /**
   * `sent` counts bytes as they go out (within about 1 MiB per chunk in flight), chunks the server
   * already had included; it never decreases (a chunk sent again is not counted twice).
   */
  onProgress?: (progress: MultipartProgress) => void;
  /** Called whenever the resumable state changes (session started, a chunk stored, a batch confirmed). */
  onState?: (state: ResumableUpload) => void;
  /** Chunk PUTs in flight at once; default 4, at most 8. */
  concurrency?: number;
  /** Per PUT: no byte moved (or no answer came) for this long ends it, and it is retried. Default: the client's, else 60 s. */
  stallTimeoutMs?: number;
  /** Attempts per chunk for resets, 5xx and stalls; default 5. */
  maxChunkAttempts?: number;
  /** Confirmed chunks are reported once this many are waiting (and at the end); default 10. */
  reportBatchSize?: number;
  /** Wait for the asset to be `ready` (default true); false returns the asset as it is once the upload is complete. */
  waitForReady?: boolean;
  assetWait?: Omit<AssetWaitOptions, 'signal'>;
}

// ---------------------------------------------------------------------------------------------
// Indexed assets

export type IndexedAssetStatus = 'pending' | 'queued' | 'indexing' | 'ready' | 'failed' | (string & {});

export const TERMINAL_INDEXED_ASSET_STATUSES: readonly string[] = ['ready', 'failed'];

/** The same fields a video has: filename, duration (s), fps, width, height, size (bytes). */
export type IndexedAssetSystemMetadata = VideoSystemMetadata;

export type HlsStatus = 'PROCESSING' | 'COMPLETE' | 'CANCELED' | 'ERROR' | (string & {});

export interface TranscriptionLine {
  start: number;
  end: number;
  value: string;
}

/**
 * An indexed asset (list items carry neither `user_metadata` nor `hls`). `_id` and `status` are
 * always there; every other field present has the declared type.
 */
export interface IndexedAsset {
  _id: string;
  status: IndexedAssetStatus;
  asset_id?: string;
  created_at?: string;
  updated_at?: string;
  indexed_at?: string;
  system_metadata?: IndexedAssetSystemMetadata;
  user_metadata?: UserMetadata;
  hls?: { video_url?: string; thumbnail_urls?: string[]; status?: HlsStatus; updated_at?: string };
  /** Only with `transcription: true`. */
  transcription?: TranscriptionLine[];
  /** Not in the OpenAPI document: read when present, so a failure can name its reason (masked). */
  error?: { code?: string; message?: string };
}

export interface IndexAssetRequest {
  assetId: string;
  /** Sent only when set; the server's default here is false. */
  enableVideoStream?: boolean;
  userMetadata?: UserMetadata;
}

export interface CreatedIndexedAsset {
  id: string;
  assetId: string;
}

export interface NumberRange {
  gte?: number;
  lte?: number;
}

/** Query filters of `GET /indexes/{id}/indexed-assets`. Unset fields are not sent. */
export interface IndexedAssetFilters {
  /** Sent as a repeated `status` parameter. */
  status?: IndexedAssetStatus[];
  /** Case-insensitive substring. */
  filename?: string;
  sortBy?: SortBy;
  sortOption?: SortOption;
  /** RFC 3339. */
  createdAt?: string;
  updatedAt?: string;
  /** `duration[gte]=…` style. */
  duration?: NumberRange;
  fps?: NumberRange;
  width?: NumberRange;
  height?: NumberRange;
  size?: NumberRange;
  /** Exact matches on user metadata; keys that name another filter are refused. */
  userMetadata?: UserMetadata;
}

/**
 * Query keys of the indexed-assets list with a meaning of their own: a user_metadata filter may not
 * take them, so a metadata field of that name could be stored but never filtered on.
 */
export const RESERVED_INDEXED_ASSET_PARAMS: readonly string[] = [
  'page',
  'page_limit',
  'sort_by',
  'sort_option',
  'status',
  'filename',
  'created_at',
  'updated_at',
  'duration',
  'fps',
  'width',
  'height',
  'size',
  'transcription',
];

/** `PATCH`: a value sets the field, `null` deletes it. */
export type UserMetadataChanges = Record<string, string | number | boolean | null>;
