import vscode = require('vscode');
import { CommandIds } from '../../common/commandIds';
import { Links } from '../../common/contextKeys';
import type { IndexFeature } from '../feature';
import type { OpenPlaygroundResult } from '../results';
import { resolveIndexTarget } from '../target';

export function registerOpenIndexInPlayground(context: vscode.ExtensionContext, feature: IndexFeature): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(CommandIds.openIndexInPlayground, async (arg?: unknown): Promise<OpenPlaygroundResult> => {
      const target = resolveIndexTarget(feature, arg);
      if (!target) {
        return { outcome: 'noTarget' };
      }
      const uri = Links.playgroundIndex(target.indexId);
      await vscode.env.openExternal(vscode.Uri.parse(uri));
      return { outcome: 'opened', uri };
    }),
  );
}
