import vscode = require('vscode');
import type { IndexedAsset } from '../../api/assetTypes';
import { CommandIds, INDEXES_VIEW_ID } from '../../common/commandIds';
import { InFlight } from '../../common/inFlight';
import { presentError } from '../../common/presentError';
import { labelText } from '../../common/untrustedText';
import type { IndexFeature } from '../feature';
import { LOOKUP_TIMEOUT_MS } from '../nameLookup';
import type { DeleteVideoResult } from '../results';
import { videoName } from '../videos/videoStatus';
import { chooseVideo, type VideoTarget } from '../videos/videoTarget';

/**
 * Delete a video from its index, always after a modal confirmation that names the video and the
 * index as the server has them now. An argument (a tree node, `{ indexId, videoId }`) only says
 * which video to ask about; nothing a caller passes skips the question.
 */
export function registerDeleteVideo(context: vscode.ExtensionContext, feature: IndexFeature): void {
  // A second Delete of the same video while the first is asking or sending joins it: one dialog, one DELETE.
  const deletes = new InFlight<string, DeleteVideoResult>();
  context.subscriptions.push(
    vscode.commands.registerCommand(CommandIds.deleteVideo, async (arg?: unknown): Promise<DeleteVideoResult> => {
      const choice = await chooseVideo(feature, arg, vscode.l10n.t('Delete Video'));
      if (choice.outcome !== 'chosen') {
        return choice;
      }
      const { target } = choice;
      return deletes.run(`${target.indexId}/${target.videoId}`, () => deleteVideo(feature, target));
    }),
  );
}

async function deleteVideo(feature: IndexFeature, target: VideoTarget): Promise<DeleteVideoResult> {
  const { indexId, videoId } = target;
  let video: IndexedAsset | undefined = target.listed;
  try {
    const client = await feature.deps.api.get();
    const signal = AbortSignal.timeout(LOOKUP_TIMEOUT_MS);
    // The question names what will go as it is now; a video that no longer exists fails here, before any question.
    video = await client.getIndexedAsset(indexId, videoId, {}, { signal });
    const indexName = feature.tree.findIndex(indexId)?.index_name ?? (await client.getIndex(indexId, { signal }).catch(() => undefined))?.index_name ?? indexId;
    const name = videoName(video);
    const remove = vscode.l10n.t('Delete');
    const answer = await feature.notifier.confirm(
      vscode.l10n.t('Delete the video “{0}” from the index “{1}”?', name, indexName),
      vscode.l10n.t('Its indexed data goes with it: it can no longer be searched or analyzed in this index. This cannot be undone.'),
      remove,
    );
    if (answer !== remove) {
      return { outcome: 'cancelled' };
    }
    await vscode.window.withProgress({ location: { viewId: INDEXES_VIEW_ID }, title: vscode.l10n.t('Deleting video…') }, () =>
      client.deleteIndexedAsset(indexId, videoId),
    );
    feature.tree.applyVideoDelete(indexId, video);
    vscode.window.setStatusBarMessage(vscode.l10n.t('Deleted video “{0}”', labelText(name)), 4000);
    return { outcome: 'deleted', indexId, videoId, name };
  } catch (error) {
    const presentation = presentError(vscode.l10n.t('Could not delete the video “{0}”', video ? videoName(video) : videoId), error, {
      title: vscode.l10n.t('Retry'),
      command: CommandIds.deleteVideo,
      arguments: [{ indexId, videoId }],
    });
    feature.notifier.showError(presentation);
    return { outcome: 'failed', error: presentation.info };
  }
}
