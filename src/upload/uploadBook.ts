import { randomBytes } from 'node:crypto';
import type { ResumableUpload, UserMetadata } from '../api/assetTypes';
import { Emitter, type Disposable, type Event } from '../common/emitter';
import { StorageKeys } from '../common/storageKeys';

/**
 * The uploads this window runs through assets and indexed assets, and what a later window needs to
 * take them up again. Free of `vscode`: the memento is passed in.
 *
 * What is written to globalState: the ids (upload, asset, indexed asset), the file's identity (path,
 * size, mtime), the chunks done, the phase and the server's last reason. Never the key, never a
 * presigned URL, never a URL's query string.
 */

export type UploadPhase =
  /** Bytes are going out (or, for a URL import, the asset is being created). */
  | 'sending'
  /** Stopped by the user, or by a reload or a closed window; resumable while the session lives. */
  | 'paused'
  /** All bytes are in; Twelve Labs is processing the asset. */
  | 'processing'
  /** The asset is ready and is being indexed. */
  | 'indexing'
  | 'ready'
  | 'failed';

export type UploadSource =
  | { kind: 'file'; path: string; size: number; mtimeMs: number }
  /** `shown` is the URL without its query string or fragment: a signed link's secret part is never kept. */
  | { kind: 'url'; shown: string };

export interface UploadRecord {
  /** Local id, stable across reloads. */
  id: string;
  indexId: string;
  /** The server the upload went to; another `apiUrl` neither shows nor resumes it. */
  apiUrl: string;
  /** File name, or the URL as shown. */
  label: string;
  source: UploadSource;
  route: 'direct' | 'multipart' | 'url';
  phase: UploadPhase;
  sent: number;
  total: number;
  /** Multipart only: what the uploader needs to send just the missing chunks. */
  resumable?: ResumableUpload;
  assetId?: string;
  indexedAssetId?: string;
  /** Asked for when the asset is indexed: `twelveLabs.upload.enableVideoStream` as it was at the start. */
  enableVideoStream: boolean;
  userMetadata?: UserMetadata;
  /** The indexed asset's last status (`pending`, `queued`, `indexing`), once it is being indexed. */
  indexStatus?: string;
  /** The server's reason for a failure, or ours. */
  error?: { code: string; message: string };
  /** Why the last status check failed; the upload itself goes on. */
  problem?: string;
  createdAt: number;
  updatedAt: number;
}

const UNFINISHED: ReadonlySet<UploadPhase> = new Set(['sending', 'paused', 'processing', 'indexing']);

export function isUnfinished(record: Pick<UploadRecord, 'phase'>): boolean {
  return UNFINISHED.has(record.phase);
}

interface MementoLike {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void>;
}

export class UploadBook implements Disposable {
  private readonly records = new Map<string, UploadRecord>();
  /** Every id this window has held: one it finished or dropped is not brought back by a late restore. */
  private readonly known = new Set<string>();
  private readonly changes = new Emitter<void>();
  readonly onDidChange: Event<void> = this.changes.event;
  private writes: Promise<void> = Promise.resolve();

  constructor(
    private readonly state: MementoLike,
    private readonly now: () => number = Date.now,
  ) {}

  all(): UploadRecord[] {
    return [...this.records.values()].map(copy);
  }

  get(id: string): UploadRecord | undefined {
    const record = this.records.get(id);
    return record && copy(record);
  }

  /** Shown under an index: everything of the current server that is not a video yet, failures included. */
  visibleFor(indexId: string, apiUrl: string): UploadRecord[] {
    return this.all().filter((record) => record.indexId === indexId && record.apiUrl === apiUrl && record.phase !== 'ready');
  }

  add(record: Omit<UploadRecord, 'id' | 'createdAt' | 'updatedAt'>): UploadRecord {
    const at = this.now();
    // Random, not counted: another window (or a record from an earlier one) may have started in the same millisecond.
    const id = `${at.toString(36)}-${randomBytes(5).toString('hex')}`;
    const stored: UploadRecord = { ...copy(record as UploadRecord), id, createdAt: at, updatedAt: at };
    this.records.set(id, stored);
    this.known.add(id);
    this.changed();
    return copy(stored);
  }

  /** Applies a change; progress-only changes (`sent`) are not written to globalState, the rest are. */
  update(id: string, patch: Partial<Omit<UploadRecord, 'id' | 'createdAt'>>): UploadRecord | undefined {
    const record = this.records.get(id);
    if (!record) {
      return undefined;
    }
    const progressOnly = Object.keys(patch).every((key) => key === 'sent');
    Object.assign(record, patch, { updatedAt: this.now() });
    this.changed(!progressOnly);
    return copy(record);
  }

  remove(id: string): void {
    if (this.records.delete(id)) {
      this.changed();
    }
  }

  /** What a new window would take up: the unfinished uploads as last written. */
  remembered(): UploadRecord[] {
    const value = this.state.get<unknown>(StorageKeys.assetUploads);
    return Array.isArray(value) ? value.filter(isRecord).map(copy) : [];
  }

  /**
   * Takes the remembered uploads, as a freshly opened window does. One that was sending when the
   * window went is paused now: nothing is sending it any more.
   */
  restore(options: { replace?: boolean } = {}): UploadRecord[] {
    // Uploads this window started meanwhile stay; `replace` is a reload, where memory is gone.
    if (options.replace) {
      this.records.clear();
      this.known.clear();
    }
    for (const record of this.remembered()) {
      if (!this.known.has(record.id)) {
        this.known.add(record.id);
        this.records.set(record.id, record.phase === 'sending' ? { ...record, phase: 'paused' } : record);
      }
    }
    this.changes.fire();
    return this.all();
  }

  /** Resolves when globalState has every change made so far. */
  flushed(): Promise<void> {
    return this.writes;
  }

  dispose(): void {
    this.changes.dispose();
  }

  private changed(persist = true): void {
    if (persist) {
      const unfinished = [...this.records.values()].filter(isUnfinished).map(copy);
      this.writes = this.writes.then(() => this.state.update(StorageKeys.assetUploads, unfinished.length > 0 ? unfinished : undefined)).catch(() => undefined);
    }
    this.changes.fire();
  }
}

function copy<T>(value: T): T {
  return structuredClone(value);
}

/** globalState may hold what an older version, or a damaged profile, wrote: checked before use. */
function isRecord(value: unknown): value is UploadRecord {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const record = value as Partial<UploadRecord>;
  const source = record.source as Partial<UploadSource> | undefined;
  return (
    typeof record.id === 'string' &&
    typeof record.indexId === 'string' &&
    typeof record.apiUrl === 'string' &&
    typeof record.label === 'string' &&
    typeof record.phase === 'string' &&
    UNFINISHED.has(record.phase) &&
    (record.route === 'direct' || record.route === 'multipart' || record.route === 'url') &&
    typeof record.enableVideoStream === 'boolean' &&
    typeof record.sent === 'number' &&
    typeof record.total === 'number' &&
    typeof record.createdAt === 'number' &&
    typeof record.updatedAt === 'number' &&
    (source?.kind === 'file' ? typeof source.path === 'string' && typeof source.size === 'number' && typeof source.mtimeMs === 'number' : source?.kind === 'url' && typeof source.shown === 'string')
  );
}
