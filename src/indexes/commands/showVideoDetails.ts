import vscode = require('vscode');
import { CommandIds } from '../../common/commandIds';
import { presentError } from '../../common/presentError';
import type { IndexFeature } from '../feature';
import { DetailsDocuments, VIDEO_DETAILS_SCHEME } from '../indexDetailsDocuments';
import { LOOKUP_TIMEOUT_MS } from '../nameLookup';
import type { ShowVideoDetailsResult } from '../results';
import { videoDetails } from '../videos/videoDetails';
import { videoName } from '../videos/videoStatus';
import { chooseVideo } from '../videos/videoTarget';

/** The video (its indexed asset) as the API returns it now, as JSON in a read-only document named after it. */
export function registerShowVideoDetails(context: vscode.ExtensionContext, feature: IndexFeature): void {
  const documents = new DetailsDocuments(VIDEO_DETAILS_SCHEME, vscode.l10n.t('Run "Show Video Details" again to load this video.'));
  context.subscriptions.push(documents);
  context.subscriptions.push(
    vscode.commands.registerCommand(CommandIds.showVideoDetails, async (arg?: unknown): Promise<ShowVideoDetailsResult> => {
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
    }),
  );
}
