import vscode = require('vscode');
import { CommandIds } from '../common/commandIds';
import type { UploadDeps } from './deps';
import { chooseUpload } from './uploadTarget';

/** "Dismiss", on a failed upload's node: the node goes; nothing on the server changes. */
export function registerDismissUpload(deps: UploadDeps): vscode.Disposable {
  return vscode.commands.registerCommand(CommandIds.dismissUpload, async (target?: unknown): Promise<boolean> => {
    const record = await chooseUpload(deps, target, ['failed'], deps.apiUrl(), {
      title: vscode.l10n.t('Dismiss Failed Upload'),
      placeHolder: vscode.l10n.t('Pick the failed upload to dismiss'),
      none: vscode.l10n.t('No upload has failed.'),
    });
    return record !== undefined && deps.uploads.dismiss(record.id);
  });
}
