import vscode = require('vscode');
import type { IndexedAsset } from '../../api/assetTypes';
import type { Index } from '../../api/types';
import { MAX_PAGE_LIMIT } from '../../api/types';
import { presentError } from '../../common/presentError';
import { QuickInputSession } from '../../common/quickInputSession';
import { requireKey } from '../../common/requireKey';
import { labelText } from '../../common/untrustedText';
import type { IndexFeature } from '../feature';
import type { Cancelled, Failed, NoKey } from '../results';
import { videoDescription, videoName } from './videoStatus';

/**
 * Which video a video command acts on. From the tree it is the node; another extension or a link may
 * pass `{ indexId, videoId }` (or a node-shaped object). Only the ids are taken from an argument:
 * names and statuses shown to the user come from the listing or the server, never from the caller.
 * An argument only preselects: each command still asks whatever it asks the user.
 */
export interface VideoTarget {
  indexId: string;
  videoId: string;
  /** The video as the view last listed it (or the picker loaded it), when known. */
  listed: IndexedAsset | undefined;
}

export type VideoChoice = { outcome: 'chosen'; target: VideoTarget } | Cancelled | NoKey | Failed;

/** The ids an argument names; both, one (an index to pick a video in), or none. */
export function videoIdsFrom(arg: unknown): { indexId?: string; videoId?: string } {
  if (typeof arg !== 'object' || arg === null) {
    return {};
  }
  const candidate = arg as { kind?: unknown; indexId?: unknown; videoId?: unknown; video?: { _id?: unknown }; index?: { _id?: unknown } };
  const id = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);
  if (candidate.kind === 'video') {
    return { indexId: id(candidate.indexId), videoId: id(candidate.video?._id) };
  }
  if (candidate.kind === 'index') {
    return { indexId: id(candidate.index?._id) };
  }
  return { indexId: id(candidate.indexId), videoId: id(candidate.videoId) };
}

/**
 * The video to act on: the argument's, else picked by the user (the index, then the video; an
 * argument naming only an index skips the first pick). `title` names the command in the pickers.
 */
export async function chooseVideo(feature: IndexFeature, arg: unknown, title: string): Promise<VideoChoice> {
  const ids = videoIdsFrom(arg);
  if (ids.indexId && ids.videoId) {
    return { outcome: 'chosen', target: { indexId: ids.indexId, videoId: ids.videoId, listed: feature.tree.findVideo(ids.indexId, ids.videoId) } };
  }
  if (!(await requireKey(() => feature.deps.keyStore.getKey(), feature.notifier))) {
    return { outcome: 'noKey' };
  }
  const session = new QuickInputSession(feature.window);
  try {
    const indexId = ids.indexId ?? (await pickIndex(feature, session, title));
    if (indexId === undefined) {
      return { outcome: 'cancelled' };
    }
    const video = await pickVideo(feature, session, title, indexId);
    return video ? { outcome: 'chosen', target: { indexId, videoId: video._id, listed: video } } : { outcome: 'cancelled' };
  } catch (error) {
    const presentation = presentError(vscode.l10n.t('Could not list what to pick from'), error);
    feature.notifier.showError(presentation);
    return { outcome: 'failed', error: presentation.info };
  } finally {
    session.dispose();
  }
}

type IndexItem = vscode.QuickPickItem & { index: Index };

async function pickIndex(feature: IndexFeature, session: QuickInputSession, title: string): Promise<string | undefined> {
  const items = feature.deps.api
    .get()
    .then((client) => client.listAllIndexes({}))
    .then((indexes) =>
      indexes.map(
        (index): IndexItem => ({
          label: labelText(index.index_name),
          description: index.video_count === 1 ? vscode.l10n.t('1 video') : vscode.l10n.t('{0} videos', Math.round(index.video_count ?? 0)),
          detail: labelText(index._id),
          index,
        }),
      ),
    );
  const picked = await session.pick({ title, placeholder: vscode.l10n.t('Pick the index'), items, matchOnDetail: true });
  return picked?.index._id;
}

type VideoItem = vscode.QuickPickItem & { video?: IndexedAsset; loadMore?: true };

/** The index's indexed assets, 50 at a time, with "Load more…" in the list while there are more. */
async function pickVideo(feature: IndexFeature, session: QuickInputSession, title: string, indexId: string): Promise<IndexedAsset | undefined> {
  const client = await feature.deps.api.get();
  let loaded: IndexedAsset[] = [];
  let page = 0;
  let more = false;
  const loadNext = async (): Promise<VideoItem[]> => {
    const next = await client.listIndexedAssets(indexId, page + 1, MAX_PAGE_LIMIT);
    page++;
    const known = new Set(loaded.map((video) => video._id));
    loaded = [...loaded, ...next.data.filter((video) => !known.has(video._id))];
    more = next.data.length > 0 && page < next.page_info.total_page;
    const items: VideoItem[] = loaded.map((video) => ({ label: labelText(videoName(video)), description: labelText(videoDescription(video, vscode.l10n)), detail: labelText(video._id), video }));
    if (more) {
      items.push({ label: `$(ellipsis) ${vscode.l10n.t('Load more…')}`, description: vscode.l10n.t('{0} of {1}', loaded.length, next.page_info.total_results), loadMore: true });
    }
    return items;
  };
  const picked = await session.pick<VideoItem>({
    title,
    placeholder: vscode.l10n.t('Pick the video'),
    items: loadNext(),
    matchOnDescription: true,
    matchOnDetail: true,
    accept: async (item, pick) => {
      if (!item.loadMore) {
        return true;
      }
      pick.busy = true;
      try {
        pick.items = await loadNext();
      } finally {
        pick.busy = false;
      }
      return false;
    },
  });
  return picked?.video;
}
