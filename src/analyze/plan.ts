import vscode = require('vscode');
import { MODEL_RULES, type AnalyzeRequest } from '../api/analyzeTypes';
import type { AnalysisKey } from './cache';
import type { ModelOption, VideoFacts } from './modelChoice';
import { promptFor, templateLabel } from './templates';
import type { Answers } from './wizard';

/** One analysis to run: the video and what the questions settled. */
export interface Plan extends Answers {
  indexId: string;
  videoId: string;
  videoName: string;
  facts: VideoFacts;
}

export function requestOf(plan: Plan): AnalyzeRequest {
  return {
    model: plan.option.model,
    video: plan.option.video,
    prompt: promptFor(plan.template, plan.typed),
    temperature: plan.temperature,
    maxTokens: plan.maxTokens,
    jsonSchema: plan.schema?.value,
    startTime: plan.clip?.start,
    endTime: plan.clip?.end,
  };
}

export function keyOf(plan: Plan, apiUrl: string): AnalysisKey {
  const request = requestOf(plan);
  return {
    apiUrl,
    indexId: plan.indexId,
    videoId: plan.videoId,
    model: request.model,
    input: request.video.type === 'video_id' ? 'video_id' : 'asset_id',
    prompt: request.prompt,
    temperature: request.temperature,
    maxTokens: request.maxTokens,
    jsonSchema: request.jsonSchema,
    startTime: request.startTime,
    endTime: request.endTime,
  };
}

export function titleOf(plan: Pick<Plan, 'template' | 'videoName'>): string {
  return vscode.l10n.t('{0} – {1}', templateLabel(plan.template, vscode.l10n), plan.videoName);
}

/** The same plan with the other model: its own ranges, so a token budget typed for the first is dropped. */
export function withModel(plan: Plan, option: ModelOption): Plan {
  return { ...plan, option, clip: MODEL_RULES[option.model].supportsTimeRange ? plan.clip : undefined, maxTokens: undefined };
}
