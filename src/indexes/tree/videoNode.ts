import vscode = require('vscode');
import type { Video } from '../../api/types';
import { formatClock, formatResolution, formatTimestamp } from '../format';
import { codeSpanText, markdownText } from '../../common/untrustedText';

export const VIDEO_CONTEXT_VALUE = 'twelvelabs.video';

/** A video inside an index: filename, duration and resolution. The tooltip waits for `resolveTreeItem` (see `videoTooltip`). */
export class VideoNode extends vscode.TreeItem {
  readonly kind = 'video';
  private shown: Video;

  constructor(
    readonly indexId: string,
    video: Video,
  ) {
    super(video._id, vscode.TreeItemCollapsibleState.None);
    this.id = `${indexId}/videos/${video._id}`;
    this.contextValue = VIDEO_CONTEXT_VALUE;
    this.iconPath = new vscode.ThemeIcon('device-camera-video');
    this.shown = video;
    this.render();
  }

  get video(): Video {
    return this.shown;
  }

  /** Shows `video` as it is now in this same object. */
  show(video: Video): void {
    this.shown = video;
    this.render();
  }

  private render(): void {
    const video = this.shown;
    const meta = video.system_metadata ?? {};
    this.label = meta.filename ?? video._id;
    this.description = [formatClock(meta.duration), formatResolution(meta.width, meta.height)].filter(Boolean).join(' · ');
    // Screen readers hear what the row is, as index rows say "Index …".
    this.accessibilityInformation = { label: vscode.l10n.t('Video {0}, {1}', String(this.label), this.description || vscode.l10n.t('no details yet')) };
    // A tooltip resolved for the previous state would now be wrong.
    this.tooltip = undefined;
  }
}

export function videoTooltip(video: Video, formatDateTime: (instant: number) => string): vscode.MarkdownString {
  const meta = video.system_metadata ?? {};
  const md = new vscode.MarkdownString('', true);
  md.appendMarkdown(`**${markdownText(meta.filename ?? video._id)}**\n\n`);
  md.appendMarkdown(`${vscode.l10n.t('ID')}: \`${codeSpanText(video._id)}\`\n\n`);
  md.appendMarkdown(`${vscode.l10n.t('Duration')}: ${formatClock(meta.duration)}\n\n`);
  const resolution = formatResolution(meta.width, meta.height);
  if (resolution) {
    md.appendMarkdown(`${vscode.l10n.t('Resolution')}: ${resolution}${meta.fps ? ` @ ${Math.round(meta.fps * 100) / 100} fps` : ''}\n\n`);
  }
  const indexed = formatTimestamp(video.indexed_at, formatDateTime);
  if (indexed) {
    md.appendMarkdown(`${vscode.l10n.t('Indexed')}: ${indexed}\n\n`);
  }
  return md;
}
