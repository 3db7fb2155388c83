import fs = require('node:fs');
import vscode = require('vscode');
import type { TwelveLabsClient } from '../api/client';
import { chooseUploadRoute, TERMINAL_INDEXED_ASSET_STATUSES, type Asset, type IndexedAsset, type UploadLimits, type UserMetadata } from '../api/assetTypes';
import { isTwelveLabsError, TwelveLabsError } from '../api/errors';
import type { ApiClientProvider } from '../api/provider';
import { abortableSleep } from '../common/abortableSleep';
import { ContextKeys } from '../common/contextKeys';
import type { Logger } from '../common/logging/logger';
import type { Notifier } from '../common/notifier';
import { presentError, type ErrorPresentation } from '../common/presentError';
import type { IndexTreeHooks } from '../indexes';
import type { PollPolicy } from './taskWatcher';
import type { UploadBook, UploadRecord } from './uploadBook';

/** What an upload reads from the settings when it starts. */
export interface UploadOptions {
  enableVideoStream: boolean;
  /** Chunk PUTs in flight per multipart upload. */
  parallelChunks: number;
  limits: UploadLimits;
}

export interface AssetUploadsDeps {
  api: ApiClientProvider;
  book: UploadBook;
  tree: IndexTreeHooks;
  notifier: Notifier;
  logger: Logger;
  apiUrl: () => string;
  options: () => UploadOptions;
  policy: PollPolicy;
}

/** A file the user chose (checked already) or a URL they typed. */
export interface NewUpload {
  indexId: string;
  /** The file's name, or the URL as it may be shown (no query string: see `displayUrl`). */
  label: string;
  source: { kind: 'file'; path: string; size: number; mtimeMs: number } | { kind: 'url'; url: string };
  userMetadata?: UserMetadata;
  enableVideoStream?: boolean;
}

export type SendOutcome =
  /** Twelve Labs has every byte (or the URL); processing and indexing go on in the background. */
  | { outcome: 'sent'; record: UploadRecord }
  | { outcome: 'paused'; record: UploadRecord }
  | { outcome: 'cancelled'; label: string }
  /** `file`: the path of a local file, so that a new upload of it can be offered. */
  | { outcome: 'failed'; label: string; presentation: ErrorPresentation; uploadId: string; file?: string };

interface Sending {
  controller: AbortController;
  /** `halt`: the window is going; nothing more is written, the book already holds what resumes it. */
  stop: 'pause' | 'cancel' | 'halt' | undefined;
  done: Promise<SendOutcome>;
}

/** Consecutive failed status checks before the user is told; the upload itself is not affected. */
const NOTIFY_AFTER_FAILURES = 3;

/**
 * Uploads through assets and indexed assets, each a record of the UploadBook:
 * sending (one `POST /assets`, a multipart session, or a URL import) → processing (the asset) →
 * indexing (`POST …/indexed-assets`, then polled) → ready, at which point the record goes and the
 * video is in the index. Sending is what the progress notification shows; the rest runs in the
 * background, on the record's tree node, and survives a reload through the book.
 */
export class AssetUploads implements vscode.Disposable {
  private readonly sending = new Map<string, Sending>();
  private readonly following = new Map<string, AbortController>();
  /** The last percent written per record, so the tree is redrawn once per percent, not per chunk. */
  private readonly shownPercent = new Map<string, number>();

  constructor(private readonly deps: AssetUploadsDeps) {}

  /** A record for an upload about to start; throws a `file` TwelveLabsError for a file no route takes. */
  create(upload: NewUpload): UploadRecord {
    const options = this.deps.options();
    const { source } = upload;
    const common = {
      indexId: upload.indexId,
      apiUrl: this.deps.apiUrl(),
      label: upload.label,
      phase: 'sending' as const,
      sent: 0,
      enableVideoStream: upload.enableVideoStream ?? options.enableVideoStream,
      userMetadata: upload.userMetadata,
    };
    if (source.kind === 'url') {
      return this.deps.book.add({ ...common, source: { kind: 'url', shown: upload.label }, route: 'url', total: 0 });
    }
    const route = chooseUploadRoute(source.size, upload.label, options.limits);
    return this.deps.book.add({ ...common, source: { kind: 'file', path: source.path, size: source.size, mtimeMs: source.mtimeMs }, route, total: source.size });
  }

  isSending(id: string): boolean {
    return this.sending.has(id);
  }

  sendingIds(): string[] {
    return [...this.sending.keys()];
  }

  followingIds(): string[] {
    return [...this.following.keys()];
  }

  /**
   * Sends the record's bytes (only the missing chunks of a resumed multipart upload); `url` is the
   * whole URL of an import, held in memory only. Resolves once Twelve Labs has everything, or the
   * upload was paused, cancelled or failed. The same record sent twice joins the first.
   */
  send(id: string, onProgress: (sent: number, total: number) => void, url?: string): Promise<SendOutcome> {
    const running = this.sending.get(id);
    if (running) {
      return running.done;
    }
    const entry: Sending = { controller: new AbortController(), stop: undefined, done: Promise.resolve({ outcome: 'cancelled', label: '' }) };
    this.sending.set(id, entry);
    entry.done = this.sendNow(id, entry, onProgress, url).finally(() => {
      this.sending.delete(id);
      this.shownPercent.delete(id);
    });
    return entry.done;
  }

  /** Stops sending; the record stays, resumable (a direct upload starts again from its first byte). */
  pause(id: string): boolean {
    return this.stopSending(id, 'pause');
  }

  /** Stops every upload that is sending (the key went away); returns how many. */
  pauseAll(): number {
    return this.sendingIds().filter((id) => this.pause(id)).length;
  }

  /** Stops and forgets an upload, deleting what the server holds of an unfinished one. */
  async cancel(id: string): Promise<boolean> {
    const running = this.sending.get(id);
    if (running && this.stopSending(id, 'cancel')) {
      // The sender cleans up: only it knows whether a session was started in the meantime.
      await running.done;
      return true;
    }
    const record = this.deps.book.get(id);
    if (!record) {
      return false;
    }
    this.stopFollowing(id);
    this.deps.book.remove(id);
    if (record.assetId && record.phase !== 'indexing') {
      await this.deleteUnfinishedAsset(record.assetId);
    }
    return true;
  }

  /** Forgets a failed upload; what it left on the server (a ready asset, say) stays. */
  dismiss(id: string): boolean {
    const record = this.deps.book.get(id);
    if (!record || this.sending.has(id)) {
      return false;
    }
    this.stopFollowing(id);
    this.deps.book.remove(id);
    return true;
  }

  /** Follows processing and indexing of a record whose bytes are in, until it is ready or failed. */
  follow(id: string): void {
    if (this.following.has(id)) {
      return;
    }
    const controller = new AbortController();
    this.following.set(id, controller);
    void this.followUntilDone(id, controller.signal)
      .catch((error: unknown) => this.deps.logger.error('Following an upload failed unexpectedly', error))
      .finally(() => {
        if (this.following.get(id) === controller) {
          this.following.delete(id);
        }
      });
  }

  /** After a reload, or when a key is back: every record of the current server past sending is followed again. */
  followRemembered(): number {
    const apiUrl = this.deps.apiUrl();
    const due = this.deps.book.all().filter((record) => record.apiUrl === apiUrl && (record.phase === 'processing' || record.phase === 'indexing'));
    for (const record of due) {
      this.follow(record.id);
    }
    return due.length;
  }

  stopFollowingAll(): void {
    for (const controller of this.following.values()) {
      controller.abort();
    }
    this.following.clear();
  }

  /**
   * A URL import cut off by a closed window cannot be taken up: the URL itself was never kept, and
   * the import may have started. Said on its node, so it is not imported twice unawares.
   */
  failInterruptedImports(): void {
    for (const record of this.deps.book.all()) {
      if (record.route === 'url' && record.phase === 'paused') {
        this.deps.book.update(record.id, {
          phase: 'failed',
          error: {
            code: 'import_interrupted',
            message: vscode.l10n.t('The window closed while Twelve Labs was accepting the URL, so the import may or may not have started. Refresh the index before importing it again.'),
          },
        });
      }
    }
  }

  /** Stops everything as a closing window does, writing nothing: the next window restores from the book. */
  halt(): void {
    for (const id of this.sendingIds()) {
      this.stopSending(id, 'halt');
    }
    this.stopFollowingAll();
  }

  dispose(): void {
    this.halt();
  }

  private stopSending(id: string, stop: Sending['stop'] & string): boolean {
    const entry = this.sending.get(id);
    if (!entry) {
      return false;
    }
    entry.stop ??= stop;
    entry.controller.abort();
    return true;
  }

  private stopFollowing(id: string): void {
    this.following.get(id)?.abort();
    this.following.delete(id);
  }

  private async sendNow(id: string, entry: Sending, onProgress: (sent: number, total: number) => void, url: string | undefined): Promise<SendOutcome> {
    const book = this.deps.book;
    const record = book.get(id);
    if (!record) {
      return { outcome: 'cancelled', label: '' };
    }
    book.update(id, { phase: 'sending', error: undefined, problem: undefined });
    const { signal } = entry.controller;
    const progress = (sent: number, total: number): void => {
      this.showProgress(id, sent, total);
      onProgress(sent, total);
    };
    try {
      const client = await this.deps.api.get();
      const asset = await this.sendBytes(client, record, signal, progress, url);
      const sent = book.update(id, { phase: 'processing', assetId: asset._id, sent: record.total, resumable: undefined }) ?? record;
      this.follow(id);
      return { outcome: 'sent', record: sent };
    } catch (error) {
      if (entry.stop === 'halt') {
        return { outcome: 'paused', record };
      }
      const stopped = entry.stop ?? (signal.aborted || (isTwelveLabsError(error) && error.isCancelled) ? 'cancel' : undefined);
      if (stopped === 'pause' && record.route !== 'url') {
        this.deps.logger.info(`Upload ${id} paused`);
        return { outcome: 'paused', record: book.update(id, { phase: 'paused' }) ?? record };
      }
      if (stopped !== undefined) {
        const last = book.get(id);
        book.remove(id);
        if (last?.assetId) {
          await this.deleteUnfinishedAsset(last.assetId);
        }
        return { outcome: 'cancelled', label: record.label };
      }
      const presentation = uploadFailure(record.label, error);
      this.deps.logger.warn(`Upload ${id} failed: ${presentation.info.code}`);
      book.update(id, { phase: 'failed', error: { code: presentation.info.code, message: presentation.info.message } });
      return { outcome: 'failed', label: record.label, presentation, uploadId: id, file: record.source.kind === 'file' ? record.source.path : undefined };
    }
  }

  private async sendBytes(client: TwelveLabsClient, record: UploadRecord, signal: AbortSignal, progress: (sent: number, total: number) => void, url: string | undefined): Promise<Asset> {
    const options = this.deps.options();
    const { source } = record;
    if (record.route === 'url' || source.kind === 'url') {
      if (url === undefined) {
        throw new TwelveLabsError('upload', 0, 'upload_session_ended', vscode.l10n.t('The URL of “{0}” was not kept, so the import cannot be repeated from here. Import it again.', record.label));
      }
      return client.createAssetFromUrl({ url }, { signal });
    }
    if (record.route === 'direct') {
      return client.createAssetFromFile({ path: source.path, size: source.size }, { signal, maxBytes: options.limits.maxDirectBytes, onProgress: (p) => progress(p.sent, p.total) });
    }
    return client.uploadMultipart(
      { path: source.path, filename: record.label, resume: record.resumable },
      {
        signal,
        concurrency: options.parallelChunks,
        waitForReady: false,
        onProgress: (p) => progress(p.sent, p.total),
        // What a later window needs to send only the missing chunks: ids, file identity, chunks done.
        onState: (state) => this.deps.book.update(record.id, { resumable: state, assetId: state.assetId }),
      },
    );
  }

  private showProgress(id: string, sent: number, total: number): void {
    const percent = total > 0 ? Math.floor((sent / total) * 100) : 0;
    if (this.shownPercent.get(id) !== percent) {
      this.shownPercent.set(id, percent);
      this.deps.book.update(id, { sent });
    }
  }

  private async deleteUnfinishedAsset(assetId: string): Promise<void> {
    try {
      await (await this.deps.api.get()).deleteAsset(assetId);
    } catch (error) {
      // The server drops an unfinished session after 24 h anyway.
      this.deps.logger.debug(`Deleting the unfinished asset ${assetId} failed`, isTwelveLabsError(error) ? error.code : error);
    }
  }

  private async followUntilDone(id: string, signal: AbortSignal): Promise<void> {
    const start = this.deps.book.get(id);
    if (start?.phase === 'processing' && start.assetId) {
      const assetId = start.assetId;
      const asset = await this.poll(id, signal, vscode.l10n.t('Could not check the processing of “{0}”', start.label), (client, s) => client.getAsset(assetId, { signal: s }), (a) => a.status === 'ready' || a.status === 'failed');
      if (asset === undefined) {
        return;
      }
      if (asset.status === 'failed') {
        const reason = asset.error?.message ?? vscode.l10n.t('the platform could not process the file (no reason given).');
        this.fail(id, { code: asset.error?.code ?? 'asset_failed', message: reason }, vscode.l10n.t('Twelve Labs could not process “{0}”: {1}', start.label, reason));
        return;
      }
      if (!(await this.indexTheAsset(id, assetId, signal))) {
        return;
      }
    }
    const record = this.deps.book.get(id);
    if (record?.phase !== 'indexing' || !record.indexedAssetId) {
      return;
    }
    const indexedAssetId = record.indexedAssetId;
    const indexed = await this.poll(
      id,
      signal,
      vscode.l10n.t('Could not check the indexing of “{0}”', record.label),
      (client, s) => client.getIndexedAsset(record.indexId, indexedAssetId, {}, { signal: s }),
      (item) => TERMINAL_INDEXED_ASSET_STATUSES.includes(item.status),
      (item) => {
        if (this.deps.book.get(id)?.indexStatus !== item.status) {
          this.deps.book.update(id, { indexStatus: item.status });
        }
      },
    );
    if (indexed === undefined) {
      return;
    }
    if (indexed.status === 'ready') {
      this.ready(record, indexed);
      return;
    }
    const reason = indexed.error?.message ?? vscode.l10n.t('The server gave no reason.');
    this.fail(id, { code: indexed.error?.code ?? 'index_failed', message: reason }, vscode.l10n.t('Indexing “{0}” failed: {1}', record.label, reason));
  }

  /**
   * `POST …/indexed-assets`, which the client never repeats (each call indexes the asset again).
   * Here a request that never reached the server, or was refused for now (429, 5xx), is sent again
   * after a pause; one whose answer was lost is first looked for in the index.
   */
  private async indexTheAsset(id: string, assetId: string, signal: AbortSignal): Promise<boolean> {
    let delay = this.deps.policy.firstDelayMs;
    let failures = 0;
    for (;;) {
      const record = this.deps.book.get(id);
      if (!record || signal.aborted) {
        return false;
      }
      try {
        const client = await this.deps.api.get();
        const created = failures > 0 ? await this.findIndexed(client, record, assetId, signal) : undefined;
        const indexedAssetId =
          created ?? (await client.indexAsset(record.indexId, { assetId, enableVideoStream: record.enableVideoStream, userMetadata: record.userMetadata }, { signal })).id;
        this.deps.book.update(id, { phase: 'indexing', indexedAssetId, indexStatus: 'pending', problem: undefined });
        return true;
      } catch (error) {
        if (signal.aborted) {
          return false;
        }
        const presentation = presentError(vscode.l10n.t('Could not start indexing “{0}”', record.label), error);
        const info = presentation.info;
        const worthRepeating = info.kind === 'network' || info.kind === 'noResponse' || info.status === 429 || info.status >= 500;
        if (!worthRepeating) {
          this.fail(id, { code: info.code, message: info.message }, presentation.message);
          return false;
        }
        failures++;
        this.deps.book.update(id, { problem: presentation.message });
        if (failures === NOTIFY_AFTER_FAILURES) {
          this.deps.notifier.showError({ ...presentation, message: vscode.l10n.t('{0} The file is uploaded; trying again.', presentation.message) });
        }
      }
      await abortableSleep(delay, signal);
      delay = Math.min(this.deps.policy.maxDelayMs, Math.round(delay * this.deps.policy.factor));
    }
  }

  /** An indexed asset of this asset already in the index (an earlier request's lost answer), if any. */
  private async findIndexed(client: TwelveLabsClient, record: UploadRecord, assetId: string, signal: AbortSignal): Promise<string | undefined> {
    const page = await client.listIndexedAssets(record.indexId, 1, 50, { filename: record.label, sortBy: 'created_at', sortOption: 'desc' }, { signal });
    return page.data.find((item) => item.asset_id === assetId)?._id;
  }

  /**
   * Reads `read` until `done`, with growing pauses. A failed read only lengthens the pause (the work
   * goes on on the server whatever our connection does); it shows on the node, and after a few in a
   * row, or at once when it needs the user, in a notification. Resolves undefined when stopped, or
   * when the thing read no longer exists (then the record goes).
   */
  private async poll<T>(
    id: string,
    signal: AbortSignal,
    what: string,
    read: (client: TwelveLabsClient, signal: AbortSignal) => Promise<T>,
    done: (value: T) => boolean,
    onEach?: (value: T) => void,
  ): Promise<T | undefined> {
    let delay = this.deps.policy.firstDelayMs;
    let failures = 0;
    let told = false;
    for (;;) {
      try {
        const value = await read(await this.deps.api.get(), signal);
        if (signal.aborted) {
          return undefined;
        }
        if (failures > 0) {
          failures = 0;
          told = false;
          this.deps.book.update(id, { problem: undefined });
        }
        if (done(value)) {
          return value;
        }
        onEach?.(value);
      } catch (error) {
        if (signal.aborted) {
          return undefined;
        }
        if (isTwelveLabsError(error) && error.code === 'resource_not_exist') {
          this.deps.logger.warn(`Upload ${id}: its asset or indexed asset no longer exists; forgetting it`);
          this.deps.book.remove(id);
          this.deps.tree.invalidate();
          return undefined;
        }
        failures++;
        const presentation = presentError(what, error);
        this.deps.book.update(id, { problem: presentation.message });
        const needsUser = presentation.info.kind === 'config' || presentation.info.kind === 'noKey' || presentation.info.status === 403;
        if (!told && (needsUser || failures >= NOTIFY_AFTER_FAILURES)) {
          told = true;
          this.deps.notifier.showError({ ...presentation, message: vscode.l10n.t('{0} The upload itself is not affected; checking continues.', presentation.message) });
        }
      }
      await abortableSleep(delay, signal);
      if (signal.aborted) {
        return undefined;
      }
      delay = Math.min(this.deps.policy.maxDelayMs, Math.round(delay * this.deps.policy.factor));
    }
  }

  private ready(record: UploadRecord, indexed: IndexedAsset): void {
    this.deps.book.remove(record.id);
    // The index's count and its list changed; the video is listed once this record no longer covers it.
    this.deps.tree.invalidate();
    void vscode.commands.executeCommand('setContext', ContextKeys.videoIndexed, true);
    const reveal = vscode.l10n.t('Reveal');
    void this.deps.notifier.show('info', vscode.l10n.t('“{0}” is indexed and ready.', record.label), reveal).then(async (choice) => {
      if (choice === reveal) {
        await this.deps.tree.refresh();
        if (!(await this.deps.tree.revealVideo(record.indexId, indexed._id))) {
          await this.deps.tree.reveal(record.indexId);
        }
      }
    });
  }

  private fail(id: string, error: { code: string; message: string }, message: string): void {
    this.deps.book.update(id, { phase: 'failed', error, problem: undefined });
    this.deps.tree.invalidate();
    void this.deps.notifier.show('error', message);
  }
}

/** What an upload that failed while sending says; a POST that lost its answer may have landed anyway. */
function uploadFailure(label: string, error: unknown): ErrorPresentation {
  const presentation = presentError(vscode.l10n.t('Could not upload “{0}”', label), error);
  if (presentation.info.kind !== 'noResponse') {
    return presentation;
  }
  return {
    ...presentation,
    message: vscode.l10n.t(
      'Could not upload “{0}”: {1} The video may have reached Twelve Labs anyway: refresh the index and check its videos before uploading it again.',
      label,
      presentation.info.message,
    ),
  };
}

/** The file as it is now, to tell whether a paused upload still belongs to it. */
export async function fileIdentity(path: string): Promise<{ size: number; mtimeMs: number } | undefined> {
  try {
    const stat = await fs.promises.stat(path);
    return stat.isFile() ? { size: stat.size, mtimeMs: stat.mtimeMs } : undefined;
  } catch {
    return undefined;
  }
}
