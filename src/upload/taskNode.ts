import vscode = require('vscode');
import type { ContributedNode } from '../indexes';
import { codeSpanText, markdownText } from '../common/untrustedText';
import type { TrackedTask } from './taskStore';

/** Running tasks can be stopped following; failed ones dismissed (package.json matches both by prefix). */
export const TASK_CONTEXT_VALUE = 'twelvelabs.uploadTask';
export const FAILED_TASK_CONTEXT_VALUE = 'twelvelabs.uploadTask.failed';

/** An upload's indexing task under its index: a spinner while it runs, an error icon when it failed. */
export class TaskNode extends vscode.TreeItem implements ContributedNode {
  readonly kind = 'contributed';
  readonly indexId: string;

  constructor(
    readonly task: TrackedTask,
    /** The last status check's failure, said in full in the tooltip. */
    problem?: string,
  ) {
    super(task.source, vscode.TreeItemCollapsibleState.None);
    this.indexId = task.indexId;
    this.id = `${task.indexId}/tasks/${task.taskId}`;
    const failed = task.status === 'failed';
    this.contextValue = failed ? FAILED_TASK_CONTEXT_VALUE : TASK_CONTEXT_VALUE;
    this.iconPath = failed ? new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground')) : new vscode.ThemeIcon('sync~spin');
    this.description = failed
      ? vscode.l10n.t('failed: {0}', task.error?.code ?? vscode.l10n.t('no reason given'))
      : vscode.l10n.t('{0}…', statusLabel(task.status));
    const md = new vscode.MarkdownString('', true);
    md.appendMarkdown(`**${markdownText(task.source)}**\n\n`);
    md.appendMarkdown(`${vscode.l10n.t('Task ID')}: \`${codeSpanText(task.taskId)}\`\n\n`);
    if (task.videoId) {
      md.appendMarkdown(`${vscode.l10n.t('Video ID')}: \`${codeSpanText(task.videoId)}\`\n\n`);
    }
    md.appendMarkdown(`${vscode.l10n.t('Status')}: ${markdownText(statusLabel(task.status))}\n\n`);
    if (failed && task.error) {
      md.appendMarkdown(`$(error) ${markdownText(task.error.message)} (\`${codeSpanText(task.error.code)}\`)\n\n`);
    }
    if (problem !== undefined && !failed) {
      this.description = vscode.l10n.t('{0} · status check failed, retrying', String(this.description));
      md.appendMarkdown(`$(warning) ${markdownText(problem)}\n\n`);
    }
    this.tooltip = md;
    this.accessibilityInformation = { label: vscode.l10n.t('Upload {0}, {1}', task.source, String(this.description)) };
  }
}

export function statusLabel(status: string): string {
  switch (status) {
    case 'uploading':
      return vscode.l10n.t('uploading');
    case 'validating':
      return vscode.l10n.t('validating');
    case 'pending':
      return vscode.l10n.t('pending');
    case 'queued':
      return vscode.l10n.t('queued');
    case 'indexing':
      return vscode.l10n.t('indexing');
    case 'ready':
      return vscode.l10n.t('ready');
    case 'failed':
      return vscode.l10n.t('failed');
    default:
      return status;
  }
}
