import vscode = require('vscode');
import { CommandIds } from '../../common/commandIds';
import type { IndexFeature } from '../feature';
import type { CopyResult } from '../results';
import { resolveIndexTarget } from '../target';

export function registerCopyIndexId(context: vscode.ExtensionContext, feature: IndexFeature): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(CommandIds.copyIndexId, async (arg?: unknown): Promise<CopyResult> => {
      const target = resolveIndexTarget(feature, arg);
      if (!target) {
        return { outcome: 'noTarget' };
      }
      await vscode.env.clipboard.writeText(target.indexId);
      vscode.window.setStatusBarMessage(vscode.l10n.t('Copied index ID {0}', target.indexId), 3000);
      return { outcome: 'copied', text: target.indexId };
    }),
  );
}
