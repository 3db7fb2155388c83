import type { ErrorInfo } from '../common/presentError';

/** Why a file was refused before any byte was sent. */
export type RejectionCode = 'not_found' | 'not_a_file' | 'empty' | 'too_large' | 'unreadable' | 'not_local';

export interface RejectedFile {
  file: string;
  code: RejectionCode;
  message: string;
}

export type UploadItemResult =
  | { source: string; outcome: 'created'; taskId: string; videoId: string | undefined }
  | { source: string; outcome: 'failed'; error: ErrorInfo }
  | { source: string; outcome: 'cancelled' };

/**
 * What `twelvelabs.uploadVideo` returns. `uploaded`: every accepted source became a task; `partial`:
 * some did; `failed`: none did (all refused or all failed); `cancelled`: the user stopped it.
 * The tasks then run on; their states are in the tree (and the test API).
 */
export type UploadVideoResult =
  | {
      outcome: 'uploaded' | 'partial' | 'failed' | 'cancelled';
      indexId: string;
      uploads: UploadItemResult[];
      rejected: RejectedFile[];
    }
  | { outcome: 'cancelled'; indexId: string | undefined; uploads: []; rejected: [] }
  | { outcome: 'noTarget' }
  /** Nothing was attempted: no key is stored (the user was told how to set one). */
  | { outcome: 'noKey' };
