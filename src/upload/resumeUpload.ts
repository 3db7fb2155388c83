import vscode = require('vscode');
import { CommandIds } from '../common/commandIds';
import { requireKey } from '../common/requireKey';
import { fileIdentity, type SendOutcome } from './assetUploads';
import type { UploadDeps } from './deps';
import { formatBytes } from './progress';
import type { UploadRecord } from './uploadBook';
import { bytesDone } from './uploadNode';
import { sendWithProgress, type BatchItem } from './uploadProgress';
import { chooseUpload } from './uploadTarget';
import { executePlanFor, offerAgain } from './uploadVideo';

/** "Resume Upload", on a paused upload's node, in the palette, and in the offer after a reload. */
export function registerResumeUpload(deps: UploadDeps): vscode.Disposable {
  return vscode.commands.registerCommand(CommandIds.resumeUpload, async (target?: unknown): Promise<SendOutcome[]> => {
    const record = await chooseUpload(deps, target, ['paused'], deps.apiUrl(), {
      title: vscode.l10n.t('Resume Upload'),
      placeHolder: vscode.l10n.t('Pick the upload to resume'),
      none: vscode.l10n.t('No upload is paused.'),
    });
    return record ? resumeUploads(deps, [record]) : [];
  });
}

/**
 * Takes paused uploads up again, sending only what the server lacks. Each file is checked first: a
 * file that moved or changed since cannot continue its old session (the sent part belongs to the
 * file as it was), so a new upload is offered and started only on the user's word; a session past
 * its 24 hours is said plainly.
 */
export async function resumeUploads(deps: UploadDeps, records: UploadRecord[]): Promise<SendOutcome[]> {
  if (!(await requireKey(deps.getKey, deps.notifier))) {
    return [];
  }
  const items: BatchItem[] = [];
  for (const record of records) {
    if (await stillResumable(deps, record)) {
      items.push({ id: record.id, size: record.total, alreadySent: bytesDone(record) });
    }
  }
  if (items.length === 0) {
    return [];
  }
  const first = records.find((record) => record.id === items[0].id) ?? records[0];
  const title = items.length === 1 ? vscode.l10n.t('Resuming the upload of “{0}”', first.label) : vscode.l10n.t('Resuming {0} uploads', items.length);
  const outcomes = await sendWithProgress(deps, first.indexId, title, items);
  for (const [i, outcome] of outcomes.entries()) {
    const record = records.find((candidate) => candidate.id === items[i].id);
    if (outcome.outcome === 'failed' && record) {
      offerAgain(deps, outcome, (file) => void executePlanFor(deps, record.indexId, file));
    }
  }
  if (outcomes.some((outcome) => outcome.outcome === 'sent')) {
    void deps.tree.reveal(first.indexId, { expand: true });
  }
  return outcomes;
}

async function stillResumable(deps: UploadDeps, record: UploadRecord): Promise<boolean> {
  const source = record.source;
  if (source.kind !== 'file') {
    return false;
  }
  const now = await fileIdentity(source.path);
  if (!now) {
    const message = vscode.l10n.t('“{0}” is no longer at {1}, so its upload cannot be resumed. Upload it again from where it is now.', record.label, source.path);
    deps.book.update(record.id, { phase: 'failed', error: { code: 'file_missing', message } });
    void deps.notifier.show('error', message);
    return false;
  }
  if (now.size !== source.size || now.mtimeMs !== source.mtimeMs) {
    const again = vscode.l10n.t('Upload Again');
    const choice = await deps.notifier.confirm(
      vscode.l10n.t('“{0}” has changed since its upload was paused.', record.label),
      vscode.l10n.t('The {0} already sent belong to the file as it was, so they cannot be continued. Start a new upload of the file as it is now?', formatBytes(bytesDone(record))),
      again,
    );
    if (choice === again) {
      await deps.uploads.cancel(record.id);
      void executePlanFor(deps, record.indexId, source.path);
    } else {
      deps.book.update(record.id, {
        phase: 'failed',
        error: { code: 'upload_file_changed', message: vscode.l10n.t('The file changed after its upload was paused; upload it again to send it as it is now.') },
      });
    }
    return false;
  }
  const expiresAt = record.resumable ? Date.parse(record.resumable.sessionExpiresAt) : Number.NaN;
  if (expiresAt <= Date.now()) {
    const message = vscode.l10n.t(
      'The upload of “{0}” cannot be resumed: Twelve Labs keeps an unfinished upload for 24 hours, and this one was started longer ago. Its {1} sent are gone.',
      record.label,
      formatBytes(bytesDone(record)),
    );
    deps.book.update(record.id, { phase: 'failed', error: { code: 'upload_session_expired', message } });
    offerAgain(
      deps,
      { outcome: 'failed', label: record.label, uploadId: record.id, file: source.path, presentation: { message, actions: [], info: { kind: 'upload', status: 0, code: 'upload_session_expired', message } } },
      (file) => void executePlanFor(deps, record.indexId, file),
    );
    return false;
  }
  return true;
}
