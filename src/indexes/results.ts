import type { ErrorInfo } from '../common/presentError';
import type { UserMetadata, UserMetadataChanges } from '../api/assetTypes';
import type { IndexModel } from '../api/types';
import type { SnippetLanguage } from './snippets';

/**
 * What each index command returns, so that tests (and other extensions) can tell what happened
 * without scraping notifications. Never holds the key.
 */

export type { ErrorInfo };

export type Failed = { outcome: 'failed'; error: ErrorInfo };
export type Cancelled = { outcome: 'cancelled' };
export type NoTarget = { outcome: 'noTarget' };
/** Nothing was attempted: no key is stored (the user was told how to set one). */
export type NoKey = { outcome: 'noKey' };

export type CreateIndexResult =
  | {
      outcome: 'created';
      indexId: string;
      name: string;
      models: IndexModel[];
      addons: string[];
      /** True when the POST's answer was lost and the index was found by name afterwards. */
      recovered: boolean;
    }
  | Cancelled
  | NoKey
  | Failed;

export type RefreshResult =
  | { outcome: 'loaded'; shown: number; total: number; filter: string | undefined }
  | { outcome: 'noKey' }
  | Failed;

export type LoadMoreResult =
  | { outcome: 'loaded'; scope: 'indexes' | 'videos'; indexId?: string; added: number; shown: number; total: number }
  | { outcome: 'nothingMore' }
  | NoTarget
  | Failed;

export type FilterResult = ({ outcome: 'filtered' } & Omit<Extract<RefreshResult, { outcome: 'loaded' }>, 'outcome'>) | Cancelled | RefreshResult;

export type RenameIndexResult =
  | { outcome: 'renamed'; indexId: string; oldName: string; newName: string }
  | { outcome: 'unchanged'; indexId: string }
  | Cancelled
  | NoTarget
  | Failed;

export type DeleteIndexResult = { outcome: 'deleted'; indexId: string; name: string } | Cancelled | NoTarget | Failed;

export type ShowDetailsResult = { outcome: 'shown'; indexId: string; content: string } | NoTarget | Failed;

export type CopyResult = { outcome: 'copied'; text: string } | NoTarget;

export type CopySnippetResult = { outcome: 'copied'; language: SnippetLanguage; text: string } | Cancelled | NoTarget;

export type OpenPlaygroundResult = { outcome: 'opened'; uri: string } | NoTarget;

/** `videoId` is the indexed asset's id (the video's id in the index). */
export type ShowVideoDetailsResult = { outcome: 'shown'; indexId: string; videoId: string; content: string } | Cancelled | NoKey | Failed;

export type CopyVideoIdResult = { outcome: 'copied'; indexId: string; videoId: string; which: 'indexedAsset' | 'asset'; text: string } | Cancelled | NoKey | Failed;

export type EditVideoMetadataResult =
  | { outcome: 'saved'; indexId: string; videoId: string; changes: UserMetadataChanges; metadata: UserMetadata }
  | { outcome: 'unchanged'; indexId: string; videoId: string }
  | Cancelled
  | NoKey
  | Failed;

export type DeleteVideoResult = { outcome: 'deleted'; indexId: string; videoId: string; name: string } | Cancelled | NoKey | Failed;
