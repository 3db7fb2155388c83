import vscode = require('vscode');
import type { Notifier } from '../common/notifier';
import { labelText } from '../common/untrustedText';
import type { WindowPort } from '../common/windowPort';
import type { UploadBook, UploadPhase, UploadRecord } from './uploadBook';
import { UploadNode, percentDone } from './uploadNode';

/**
 * The upload a command acts on. A node of the Indexes view (its context menu) names it; anything
 * else a caller passes (`{ uploadId }`, an id) only preselects it in a picker the user confirms, so
 * another extension cannot resume or discard an upload in the user's name.
 */
export async function chooseUpload(
  ui: { book: UploadBook; window: Pick<WindowPort, 'createQuickPick'>; notifier: Notifier },
  target: unknown,
  phases: readonly UploadPhase[],
  apiUrl: string,
  picker: { title: string; placeHolder: string; none: string },
): Promise<UploadRecord | undefined> {
  if (target instanceof UploadNode) {
    const record = ui.book.get(target.record.id);
    return record && phases.includes(record.phase) ? record : undefined;
  }
  const candidates = ui.book.all().filter((record) => record.apiUrl === apiUrl && phases.includes(record.phase));
  if (candidates.length === 0) {
    void ui.notifier.show('info', picker.none);
    return undefined;
  }
  const preselected = uploadIdOf(target);
  const items = candidates.map((record) => ({
    label: labelText(record.label),
    description: vscode.l10n.t('{0}%', percentDone(record)),
    record,
    picked: record.id === preselected,
  }));
  const quickPick = ui.window.createQuickPick<(typeof items)[number]>();
  quickPick.title = picker.title;
  quickPick.placeholder = picker.placeHolder;
  quickPick.items = items;
  quickPick.activeItems = items.filter((item) => item.picked);
  try {
    const chosen = await new Promise<(typeof items)[number] | undefined>((resolve) => {
      quickPick.onDidAccept(() => resolve(quickPick.selectedItems[0] ?? quickPick.activeItems[0]));
      quickPick.onDidHide(() => resolve(undefined));
      quickPick.show();
    });
    return chosen && ui.book.get(chosen.record.id);
  } finally {
    quickPick.dispose();
  }
}

/** `{ uploadId }` or an id string, as another caller may pass it. */
export function uploadIdOf(target: unknown): string | undefined {
  if (typeof target === 'string') {
    return target;
  }
  if (typeof target === 'object' && target !== null && 'uploadId' in target) {
    const id = (target as { uploadId?: unknown }).uploadId;
    return typeof id === 'string' ? id : undefined;
  }
  return undefined;
}
