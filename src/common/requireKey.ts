import vscode = require('vscode');
import { CommandIds } from './commandIds';
import type { Notifier } from './notifier';

/**
 * For commands that can do nothing without a key: says so at once, with the way to set one, instead
 * of opening a picker that stays empty or a wizard whose last step fails. True when a key is stored.
 */
export async function requireKey(getKey: () => Promise<string | undefined>, notifier: Notifier): Promise<boolean> {
  if ((await getKey().catch(() => undefined)) !== undefined) {
    return true;
  }
  const setKey = vscode.l10n.t('Set API Key');
  void notifier.show('warning', vscode.l10n.t('No Twelve Labs API key: set one first.'), setKey).then((choice) => {
    if (choice === setKey) {
      void vscode.commands.executeCommand(CommandIds.setApiKey);
    }
  });
  return false;
}
