import type { AnalyzeUsage, FinishReason, PegasusModel } from '../api/analyzeTypes';
import type { L10n } from '../common/l10n';

/** How a run ended, as the document's closing lines say it. */
export type RunEnd = { kind: 'finished'; finishReason: FinishReason; usage?: AnalyzeUsage; maxTokens?: number } | { kind: 'cancelled' } | { kind: 'incomplete' } | { kind: 'failed'; message: string };

/**
 * The lines a Markdown result ends with: how it ended and what it used. JSON results get none (they
 * stay valid JSON): their ending is said in a notification. Our own text, after the model's.
 */
export function closingLines(end: RunEnd, model: PegasusModel, l10n: L10n): string {
  const rule = '\n\n---\n\n';
  switch (end.kind) {
    case 'cancelled':
      return `${rule}**${l10n.t('Cancelled')}**: ${l10n.t('you stopped the analysis; above is what had arrived.')}\n`;
    case 'incomplete':
      return `${rule}**${l10n.t('Incomplete')}**: ${l10n.t('the connection closed before the analysis finished; above is what had arrived.')}\n`;
    case 'failed':
      return `${rule}**${l10n.t('Failed')}**: ${end.message}\n`;
    case 'finished': {
      const cut = end.finishReason === 'length' ? `**${l10n.t('Cut short')}**: ${l10n.t('the answer reached the maximum number of tokens.')}\n\n` : '';
      return `${rule}${cut}*${usageLine(end.usage, model, l10n)}*\n`;
    }
  }
}

export function usageLine(usage: AnalyzeUsage | undefined, model: PegasusModel, l10n: L10n): string {
  if (!usage) {
    return l10n.t('{0} · usage not reported', model);
  }
  const output = usage.outputTokens.toLocaleString('en-US');
  return usage.inputTokens === undefined
    ? l10n.t('{0} · {1} output tokens', model, output)
    : l10n.t('{0} · {1} input tokens, {2} output tokens', model, usage.inputTokens.toLocaleString('en-US'), output);
}
