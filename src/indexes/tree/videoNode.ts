import vscode = require('vscode');
import type { Video } from '../../api/types';
import { formatClock, formatResolution, formatTimestamp } from '../format';
import { code, escape } from '../../common/markdown';

export const VIDEO_CONTEXT_VALUE = 'twelvelabs.video';

/** A video inside an index: filename, duration and resolution. */
export class VideoNode extends vscode.TreeItem {
  readonly kind = 'video';

  constructor(
    readonly indexId: string,
    readonly video: Video,
  ) {
    const meta = video.system_metadata ?? {};
    super(meta.filename ?? video._id, vscode.TreeItemCollapsibleState.None);
    this.id = `${indexId}/videos/${video._id}`;
    this.contextValue = VIDEO_CONTEXT_VALUE;
    this.iconPath = new vscode.ThemeIcon('device-camera-video');
    this.description = [formatClock(meta.duration), formatResolution(meta.width, meta.height)].filter(Boolean).join(' · ');
    const md = new vscode.MarkdownString('', true);
    md.appendMarkdown(`**${escape(meta.filename ?? video._id)}**\n\n`);
    md.appendMarkdown(`${vscode.l10n.t('ID')}: \`${code(video._id)}\`\n\n`);
    md.appendMarkdown(`${vscode.l10n.t('Duration')}: ${formatClock(meta.duration)}\n\n`);
    const resolution = formatResolution(meta.width, meta.height);
    if (resolution) {
      md.appendMarkdown(`${vscode.l10n.t('Resolution')}: ${resolution}${meta.fps ? ` @ ${Math.round(meta.fps * 100) / 100} fps` : ''}\n\n`);
    }
    const indexed = formatTimestamp(video.indexed_at);
    if (indexed) {
      md.appendMarkdown(`${vscode.l10n.t('Indexed')}: ${indexed}\n\n`);
    }
    this.tooltip = md;
  }
}
