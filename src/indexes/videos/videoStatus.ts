import type { IndexedAsset, IndexedAssetStatus } from '../../api/assetTypes';
import type { L10n } from '../../common/l10n';
import { oneLine } from '../../common/untrustedText';
import { formatClock, formatResolution } from '../format';

/**
 * How a video (an indexed asset) is named and described wherever it is shown: the tree, the
 * pickers, the dialogs. Free of `vscode`, so it is unit-tested in plain Node.
 */

/** What a video node's `contextValue` starts with; menus match it as `viewItem =~ /^twelvelabs\.video/`. */
export const VIDEO_CONTEXT_VALUE = 'twelvelabs.video';

/** The shape a video is in, as far as the tree's icon and menus care. */
export type VideoPhase = 'ready' | 'indexing' | 'failed';

export function videoPhase(status: IndexedAssetStatus): VideoPhase {
  return status === 'ready' ? 'ready' : status === 'failed' ? 'failed' : 'indexing';
}

/**
 * `twelvelabs.video` for a ready video (what other features and `when` clauses look for), and
 * `twelvelabs.video.<status>` otherwise. The status is the server's: anything but lowercase letters
 * becomes `unknown`, so that it cannot add a segment another clause would match.
 */
export function videoContextValue(status: IndexedAssetStatus): string {
  if (status === 'ready') {
    return VIDEO_CONTEXT_VALUE;
  }
  return `${VIDEO_CONTEXT_VALUE}.${/^[a-z]{1,32}$/.test(status) ? status : 'unknown'}`;
}

/** The status in words, for the description and the tooltip; an unknown status is shown as sent, on one line. */
export function videoStatusText(status: IndexedAssetStatus, l10n: L10n): string {
  switch (status) {
    case 'ready':
      return l10n.t('ready');
    case 'pending':
      return l10n.t('pending…');
    case 'queued':
      return l10n.t('queued…');
    case 'indexing':
      return l10n.t('indexing…');
    case 'failed':
      return l10n.t('failed');
    default:
      return oneLine(status);
  }
}

/** The name a video goes by: its filename on one line, else its id. */
export function videoName(video: IndexedAsset): string {
  const filename = video.system_metadata?.filename;
  return filename !== undefined && oneLine(filename).trim() !== '' ? oneLine(filename) : video._id;
}

/** `0:45 · 1280×720`, with the status after them while the video is not ready. */
export function videoDescription(video: IndexedAsset, l10n: L10n): string {
  const meta = video.system_metadata ?? {};
  return [
    meta.duration !== undefined ? formatClock(meta.duration) : undefined,
    formatResolution(meta.width, meta.height),
    videoPhase(video.status) === 'ready' ? undefined : videoStatusText(video.status, l10n),
  ]
    .filter((part) => part !== undefined)
    .join(' · ');
}
