import vscode = require('vscode');
import { CommandIds } from '../common/commandIds';
import type { UploadDeps } from './deps';
import { chooseUpload, uploadIdOf } from './uploadTarget';

/**
 * "Pause Upload", on an upload's node while it sends. What the server has stays: Resume sends only
 * the rest. Pausing only stops work, so an id from another caller may name the upload directly.
 */
export function registerPauseUpload(deps: UploadDeps): vscode.Disposable {
  return vscode.commands.registerCommand(CommandIds.pauseUpload, async (target?: unknown): Promise<boolean> => {
    const named = uploadIdOf(target);
    const record =
      named !== undefined && deps.uploads.isSending(named)
        ? deps.book.get(named)
        : await chooseUpload(deps, target, ['sending'], deps.apiUrl(), {
            title: vscode.l10n.t('Pause Upload'),
            placeHolder: vscode.l10n.t('Pick the upload to pause'),
            none: vscode.l10n.t('No upload is being sent right now.'),
          });
    return record !== undefined && deps.uploads.pause(record.id);
  });
}
