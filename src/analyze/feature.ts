import type * as vscode from 'vscode';
import type { ApiClientProvider } from '../api/provider';
import type { Logger } from '../common/logging/logger';
import type { Notifier } from '../common/notifier';
import type { WindowPort } from '../common/windowPort';
import type { IndexTreeHooks } from '../indexes';
import type { AnalysisCache } from './cache';
import type { AppendTiming } from './coalescer';
import type { AnalysisDocuments } from './documents';

export interface AnalyzeFeatureInput {
  api: ApiClientProvider;
  apiUrl: () => string;
  notifier: Notifier;
  logger: Logger;
  window: WindowPort;
  /** The video named by the argument (a video node, `{ indexId, videoId }`), else picked by the user. */
  chooseVideo: (arg: unknown, title: string) => Promise<{ indexId: string; videoId: string } | undefined>;
  tree: IndexTreeHooks;
  /** Sees each edit a streamed result makes (the test build's benchmark); none by default. */
  tap?: (timing: AppendTiming) => void;
}

/** Everything the analyze commands share, built once by `registerAnalyzeFeatures`. */
export interface AnalyzeFeature extends AnalyzeFeatureInput {
  cache: AnalysisCache;
  documents: AnalysisDocuments;
  /** Where a kept analysis's document content comes from, and how an open one is refreshed. */
  kept: vscode.TextDocumentContentProvider;
}
