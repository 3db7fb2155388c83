import vscode = require('vscode');
import { CommandIds } from '../common/commandIds';
import type { UploadDeps } from './deps';
import { formatBytes } from './progress';
import { chooseUpload } from './uploadTarget';
import { bytesDone } from './uploadNode';

/**
 * "Cancel Upload", on an upload's node while it sends or is paused: it stops, its record goes, and
 * what the server holds of the unfinished asset is deleted. A paused upload's sent part is lost, so
 * that one asks first.
 */
export function registerCancelUpload(deps: UploadDeps): vscode.Disposable {
  return vscode.commands.registerCommand(CommandIds.cancelUpload, async (target?: unknown): Promise<boolean> => {
    const record = await chooseUpload(deps, target, ['sending', 'paused', 'processing'], deps.apiUrl(), {
      title: vscode.l10n.t('Cancel Upload'),
      placeHolder: vscode.l10n.t('Pick the upload to cancel'),
      none: vscode.l10n.t('No upload is in progress.'),
    });
    if (!record) {
      return false;
    }
    if (record.phase === 'paused' && bytesDone(record) > 0) {
      const discard = vscode.l10n.t('Discard Upload');
      const choice = await deps.notifier.confirm(
        vscode.l10n.t('Discard the paused upload of “{0}”?', record.label),
        vscode.l10n.t('The {0} sent so far are deleted from Twelve Labs and cannot be resumed.', formatBytes(bytesDone(record))),
        discard,
      );
      if (choice !== discard) {
        return false;
      }
    }
    const cancelled = await deps.uploads.cancel(record.id);
    if (cancelled && record.phase !== 'sending') {
      // A sending upload's own progress notification says so.
      void deps.notifier.show('info', vscode.l10n.t('Upload of “{0}” cancelled.', record.label));
    }
    return cancelled;
  });
}
