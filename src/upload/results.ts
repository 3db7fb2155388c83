import type { ErrorInfo } from '../common/presentError';

/** Why a file was refused before any byte was sent. */
export type RejectionCode = 'not_found' | 'not_a_file' | 'empty' | 'too_large' | 'unreadable' | 'not_local';

export interface RejectedFile {
  file: string;
  code: RejectionCode;
  message: string;
}

export type UploadItemResult =
  /** Twelve Labs has the file (or URL); `uploadId` is its record, followed until the video is ready. */
  | { source: string; outcome: 'sent'; uploadId: string; assetId: string }
  /** Paused from its tree node while sending; Resume takes it up. */
  | { source: string; outcome: 'paused'; uploadId: string }
  | { source: string; outcome: 'failed'; error: ErrorInfo }
  | { source: string; outcome: 'cancelled' };

/**
 * What `twelvelabs.uploadVideo` returns. `uploaded`: every accepted source was sent; `partial`:
 * some were (or were paused on the way); `failed`: none were (all refused or all failed); `cancelled`: the user
 * stopped them all; `paused`: every one was paused on the way. Processing and indexing then run on; their states are in the tree (and the test API).
 */
export type UploadVideoResult =
  | {
      outcome: 'uploaded' | 'partial' | 'paused' | 'failed' | 'cancelled';
      indexId: string;
      uploads: UploadItemResult[];
      rejected: RejectedFile[];
    }
  | { outcome: 'cancelled'; indexId: string | undefined; uploads: []; rejected: [] }
  | { outcome: 'noTarget' }
  /** Nothing was attempted: no key is stored (the user was told how to set one). */
  | { outcome: 'noKey' };
