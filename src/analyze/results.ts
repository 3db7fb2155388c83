import type { AnalyzeUsage, FinishReason } from '../api/analyzeTypes';
import type { ErrorInfo } from '../common/presentError';
import type { AnalyzeRoute } from './modelChoice';

/** What Analyze Video… returns to its caller (and the real-host tests). */
export type AnalyzeVideoResult =
  | { outcome: 'cancelled' }
  | { outcome: 'refused'; code: string; message: string }
  | { outcome: 'failed'; error: ErrorInfo }
  | { outcome: 'cached'; analysisId: string; uri: string }
  | {
      outcome: 'written';
      /** How the run ended: the text is in the document in every case. */
      end: 'finished' | 'cancelled' | 'incomplete' | 'failed';
      route: AnalyzeRoute;
      uri: string;
      /** The model's text as it arrived (before the scheme defusing the document shows). */
      text: string;
      finishReason?: FinishReason;
      usage?: AnalyzeUsage;
      /** Set when the result was kept. */
      analysisId?: string;
      /** Edits made to the document. */
      edits: number;
    };

export type SaveAnalysisResult = { outcome: 'saved'; uri: string } | { outcome: 'cancelled' } | { outcome: 'nothing' };
