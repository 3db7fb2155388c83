import vscode = require('vscode');
import { CommandIds } from '../common/commandIds';
import type { KeyFeatureDeps } from './deps';
import { switchAccount } from './switchAccount';

/** "Choose Account for This Workspace…": only this workspace's windows change; workspace state keeps the account's id. */
export function registerChooseWorkspaceAccount(deps: KeyFeatureDeps): vscode.Disposable {
  return vscode.commands.registerCommand(CommandIds.chooseWorkspaceAccount, () => switchAccount(deps, 'workspace'));
}
