import vscode = require('vscode');
import { CommandIds, WALKTHROUGH_ID } from '../common/commandIds';

/** "Get Started": the walkthrough, one step from the palette instead of two clicks under Help → Welcome. */
export function registerGetStarted(): vscode.Disposable {
  return vscode.commands.registerCommand(CommandIds.getStarted, () =>
    vscode.commands.executeCommand('workbench.action.openWalkthrough', WALKTHROUGH_ID, false),
  );
}
