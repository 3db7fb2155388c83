import vscode = require('vscode');
import { CommandIds } from '../../common/commandIds';
import type { IndexFeature } from '../feature';
import type { RefreshResult } from '../results';

export function registerClearIndexFilter(context: vscode.ExtensionContext, feature: IndexFeature): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(CommandIds.clearIndexFilter, (): Promise<RefreshResult> => feature.tree.setFilter(undefined)),
  );
}
