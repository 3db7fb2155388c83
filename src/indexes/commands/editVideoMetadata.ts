import vscode = require('vscode');
import type { UserMetadataChanges } from '../../api/assetTypes';
import { CommandIds } from '../../common/commandIds';
import type { IndexFeature } from '../feature';
import type { EditVideoMetadataResult } from '../results';

/**
 * Edit a video's user metadata in quick inputs and send exactly the changes (see `videoActionsFlow.ts`).
 * `{ draft }` second (a failed save's Retry) only refills the editor: the user saves again.
 */
export function registerEditVideoMetadata(context: vscode.ExtensionContext, feature: IndexFeature): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(
      CommandIds.editVideoMetadata,
      async (arg?: unknown, options?: { draft?: UserMetadataChanges }): Promise<EditVideoMetadataResult> => {
        const flow = await import('./videoActionsFlow.js');
        return flow.editVideoMetadata(feature, arg, options);
      },
    ),
  );
}
