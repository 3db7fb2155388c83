import vscode = require('vscode');
import { CommandIds } from '../../common/commandIds';
import type { IndexFeature } from '../feature';
import type { CopyVideoIdResult } from '../results';

/** Copies the video's indexed asset id, or its asset id when it has one and the user picks it (see `videoActionsFlow.ts`). */
export function registerCopyVideoId(context: vscode.ExtensionContext, feature: IndexFeature): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(CommandIds.copyVideoId, async (arg?: unknown): Promise<CopyVideoIdResult> => {
      const flow = await import('./videoActionsFlow.js');
      return flow.copyVideoId(feature, arg);
    }),
  );
}
