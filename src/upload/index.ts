import vscode = require('vscode');
import { DEFAULT_UPLOAD_LIMITS, type UploadLimits } from '../api/assetTypes';
import { registerCopyTaskId, registerStopFollowingTask } from './taskActions';
import { registerUploadFromExplorer } from './uploadFromExplorer';
import type { ApiClientProvider } from '../api/provider';
import type { IndexTreeHooks } from '../indexes';
import { ContextKeys } from '../common/contextKeys';
import type { Notifier } from '../common/notifier';
import type { WindowPort } from '../common/windowPort';
import type { Logger } from '../common/logging/logger';
import { AssetUploads } from './assetUploads';
import { registerCancelUpload } from './cancelUpload';
import type { UploadDeps } from './deps';
import { registerDismissUpload } from './dismissUpload';
import { registerPauseUpload } from './pauseUpload';
import { offerToResume } from './resumeOffer';
import { registerResumeUpload } from './resumeUpload';
import { UploadSessions } from './sessions';
import { TaskNode } from './taskNode';
import { TaskStore } from './taskStore';
import { DEFAULT_POLL_POLICY, TaskWatcher, type PollPolicy } from './taskWatcher';
import { UploadBook } from './uploadBook';
import { UploadNode } from './uploadNode';
import { registerUploadVideo, type Uploader } from './uploadVideo';

export interface UploadFeatureInput {
  api: ApiClientProvider;
  logger: Logger;
  apiUrl: () => string;
  /** `twelveLabs.apiUrl` changed: uploads of the old server are no longer followed. */
  onApiUrlChange: (listener: () => void) => vscode.Disposable;
  /** `twelveLabs.upload.*`, read when an upload starts. */
  settings: () => { enableVideoStream: boolean; parallelChunks: number };
  tree: IndexTreeHooks;
  /** Fires when the stored key goes away (cleared, here or in another window) and when one is stored again. */
  onKeyPresence: (listener: (present: boolean) => void) => vscode.Disposable;
  notifier: Notifier;
  getKey: () => Promise<string | undefined>;
  window: Pick<WindowPort, 'withProgress' | 'createQuickPick'>;
  pollPolicy?: PollPolicy;
  /** The test build's smaller size limits, so a multipart upload needs no 200 MB file; the API's otherwise. */
  uploadLimits?: () => UploadLimits | undefined;
}

/** What the upload features hand back to the composition root. */
export interface UploadFeatures {
  store: TaskStore;
  watcher: TaskWatcher;
  sessions: UploadSessions;
  book: UploadBook;
  uploads: AssetUploads;
  /** Uploads what the user already chose, as the command does after its dialogs. */
  upload: Uploader;
  /** What a fresh window does with the uploads it remembers: follow what is past sending, offer the rest. `asReload`: forget memory first. */
  takeUpRemembered: (asReload?: boolean) => void;
}

/** Files of one command uploading at once: two keep a fast line busy without starving either file. */
export const UPLOAD_CONCURRENCY = 2;
/** Taking up remembered uploads waits until the window has settled: activation never touches the network. */
const RESUME_DELAY_MS = 3_000;

/** Upload Video to Index, the uploads' nodes under each index, and the legacy task watcher. */
export function registerUploadFeatures(context: vscode.ExtensionContext, input: UploadFeatureInput): UploadFeatures {
  const store = new TaskStore(context.globalState);
  const book = new UploadBook(context.globalState);
  // At once, from globalState alone (no request): unfinished uploads show on their nodes, and what this
  // window writes next keeps them.
  book.restore();
  const { notifier } = input;
  const policy = input.pollPolicy ?? DEFAULT_POLL_POLICY;
  const watcher = new TaskWatcher({ api: input.api, store, tree: input.tree, notifier, logger: input.logger, apiUrl: input.apiUrl, policy });
  const uploads = new AssetUploads({
    api: input.api,
    book,
    tree: input.tree,
    notifier,
    logger: input.logger,
    apiUrl: input.apiUrl,
    policy,
    options: () => ({ ...input.settings(), limits: input.uploadLimits?.() ?? DEFAULT_UPLOAD_LIMITS }),
  });
  uploads.failInterruptedImports();
  const sessions = new UploadSessions();
  const deps: UploadDeps = {
    api: input.api,
    logger: input.logger,
    apiUrl: input.apiUrl,
    tree: input.tree,
    notifier,
    getKey: input.getKey,
    window: input.window,
    store,
    watcher,
    book,
    uploads,
    sessions,
    concurrency: UPLOAD_CONCURRENCY,
  };
  const takeUpRemembered = (asReload = false): void => {
    if (asReload) {
      // What a closed window leaves: globalState only, nothing in memory.
      uploads.halt();
      watcher.stopAll();
    }
    if (asReload) {
      book.restore({ replace: true });
      uploads.failInterruptedImports();
    }
    watcher.resume(store.restore());
    uploads.followRemembered();
    const apiUrl = input.apiUrl();
    void offerToResume(
      deps,
      book.all().filter((record) => record.apiUrl === apiUrl && record.phase === 'paused'),
    );
  };
  // Most windows remember nothing: they get no timer at all, so an idle window wakes only for what it shows.
  const remembersSomething = store.remembered().length > 0 || book.remembered().length > 0;
  const resumeTimer = remembersSomething ? setTimeout(() => takeUpRemembered(), RESUME_DELAY_MS) : undefined;
  const onBookChange = trackUploadContextKeys(book);
  context.subscriptions.push(
    store,
    book,
    watcher,
    uploads,
    onBookChange,
    { dispose: () => clearTimeout(resumeTimer) },
    input.tree.setChildContributor({
      childrenOf: (indexId) => book.visibleFor(indexId, input.apiUrl()).map((record) => new UploadNode(record)),
      // An upload being indexed is listed by the server too: its node stands for it until it is ready.
      covers: (indexId) => new Set(book.visibleFor(indexId, input.apiUrl()).flatMap((record) => (record.indexedAssetId ? [record.indexedAssetId] : []))),
      onDidChange: book.onDidChange,
    }),
    input.tree.setChildContributor({
      childrenOf: (indexId) => store.visibleFor(indexId, input.apiUrl()).map((task) => new TaskNode(task, store.problemOf(task.taskId))),
      onDidChange: store.onDidChange,
    }),
    input.onApiUrlChange(() => {
      watcher.stopAll();
      watcher.resume(store.all());
      uploads.stopFollowingAll();
      uploads.followRemembered();
    }),
    // Without a key nothing may go on in its name: uploads pause, following waits for the next key.
    input.onKeyPresence((present) => {
      if (present) {
        watcher.resume(store.all());
        uploads.followRemembered();
        return;
      }
      watcher.stopAll();
      uploads.stopFollowingAll();
      const paused = uploads.pauseAll();
      if (paused > 0) {
        void notifier.show('warning', vscode.l10n.t('The Twelve Labs API key was cleared, so {0} upload(s) in progress were paused. Set a key, then resume them from the Indexes view.', paused));
      }
    }),
  );
  const upload = registerUploadVideo(context, deps);
  context.subscriptions.push(
    registerPauseUpload(deps),
    registerResumeUpload(deps),
    registerCancelUpload(deps),
    registerDismissUpload(deps),
    registerCopyTaskId({ store, watcher, notifier }),
    registerStopFollowingTask({ store, watcher, notifier }),
    registerUploadFromExplorer(deps, upload),
  );

  return { store, watcher, sessions, book, uploads, upload, takeUpRemembered };
}

/** Keeps the palette's Pause and Resume Upload to when there is something to pause or resume. */
function trackUploadContextKeys(book: UploadBook): vscode.Disposable {
  const shown = new Map<string, boolean>();
  const set = (key: string, value: boolean): void => {
    if (shown.get(key) !== value) {
      shown.set(key, value);
      void vscode.commands.executeCommand('setContext', key, value);
    }
  };
  return book.onDidChange(() => {
    const records = book.all();
    set(ContextKeys.uploadSending, records.some((record) => record.phase === 'sending'));
    set(ContextKeys.uploadPaused, records.some((record) => record.phase === 'paused'));
  });
}
