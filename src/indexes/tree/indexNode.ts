import vscode = require('vscode');
import { codeSpanText, markdownText } from '../../common/untrustedText';
import type { Index } from '../../api/types';
import { formatClock, formatTimestamp, indexExpiry, modelNames, type Expiry } from '../format';

export const INDEX_CONTEXT_VALUE = 'twelvelabs.index';

/**
 * An index: its id is the tree item id, so selection and expansion survive refreshes and renames.
 * The tooltip is left unset for `resolveTreeItem` (see `indexTooltip`): most nodes are never hovered.
 */
export class IndexNode extends vscode.TreeItem {
  readonly kind = 'index';
  private shown: { index: Index; expiry: Expiry };

  constructor(index: Index, now: number) {
    super(index.index_name);
    this.id = index._id;
    this.contextValue = INDEX_CONTEXT_VALUE;
    this.shown = { index, expiry: indexExpiry(index.expires_at, now) };
    this.render();
  }

  get index(): Index {
    return this.shown.index;
  }

  get expiry(): Expiry {
    return this.shown.expiry;
  }

  /** Shows `index` as it is now in this same object, so that VS Code's `reveal` and `getParent` keep finding it. */
  show(index: Index, now: number): void {
    this.shown = { index, expiry: indexExpiry(index.expires_at, now) };
    this.render();
  }

  private render(): void {
    const { index, expiry } = this.shown;
    const videoCount = Math.round(index.video_count ?? 0);
    this.label = index.index_name;
    this.collapsibleState = videoCount > 0 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None;
    this.description = [
      modelNames(index.models),
      videoCount === 1 ? vscode.l10n.t('1 video') : vscode.l10n.t('{0} videos', videoCount),
      formatClock(index.total_duration),
    ]
      .filter((part) => part !== '')
      .join(' · ');
    if (expiry.state === 'expired') {
      this.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'));
    } else if (expiry.state === 'soon') {
      this.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
    } else {
      this.iconPath = new vscode.ThemeIcon('database');
    }
    // A tooltip resolved for the previous state would now be wrong.
    this.tooltip = undefined;
    this.accessibilityInformation = {
      label: vscode.l10n.t('Index {0}, {1}', index.index_name, String(this.description)),
    };
  }
}

export function indexTooltip(node: IndexNode, formatDateTime: (instant: number) => string): vscode.MarkdownString {
  const { index, expiry } = node;
  const md = new vscode.MarkdownString('', true);
  md.appendMarkdown(`**${markdownText(index.index_name)}**\n\n`);
  md.appendMarkdown(`${vscode.l10n.t('ID')}: \`${codeSpanText(index._id)}\`\n\n`);
  const models = index.models ?? [];
  if (models.length > 0) {
    md.appendMarkdown(`${vscode.l10n.t('Models')}:\n`);
    for (const model of models) {
      md.appendMarkdown(`- \`${codeSpanText(model.model_name)}\` (${(model.model_options ?? []).map(markdownText).join(', ')})\n`);
    }
    md.appendMarkdown('\n');
  }
  const addons = index.addons ?? [];
  md.appendMarkdown(`${vscode.l10n.t('Add-ons')}: ${addons.length > 0 ? addons.map(markdownText).join(', ') : vscode.l10n.t('none')}\n\n`);
  md.appendMarkdown(
    `${vscode.l10n.t('Videos')}: ${Math.round(index.video_count ?? 0)} · ${vscode.l10n.t('Total duration')}: ${formatClock(index.total_duration)}\n\n`,
  );
  const created = formatTimestamp(index.created_at, formatDateTime);
  if (created) {
    md.appendMarkdown(`${vscode.l10n.t('Created')}: ${created}\n\n`);
  }
  const updated = formatTimestamp(index.updated_at, formatDateTime);
  if (updated) {
    md.appendMarkdown(`${vscode.l10n.t('Updated')}: ${updated}\n\n`);
  }
  if (index.expires_at === null) {
    md.appendMarkdown(`${vscode.l10n.t('Expires: never')}\n\n`);
  } else if (index.expires_at) {
    const at = formatTimestamp(index.expires_at, formatDateTime) ?? markdownText(index.expires_at);
    if (expiry.state === 'expired') {
      md.appendMarkdown(`$(error) ${vscode.l10n.t('Expired: {0}', at)}\n\n`);
    } else if (expiry.state === 'soon') {
      md.appendMarkdown(
        `$(warning) ${vscode.l10n.t('Expires: {0} (in {1} days). Free-plan indexes are deleted 90 days after creation.', at, expiry.daysLeft ?? 0)}\n\n`,
      );
    } else {
      md.appendMarkdown(`${vscode.l10n.t('Expires: {0}', at)}\n\n`);
    }
  }
  return md;
}
