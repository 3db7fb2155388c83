import vscode = require('vscode');
import { recordingLimit } from '../util/recording';
import type { ApiClientProvider } from '../api/provider';
import type { IndexTreeHooks } from '../indexes';
import { Notifier } from '../common/notifier';
import type { Logger } from '../common/logging/logger';
import type { UploadFeaturesTestApi } from '../testApi';
import type { UploadDeps } from './deps';
import { UploadSessions } from './sessions';
import { TaskNode } from './taskNode';
import { TaskStore } from './taskStore';
import { TaskWatcher, type PollPolicy } from './taskWatcher';
import { registerUploadVideo } from './uploadVideo';

export interface UploadFeatureInput {
  api: ApiClientProvider;
  logger: Logger;
  apiUrl: () => string;
  /** `twelvelabs.apiUrl` changed: tasks of the old server are no longer polled. */
  onApiUrlChange: (listener: () => void) => vscode.Disposable;
  tree: IndexTreeHooks;
  pollPolicy?: PollPolicy;
}

/** Files of one command uploading at once: two keep a fast line busy without starving either file. */
export const UPLOAD_CONCURRENCY = 2;
/** Resuming remembered tasks waits until the window has settled: activation never touches the network. */
const RESUME_DELAY_MS = 3_000;

/** Upload Video to Index, the task watcher, and the task nodes under each index. */
export function registerUploadFeatures(context: vscode.ExtensionContext, input: UploadFeatureInput): { testApi: UploadFeaturesTestApi } {
  const store = new TaskStore(context.globalState);
  const notifier = new Notifier(recordingLimit(context.extensionMode, 50));
  const watcher = new TaskWatcher({ api: input.api, store, tree: input.tree, notifier, logger: input.logger, apiUrl: input.apiUrl, policy: input.pollPolicy });
  const sessions = new UploadSessions();
  const deps: UploadDeps = {
    api: input.api,
    logger: input.logger,
    apiUrl: input.apiUrl,
    tree: input.tree,
    notifier,
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
  );
  registerUploadVideo(context, deps);

  return {
    testApi: {
      tasks: () => store.all(),
      rememberedTasks: () => store.remembered(),
      watching: () => watcher.watching(),
      notifications: () => notifier.records().map((record) => ({ ...record, actions: [...record.actions] })),
      progressMessages: () => sessions.messages(),
      activeUploads: () => sessions.all().map((session) => ({ indexId: session.indexId, sent: session.sent, total: session.total })),
      cancelActiveUploads: () => sessions.cancelAll(),
      simulateReload: async () => {
        clearTimeout(resumeTimer);
        await store.flushed();
        watcher.stopAll();
        return watcher.resume(store.restore());
      },
      flushed: () => store.flushed(),
    },
  };
}
