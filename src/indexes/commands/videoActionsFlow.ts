import vscode = require('vscode');
import type { IndexedAsset, UserMetadataChanges } from '../../api/assetTypes';
import { CommandIds, INDEXES_VIEW_ID } from '../../common/commandIds';
import { presentError } from '../../common/presentError';
import { QuickInputSession } from '../../common/quickInputSession';
import { labelText } from '../../common/untrustedText';
import type { IndexFeature } from '../feature';
import type { DetailsDocuments } from '../indexDetailsDocuments';
import { LOOKUP_TIMEOUT_MS } from '../nameLookup';
import type { CopyVideoIdResult, DeleteVideoResult, EditVideoMetadataResult, ShowVideoDetailsResult } from '../results';
import { MetadataDraft } from '../videos/metadataEdits';
import { editMetadataDraft } from '../videos/metadataEditor';
import { videoDetails } from '../videos/videoDetails';
import { videoName } from '../videos/videoStatus';
import { chooseVideo, type VideoTarget } from '../videos/videoTarget';

/**
 * What the four video commands do once run, in a bundle of its own (`dist/videoActionsFlow.js`)
 * that is loaded the first time one of them runs: the pickers, the metadata editor and the details
 * add too much to compile at every activation. The commands register in their own files.
 */

/** The video (its indexed asset) as the API returns it now, as JSON in a read-only document named after it. */
export async function showVideoDetails(feature: IndexFeature, documents: DetailsDocuments, arg: unknown): Promise<ShowVideoDetailsResult> {
  const choice = await chooseVideo(feature, arg, vscode.l10n.t('Show Video Details'));
  if (choice.outcome !== 'chosen') {
    return choice;
  }
  const { indexId, videoId } = choice.target;
  try {
    const client = await feature.deps.api.get();
    const video = await client.getIndexedAsset(indexId, videoId, {}, { signal: AbortSignal.timeout(LOOKUP_TIMEOUT_MS) });
    const content = `${JSON.stringify(videoDetails(indexId, video), null, 2)}\n`;
    await documents.show(documents.uriFor(videoName(video), { index: indexId, id: videoId }), content);
    return { outcome: 'shown', indexId, videoId, content };
  } catch (error) {
    const presentation = presentError(vscode.l10n.t('Could not load the video details'), error, {
      title: vscode.l10n.t('Retry'),
      command: CommandIds.showVideoDetails,
      arguments: [{ indexId, videoId }],
    });
    feature.notifier.showError(presentation);
    return { outcome: 'failed', error: presentation.info };
  }
}

/**
 * Copies the video's id in its index (the indexed asset id: what search results and the API's
 * indexed-asset calls use). A video that came from an uploaded asset has that asset's id too (what
 * Analyze and the assets API take): then a pick offers both.
 */
export async function copyVideoId(feature: IndexFeature, arg: unknown): Promise<CopyVideoIdResult> {
  const title = vscode.l10n.t('Copy Video ID');
  const choice = await chooseVideo(feature, arg, title);
  if (choice.outcome !== 'chosen') {
    return choice;
  }
  const { indexId, videoId } = choice.target;
  const video = choice.target.listed ?? (await readVideo(feature, indexId, videoId));
  let picked: IdItem = { label: vscode.l10n.t('Indexed Asset ID'), which: 'indexedAsset', id: videoId };
  const assetId = video?.asset_id;
  if (assetId && assetId !== videoId) {
    const session = new QuickInputSession(feature.window);
    try {
      const chosen = await session.pick<IdItem>({
        title,
        placeholder: vscode.l10n.t('Which ID to copy'),
        items: [
          { ...picked, description: labelText(videoId), detail: vscode.l10n.t('The video in this index: search results and the indexed-asset calls use it') },
          { label: vscode.l10n.t('Asset ID'), which: 'asset', id: assetId, description: labelText(assetId), detail: vscode.l10n.t('The uploaded file: Analyze and the assets API use it') },
        ],
      });
      if (!chosen) {
        return { outcome: 'cancelled' };
      }
      picked = chosen;
    } finally {
      session.dispose();
    }
  }
  await vscode.env.clipboard.writeText(picked.id);
  vscode.window.setStatusBarMessage(
    picked.which === 'asset' ? vscode.l10n.t('Copied asset ID {0}', labelText(picked.id)) : vscode.l10n.t('Copied indexed asset ID {0}', labelText(picked.id)),
    3000,
  );
  return { outcome: 'copied', indexId, videoId, which: picked.which, text: picked.id };
}

type IdItem = vscode.QuickPickItem & { which: 'indexedAsset' | 'asset'; id: string };

/** The video as the server has it, for its asset id; without it, the indexed asset id is still there to copy. */
async function readVideo(feature: IndexFeature, indexId: string, videoId: string): Promise<IndexedAsset | undefined> {
  try {
    return await (await feature.deps.api.get()).getIndexedAsset(indexId, videoId, {}, { signal: AbortSignal.timeout(LOOKUP_TIMEOUT_MS) });
  } catch (error) {
    feature.deps.logger.debug('Copy Video ID: could not read the video for its asset id; offering the indexed asset id only.', error);
    return undefined;
  }
}

/**
 * Edit a video's user metadata in quick inputs, starting from what the server has now (one GET), and
 * send exactly the changes in one PATCH (`null` removes a field); nothing when nothing changed.
 * `{ draft }` second (a failed save's Retry) only refills the editor: the user saves again.
 */
export async function editVideoMetadata(feature: IndexFeature, arg: unknown, options: { draft?: UserMetadataChanges } | undefined): Promise<EditVideoMetadataResult> {
  const choice = await chooseVideo(feature, arg, vscode.l10n.t('Edit Video Metadata'));
  if (choice.outcome !== 'chosen') {
    return choice;
  }
  const { indexId, videoId } = choice.target;
  let name = choice.target.listed ? videoName(choice.target.listed) : videoId;
  let draft: MetadataDraft | undefined;
  try {
    const client = await feature.deps.api.get();
    const session = new QuickInputSession(feature.window);
    let save: boolean;
    try {
      const video = await client.getIndexedAsset(indexId, videoId, {}, { signal: AbortSignal.timeout(LOOKUP_TIMEOUT_MS) });
      name = videoName(video);
      const current = video.user_metadata ?? {};
      draft = options?.draft && typeof options.draft === 'object' ? MetadataDraft.withChanges(current, options.draft) : new MetadataDraft(current);
      save = await editMetadataDraft(session, draft, name);
    } finally {
      session.dispose();
    }
    if (!save) {
      return { outcome: 'cancelled' };
    }
    const changes = draft.changes();
    if (Object.keys(changes).length === 0) {
      return { outcome: 'unchanged', indexId, videoId };
    }
    await vscode.window.withProgress({ location: { viewId: INDEXES_VIEW_ID }, title: vscode.l10n.t('Saving metadata…') }, () =>
      client.updateIndexedAssetMetadata(indexId, videoId, changes),
    );
    const metadata = draft.result();
    feature.tree.applyVideoMetadata(indexId, videoId, metadata);
    vscode.window.setStatusBarMessage(vscode.l10n.t('Saved the metadata of “{0}”', labelText(name)), 4000);
    return { outcome: 'saved', indexId, videoId, changes, metadata };
  } catch (error) {
    const what = draft ? vscode.l10n.t('Could not save the metadata of “{0}”', name) : vscode.l10n.t('Could not load the metadata of “{0}”', name);
    const presentation = presentError(what, error, {
      title: vscode.l10n.t('Retry'),
      command: CommandIds.editVideoMetadata,
      // The editor opens again with the edits made, over what the server has by then.
      arguments: [{ indexId, videoId }, draft ? { draft: draft.changes() } : {}],
    });
    feature.notifier.showError(presentation);
    return { outcome: 'failed', error: presentation.info };
  }
}

/** After the pick: the question, then the DELETE. `target` comes from `chooseVideo`. */
export async function deleteChosenVideo(feature: IndexFeature, target: VideoTarget): Promise<DeleteVideoResult> {
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

/** Which video to delete: the argument's or the user's pick. */
export function chooseVideoToDelete(feature: IndexFeature, arg: unknown): ReturnType<typeof chooseVideo> {
  return chooseVideo(feature, arg, vscode.l10n.t('Delete Video'));
}

/** The video another feature acts on (Play): the argument's ids, else the user's pick of index and video. */
export function chooseVideoFor(feature: IndexFeature, arg: unknown, title: string): ReturnType<typeof chooseVideo> {
  return chooseVideo(feature, arg, title);
}
