import vscode = require('vscode');
import type { IndexedAsset } from '../../api/assetTypes';
import { CommandIds } from '../../common/commandIds';
import { QuickInputSession } from '../../common/quickInputSession';
import { labelText } from '../../common/untrustedText';
import type { IndexFeature } from '../feature';
import { LOOKUP_TIMEOUT_MS } from '../nameLookup';
import type { CopyVideoIdResult } from '../results';
import { chooseVideo } from '../videos/videoTarget';

type IdItem = vscode.QuickPickItem & { which: 'indexedAsset' | 'asset'; id: string };

/**
 * Copies the video's id in its index (the indexed asset id: what search results and the API's
 * indexed-asset calls use). A video that came from an uploaded asset has that asset's id too (what
 * Analyze and the assets API take): then a pick offers both.
 */
export function registerCopyVideoId(context: vscode.ExtensionContext, feature: IndexFeature): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(CommandIds.copyVideoId, async (arg?: unknown): Promise<CopyVideoIdResult> => {
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
    }),
  );
}

/** The video as the server has it, for its asset id; without it, the indexed asset id is still there to copy. */
async function readVideo(feature: IndexFeature, indexId: string, videoId: string): Promise<IndexedAsset | undefined> {
  try {
    return await (await feature.deps.api.get()).getIndexedAsset(indexId, videoId, {}, { signal: AbortSignal.timeout(LOOKUP_TIMEOUT_MS) });
  } catch (error) {
    feature.deps.logger.debug('Copy Video ID: could not read the video for its asset id; offering the indexed asset id only.', error);
    return undefined;
  }
}
