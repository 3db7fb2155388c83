import vscode = require('vscode');
import type { CommandId } from '../common/commandIds';

/**
 * Registers every contributed command at activation, as a stand-in that loads the features and then
 * runs the real command with the same arguments (and returns its result). The features register the
 * real commands themselves, so these must be disposed first: the feature loader does that with the
 * returned disposable.
 */
export function registerCommandStubs(ids: readonly CommandId[], loadFeatures: (reason: string) => boolean): vscode.Disposable {
  const stubs = ids.map((id) =>
    vscode.commands.registerCommand(id, (...args: unknown[]) =>
      loadFeatures(`command ${id}`) ? vscode.commands.executeCommand<unknown>(id, ...args) : undefined,
    ),
  );
  return {
    dispose: () => {
      for (const stub of stubs.splice(0)) {
        stub.dispose();
      }
    },
  };
}
