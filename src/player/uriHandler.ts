import vscode = require('vscode');
import { CommandIds } from '../common/commandIds';
import type { Notifier } from '../common/notifier';
import { parsePlayQuery } from './timestampLink';

/**
 * `vscode://reelsmith.twelvelabs-vscode/play?index=…&video=…&t=…`, from a copied timestamp link:
 * opens the player there. A link can do nothing else; one that does not read is said so.
 */
export function registerTimestampLinks(notifier: Notifier): { handler: vscode.UriHandler; registration: vscode.Disposable } {
  const handler: vscode.UriHandler = {
    handleUri(uri: vscode.Uri): void {
      const target = parsePlayQuery(uri.path, uri.query);
      if (!target) {
        void notifier.show('warning', vscode.l10n.t('This Twelve Labs link cannot be opened: it should name an index, a video and a time, as "Copy Timestamp Link" makes them.'));
        return;
      }
      void vscode.commands.executeCommand(CommandIds.playVideo, target);
    },
  };
  return { handler, registration: vscode.window.registerUriHandler(handler) };
}
