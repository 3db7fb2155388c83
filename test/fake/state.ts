// In-memory account state of the fake: indexes and the videos inside them. Handlers and the
// public control API both go through this class so that seeding and HTTP writes share one truth.
import { randomBytes } from 'node:crypto';

export interface FakeIndexModel {
  model_name: string;
  model_options: string[];
}

/** An index exactly as the API returns it (`Index` in the OpenAPI document). */
export interface FakeIndex {
  _id: string;
  index_name: string;
  models: FakeIndexModel[];
  addons: string[];
  video_count: number;
  total_duration: number;
  created_at: string;
  updated_at: string;
  /** Free plan: created + 90 days. Developer plan: null (documented in the spec's prose). */
  expires_at: string | null;
}

/** A video as `GET /indexes/{id}/videos` returns it (`videoVector` in the OpenAPI document). */
export interface FakeVideo {
  _id: string;
  created_at: string;
  updated_at: string;
  indexed_at: string;
  system_metadata: {
    filename: string;
    duration: number;
    fps: number;
    width: number;
    height: number;
    size: number;
  };
}

interface StoredVideo {
  id: string;
  seq: number;
  createdAt: number;
  updatedAt: number;
  indexedAt: number;
  filename: string;
  duration: number;
  fps: number;
  width: number;
  height: number;
  size: number;
  /** From the upload's `user_metadata`, for the indexed asset the video also is. */
  userMetadata?: Record<string, string | number | boolean>;
  /** The upload's `enable_video_stream`, when known: the indexed asset then has `hls`. */
  enableVideoStream?: boolean;
}

export interface StoredIndex {
  id: string;
  /** Insertion order; breaks ties between equal timestamps so paging is stable. */
  seq: number;
  name: string;
  models: FakeIndexModel[];
  addons: string[];
  createdAt: number;
  updatedAt: number;
  expiresAt: number | null;
  videos: StoredVideo[];
}

export interface SeedOptions {
  namePrefix?: string;
  videosPerIndex?: number;
  /** Every Nth seeded index gets `expires_at: null` (a Developer-plan index); 0 = never. */
  nullExpiryEvery?: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const MINUTE_MS = 60 * 1000;
/** Free-plan retention from the spec's `expires_at` description. */
export const FREE_PLAN_RETENTION_DAYS = 90;

/**
 * Models of pre-existing (seeded) indexes. Deliberately independent of the models the fake
 * accepts on create: a model retired for new indexes still shows on old ones, which is exactly
 * what the extension meets after a deprecation.
 */
const SEED_MODEL_SETS: { models: FakeIndexModel[]; addons: string[] }[] = [
  { models: [{ model_name: 'marengo3.0', model_options: ['visual', 'audio'] }], addons: ['thumbnail'] },
  { models: [{ model_name: 'pegasus1.2', model_options: ['visual', 'audio'] }], addons: [] },
  {
    models: [
      { model_name: 'marengo3.0', model_options: ['visual'] },
      { model_name: 'pegasus1.2', model_options: ['visual', 'audio'] },
    ],
    addons: [],
  },
];

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

export class FakeStore {
  private readonly indexes = new Map<string, StoredIndex>();
  private seq = 0;
  private idCounter = randomBytes(3).readUIntBE(0, 3);

  constructor(private readonly now: () => Date) {}

  /** 24 lowercase hex digits shaped like a MongoDB ObjectId, as the real ids are. */
  newId(): string {
    const seconds = Math.floor(this.now().getTime() / 1000) >>> 0;
    this.idCounter = (this.idCounter + 1) & 0xffffff;
    const counter = this.idCounter.toString(16).padStart(6, '0');
    return seconds.toString(16).padStart(8, '0') + randomBytes(5).toString('hex') + counter;
  }

  all(): StoredIndex[] {
    return [...this.indexes.values()];
  }

  get(id: string): StoredIndex | undefined {
    return this.indexes.get(id);
  }

  findByName(name: string): StoredIndex | undefined {
    return this.all().find((i) => i.name === name);
  }

  create(input: { name: string; models: FakeIndexModel[]; addons: string[]; expires: boolean }): StoredIndex {
    const at = this.now().getTime();
    const index: StoredIndex = {
      id: this.newId(),
      seq: ++this.seq,
      name: input.name,
      models: input.models.map((m) => ({ model_name: m.model_name, model_options: [...m.model_options] })),
      addons: [...input.addons],
      createdAt: at,
      updatedAt: at,
      expiresAt: input.expires ? at + FREE_PLAN_RETENTION_DAYS * DAY_MS : null,
      videos: [],
    };
    this.indexes.set(index.id, index);
    return index;
  }

  rename(index: StoredIndex, name: string): void {
    index.name = name;
    index.updatedAt = Math.max(this.now().getTime(), index.createdAt);
  }

  delete(id: string): boolean {
    return this.indexes.delete(id);
  }

  /**
   * Creates `count` indexes named `<prefix>-001`... Numbering continues after the highest
   * existing number for the prefix so repeated calls never collide on the unique name.
   * created_at is one day apart (001 oldest); updated_at is a permutation of recent minutes so
   * that sorting by updated_at gives a different order from sorting by created_at.
   */
  seed(count: number, options: SeedOptions = {}): string[] {
    const prefix = options.namePrefix ?? 'seed-index';
    const videosPerIndex = options.videosPerIndex ?? 0;
    const nullEvery = options.nullExpiryEvery ?? 0;
    const pattern = new RegExp(`^${escapeRegExp(prefix)}-(\\d+)$`);
    let start = 0;
    for (const index of this.indexes.values()) {
      const m = pattern.exec(index.name);
      if (m) start = Math.max(start, Number(m[1]));
    }
    const base = this.now().getTime();
    const ids: string[] = [];
    for (let k = 1; k <= count; k++) {
      const n = start + k;
      const set = SEED_MODEL_SETS[(n - 1) % SEED_MODEL_SETS.length];
      const createdAt = base - (count - k + 1) * DAY_MS;
      const updatedAt = Math.max(createdAt, base - (((k * 7) % count) + 1) * MINUTE_MS);
      const index: StoredIndex = {
        id: this.newId(),
        seq: ++this.seq,
        name: `${prefix}-${String(n).padStart(3, '0')}`,
        models: set.models.map((m) => ({ model_name: m.model_name, model_options: [...m.model_options] })),
        addons: [...set.addons],
        createdAt,
        updatedAt,
        expiresAt: nullEvery > 0 && n % nullEvery === 0 ? null : createdAt + FREE_PLAN_RETENTION_DAYS * DAY_MS,
        videos: [],
      };
      for (let v = 1; v <= videosPerIndex; v++) {
        const vCreated = createdAt + v * MINUTE_MS;
        index.videos.push({
          id: this.newId(),
          seq: ++this.seq,
          createdAt: vCreated,
          indexedAt: vCreated + 2 * MINUTE_MS,
          updatedAt: vCreated + 2 * MINUTE_MS,
          filename: `video-${String(v).padStart(3, '0')}.mp4`,
          duration: 30 + v * 7.5,
          fps: v % 2 === 0 ? 25 : 30,
          width: 1920,
          height: 1080,
          size: 1_000_000 * v,
        });
      }
      this.indexes.set(index.id, index);
      ids.push(index.id);
    }
    return ids;
  }
}

export function toWireIndex(index: StoredIndex): FakeIndex {
  return {
    _id: index.id,
    index_name: index.name,
    models: index.models.map((m) => ({ model_name: m.model_name, model_options: [...m.model_options] })),
    addons: [...index.addons],
    video_count: index.videos.length,
    total_duration: index.videos.reduce((sum, v) => sum + v.duration, 0),
    created_at: iso(index.createdAt),
    updated_at: iso(index.updatedAt),
    expires_at: index.expiresAt === null ? null : iso(index.expiresAt),
  };
}

export function toWireVideo(video: StoredVideo): FakeVideo {
  return {
    _id: video.id,
    created_at: iso(video.createdAt),
    updated_at: iso(video.updatedAt),
    indexed_at: iso(video.indexedAt),
    system_metadata: {
      filename: video.filename,
      duration: video.duration,
      fps: video.fps,
      width: video.width,
      height: video.height,
      size: video.size,
    },
  };
}

export type { StoredVideo };

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
