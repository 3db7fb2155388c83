import vscode = require('vscode');
import { CommandIds } from '../../common/commandIds';
import { InFlight } from '../../common/inFlight';
import type { IndexFeature } from '../feature';
import type { DeleteVideoResult } from '../results';

/**
 * Delete a video from its index, always after a modal confirmation that names the video and the
 * index as the server has them now (see `videoActionsFlow.ts`). An argument (a tree node,
 * `{ indexId, videoId }`) only says which video to ask about; nothing a caller passes skips the question.
 */
export function registerDeleteVideo(context: vscode.ExtensionContext, feature: IndexFeature): void {
  // A second Delete of the same video while the first is asking or sending joins it: one dialog, one DELETE.
  const deletes = new InFlight<string, DeleteVideoResult>();
  context.subscriptions.push(
    vscode.commands.registerCommand(CommandIds.deleteVideo, async (arg?: unknown): Promise<DeleteVideoResult> => {
      const flow = await import('./videoActionsFlow.js');
      const choice = await flow.chooseVideoToDelete(feature, arg);
      if (choice.outcome !== 'chosen') {
        return choice;
      }
      const { target } = choice;
      return deletes.run(`${target.indexId}/${target.videoId}`, () => flow.deleteChosenVideo(feature, target));
    }),
  );
}
