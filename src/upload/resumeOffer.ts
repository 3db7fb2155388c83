import vscode = require('vscode');
import type { UploadDeps } from './deps';
import type { UploadRecord } from './uploadBook';
import { percentDone } from './uploadNode';
import { resumeUploads } from './resumeUpload';

/**
 * After a reload, a crash or a closed window: the uploads left unfinished are on their index's nodes,
 * and offered once here. Nothing is sent until the user says so.
 */
export async function offerToResume(deps: UploadDeps, paused: UploadRecord[]): Promise<void> {
  if (paused.length === 0) {
    return;
  }
  const resume = paused.length === 1 ? vscode.l10n.t('Resume') : vscode.l10n.t('Resume All');
  const show = vscode.l10n.t('Show');
  const names = paused.map((record) => vscode.l10n.t('“{0}” ({1}%)', record.label, percentDone(record))).join(', ');
  const message =
    paused.length === 1
      ? vscode.l10n.t('The upload of {0} to Twelve Labs is not finished. Resume it? Only the missing part is sent.', names)
      : vscode.l10n.t('{0} uploads to Twelve Labs are not finished: {1}. Resume them? Only the missing parts are sent.', paused.length, names);
  const choice = await deps.notifier.show('info', message, resume, show);
  if (choice === resume) {
    // Read again: one may have been resumed or cancelled from its node meanwhile.
    const still = paused.map((record) => deps.book.get(record.id)).filter((record): record is UploadRecord => record?.phase === 'paused');
    await resumeUploads(deps, still);
  } else if (choice === show) {
    await deps.tree.reveal(paused[0].indexId, { expand: true });
  }
}
