import {
  ANALYZE_MIN_DURATION_SECONDS,
  ANALYZE_SYNC_MAX_DURATION_SECONDS,
  ANALYZE_TASK_MAX_DURATION_SECONDS,
  MODEL_RULES,
  PEGASUS_MODELS,
  VIDEO_TOO_LONG_CODE,
  VIDEO_TOO_SHORT_CODE,
  type AnalyzeVideo,
  type NumberRange,
  type PegasusModel,
} from '../api/analyzeTypes';
import type { L10n } from '../common/l10n';

/**
 * Which model, input and route fit a video, by the spec's rules (MODEL_RULES and the duration
 * limits): its asset id goes as `asset_id` with either model; a video without one (indexed before
 * assets existed) only as the legacy `video_id`, which Pegasus 1.2 alone takes; over an hour the
 * analysis runs as a task, which takes no `video_id`. Pure, for the unit tests.
 */

export interface VideoFacts {
  videoId: string;
  assetId?: string;
  durationSeconds?: number;
}

export type AnalyzeRoute = 'stream' | 'task';

export interface ModelOption {
  model: PegasusModel;
  video: AnalyzeVideo;
  route: AnalyzeRoute;
}

export type ModelChoice = { kind: 'options'; options: ModelOption[] } | { kind: 'refused'; code: string; message: string };

export function modelOptions(facts: VideoFacts, l10n: L10n): ModelChoice {
  const duration = facts.durationSeconds;
  if (duration !== undefined && duration < ANALYZE_MIN_DURATION_SECONDS) {
    return { kind: 'refused', code: VIDEO_TOO_SHORT_CODE, message: l10n.t('The video is shorter than the {0} seconds Pegasus needs to analyze it.', ANALYZE_MIN_DURATION_SECONDS) };
  }
  if (duration !== undefined && duration > ANALYZE_TASK_MAX_DURATION_SECONDS) {
    return { kind: 'refused', code: VIDEO_TOO_LONG_CODE, message: l10n.t('The video is longer than 2 hours, the longest Pegasus analyzes.') };
  }
  const route: AnalyzeRoute = duration !== undefined && duration > ANALYZE_SYNC_MAX_DURATION_SECONDS ? 'task' : 'stream';
  if (facts.assetId) {
    const video: AnalyzeVideo = { type: 'asset_id', assetId: facts.assetId };
    // The newer model first: it takes longer answers and a part of the video.
    return { kind: 'options', options: [...PEGASUS_MODELS].reverse().map((model) => ({ model, video, route })) };
  }
  if (route === 'task') {
    return {
      kind: 'refused',
      code: VIDEO_TOO_LONG_CODE,
      message: l10n.t('The video is longer than 1 hour and has no asset ID: only an analysis task takes it, and a task needs the asset. Upload the file again to analyze it.'),
    };
  }
  return { kind: 'options', options: PEGASUS_MODELS.filter((model) => MODEL_RULES[model].supportsVideoId).map((model) => ({ model, video: { type: 'video_id', videoId: facts.videoId }, route })) };
}

/** The other model for the same video, when the video allows it (a refused model's next step). */
export function otherModel(facts: VideoFacts, model: PegasusModel, l10n: L10n): ModelOption | undefined {
  const choice = modelOptions(facts, l10n);
  return choice.kind === 'options' ? choice.options.find((option) => option.model !== model) : undefined;
}

/**
 * A typed temperature or token count: undefined when acceptable (empty is the server's default),
 * else what to change. Checked on every keystroke.
 */
export function rangeMessage(text: string, range: NumberRange, integer: boolean, l10n: L10n): string | undefined {
  const trimmed = text.trim();
  if (trimmed === '') {
    return undefined;
  }
  const value = Number(trimmed.replace(/[,_\s]/g, ''));
  const shape = integer ? /^\d[\d,_\s]*$/ : /^(\d+(\.\d*)?|\.\d+)$/;
  if (!shape.test(trimmed) || !Number.isFinite(value) || (integer && !Number.isInteger(value)) || value < range.min || value > range.max) {
    return integer
      ? l10n.t('Type a whole number from {0} to {1}, or leave it empty for the default.', range.min.toLocaleString('en-US'), range.max.toLocaleString('en-US'))
      : l10n.t('Type a number from {0} to {1}, or leave it empty for the default.', range.min, range.max);
  }
  return undefined;
}

/** The value of a typed figure that `rangeMessage` accepted; undefined for empty. */
export function rangeValue(text: string): number | undefined {
  const trimmed = text.trim();
  return trimmed === '' ? undefined : Number(trimmed.replace(/[,_\s]/g, ''));
}

/** A larger budget for "Run Again with More Tokens": twice what was used, within the model's range. */
export function moreTokens(model: PegasusModel, used: number | undefined): number | undefined {
  const range = MODEL_RULES[model].maxTokens;
  const current = used ?? range.default ?? range.min;
  if (current >= range.max) {
    return undefined;
  }
  return Math.min(range.max, Math.max(range.min, current * 2));
}
