import type { ApiClientProvider } from '../api/provider';
import type { Settings } from '../common/settings';
import type { Logger } from '../common/logging/logger';

/** What the index features need from the key store: the key for requests, and news that it changed. */
export interface IndexKeySource {
  getKey(): Promise<string | undefined>;
  /** Fires when the key is set, rotated or cleared, in this window or another. */
  onDidChange(listener: () => unknown): { dispose(): unknown };
}

export interface IndexFeatureDeps {
  keyStore: IndexKeySource;
  api: ApiClientProvider;
  settings: Settings;
  logger: Logger;
}
