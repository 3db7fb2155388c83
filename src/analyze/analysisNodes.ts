import vscode = require('vscode');
import { CommandIds } from '../common/commandIds';
import { labelText } from '../common/untrustedText';
import type { ContributedNode, IndexChildContributor } from '../indexes';
import type { AnalysisCache, KeptSummary } from './cache';
import { templateLabel } from './templates';

export const ANALYSES_CONTEXT_VALUE = 'twelvelabs.analyses';
export const ANALYSIS_CONTEXT_VALUE = 'twelvelabs.analysis';

/** "Analyses" under a video with kept results. */
export class AnalysesNode extends vscode.TreeItem implements ContributedNode {
  readonly kind = 'contributed';

  constructor(
    readonly indexId: string,
    readonly videoId: string,
    count: number,
  ) {
    super(vscode.l10n.t('Analyses'), vscode.TreeItemCollapsibleState.Collapsed);
    this.id = `${indexId}/videos/${videoId}/analyses`;
    this.description = String(count);
    this.iconPath = new vscode.ThemeIcon('sparkle');
    this.contextValue = ANALYSES_CONTEXT_VALUE;
  }
}

/** One kept result: clicking opens it again from the cache, without a request. */
export class AnalysisNode extends vscode.TreeItem implements ContributedNode {
  readonly kind = 'contributed';
  readonly indexId: string;

  constructor(
    readonly parentNode: AnalysesNode,
    readonly analysis: KeptSummary,
  ) {
    super(templateLabel(analysis.template, vscode.l10n), vscode.TreeItemCollapsibleState.None);
    this.indexId = analysis.indexId;
    this.id = `${parentNode.id}/${analysis.id}`;
    const when = new Date(analysis.createdAt).toLocaleString();
    this.description = `${analysis.model} · ${when}`;
    this.tooltip = `${labelText(analysis.videoName)}\n${analysis.model} · ${when}${analysis.finishReason === 'length' ? ` · ${vscode.l10n.t('cut short')}` : ''}`;
    this.iconPath = new vscode.ThemeIcon(analysis.language === 'json' ? 'json' : 'markdown');
    this.contextValue = ANALYSIS_CONTEXT_VALUE;
    this.command = { command: CommandIds.openAnalysis, title: vscode.l10n.t('Open Analysis'), arguments: [{ analysisId: analysis.id }] };
  }
}

/** The tree contributor: kept analyses under their video, read from the cache's manifest in memory. */
export function analysesContributor(cache: AnalysisCache): IndexChildContributor {
  return {
    childrenOf: () => [],
    childrenOfVideo: (indexId, videoId) => {
      const count = cache.forVideo(indexId, videoId).length;
      return count > 0 ? [new AnalysesNode(indexId, videoId, count)] : [];
    },
    childrenOfNode: (node) =>
      node instanceof AnalysesNode
        ? cache
            .forVideo(node.indexId, node.videoId)
            .sort((a, b) => b.createdAt - a.createdAt)
            .map((analysis) => new AnalysisNode(node, analysis))
        : [],
    onDidChange: cache.onDidChange,
  };
}
