import vscode = require('vscode');
import { CommandIds } from '../../common/commandIds';
import type { IndexFeature } from '../feature';
import type { RefreshResult } from '../results';

/** Title bar "Refresh" and the Retry action of the error state: page 1 again, one request. */
export function registerRefreshIndexes(context: vscode.ExtensionContext, feature: IndexFeature): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(CommandIds.refreshIndexes, (): Promise<RefreshResult> => feature.tree.refresh({ joinInFlight: true })),
  );
}
