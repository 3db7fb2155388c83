import type { ApiClientProvider } from '../api/provider';
import type { IndexTreeHooks } from '../indexes';
import type { Notifier } from '../common/notifier';
import type { WindowPort } from '../common/windowPort';
import type { Logger } from '../common/logging/logger';
import type { TaskStore } from './taskStore';
import type { TaskWatcher } from './taskWatcher';
import type { UploadSessions } from './sessions';
import type { AssetUploads } from './assetUploads';
import type { UploadBook } from './uploadBook';

/** What the upload command and the task watcher need; built once in `index.ts`, no module state. */
export interface UploadDeps {
  api: ApiClientProvider;
  logger: Logger;
  /** The current `twelveLabs.apiUrl`: remembered tasks belong to the server they were sent to. */
  apiUrl: () => string;
  tree: IndexTreeHooks;
  notifier: Notifier;
  /** The stored key, to tell the user at once when there is none. */
  getKey: () => Promise<string | undefined>;
  window: Pick<WindowPort, 'withProgress' | 'createQuickPick'>;
  /** Legacy `/tasks` uploads started by earlier versions, followed to their end. */
  store: TaskStore;
  watcher: TaskWatcher;
  book: UploadBook;
  uploads: AssetUploads;
  sessions: UploadSessions;
  /** How many files of one command upload at once. */
  concurrency: number;
}
