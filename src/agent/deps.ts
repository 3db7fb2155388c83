import type { Logger } from '../common/logging/logger';
import type { ClientSource } from './tool';

/** An upload as the upload feature keeps it (UploadRecord), as far as the status tool reads it. */
export interface UploadView {
  indexId: string;
  apiUrl: string;
  label: string;
  phase: string;
  sent: number;
  total: number;
  indexedAssetId?: string;
  indexStatus?: string;
  error?: { code: string; message: string };
  problem?: string;
  updatedAt: number;
}

/** A legacy `/tasks` upload an earlier version started (TrackedTask). */
export interface TaskView {
  taskId: string;
  indexId: string;
  videoId: string | undefined;
  source: string;
  status: string;
  apiUrl: string;
  error?: { code: string; message: string };
}

/** What `twelvelabs.uploadVideo` returns (UploadVideoResult), as far as the upload tool reads it. */
export type UploadOutcome =
  | {
      outcome: 'uploaded' | 'partial' | 'paused' | 'failed' | 'cancelled';
      indexId: string | undefined;
      uploads: (
        | { source: string; outcome: 'sent'; uploadId: string; assetId: string }
        | { source: string; outcome: 'paused'; uploadId: string }
        | { source: string; outcome: 'failed'; error: { code: string; message: string; status: number; kind: string } }
        | { source: string; outcome: 'cancelled' }
      )[];
      rejected: { file: string; code: string; message: string }[];
    }
  | { outcome: 'noTarget' }
  | { outcome: 'noKey' };

/** What the Create Index command returns for its programmatic form (CreateIndexResult). */
export type CreateIndexOutcome =
  | { outcome: 'created'; indexId: string; name: string; models: { model_name: string; model_options: string[] }[]; addons: string[]; recovered: boolean }
  | { outcome: 'cancelled' }
  | { outcome: 'noKey' }
  | { outcome: 'failed'; error: { code: string; message: string; status: number; kind: string } };

/** What the agent features take from the composition root and the other features. */
export interface AgentDeps {
  api: ClientSource;
  logger: Logger;
  /** Masks every known key in a tool's text: a last net, since nothing a tool says should hold one. */
  redact: (text: string) => string;
  apiUrl: () => string;
  uploads: {
    records: () => readonly UploadView[];
    tasks: () => readonly TaskView[];
    /** What the upload command does once the user chose the file (it shows its own progress). */
    upload: (request: { indexId: string; files: string[] }) => Promise<UploadOutcome>;
  };
  indexes: {
    /** The programmatic Create Index: no wizard; its progress and result are shown as the command shows them. */
    create: (args: { name: string; models: string[]; addons?: string[] }) => Promise<CreateIndexOutcome>;
    /** The models Create Index offers (built in, plus `twelveLabs.indexModels`), with their options and add-ons. */
    catalogue: () => readonly { name: string; description: string; options: string[]; addons: string[] }[];
  };
}
