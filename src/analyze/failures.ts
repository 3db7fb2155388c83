import vscode = require('vscode');
import { PARAMETER_INVALID_CODE, USAGE_LIMIT_EXCEEDED_CODE, VIDEO_TOO_LONG_CODE, VIDEO_TOO_SHORT_CODE } from '../api/analyzeTypes';
import { CommandIds } from '../common/commandIds';
import { presentError } from '../common/presentError';
import type { AnalyzeFeature } from './feature';
import { otherModel } from './modelChoice';
import type { AnalyzeVideoResult } from './results';
import { withModel, type Plan } from './plan';

/**
 * A refused analysis explained, with its next step: the other model when this one is refused or
 * retired, a task when the video is too long for a direct analysis, the plan when the usage limit is
 * reached, and what the shared presentation offers otherwise (Rotate API Key on a 401, a wait on a
 * 429). Steps that run the analysis again do so only from the user's click on them.
 */
export function presentFailure(feature: AnalyzeFeature, plan: Plan, error: unknown, runPlan: (plan: Plan, options: { fresh: boolean }) => Promise<AnalyzeVideoResult>): AnalyzeVideoResult {
  const presentation = presentError(vscode.l10n.t('Could not analyze “{0}”', plan.videoName), error);
  const { info } = presentation;
  const steps: { title: string; run: () => unknown }[] = [];
  let next = '';
  if (info.code === PARAMETER_INVALID_CODE && /model/i.test(info.message)) {
    const other = otherModel(plan.facts, plan.option.model, vscode.l10n);
    if (other) {
      next = vscode.l10n.t('{0} is refused for this request: try {1}.', plan.option.model, other.model);
      steps.push({ title: vscode.l10n.t('Analyze with {0}', other.model), run: () => runPlan(withModel(plan, other), { fresh: true }) });
    } else {
      next = vscode.l10n.t('No other model takes this video.');
    }
  } else if (info.code === VIDEO_TOO_LONG_CODE) {
    if (plan.option.route === 'stream' && plan.facts.assetId) {
      next = vscode.l10n.t('A video over 1 hour is analyzed as a task.');
      steps.push({ title: vscode.l10n.t('Run as Analysis Task'), run: () => runPlan({ ...plan, option: { ...plan.option, route: 'task' } }, { fresh: true }) });
    } else {
      next = vscode.l10n.t('Pegasus analyzes videos of up to 2 hours (1 hour without an asset).');
    }
  } else if (info.code === VIDEO_TOO_SHORT_CODE) {
    next = vscode.l10n.t('Pegasus needs a video of at least 4 seconds.');
  } else if (info.code === USAGE_LIMIT_EXCEEDED_CODE) {
    next = vscode.l10n.t('Your plan\'s usage limit is reached: check your plan and usage on the dashboard.');
    steps.push({ title: vscode.l10n.t('Open Dashboard'), run: () => vscode.commands.executeCommand(CommandIds.openDashboard) });
  } else if (info.status === 429 || info.kind === 'network' || info.kind === 'noResponse' || info.status >= 500) {
    steps.push({ title: vscode.l10n.t('Retry'), run: () => runPlan(plan, { fresh: true }) });
  }
  const message = next ? `${presentation.message} ${next}` : presentation.message;
  const actions = [...presentation.actions.map((action) => ({ title: action.title, run: () => vscode.commands.executeCommand(action.command, ...(action.arguments ?? [])) })), ...steps];
  void feature.notifier.show('error', message, ...actions.map((action) => action.title)).then((choice) => {
    void actions.find((action) => action.title === choice)?.run();
  });
  return { outcome: 'failed', error: info };
}
