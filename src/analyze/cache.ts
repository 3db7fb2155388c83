import { createHash } from 'node:crypto';
import type { AnalyzeUsage, FinishReason, PegasusModel } from '../api/analyzeTypes';
import { Emitter, type Event } from '../common/emitter';
import type { Logger } from '../common/logging/logger';
import { isTemplateId, type TemplateId } from './templates';

/**
 * Kept analyses: each finished result is a file of its own in the extension's global storage
 * folder, named by a hash of what it answers (the API's address, the video, the prompt, the model
 * and every parameter), so the same question about the same video opens again without a request.
 * A small manifest lists them for the tree without reading every result. Nothing here holds the
 * key, nor anything derived from it. Files go through a port, so the unit tests use a plain folder.
 */

export interface CacheFiles {
  read(name: string): Promise<Uint8Array | undefined>;
  write(name: string, content: Uint8Array): Promise<void>;
  remove(name: string): Promise<void>;
  list(): Promise<string[]>;
}

/** Everything that decides the answer: two analyses with the same of these are the same analysis. */
export interface AnalysisKey {
  apiUrl: string;
  indexId: string;
  videoId: string;
  model: PegasusModel;
  /** `asset_id` or `video_id`: the same video asked either way. */
  input: 'asset_id' | 'video_id';
  prompt: string;
  temperature?: number;
  maxTokens?: number;
  jsonSchema?: Record<string, unknown>;
  startTime?: number;
  endTime?: number;
}

/** What the tree and the pickers show of a kept analysis. */
export interface KeptSummary {
  id: string;
  indexId: string;
  videoId: string;
  videoName: string;
  template: TemplateId;
  model: PegasusModel;
  language: 'markdown' | 'json';
  finishReason: FinishReason;
  /** Epoch ms. */
  createdAt: number;
}

export interface KeptAnalysis extends KeptSummary {
  key: AnalysisKey;
  text: string;
  usage?: AnalyzeUsage;
  generationId?: string;
}

const MANIFEST = 'manifest.json';
const VERSION = 1;

export function analysisId(key: AnalysisKey): string {
  return createHash('sha256').update(canonicalJson(key)).digest('hex').slice(0, 32);
}

/** JSON with object keys sorted at every level, so that equal keys hash equally whatever their order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(canonicalJson).join(',')}]`;
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export class AnalysisCache {
  private summaries: KeptSummary[] = [];
  private loading: Promise<void> | undefined;
  /** Writes one after another, so the manifest never loses an entry to a concurrent write. */
  private queue: Promise<unknown> = Promise.resolve();
  private readonly changed = new Emitter<void>();
  readonly onDidChange: Event<void> = this.changed.event;

  constructor(
    private readonly files: CacheFiles,
    private readonly logger: Logger,
  ) {}

  /** Reads the manifest once (in the background at activation); later calls wait for the same read. */
  load(): Promise<void> {
    return (this.loading ??= this.readManifest().then((summaries) => {
      this.summaries = summaries;
      if (summaries.length > 0) {
        this.changed.fire();
      }
    }));
  }

  all(): readonly KeptSummary[] {
    return this.summaries;
  }

  forVideo(indexId: string, videoId: string): KeptSummary[] {
    return this.summaries.filter((entry) => entry.indexId === indexId && entry.videoId === videoId);
  }

  find(id: string): KeptSummary | undefined {
    return this.summaries.find((entry) => entry.id === id);
  }

  /** The kept result for `key`, or undefined (none, or its file is gone or unreadable). */
  async lookup(key: AnalysisKey): Promise<KeptAnalysis | undefined> {
    await this.load();
    const id = analysisId(key);
    return this.find(id) ? this.read(id) : undefined;
  }

  async read(id: string): Promise<KeptAnalysis | undefined> {
    if (!/^[0-9a-f]{32}$/.test(id)) {
      return undefined;
    }
    try {
      const bytes = await this.files.read(`${id}.json`);
      const parsed = bytes ? readKept(JSON.parse(new TextDecoder().decode(bytes)) as unknown) : undefined;
      return parsed?.id === id ? parsed : undefined;
    } catch (error) {
      this.logger.warn(`A kept analysis could not be read; it is left out.`, error);
      return undefined;
    }
  }

  /** Keeps the result (replacing an earlier one of the same key); resolves once the files are written. */
  keep(analysis: Omit<KeptAnalysis, 'id'>): Promise<KeptSummary> {
    const id = analysisId(analysis.key);
    const kept: KeptAnalysis = { ...analysis, id };
    return this.serially(async () => {
      await this.load();
      await this.files.write(`${id}.json`, encode({ version: VERSION, ...kept }));
      const summary = summaryOf(kept);
      const next = [...this.summaries.filter((entry) => entry.id !== id), summary];
      await this.files.write(MANIFEST, encode({ version: VERSION, entries: next }));
      this.summaries = next;
      this.changed.fire();
      return summary;
    });
  }

  /** Removes every kept analysis and its files; resolves with how many there were. */
  clear(): Promise<number> {
    return this.serially(async () => {
      await this.load();
      const names = (await this.files.list()).filter((name) => name === MANIFEST || /^[0-9a-f]{32}\.json$/.test(name));
      const count = names.filter((name) => name !== MANIFEST).length;
      for (const name of names) {
        await this.files.remove(name);
      }
      this.summaries = [];
      this.changed.fire();
      return count;
    });
  }

  dispose(): void {
    this.changed.dispose();
  }

  private serially<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async readManifest(): Promise<KeptSummary[]> {
    try {
      const bytes = await this.files.read(MANIFEST);
      if (!bytes) {
        return [];
      }
      const parsed = JSON.parse(new TextDecoder().decode(bytes)) as { entries?: unknown };
      return Array.isArray(parsed.entries) ? parsed.entries.map(readSummary).filter((entry): entry is KeptSummary => entry !== undefined) : [];
    } catch (error) {
      this.logger.warn('The list of kept analyses could not be read; starting with none.', error);
      return [];
    }
  }
}

function encode(value: unknown): Uint8Array {
  return new TextEncoder().encode(`${JSON.stringify(value, null, 1)}\n`);
}

function summaryOf(kept: KeptAnalysis): KeptSummary {
  const { id, indexId, videoId, videoName, template, model, language, finishReason, createdAt } = kept;
  return { id, indexId, videoId, videoName, template, model, language, finishReason, createdAt };
}

/** A manifest entry as written by this version; anything else (edited, older, damaged) is left out. */
function readSummary(value: unknown): KeptSummary | undefined {
  if (typeof value !== 'object' || value === null) {
    return undefined;
  }
  const v = value as Record<string, unknown>;
  const strings = ['id', 'indexId', 'videoId', 'videoName', 'finishReason'].every((name) => typeof v[name] === 'string');
  if (!strings || !/^[0-9a-f]{32}$/.test(v.id as string) || !isTemplateId(v.template) || (v.model !== 'pegasus1.2' && v.model !== 'pegasus1.5')) {
    return undefined;
  }
  if ((v.language !== 'markdown' && v.language !== 'json') || typeof v.createdAt !== 'number') {
    return undefined;
  }
  return summaryOf(v as unknown as KeptAnalysis);
}

function readKept(value: unknown): KeptAnalysis | undefined {
  const summary = readSummary(value);
  const v = value as Record<string, unknown>;
  if (!summary || typeof v.text !== 'string' || typeof v.key !== 'object' || v.key === null) {
    return undefined;
  }
  return { ...summary, key: v.key as AnalysisKey, text: v.text, usage: v.usage as AnalyzeUsage | undefined, generationId: typeof v.generationId === 'string' ? v.generationId : undefined };
}
