import vscode = require('vscode');
import type { ContributedNode } from '../indexes';
import { codeSpanText, markdownText } from '../common/untrustedText';
import { formatBytes } from './progress';
import { statusLabel } from './taskNode';
import type { UploadRecord } from './uploadBook';

/** `twelvelabs.assetUpload.<phase>`: package.json offers Pause on `sending`, Resume on `paused`, and so on. */
export const UPLOAD_CONTEXT_PREFIX = 'twelvelabs.assetUpload';

/** What the server has of an upload: confirmed and stored chunks of a multipart one, else the bytes counted. */
export function bytesDone(record: UploadRecord): number {
  const resumable = record.resumable;
  if (!resumable) {
    return record.sent;
  }
  const chunks = resumable.completedChunks.length + resumable.unreportedChunks.length;
  return Math.min(record.total, chunks * resumable.chunkSize);
}

export function percentDone(record: UploadRecord): number {
  return record.total > 0 ? Math.floor((bytesDone(record) / record.total) * 100) : 0;
}

/** An upload through assets under its index, from the first byte until its video is ready. */
export class UploadNode extends vscode.TreeItem implements ContributedNode {
  readonly kind = 'contributed';
  readonly indexId: string;

  constructor(readonly record: UploadRecord) {
    super(record.label, vscode.TreeItemCollapsibleState.None);
    this.indexId = record.indexId;
    this.id = `${record.indexId}/uploads/${record.id}`;
    this.contextValue = `${UPLOAD_CONTEXT_PREFIX}.${record.phase}`;
    this.iconPath = icon(record);
    this.description = describe(record);
    this.tooltip = tooltip(record);
    this.accessibilityInformation = { label: vscode.l10n.t('Upload {0}, {1}', record.label, String(this.description)) };
  }
}

function icon(record: UploadRecord): vscode.ThemeIcon {
  switch (record.phase) {
    case 'sending':
      return new vscode.ThemeIcon('cloud-upload');
    case 'paused':
      return new vscode.ThemeIcon('debug-pause');
    case 'failed':
      return new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'));
    default:
      return new vscode.ThemeIcon('sync~spin');
  }
}

function describe(record: UploadRecord): string {
  const base = ((): string => {
    switch (record.phase) {
      case 'sending':
        return record.route === 'url' ? vscode.l10n.t('importing…') : vscode.l10n.t('uploading {0}%', percentDone(record));
      case 'paused':
        return vscode.l10n.t('paused at {0}%', percentDone(record));
      case 'processing':
        return vscode.l10n.t('processing…');
      case 'indexing':
        return vscode.l10n.t('{0}…', statusLabel(record.indexStatus ?? 'pending'));
      case 'ready':
        return vscode.l10n.t('ready');
      case 'failed':
        return vscode.l10n.t('failed: {0}', record.error?.code ?? vscode.l10n.t('no reason given'));
    }
  })();
  return record.problem !== undefined && record.phase !== 'failed' ? vscode.l10n.t('{0} · status check failed, retrying', base) : base;
}

function tooltip(record: UploadRecord): vscode.MarkdownString {
  const md = new vscode.MarkdownString('', true);
  md.appendMarkdown(`**${markdownText(record.label)}**\n\n`);
  if (record.source.kind === 'file') {
    md.appendMarkdown(`${vscode.l10n.t('File')}: \`${codeSpanText(record.source.path)}\`\n\n`);
  }
  if (record.total > 0) {
    md.appendMarkdown(`${vscode.l10n.t('Sent')}: ${formatBytes(bytesDone(record))} / ${formatBytes(record.total)}\n\n`);
  }
  const route = record.route === 'multipart' ? vscode.l10n.t('in resumable parts') : record.route === 'direct' ? vscode.l10n.t('in one request') : vscode.l10n.t('imported from its URL');
  md.appendMarkdown(`${vscode.l10n.t('Upload')}: ${route}\n\n`);
  if (record.phase === 'paused' && record.route === 'direct') {
    md.appendMarkdown(`${vscode.l10n.t('Resuming sends the file again from its start (it is under 200 MB).')}\n\n`);
  }
  if (record.assetId) {
    md.appendMarkdown(`${vscode.l10n.t('Asset ID')}: \`${codeSpanText(record.assetId)}\`\n\n`);
  }
  if (record.indexedAssetId) {
    md.appendMarkdown(`${vscode.l10n.t('Indexed asset ID')}: \`${codeSpanText(record.indexedAssetId)}\`\n\n`);
  }
  if (record.phase === 'failed' && record.error) {
    md.appendMarkdown(`$(error) ${markdownText(record.error.message)} (\`${codeSpanText(record.error.code)}\`)\n\n`);
  }
  if (record.problem !== undefined && record.phase !== 'failed') {
    md.appendMarkdown(`$(warning) ${markdownText(record.problem)}\n\n`);
  }
  return md;
}
