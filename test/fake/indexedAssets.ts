// /indexes/{id}/indexed-assets: assets indexed into an index. An indexed asset that reaches `ready`
// becomes a video of the index under the same id, so `video_count`, `total_duration` and
// `GET /indexes/{id}/videos` agree with the indexed-assets list, as they do for /tasks uploads.
// The other way round too: on the platform every video of an index is an indexed asset (same id),
// so a video that came by `/tasks` or by seeding is adopted as a `ready` indexed asset the first
// time the book looks at its index, and from then on read, patched and deleted like any other.
import { json, type Outcome } from './http';
import { assetNotReady, parameterInvalid, parameterInvalidBecause, parameterNotProvided, resourceNotExist } from './messages';
import { paginate, parseFilteredListQuery, sortItems } from './paging';
import type { Route, RouteContext } from './routes';
import { iso, type FakeStore, type StoredIndex } from './state';
import type { TaskAdvance } from './tasks';
import type { MediaOrigin, StreamVariant } from './media';
import { durationOf, emptyOk, stepsDue, type StoredAsset, type UserMetadata } from './assets';
import {
  jsonBoolean,
  jsonObjectBody,
  noQueryAllowed,
  OBJECT_ID,
  queryBoolean,
  unknownField,
  userMetadataObject,
  type Checked,
} from './bodies';

export type IndexedAssetStatus = 'pending' | 'queued' | 'indexing' | 'ready' | 'failed';
/** The spec's enum, in the order the /tasks states run; `ready` and `failed` are terminal. */
export const INDEXED_ASSET_PROGRESSION: readonly IndexedAssetStatus[] = ['pending', 'queued', 'indexing', 'ready'];
const STATUSES: readonly string[] = ['ready', 'pending', 'queued', 'indexing', 'failed'];
const EMBEDDING_OPTIONS: readonly string[] = ['visual', 'audio', 'transcription', 'visual-text'];

/** The spec's `hls.status` enum. */
export type HlsStatus = 'PROCESSING' | 'COMPLETE' | 'CANCELED' | 'ERROR';

export interface TranscriptionLine {
  start: number;
  end: number;
  value: string;
}

/** An indexed asset as `GET /indexes/{id}/indexed-assets/{id}` returns it. */
export interface FakeIndexedAsset {
  _id: string;
  /** Absent for an adopted video: a /tasks upload made no asset that the documents speak of [?]. */
  asset_id?: string;
  created_at: string;
  updated_at: string;
  indexed_at?: string;
  status: IndexedAssetStatus;
  system_metadata: { filename: string; duration?: number; fps?: number; width?: number; height?: number; size?: number };
  user_metadata?: UserMetadata;
  hls?: { video_url: string; thumbnail_urls: string[]; status: HlsStatus; updated_at: string };
  transcription?: TranscriptionLine[];
  embedding?: {
    model_name: string;
    video_embedding: { segments: { float: number[]; start_offset_sec: number; end_offset_sec: number; embedding_option: string; embedding_scope: string }[] };
  };
}

interface Frame {
  fps: number;
  width: number;
  height: number;
}

/** What the fake gives every indexed video it cannot decode. */
const DEFAULT_FRAME: Frame = { fps: 30, width: 1280, height: 720 };

export interface IndexedAssetFailure {
  /** The state it fails in instead of entering it; default `indexing`. */
  at?: Exclude<IndexedAssetStatus, 'failed' | 'pending'>;
}

export interface StoredIndexedAsset {
  id: string;
  seq: number;
  indexId: string;
  /** Undefined for an adopted video (see the top of the file). */
  assetId: string | undefined;
  status: IndexedAssetStatus;
  steps: number;
  createdAt: number;
  updatedAt: number;
  indexedAt: number | undefined;
  filename: string;
  duration: number;
  /** Audio-only assets have no picture: no fps, width or height. */
  frame: Frame | undefined;
  size: number;
  userMetadata: UserMetadata;
  enableVideoStream: boolean;
  failAt: IndexedAssetStatus | undefined;
  transcription: TranscriptionLine[];
  /** Non-speech sounds the `audio` search option hears; none unless seeded. */
  sounds: TranscriptionLine[];
  /** Which fixture stream it plays once its HLS is COMPLETE. */
  streamVariant: StreamVariant;
  /** `setHlsStatus`: a status shown whatever the stream setting, or `absent` for no `hls` at all. */
  hlsOverride: HlsStatus | 'absent' | undefined;
}

/** One video of `seedSearchableVideos`: what search matches and what the player plays. */
export interface SearchableVideo {
  filename: string;
  /** Seconds. */
  duration: number;
  /** The transcription, as `?transcription=true` returns it and the `transcription` option searches it. */
  transcript: TranscriptionLine[];
  /** Non-speech sounds for the `audio` option (e.g. `{start: 2, end: 4, value: 'dog barking'}`); default none. */
  sounds?: TranscriptionLine[];
  userMetadata?: UserMetadata;
  /** `enable_video_stream`: true plays the silent fixture, 'aac' the one with an AAC track. Default false. */
  stream?: boolean | 'aac';
  width?: number;
  height?: number;
  /** Bytes; default from the duration at 2 Mbit/s. */
  size?: number;
}

export interface IndexedAssetSeedOptions {
  filenamePrefix?: string;
  enableVideoStream?: boolean;
  userMetadata?: UserMetadata;
  /** Seed in this state instead of `ready` (only `ready` ones count as videos of the index). */
  status?: IndexedAssetStatus;
  transcription?: TranscriptionLine[];
}

/**
 * What the fake "hears" in a video it cannot decode: everyday sentences with obvious words (dog,
 * coffee, beach, fireworks...), chosen by a hash of the file name, one every 5 s (4.5 s long), at
 * most six. Stable for a given file, so tests and the sandbox can search for them.
 */
export const DEFAULT_TRANSCRIPT_SENTENCES: readonly string[] = [
  'A dog chases a red ball across the park.',
  'The chef slices fresh tomatoes for the pasta sauce.',
  'Waves crash against the rocks as the sun sets over the ocean.',
  'Children laugh while building a sandcastle on the beach.',
  'A cyclist climbs the steep mountain road in the rain.',
  'The city skyline glows at night above the traffic.',
  'A cat sleeps on the windowsill in the afternoon sun.',
  'Fireworks light up the sky above the river.',
  'The team celebrates a goal in the final minute of the match.',
  'A barista pours steamed milk into a cup of coffee.',
  'Snow falls quietly on the pine forest.',
  'A drone flies over green fields and a small farmhouse.',
];

export function defaultTranscript(filename: string, duration: number): TranscriptionLine[] {
  let hash = 0;
  for (const char of filename) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  const lines: TranscriptionLine[] = [];
  for (let start = 0, n = 0; start < duration && n < 6; start += 5, n++) {
    const value = DEFAULT_TRANSCRIPT_SENTENCES[(hash + n) % DEFAULT_TRANSCRIPT_SENTENCES.length];
    lines.push({ start, end: Math.min(duration, start + 4.5), value });
  }
  return lines;
}

export class IndexedAssetBook {
  private readonly items = new Map<string, StoredIndexedAsset>();
  private readonly failures: IndexedAssetFailure[] = [];
  private seq = 0;

  constructor(
    private readonly store: FakeStore,
    private readonly now: () => Date,
    private readonly advance: () => TaskAdvance,
    private readonly media: Pick<MediaOrigin, 'streamUrl' | 'thumbnailUrl'>,
  ) {}

  failNext(failure: IndexedAssetFailure = {}): void {
    this.failures.push({ ...failure });
  }

  /** `seeding`: no queued failure is consumed and `instant` does not apply; the caller sets the state. */
  create(index: StoredIndex, asset: StoredAsset, input: { enableVideoStream?: boolean; userMetadata?: UserMetadata }, seeding = false): StoredIndexedAsset {
    const at = this.now().getTime();
    const item: StoredIndexedAsset = {
      id: this.store.newId(),
      seq: ++this.seq,
      indexId: index.id,
      assetId: asset.id,
      status: 'pending',
      steps: 0,
      createdAt: at,
      updatedAt: at,
      indexedAt: undefined,
      filename: asset.filename,
      duration: durationOf(asset) ?? 0,
      frame: asset.type !== 'audio' ? { ...DEFAULT_FRAME } : undefined,
      size: asset.size,
      userMetadata: { ...(input.userMetadata ?? {}) },
      // "default **false** here", unlike /tasks.
      enableVideoStream: input.enableVideoStream ?? false,
      failAt: undefined,
      transcription: [],
      sounds: [],
      streamVariant: 'silent',
      hlsOverride: undefined,
    };
    item.transcription = defaultTranscript(item.filename, item.duration);
    this.items.set(item.id, item);
    if (seeding) return item;
    const failure = this.failures.shift();
    if (failure) item.failAt = failure.at ?? 'indexing';
    if (this.advance() === 'instant') this.step(item, INDEXED_ASSET_PROGRESSION.length);
    return item;
  }

  /** Ready (or `options.status`) indexed assets of the given (seeded, ready) assets, each created 30 s after its asset. */
  seed(index: StoredIndex, assets: StoredAsset[], options: IndexedAssetSeedOptions = {}): StoredIndexedAsset[] {
    const target = options.status ?? 'ready';
    return assets.map((asset) => {
      const item = this.create(index, asset, { enableVideoStream: options.enableVideoStream, userMetadata: options.userMetadata }, true);
      item.createdAt = asset.createdAt + 30_000;
      item.updatedAt = item.createdAt;
      if (options.transcription) item.transcription = options.transcription.map((l) => ({ ...l }));
      if (target === 'failed') item.status = 'failed';
      else this.step(item, INDEXED_ASSET_PROGRESSION.indexOf(target), item.createdAt + 20_000);
      return item;
    });
  }

  /** A ready indexed asset of `asset` with the file name, duration, transcript, sounds, metadata and stream of `video`. */
  seedSearchable(index: StoredIndex, asset: StoredAsset, video: SearchableVideo): StoredIndexedAsset {
    const item = this.create(index, asset, { enableVideoStream: video.stream !== undefined && video.stream !== false, userMetadata: video.userMetadata }, true);
    item.createdAt = asset.createdAt + 30_000;
    item.updatedAt = item.createdAt;
    item.filename = video.filename;
    item.duration = video.duration;
    item.frame = { ...DEFAULT_FRAME, ...(video.width !== undefined ? { width: video.width } : {}), ...(video.height !== undefined ? { height: video.height } : {}) };
    item.transcription = video.transcript.map((l) => ({ ...l }));
    item.sounds = (video.sounds ?? []).map((l) => ({ ...l }));
    item.streamVariant = video.stream === 'aac' ? 'aac' : 'silent';
    this.step(item, INDEXED_ASSET_PROGRESSION.length - 1, item.createdAt + 20_000);
    return item;
  }

  /** `undefined` gives the asset no `hls` at all; a status shows whatever the stream setting (COMPLETE plays). */
  setHlsStatus(id: string, status: HlsStatus | undefined): void {
    const item = this.items.get(id) ?? this.adoptedItem(id);
    if (!item) throw new Error(`no indexed asset ${id}`);
    item.hlsOverride = status ?? 'absent';
  }

  /** The fixture a COMPLETE stream plays; undefined when there is no such stream (or no such asset any more). */
  streamOf(id: string): StreamVariant | undefined {
    const item = this.items.get(id);
    if (!item || !this.live(item)) return undefined;
    this.catchUp(item);
    return this.hlsStatus(item) === 'COMPLETE' ? item.streamVariant : undefined;
  }

  /** A video not read through this book yet (from /tasks or seeding): adopted now. */
  private adoptedItem(id: string): StoredIndexedAsset | undefined {
    const index = this.store.all().find((i) => i.videos.some((v) => v.id === id));
    if (index) this.adoptVideos(index);
    return this.items.get(id);
  }

  private hlsStatus(item: StoredIndexedAsset): HlsStatus | undefined {
    if (item.hlsOverride !== undefined) return item.hlsOverride === 'absent' ? undefined : item.hlsOverride;
    if (!item.enableVideoStream) return undefined;
    return item.status === 'ready' ? 'COMPLETE' : item.status === 'failed' ? 'ERROR' : 'PROCESSING';
  }

  /**
   * Every video of the index without an indexed asset of its own becomes one: `ready`, the video's
   * id, dates and system metadata, its user metadata and stream setting when its task had them.
   * Adopting on read keeps /tasks and the seeding controls unaware of this book.
   */
  private adoptVideos(index: StoredIndex): void {
    for (const video of index.videos) {
      if (this.items.has(video.id)) continue;
      this.items.set(video.id, {
        id: video.id,
        seq: ++this.seq,
        indexId: index.id,
        assetId: undefined,
        status: 'ready',
        steps: INDEXED_ASSET_PROGRESSION.length - 1,
        createdAt: video.createdAt,
        updatedAt: video.updatedAt,
        indexedAt: video.indexedAt,
        filename: video.filename,
        duration: video.duration,
        frame: video.width > 0 && video.height > 0 ? { fps: video.fps, width: video.width, height: video.height } : undefined,
        size: video.size,
        userMetadata: { ...(video.userMetadata ?? {}) },
        enableVideoStream: video.enableVideoStream ?? false,
        failAt: undefined,
        transcription: defaultTranscript(video.filename, video.duration),
        sounds: [],
        streamVariant: 'silent',
        hlsOverride: undefined,
      });
    }
  }

  private live(item: StoredIndexedAsset): boolean {
    if (this.store.get(item.indexId)) return true;
    // Deleting an index deletes what was indexed into it.
    this.items.delete(item.id);
    return false;
  }

  get(indexId: string, id: string): StoredIndexedAsset | undefined {
    const index = this.store.get(indexId);
    if (index) this.adoptVideos(index);
    const item = this.items.get(id);
    if (!item || item.indexId !== indexId || !this.live(item)) return undefined;
    this.catchUp(item);
    return item;
  }

  /** A retrieve: in `poll` mode it moves one state first. */
  poll(indexId: string, id: string): StoredIndexedAsset | undefined {
    const item = this.get(indexId, id);
    if (item && this.advance() === 'poll') this.step(item, 1);
    return item;
  }

  inIndex(indexId: string): StoredIndexedAsset[] {
    const index = this.store.get(indexId);
    if (index) this.adoptVideos(index);
    const items = [...this.items.values()].filter((i) => i.indexId === indexId && this.live(i));
    for (const item of items) this.catchUp(item);
    return items;
  }

  /** Indexed assets (of live indexes) built on this asset: what blocks `DELETE /assets/{id}`. */
  referencing(assetId: string): number {
    // An adopted video references no asset, so it never matches a real asset id.
    return [...this.items.values()].filter((i) => i.assetId === assetId && this.live(i)).length;
  }

  delete(index: StoredIndex, id: string): void {
    this.items.delete(id);
    const at = index.videos.findIndex((v) => v.id === id);
    if (at >= 0) index.videos.splice(at, 1);
  }

  touch(item: StoredIndexedAsset): void {
    item.updatedAt = Math.max(item.updatedAt, this.now().getTime());
  }

  private catchUp(item: StoredIndexedAsset): void {
    const due = stepsDue(this.advance(), item.createdAt, this.now().getTime());
    if (due > item.steps) this.step(item, due - item.steps);
  }

  private step(item: StoredIndexedAsset, count: number, at = this.now().getTime()): void {
    for (let i = 0; i < count && item.status !== 'ready' && item.status !== 'failed'; i++) {
      item.steps++;
      const next = INDEXED_ASSET_PROGRESSION[Math.min(item.steps, INDEXED_ASSET_PROGRESSION.length - 1)];
      item.updatedAt = Math.max(item.createdAt, at);
      const index = this.store.get(item.indexId);
      if (item.failAt === next || (next === 'ready' && !index)) {
        item.status = 'failed';
      } else {
        item.status = next;
        if (next === 'ready' && index) {
          item.indexedAt = item.updatedAt;
          index.videos.push({
            id: item.id,
            seq: index.videos.reduce((max, v) => Math.max(max, v.seq), 0) + 1,
            createdAt: item.createdAt,
            updatedAt: item.updatedAt,
            indexedAt: item.updatedAt,
            filename: item.filename,
            duration: item.duration,
            fps: item.frame?.fps ?? 0,
            width: item.frame?.width ?? 0,
            height: item.frame?.height ?? 0,
            size: item.size,
            enableVideoStream: item.enableVideoStream,
          });
        }
      }
    }
  }

  private systemMetadata(item: StoredIndexedAsset): FakeIndexedAsset['system_metadata'] {
    return item.frame
      ? { filename: item.filename, duration: item.duration, ...item.frame, size: item.size }
      : { filename: item.filename, duration: item.duration, size: item.size };
  }

  /** The list's item schema has neither user_metadata nor hls. */
  toListItem(item: StoredIndexedAsset): FakeIndexedAsset {
    const wire: FakeIndexedAsset = {
      _id: item.id,
      ...(item.assetId !== undefined ? { asset_id: item.assetId } : {}),
      created_at: iso(item.createdAt),
      updated_at: iso(item.updatedAt),
      status: item.status,
      system_metadata: this.systemMetadata(item),
    };
    if (item.indexedAt !== undefined) wire.indexed_at = iso(item.indexedAt);
    return wire;
  }

  toWire(item: StoredIndexedAsset, extras: { transcription?: boolean; embedding?: { model: string; options: string[] } } = {}): FakeIndexedAsset {
    const wire = this.toListItem(item);
    if (Object.keys(item.userMetadata).length > 0) wire.user_metadata = { ...item.userMetadata };
    const status = this.hlsStatus(item);
    if (status !== undefined) {
      wire.hls = {
        video_url: this.media.streamUrl(item.id),
        thumbnail_urls: status === 'COMPLETE' ? [this.media.thumbnailUrl(item.id, 0)] : [],
        status,
        updated_at: iso(item.updatedAt),
      };
    }
    // Nothing is transcribed before indexing finishes: an empty list, not an absent field [?].
    if (extras.transcription) wire.transcription = item.status === 'ready' ? item.transcription.map((l) => ({ ...l })) : [];
    if (extras.embedding && item.status === 'ready') {
      const end = Math.min(item.duration, 10);
      wire.embedding = {
        model_name: extras.embedding.model,
        video_embedding: {
          segments: extras.embedding.options.map((option, n) => ({
            float: Array.from({ length: 8 }, (_, i) => Math.round(Math.sin(n * 8 + i + item.seq) * 1e6) / 1e6),
            start_offset_sec: 0,
            end_offset_sec: end,
            embedding_option: option,
            embedding_scope: 'clip',
          })),
        },
      };
    }
    return wire;
  }

  /** A copy for the control API, without counting as a poll. */
  snapshot(indexId: string): FakeIndexedAsset[] {
    return this.inIndex(indexId)
      .sort((a, b) => a.createdAt - b.createdAt || a.seq - b.seq)
      .map((i) => this.toWire(i));
  }
}

const CREATE_FIELDS = ['asset_id', 'enable_video_stream', 'user_metadata'];
const UPDATE_FIELDS = ['user_metadata'];
const RANGE_KEY = /^(duration|fps|width|height|size)\[(gte|lte)\]$/;
/** Query keys with a meaning of their own; every other key is a user_metadata filter (as the spec's `?category=...`). */
const RESERVED_QUERY = ['page', 'page_limit', 'sort_by', 'sort_option', 'status', 'filename', 'created_at', 'updated_at', 'duration', 'fps', 'width', 'height', 'size'];

type Lookup<T> = Checked<T>;

/**
 * Not-found statuses follow the spec per operation: create and retrieve document a 404, so they
 * answer 404; list, update and delete document only 400, so `notFoundStatus` decides (default 400) [?].
 */
function lookupIndex(ctx: RouteContext, status: 400 | 404): Lookup<StoredIndex> {
  const id = ctx.params.indexId;
  if (!OBJECT_ID.test(id) && ctx.settings.malformedIdError === 'parameter_invalid') return { ok: false, error: parameterInvalid('index_id') };
  const index = OBJECT_ID.test(id) ? ctx.store.get(id) : undefined;
  if (!index) return { ok: false, error: resourceNotExist(status, id, 'indexes') };
  return { ok: true, value: index };
}

function lookupItem(ctx: RouteContext, status: 400 | 404, poll: boolean): Lookup<{ index: StoredIndex; item: StoredIndexedAsset }> {
  const index = lookupIndex(ctx, status);
  if (!index.ok) return index;
  const id = ctx.params.indexedAssetId;
  if (!OBJECT_ID.test(id) && ctx.settings.malformedIdError === 'parameter_invalid') return { ok: false, error: parameterInvalid('indexed_asset_id') };
  const book = ctx.indexedAssets;
  const item = OBJECT_ID.test(id) ? (poll ? book.poll(index.value.id, id) : book.get(index.value.id, id)) : undefined;
  if (!item) return { ok: false, error: resourceNotExist(status, id, 'indexed assets') };
  return { ok: true, value: { index: index.value, item } };
}

function createIndexedAsset(ctx: RouteContext): Outcome {
  const unknownQuery = noQueryAllowed(ctx);
  if (unknownQuery) return unknownQuery;
  const index = lookupIndex(ctx, 404);
  if (!index.ok) return index.error;
  const parsed = jsonObjectBody(ctx);
  if (!parsed.ok) return parsed.error;
  const body = parsed.value;
  const unknown = unknownField(ctx, body, CREATE_FIELDS);
  if (unknown) return unknown;
  const assetId = body.asset_id;
  if (assetId === undefined || assetId === null || assetId === '') return parameterNotProvided('asset_id');
  if (typeof assetId !== 'string') return parameterInvalid('asset_id');
  const stream = jsonBoolean(body.enable_video_stream, 'enable_video_stream');
  if (!stream.ok) return stream.error;
  let userMetadata: UserMetadata | undefined;
  if (body.user_metadata !== undefined) {
    const metadata = userMetadataObject(body.user_metadata, 'user_metadata');
    if (!metadata.ok) return metadata.error;
    userMetadata = metadata.value as UserMetadata;
  }
  const asset = OBJECT_ID.test(assetId) ? ctx.assets.get(assetId) : undefined;
  if (!asset) return resourceNotExist(404, assetId, 'assets');
  if (asset.status !== 'ready') return assetNotReady(asset.id, asset.status, ctx.settings.notReadyAssetError);
  // Indexes hold videos (and their audio); an image cannot be indexed [?].
  if (asset.type === 'image') return parameterInvalidBecause('asset_id', `The asset ${asset.id} is an image; only video and audio assets can be indexed.`);
  const item = ctx.indexedAssets.create(index.value, asset, { enableVideoStream: stream.value, userMetadata });
  return json(202, { _id: item.id, asset_id: asset.id });
}

interface Range {
  field: 'duration' | 'fps' | 'width' | 'height' | 'size';
  op: 'gte' | 'lte';
  value: number;
}

function metadataMatches(value: string | number | boolean | undefined, raw: string): boolean {
  if (value === undefined) return false;
  if (typeof value === 'number') return raw.trim() !== '' && Number(raw) === value;
  if (typeof value === 'boolean') return raw === String(value);
  return raw === value;
}

/**
 * Paging, sorting, `status` (repeatable), `filename` (case-insensitive substring [?]), the range
 * filters as `duration[gte]=10` (the spec's object parameters; bracket encoding assumed [?]), the
 * two date filters, and user_metadata filters on every other key (exact match, typed by the stored value).
 */
function listIndexedAssets(ctx: RouteContext): Outcome {
  const index = lookupIndex(ctx, ctx.settings.notFoundStatus);
  if (!index.ok) return index.error;
  const parsed = parseFilteredListQuery(ctx.query, [], false);
  if (!parsed.ok) return parsed.error;
  const { list, createdAfter, updatedAfter } = parsed.value;
  const statuses = ctx.query.status?.split(',').map((s) => s.trim());
  if (statuses && !statuses.every((s) => STATUSES.includes(s))) return parameterInvalid('status');
  const needle = ctx.query.filename?.toLowerCase();
  const ranges: Range[] = [];
  const metadata: [string, string][] = [];
  for (const [key, raw] of Object.entries(ctx.query)) {
    const m = RANGE_KEY.exec(key);
    if (m) {
      const value = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(value)) return parameterInvalid(key);
      ranges.push({ field: m[1] as Range['field'], op: m[2] as Range['op'], value });
    } else if (['duration', 'fps', 'width', 'height', 'size'].includes(key)) {
      // An object parameter sent as a bare value: the spec wants `gte` / `lte`.
      return parameterInvalid(key);
    } else if (!RESERVED_QUERY.includes(key)) {
      metadata.push([key, raw]);
    }
  }
  const matching = ctx.indexedAssets.inIndex(index.value.id).filter((item) => {
    if (statuses && !statuses.includes(item.status)) return false;
    if (needle !== undefined && !item.filename.toLowerCase().includes(needle)) return false;
    for (const r of ranges) {
      const facts = { duration: item.duration, fps: item.frame?.fps ?? 0, width: item.frame?.width ?? 0, height: item.frame?.height ?? 0, size: item.size };
      const v = facts[r.field];
      if (r.op === 'gte' ? v < r.value : v > r.value) return false;
    }
    if (createdAfter !== undefined && item.createdAt < createdAfter) return false;
    if (updatedAfter !== undefined && item.updatedAt < updatedAfter) return false;
    return metadata.every(([key, raw]) => metadataMatches(item.userMetadata[key], raw));
  });
  const page = paginate(sortItems(matching, list), list);
  return json(200, { data: page.data.map((i) => ctx.indexedAssets.toListItem(i)), page_info: page.page_info });
}

function retrieveIndexedAsset(ctx: RouteContext): Outcome {
  const unknownQuery = noQueryAllowed(ctx, ['transcription', 'embedding_option']);
  if (unknownQuery) return unknownQuery;
  const transcription = queryBoolean(ctx.query, 'transcription');
  if (!transcription.ok) return transcription.error;
  const options = ctx.query.embedding_option?.split(',').map((s) => s.trim());
  if (options && !options.every((o) => EMBEDDING_OPTIONS.includes(o))) return parameterInvalid('embedding_option');
  const found = lookupItem(ctx, 404, true);
  if (!found.ok) return found.error;
  let embedding: { model: string; options: string[] } | undefined;
  if (options) {
    // "Requires the Marengo video understanding model to be enabled in your index."
    const marengo = found.value.index.models.find((m) => m.model_name.toLowerCase().startsWith('marengo'));
    if (!marengo) return parameterInvalid('embedding_option');
    embedding = { model: marengo.model_name, options };
  }
  return json(200, ctx.indexedAssets.toWire(found.value.item, { transcription: transcription.value === true, embedding }));
}

/** "a null value deletes the field"; 200 with no body per the spec. An empty body changes nothing and is refused [?]. */
function updateIndexedAsset(ctx: RouteContext): Outcome {
  const unknownQuery = noQueryAllowed(ctx);
  if (unknownQuery) return unknownQuery;
  const found = lookupItem(ctx, ctx.settings.notFoundStatus, false);
  if (!found.ok) return found.error;
  const parsed = jsonObjectBody(ctx);
  if (!parsed.ok) return parsed.error;
  const unknown = unknownField(ctx, parsed.value, UPDATE_FIELDS);
  if (unknown) return unknown;
  if (parsed.value.user_metadata === undefined || parsed.value.user_metadata === null) return parameterNotProvided('user_metadata');
  const changes = userMetadataObject(parsed.value.user_metadata, 'user_metadata', true);
  if (!changes.ok) return changes.error;
  const item = found.value.item;
  for (const [key, value] of Object.entries(changes.value)) {
    if (value === null) delete item.userMetadata[key];
    else item.userMetadata[key] = value;
  }
  ctx.indexedAssets.touch(item);
  return emptyOk();
}

function deleteIndexedAsset(ctx: RouteContext): Outcome {
  const unknownQuery = noQueryAllowed(ctx);
  if (unknownQuery) return unknownQuery;
  const found = lookupItem(ctx, ctx.settings.notFoundStatus, false);
  if (!found.ok) return found.error;
  ctx.indexedAssets.delete(found.value.index, found.value.item.id);
  return emptyOk();
}

export const indexedAssetRoutes: Route[] = [
  { method: 'POST', pattern: '/indexes/:indexId/indexed-assets', handler: createIndexedAsset },
  { method: 'GET', pattern: '/indexes/:indexId/indexed-assets', handler: listIndexedAssets },
  { method: 'GET', pattern: '/indexes/:indexId/indexed-assets/:indexedAssetId', handler: retrieveIndexedAsset },
  { method: 'PATCH', pattern: '/indexes/:indexId/indexed-assets/:indexedAssetId', handler: updateIndexedAsset },
  { method: 'DELETE', pattern: '/indexes/:indexId/indexed-assets/:indexedAssetId', handler: deleteIndexedAsset },
];
