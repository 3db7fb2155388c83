import vscode = require('vscode');
import { code, escape } from '../../common/markdown';
import type { Index } from '../../api/types';
import { formatClock, formatTimestamp, indexExpiry, modelNames } from '../format';

export const INDEX_CONTEXT_VALUE = 'twelvelabs.index';

/** An index: its id is the tree item id, so selection and expansion survive refreshes and renames. */
export class IndexNode extends vscode.TreeItem {
  readonly kind = 'index';

  constructor(
    readonly index: Index,
    now: number,
  ) {
    const videoCount = Math.round(index.video_count ?? 0);
    super(index.index_name, videoCount > 0 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    this.id = index._id;
    this.contextValue = INDEX_CONTEXT_VALUE;
    this.description = [
      modelNames(index.models),
      videoCount === 1 ? vscode.l10n.t('1 video') : vscode.l10n.t('{0} videos', videoCount),
      formatClock(index.total_duration),
    ]
      .filter((part) => part !== '')
      .join(' · ');

    const expiry = indexExpiry(index.expires_at, now);
    if (expiry.state === 'expired') {
      this.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'));
    } else if (expiry.state === 'soon') {
      this.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
    } else {
      this.iconPath = new vscode.ThemeIcon('database');
    }
    this.tooltip = indexTooltip(index, expiry.state, expiry.daysLeft);
    this.accessibilityInformation = {
      label: vscode.l10n.t('Index {0}, {1}', index.index_name, String(this.description)),
    };
  }
}

function indexTooltip(index: Index, state: string, daysLeft: number | undefined): vscode.MarkdownString {
  const md = new vscode.MarkdownString('', true);
  md.appendMarkdown(`**${escape(index.index_name)}**\n\n`);
  md.appendMarkdown(`${vscode.l10n.t('ID')}: \`${code(index._id)}\`\n\n`);
  const models = index.models ?? [];
  if (models.length > 0) {
    md.appendMarkdown(`${vscode.l10n.t('Models')}:\n`);
    for (const model of models) {
      md.appendMarkdown(`- \`${code(model.model_name)}\` (${(model.model_options ?? []).map(escape).join(', ')})\n`);
    }
    md.appendMarkdown('\n');
  }
  const addons = index.addons ?? [];
  md.appendMarkdown(`${vscode.l10n.t('Add-ons')}: ${addons.length > 0 ? addons.map(escape).join(', ') : vscode.l10n.t('none')}\n\n`);
  md.appendMarkdown(
    `${vscode.l10n.t('Videos')}: ${Math.round(index.video_count ?? 0)} · ${vscode.l10n.t('Total duration')}: ${formatClock(index.total_duration)}\n\n`,
  );
  const created = formatTimestamp(index.created_at);
  if (created) {
    md.appendMarkdown(`${vscode.l10n.t('Created')}: ${created}\n\n`);
  }
  const updated = formatTimestamp(index.updated_at);
  if (updated) {
    md.appendMarkdown(`${vscode.l10n.t('Updated')}: ${updated}\n\n`);
  }
  if (index.expires_at === null) {
    md.appendMarkdown(`${vscode.l10n.t('Expires: never')}\n\n`);
  } else if (index.expires_at) {
    const at = formatTimestamp(index.expires_at) ?? index.expires_at;
    if (state === 'expired') {
      md.appendMarkdown(`$(error) ${vscode.l10n.t('Expired: {0}', at)}\n\n`);
    } else if (state === 'soon') {
      md.appendMarkdown(`$(warning) ${vscode.l10n.t('Expires: {0} (in {1} days). Free-plan indexes are deleted 90 days after creation.', at, daysLeft ?? 0)}\n\n`);
    } else {
      md.appendMarkdown(`${vscode.l10n.t('Expires: {0}', at)}\n\n`);
    }
  }
  return md;
}
