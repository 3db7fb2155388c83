// /assets: uploaded media (direct form-data uploads, URL imports, and the assets that multipart
// sessions create). The fake cannot decode media or fetch the internet, so what a real platform
// learns from the file (type, duration, resolution) is derived from the name, MIME type and size.
import { json, mediaType, type Outcome } from './http';
import {
  assetInUse,
  contentTypeInvalid,
  fileTooLarge,
  parameterInvalid,
  parameterNotProvided,
  resourceNotExist,
} from './messages';
import { paginate, parseFilteredListQuery, sortItems } from './paging';
import type { Route, RouteContext } from './routes';
import { iso, type FakeStore } from './state';
import type { TaskAdvance } from './tasks';
import { formBoolean, isFile, noQueryAllowed, OBJECT_ID, queryBoolean, unknownField, userMetadataString, validFilename } from './bodies';

export type AssetStatus = 'processing' | 'ready' | 'failed';
export type AssetMethod = 'direct' | 'url' | 'multipart';
export type AssetType = 'video' | 'audio' | 'image';
type MediaStatus = 'pending' | 'processing' | 'ready' | 'error';

/** Scalar user metadata, as the spec's UserMetadata describes it. */
export type UserMetadata = Record<string, string | number | boolean>;

/** An asset as `GET /assets/{id}` returns it (`AssetDetail` in the OpenAPI document). */
export interface FakeAsset {
  _id: string;
  method: AssetMethod;
  status: AssetStatus;
  filename: string;
  file_type: string;
  created_at: string;
  user_metadata?: UserMetadata;
  hls?: { manifest_url?: string; status: MediaStatus };
  thumbnail?: { representative_url?: string; status: MediaStatus };
  technical_metadata?: Record<string, string | number | boolean>;
  size?: number;
  duration?: number;
  error?: { message: string };
}

export interface StoredAsset {
  id: string;
  seq: number;
  method: AssetMethod;
  /** Undefined when neither the MIME type nor the extension says: such an asset fails validation. */
  type: AssetType | undefined;
  mimeType: string;
  filename: string;
  size: number;
  createdAt: number;
  updatedAt: number;
  userMetadata: UserMetadata | undefined;
  enableHls: boolean;
  enableThumbnail: boolean;
  status: AssetStatus;
  /** When validation started: creation, or the last reported chunk of a multipart upload; undefined before. */
  processingSince: number | undefined;
  steps: number;
  /** Why validation will fail (the `error.message` of a failed asset). */
  failure: string | undefined;
  /** Seconds, when seeded with one; otherwise derived from the size (`durationOf`). */
  duration?: number;
}

/** "Video and audio, local files: Up to 200 MB" (spec). Decimal megabytes, as for /tasks [?]. */
export const MAX_DIRECT_BYTES = 200_000_000;
/** "Images: Up to 32 MB" (spec). */
export const MAX_IMAGE_BYTES = 32_000_000;
/** The size the fake pretends a URL import has: it never downloads anything [?]. */
export const URL_ASSET_BYTES = 50_000_000;
/** A `url` containing this marker imports as a failed asset, as an unreachable URL would. */
export const FAIL_URL_MARKER = 'fake-fail';
/**
 * Polls (or `everyMs` periods) from `processing` to `ready`. Two, not one: in `poll` mode the first
 * retrieve still shows `processing`, so a client's wait loop is exercised and not skipped.
 */
export const ASSET_READY_AFTER_STEPS = 2;

const EXTENSIONS: Record<string, [AssetType, string]> = {
  mp4: ['video', 'video/mp4'],
  m4v: ['video', 'video/x-m4v'],
  mov: ['video', 'video/quicktime'],
  mkv: ['video', 'video/x-matroska'],
  webm: ['video', 'video/webm'],
  avi: ['video', 'video/x-msvideo'],
  mp3: ['audio', 'audio/mpeg'],
  m4a: ['audio', 'audio/mp4'],
  wav: ['audio', 'audio/wav'],
  aac: ['audio', 'audio/aac'],
  flac: ['audio', 'audio/flac'],
  ogg: ['audio', 'audio/ogg'],
  jpg: ['image', 'image/jpeg'],
  jpeg: ['image', 'image/jpeg'],
  png: ['image', 'image/png'],
  webp: ['image', 'image/webp'],
  gif: ['image', 'image/gif'],
};

/** What a real platform would sniff from the bytes: here the part's MIME type, else the extension. */
export function mediaOf(mimeType: string | undefined, filename: string): { type: AssetType | undefined; mimeType: string } {
  const mime = (mimeType ?? '').toLowerCase();
  const family = /^(video|audio|image)\//.exec(mime)?.[1] as AssetType | undefined;
  if (family) return { type: family, mimeType: mime };
  const ext = /\.([a-z0-9]+)$/i.exec(filename)?.[1].toLowerCase();
  const known = ext === undefined ? undefined : EXTENSIONS[ext];
  if (known) return { type: known[0], mimeType: known[1] };
  return { type: undefined, mimeType: mime || 'application/octet-stream' };
}

/** The MIME type of a multipart session's file, whose `type` the client declares. */
export function mimeForDeclaredType(type: AssetType, filename: string): string {
  const found = mediaOf(undefined, filename);
  return found.type === type ? found.mimeType : `${type}/*`;
}

/** Steps a time-based advance owes since `since` (epoch ms); none for `poll` and `instant`. */
export function stepsDue(advance: TaskAdvance, since: number, nowMs: number): number {
  if (typeof advance !== 'object' || advance.everyMs <= 0) return 0;
  return Math.floor((nowMs - since) / advance.everyMs);
}

/** An asset's duration in seconds: the one it was seeded with, else what its size gives (`assetDuration`). */
export function durationOf(asset: Pick<StoredAsset, 'type' | 'size' | 'duration'>): number | undefined {
  return asset.type === 'image' ? undefined : (asset.duration ?? assetDuration(asset.type, asset.size));
}

/** The fake cannot decode media: a duration from the size, at ~2 Mbit/s for video (as for tasks) and 128 kbit/s for audio. */
export function assetDuration(type: AssetType | undefined, size: number): number | undefined {
  if (type === 'video') return Math.max(4, Math.round(size / 250_000));
  if (type === 'audio') return Math.max(1, Math.round(size / 16_000));
  return undefined;
}

export interface NewAsset {
  method: AssetMethod;
  type: AssetType | undefined;
  mimeType: string;
  filename: string;
  size: number;
  enableHls?: boolean;
  enableThumbnail?: boolean;
  userMetadata?: UserMetadata;
  /** Validation will fail with this message. */
  failure?: string;
  /** False for a multipart session's asset: it waits for the last chunk. Default true. */
  startProcessing?: boolean;
}

export interface AssetSeedOptions {
  filenamePrefix?: string;
  type?: AssetType;
  size?: number;
  /** Seconds, instead of what the size gives (a video over an hour, or under the 4 s minimum, for analysis tests). */
  duration?: number;
  enableHls?: boolean;
  enableThumbnail?: boolean;
  userMetadata?: UserMetadata;
}

export interface AssetBookOptions {
  maxDirectBytes?: number;
  maxImageBytes?: number;
}

/** The account's assets. Like TaskBook, progress is applied lazily on reads: no timers. */
export class AssetBook {
  private readonly assets = new Map<string, StoredAsset>();
  private readonly failures: string[] = [];
  private seq = 0;
  maxDirectBytes: number;
  maxImageBytes: number;

  constructor(
    private readonly store: FakeStore,
    private readonly now: () => Date,
    /** Shared with the tasks, so one `setTaskAdvance` drives every asynchronous resource. */
    private readonly advance: () => TaskAdvance,
    readonly storageOrigin: string,
    options: AssetBookOptions = {},
  ) {
    this.maxDirectBytes = options.maxDirectBytes ?? MAX_DIRECT_BYTES;
    this.maxImageBytes = options.maxImageBytes ?? MAX_IMAGE_BYTES;
  }

  /** The next asset to finish processing fails with this message (queued: one per asset). */
  failNext(message: string): void {
    this.failures.push(message);
  }

  create(input: NewAsset): StoredAsset {
    const at = this.now().getTime();
    const asset: StoredAsset = {
      id: this.store.newId(),
      seq: ++this.seq,
      method: input.method,
      type: input.type,
      mimeType: input.mimeType,
      filename: input.filename,
      size: input.size,
      createdAt: at,
      updatedAt: at,
      userMetadata: input.userMetadata ? { ...input.userMetadata } : undefined,
      enableHls: input.enableHls ?? false,
      enableThumbnail: input.enableThumbnail ?? false,
      status: 'processing',
      processingSince: undefined,
      steps: 0,
      failure: input.failure,
    };
    this.assets.set(asset.id, asset);
    if (input.startProcessing !== false) this.startProcessing(asset);
    return asset;
  }

  /** Validation begins: at creation, or when a multipart upload's last chunk is reported. */
  startProcessing(asset: StoredAsset): void {
    if (asset.processingSince !== undefined) return;
    asset.processingSince = this.now().getTime();
    asset.updatedAt = asset.processingSince;
    if (asset.failure === undefined && asset.type === undefined) asset.failure = 'The file type is not supported.';
    if (asset.failure === undefined && asset.size === 0) asset.failure = 'The file is empty or corrupt.';
    asset.failure ??= this.failures.shift();
    if (this.advance() === 'instant') this.step(asset, ASSET_READY_AFTER_STEPS);
  }

  get(id: string): StoredAsset | undefined {
    const asset = this.assets.get(id);
    if (asset) this.catchUp(asset);
    return asset;
  }

  /** A retrieve of one asset: in `poll` mode it moves one step first. */
  poll(id: string): StoredAsset | undefined {
    const asset = this.get(id);
    if (asset && this.advance() === 'poll') this.step(asset, 1);
    return asset;
  }

  all(): StoredAsset[] {
    const assets = [...this.assets.values()];
    for (const asset of assets) this.catchUp(asset);
    return assets;
  }

  delete(id: string): boolean {
    return this.assets.delete(id);
  }

  /** Ready video assets named `<prefix>-001.mp4`..., created one minute apart, oldest first. */
  seed(count: number, options: AssetSeedOptions = {}): StoredAsset[] {
    const type = options.type ?? 'video';
    const ext = type === 'video' ? 'mp4' : type === 'audio' ? 'mp3' : 'jpg';
    const base = this.now().getTime();
    const out: StoredAsset[] = [];
    for (let k = 1; k <= count; k++) {
      const filename = `${options.filenamePrefix ?? 'asset'}-${String(this.seq + 1).padStart(3, '0')}.${ext}`;
      const asset = this.create({
        method: 'direct',
        type,
        mimeType: mediaOf(undefined, filename).mimeType,
        filename,
        size: options.size ?? 5_000_000 * k,
        enableHls: options.enableHls,
        enableThumbnail: options.enableThumbnail,
        userMetadata: options.userMetadata,
        startProcessing: false,
      });
      if (options.duration !== undefined) asset.duration = options.duration;
      asset.createdAt = base - (count - k + 1) * 60_000;
      asset.processingSince = asset.createdAt;
      asset.status = 'ready';
      asset.steps = ASSET_READY_AFTER_STEPS;
      asset.updatedAt = asset.createdAt;
      out.push(asset);
    }
    return out;
  }

  private catchUp(asset: StoredAsset): void {
    if (asset.processingSince === undefined) return;
    const due = stepsDue(this.advance(), asset.processingSince, this.now().getTime());
    if (due > asset.steps) this.step(asset, due - asset.steps);
  }

  private step(asset: StoredAsset, count: number): void {
    if (asset.processingSince === undefined) return;
    for (let i = 0; i < count && asset.status === 'processing'; i++) {
      asset.steps++;
      if (asset.steps < ASSET_READY_AFTER_STEPS) continue;
      asset.status = asset.failure === undefined ? 'ready' : 'failed';
      asset.updatedAt = Math.max(asset.createdAt, this.now().getTime());
    }
  }

  /** `AssetDetail`: what retrieve and list show. */
  toWire(asset: StoredAsset): FakeAsset {
    const wire: FakeAsset = {
      _id: asset.id,
      method: asset.method,
      status: asset.status,
      filename: asset.filename,
      file_type: asset.mimeType,
      created_at: iso(asset.createdAt),
    };
    if (asset.userMetadata) wire.user_metadata = { ...asset.userMetadata };
    const media = this.mediaStatus(asset);
    // "Applicable to video and audio assets only": an image asked for HLS simply gets none [?].
    if (asset.enableHls && asset.type !== 'image') {
      wire.hls = media === 'ready' ? { manifest_url: `${this.storageOrigin}/hls/${asset.id}/index.m3u8`, status: media } : { status: media };
    }
    if (asset.enableThumbnail) {
      wire.thumbnail = media === 'ready' ? { representative_url: `${this.storageOrigin}/thumbnails/${asset.id}.jpg`, status: media } : { status: media };
    }
    // "omitted from the response while the status of the asset is `processing`"; partial when failed.
    if (asset.status === 'ready') wire.technical_metadata = technicalMetadata(asset);
    if (asset.status === 'failed') wire.technical_metadata = { file_size_bytes: asset.size, file_mime_type: asset.mimeType };
    if (asset.status === 'ready') {
      wire.size = asset.size;
      const duration = durationOf(asset);
      if (duration !== undefined) wire.duration = duration;
    }
    if (asset.status === 'failed') wire.error = { message: asset.failure ?? 'The platform could not process the file.' };
    return wire;
  }

  /** `Asset`: the create answer, which has none of the processing details. */
  toCreated(asset: StoredAsset): Pick<FakeAsset, '_id' | 'method' | 'status' | 'filename' | 'file_type' | 'created_at' | 'user_metadata'> {
    const { _id, method, status, filename, file_type, created_at, user_metadata } = this.toWire(asset);
    return user_metadata === undefined ? { _id, method, status, filename, file_type, created_at } : { _id, method, status, filename, file_type, created_at, user_metadata };
  }

  private mediaStatus(asset: StoredAsset): MediaStatus {
    if (asset.status === 'ready') return 'ready';
    if (asset.status === 'failed') return 'error';
    return asset.processingSince === undefined ? 'pending' : 'processing';
  }
}

function technicalMetadata(asset: StoredAsset): Record<string, string | number | boolean> {
  const base = { file_size_bytes: asset.size, file_mime_type: asset.mimeType };
  const duration = durationOf(asset) ?? 0;
  if (asset.type === 'image') {
    return { ...base, image_width: 1920, image_height: 1080, image_format: asset.mimeType.split('/')[1] ?? 'jpeg', has_alpha: false, is_animated: false };
  }
  if (asset.type === 'audio') {
    return { ...base, audio_codec: 'aac', audio_sample_rate: 48_000, audio_channels: 2, audio_duration_seconds: duration, has_audio: true, total_video_streams: 0, total_audio_streams: 1 };
  }
  return {
    ...base,
    video_codec: 'h264',
    video_width: 1280,
    video_height: 720,
    video_fps: 30,
    video_duration_seconds: duration,
    audio_codec: 'aac',
    has_audio: true,
    total_video_streams: 1,
    total_audio_streams: 1,
  };
}

const CREATE_FIELDS = ['method', 'file', 'url', 'filename', 'enable_hls', 'enable_thumbnail', 'user_metadata'];
const LIST_QUERY = ['page', 'page_limit', 'asset_ids', 'asset_types', 'filename'];
const ASSET_TYPES: readonly string[] = ['image', 'video', 'audio'];

function basename(url: URL): string {
  const last = url.pathname.split('/').pop() ?? '';
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

function createAsset(ctx: RouteContext): Outcome {
  const unknownQuery = noQueryAllowed(ctx);
  if (unknownQuery) return unknownQuery;
  if (mediaType(ctx.headers['content-type']) !== 'multipart/form-data') return contentTypeInvalid('multipart/form-data');
  if (ctx.body.kind !== 'multipart') return parameterInvalid('body');
  const fields = ctx.body.fields;
  const unknown = unknownField(ctx, fields, CREATE_FIELDS);
  if (unknown) return unknown;
  const method = fields.method;
  if (method === undefined || method === '') return parameterNotProvided('method');
  if (method !== 'direct' && method !== 'url') return parameterInvalid('method');

  const hls = formBoolean(fields.enable_hls, 'enable_hls');
  if (!hls.ok) return hls.error;
  const thumbnail = formBoolean(fields.enable_thumbnail, 'enable_thumbnail');
  if (!thumbnail.ok) return thumbnail.error;
  let userMetadata: UserMetadata | undefined;
  if (fields.user_metadata !== undefined) {
    const parsed = userMetadataString(fields.user_metadata, 'user_metadata');
    if (!parsed.ok) return parsed.error;
    userMetadata = parsed.value;
  }
  if (fields.filename !== undefined && !validFilename(fields.filename)) return parameterInvalid('filename');
  const given = typeof fields.filename === 'string' ? fields.filename : undefined;
  const books = ctx.assets;

  if (method === 'direct') {
    // One source per method: a stray `url` beside a file is a client bug, not something to ignore [?].
    if (fields.url !== undefined) return parameterInvalid('url');
    const file = fields.file;
    if (file === undefined) return parameterNotProvided('file');
    if (!isFile(file)) return parameterInvalid('file');
    const filename = given ?? (file.filename || 'asset');
    const media = mediaOf(file.mimeType, file.filename || filename);
    const limit = media.type === 'image' ? books.maxImageBytes : books.maxDirectBytes;
    if (file.size > limit) return fileTooLarge(limit);
    const asset = books.create({
      method,
      ...media,
      filename,
      size: file.size,
      enableHls: hls.value,
      enableThumbnail: thumbnail.value,
      userMetadata,
    });
    return json(201, books.toCreated(asset));
  }

  if (fields.file !== undefined) return parameterInvalid('file');
  const raw = fields.url;
  if (raw === undefined || raw === '') return parameterNotProvided('url');
  let url: URL;
  try {
    if (typeof raw !== 'string') throw new Error('not text');
    url = new URL(raw);
  } catch {
    return parameterInvalid('url');
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') return parameterInvalid('url');
  const filename = given ?? (basename(url) || 'asset');
  const media = mediaOf(undefined, basename(url) || filename);
  const asset = books.create({
    method,
    ...media,
    filename,
    size: media.type === 'image' ? 1_000_000 : URL_ASSET_BYTES,
    enableHls: hls.value,
    enableThumbnail: thumbnail.value,
    userMetadata,
    failure: url.href.includes(FAIL_URL_MARKER) ? 'The platform could not download the file from the URL.' : undefined,
  });
  return json(201, books.toCreated(asset));
}

/** Newest first (the spec's only order); `filename` is case-insensitive and partial, as the spec says. */
function listAssets(ctx: RouteContext): Outcome {
  const parsed = parseFilteredListQuery(ctx.query, LIST_QUERY, ctx.settings.rejectUnknownFields);
  if (!parsed.ok) return parsed.error;
  const ids = ctx.query.asset_ids?.split(',').map((s) => s.trim());
  const types = ctx.query.asset_types?.split(',').map((s) => s.trim());
  if (types && !types.every((t) => ASSET_TYPES.includes(t))) return parameterInvalid('asset_types');
  const needle = ctx.query.filename?.toLowerCase();
  const matching = ctx.assets.all().filter((asset) => {
    if (ids && !ids.includes(asset.id)) return false;
    if (types && (asset.type === undefined || !types.includes(asset.type))) return false;
    if (needle !== undefined && !asset.filename.toLowerCase().includes(needle)) return false;
    return true;
  });
  const list = { ...parsed.value.list, sortBy: 'created_at' as const, sortOption: 'desc' as const };
  const page = paginate(sortItems(matching, list), list);
  return json(200, { data: page.data.map((a) => ctx.assets.toWire(a)), page_info: page.page_info });
}

function lookup(ctx: RouteContext, poll: boolean): { ok: true; asset: StoredAsset } | { ok: false; error: Outcome } {
  const id = ctx.params.assetId;
  if (!OBJECT_ID.test(id) && ctx.settings.malformedIdError === 'parameter_invalid') return { ok: false, error: parameterInvalid('asset_id') };
  const asset = OBJECT_ID.test(id) ? (poll ? ctx.assets.poll(id) : ctx.assets.get(id)) : undefined;
  // The asset endpoints document 400 only, so notFoundStatus applies as for indexes.
  if (!asset) return { ok: false, error: resourceNotExist(ctx.settings.notFoundStatus, id, 'assets') };
  return { ok: true, asset };
}

function retrieveAsset(ctx: RouteContext): Outcome {
  const unknownQuery = noQueryAllowed(ctx);
  if (unknownQuery) return unknownQuery;
  const found = lookup(ctx, true);
  if (!found.ok) return found.error;
  return json(200, ctx.assets.toWire(found.asset));
}

/** 200 without a body, as the spec documents; 409 while an indexed asset references it, unless `force`. */
function deleteAsset(ctx: RouteContext): Outcome {
  const unknownQuery = noQueryAllowed(ctx, ['force']);
  if (unknownQuery) return unknownQuery;
  const force = queryBoolean(ctx.query, 'force');
  if (!force.ok) return force.error;
  const found = lookup(ctx, false);
  if (!found.ok) return found.error;
  const references = ctx.indexedAssets.referencing(found.asset.id);
  if (references > 0 && force.value !== true) return assetInUse(found.asset.id, references);
  ctx.assets.delete(found.asset.id);
  ctx.multipart.assetDeleted(found.asset.id);
  return emptyOk();
}

/** A content-less 200: the spec's answer for several deletes and updates of the asset endpoints. */
export function emptyOk(): Outcome {
  return { kind: 'response', status: 200, headers: {}, body: '' };
}

export const assetRoutes: Route[] = [
  { method: 'POST', pattern: '/assets', handler: createAsset },
  { method: 'GET', pattern: '/assets', handler: listAssets },
  { method: 'GET', pattern: '/assets/:assetId', handler: retrieveAsset },
  { method: 'DELETE', pattern: '/assets/:assetId', handler: deleteAsset },
];
