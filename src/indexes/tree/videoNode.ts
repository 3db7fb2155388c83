import vscode = require('vscode');
import { formatSize, type IndexedAsset } from '../../api/assetTypes';
import { formatClock, formatResolution, formatTimestamp } from '../format';
import { codeSpanText, markdownText } from '../../common/untrustedText';
import { videoContextValue, videoDescription, videoName, videoPhase, videoStatusText } from '../videos/videoStatus';

export { VIDEO_CONTEXT_VALUE } from '../videos/videoStatus';

/**
 * A video inside an index, as its indexed asset: filename (else id), duration and resolution, and
 * the status while it is not ready. The tooltip waits for `resolveTreeItem` (see `videoTooltip`).
 */
export class VideoNode extends vscode.TreeItem {
  readonly kind = 'video';
  private shown: IndexedAsset;

  constructor(
    readonly indexId: string,
    video: IndexedAsset,
  ) {
    super(video._id, vscode.TreeItemCollapsibleState.None);
    this.id = `${indexId}/videos/${video._id}`;
    this.shown = video;
    this.render();
  }

  get video(): IndexedAsset {
    return this.shown;
  }

  /** Shows `video` as it is now in this same object. */
  show(video: IndexedAsset): void {
    this.shown = video;
    this.render();
  }

  private render(): void {
    const video = this.shown;
    const phase = videoPhase(video.status);
    this.label = videoName(video);
    this.contextValue = videoContextValue(video.status);
    this.description = videoDescription(video, vscode.l10n);
    this.iconPath =
      phase === 'ready'
        ? new vscode.ThemeIcon('device-camera-video')
        : phase === 'failed'
          ? new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'))
          : new vscode.ThemeIcon('sync~spin');
    // Screen readers hear what the row is, as index rows say "Index …".
    this.accessibilityInformation = { label: vscode.l10n.t('Video {0}, {1}', String(this.label), this.description || vscode.l10n.t('no details yet')) };
    // A tooltip resolved for the previous state would now be wrong.
    this.tooltip = undefined;
  }
}

/** Every outside value goes through `markdownText` or `codeSpanText`, and the Markdown is never trusted: no link, image or command can form. */
export function videoTooltip(video: IndexedAsset, formatDateTime: (instant: number) => string): vscode.MarkdownString {
  const meta = video.system_metadata ?? {};
  const md = new vscode.MarkdownString('', true);
  const line = (label: string, value: string) => md.appendMarkdown(`${label}: ${value}\n\n`);
  md.appendMarkdown(`**${markdownText(videoName(video))}**\n\n`);
  line(vscode.l10n.t('Indexed asset ID'), `\`${codeSpanText(video._id)}\``);
  if (video.asset_id) {
    line(vscode.l10n.t('Asset ID'), `\`${codeSpanText(video.asset_id)}\``);
  }
  const status = markdownText(videoStatusText(video.status, vscode.l10n));
  const reason = video.status === 'failed' && video.error?.message ? ` (${markdownText(video.error.message)})` : '';
  line(vscode.l10n.t('Status'), `${status}${reason}`);
  if (meta.duration !== undefined) {
    line(vscode.l10n.t('Duration'), formatClock(meta.duration));
  }
  const resolution = formatResolution(meta.width, meta.height);
  if (resolution) {
    line(vscode.l10n.t('Resolution'), `${resolution}${meta.fps ? ` @ ${Math.round(meta.fps * 100) / 100} fps` : ''}`);
  }
  if (meta.size !== undefined && meta.size > 0) {
    line(vscode.l10n.t('Size'), formatSize(meta.size));
  }
  for (const [label, value] of [
    [vscode.l10n.t('Created'), video.created_at],
    [vscode.l10n.t('Updated'), video.updated_at],
    [vscode.l10n.t('Indexed'), video.indexed_at],
  ] as const) {
    const shown = formatTimestamp(value, formatDateTime);
    if (shown) {
      line(label, markdownText(shown));
    }
  }
  const fields = Object.entries(video.user_metadata ?? {});
  if (fields.length > 0) {
    md.appendMarkdown(`${vscode.l10n.t('User metadata')}:\n\n`);
    for (const [key, value] of fields) {
      md.appendMarkdown(`- \`${codeSpanText(key)}\`: ${markdownText(String(value))}\n`);
    }
  }
  return md;
}
