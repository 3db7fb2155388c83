import vscode = require('vscode');
import { registerCopyTaskId, registerStopFollowingTask } from './taskActions';
import { registerUploadFromExplorer } from './uploadFromExplorer';
import type { ApiClientProvider } from '../api/provider';
import type { IndexTreeHooks } from '../indexes';
import type { Notifier } from '../common/notifier';
import type { WindowPort } from '../common/windowPort';
import type { Logger } from '../common/logging/logger';
import type { UploadDeps } from './deps';
import { UploadSessions } from './sessions';
import { TaskNode } from './taskNode';
import { TaskStore } from './taskStore';
import { TaskWatcher, type PollPolicy } from './taskWatcher';
import { registerUploadVideo, type Uploader } from './uploadVideo';

export interface UploadFeatureInput {
  api: ApiClientProvider;
  logger: Logger;
  apiUrl: () => string;
  /** `twelveLabs.apiUrl` changed: tasks of the old server are no longer polled. */
  onApiUrlChange: (listener: () => void) => vscode.Disposable;
  tree: IndexTreeHooks;
  /** Fires when the stored key goes away (cleared, here or in another window) and when one is stored again. */
  onKeyPresence: (listener: (present: boolean) => void) => vscode.Disposable;
  notifier: Notifier;
  getKey: () => Promise<string | undefined>;
  window: Pick<WindowPort, 'withProgress'>;
  pollPolicy?: PollPolicy;
}

/** What the upload features hand back to the composition root. */
export interface UploadFeatures {
  store: TaskStore;
  watcher: TaskWatcher;
  sessions: UploadSessions;
  /** Uploads what the user already chose, as the command does after its dialogs. */
  upload: Uploader;
}

/** Files of one command uploading at once: two keep a fast line busy without starving either file. */
export const UPLOAD_CONCURRENCY = 2;
/** Resuming remembered tasks waits until the window has settled: activation never touches the network. */
const RESUME_DELAY_MS = 3_000;

/** Upload Video to Index, the task watcher, and the task nodes under each index. */
export function registerUploadFeatures(context: vscode.ExtensionContext, input: UploadFeatureInput): UploadFeatures {
  const store = new TaskStore(context.globalState);
  const { notifier } = input;
  const watcher = new TaskWatcher({ api: input.api, store, tree: input.tree, notifier, logger: input.logger, apiUrl: input.apiUrl, policy: input.pollPolicy });
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
    sessions,
    concurrency: UPLOAD_CONCURRENCY,
  };
  // Most windows remember no task: they get no timer at all, so an idle window wakes only for what it shows.
  const resumeTimer = store.remembered().length > 0 ? setTimeout(() => watcher.resume(store.restore()), RESUME_DELAY_MS) : undefined;
  context.subscriptions.push(
    store,
    watcher,
    { dispose: () => clearTimeout(resumeTimer) },
    { dispose: () => sessions.cancelAll() },
    input.tree.setChildContributor({
      childrenOf: (indexId) => store.visibleFor(indexId, input.apiUrl()).map((task) => new TaskNode(task, store.problemOf(task.taskId))),
      onDidChange: store.onDidChange,
    }),
    input.onApiUrlChange(() => {
      watcher.stopAll();
      watcher.resume(store.all());
    }),
    // Without a key nothing may go on in its name: uploads stop, polling waits for the next key.
    input.onKeyPresence((present) => {
      if (present) {
        watcher.resume(store.all());
        return;
      }
      watcher.stopAll();
      const cancelled = sessions.cancelAll();
      if (cancelled > 0) {
        void notifier.show('warning', vscode.l10n.t('The Twelve Labs API key was cleared, so {0} upload(s) in progress were stopped. Set a key and upload them again.', cancelled));
      }
    }),
  );
  const upload = registerUploadVideo(context, deps);
  context.subscriptions.push(
    registerCopyTaskId({ store, watcher, notifier }),
    registerStopFollowingTask({ store, watcher, notifier }),
    registerUploadFromExplorer(deps, upload),
  );

  return { store, watcher, sessions, upload };
}
