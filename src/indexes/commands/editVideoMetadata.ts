import vscode = require('vscode');
import type { UserMetadataChanges } from '../../api/assetTypes';
import { CommandIds, INDEXES_VIEW_ID } from '../../common/commandIds';
import { presentError } from '../../common/presentError';
import { QuickInputSession } from '../../common/quickInputSession';
import { labelText } from '../../common/untrustedText';
import type { IndexFeature } from '../feature';
import { LOOKUP_TIMEOUT_MS } from '../nameLookup';
import type { EditVideoMetadataResult } from '../results';
import { MetadataDraft } from '../videos/metadataEdits';
import { editMetadataDraft } from '../videos/metadataEditor';
import { videoName } from '../videos/videoStatus';
import { chooseVideo } from '../videos/videoTarget';

/**
 * Edit a video's user metadata in quick inputs, starting from what the server has now (one GET), and
 * send exactly the changes in one PATCH (`null` removes a field); nothing when nothing changed.
 * `{ draft }` second (a failed save's Retry) only refills the editor: the user saves again.
 */
export function registerEditVideoMetadata(context: vscode.ExtensionContext, feature: IndexFeature): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(
      CommandIds.editVideoMetadata,
      async (arg?: unknown, options?: { draft?: UserMetadataChanges }): Promise<EditVideoMetadataResult> => {
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
      },
    ),
  );
}
