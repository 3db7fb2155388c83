import vscode = require('vscode');
import { CommandIds } from '../../common/commandIds';
import type { IndexFeature } from '../feature';
import { DetailsDocuments, VIDEO_DETAILS_SCHEME } from '../indexDetailsDocuments';
import type { ShowVideoDetailsResult } from '../results';

/** The video (its indexed asset) as the API returns it now, as JSON in a read-only document named after it (see `videoActionsFlow.ts`). */
export function registerShowVideoDetails(context: vscode.ExtensionContext, feature: IndexFeature): void {
  // Registered now, so that a document left open from before a reload says how to load it again.
  const documents = new DetailsDocuments(VIDEO_DETAILS_SCHEME, vscode.l10n.t('Run "Show Video Details" again to load this video.'));
  context.subscriptions.push(documents);
  context.subscriptions.push(
    vscode.commands.registerCommand(CommandIds.showVideoDetails, async (arg?: unknown): Promise<ShowVideoDetailsResult> => {
      const flow = await import('./videoActionsFlow.js');
      return flow.showVideoDetails(feature, documents, arg);
    }),
  );
}
