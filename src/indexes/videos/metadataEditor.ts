import vscode = require('vscode');
import type { QuickInputSession } from '../../common/quickInputSession';
import { labelText } from '../../common/untrustedText';
import { checkMetadataKey, formatMetadataValue, metadataValueKind, parseMetadataValue, type DraftField, type MetadataDraft, type MetadataValue } from './metadataEdits';

/**
 * The quick inputs of Edit Metadata: a list of the fields (`key = value`) with "Add Field…" and,
 * once something changed, "Save"; picking a field offers to change its value or remove it. Edits
 * stay in the draft until Save; Escape in the list ends without sending anything, Escape anywhere
 * else goes back to the list.
 */

type ListItem = vscode.QuickPickItem & ({ action: 'field'; field: DraftField } | { action: 'add' } | { action: 'save' });
type FieldItem = vscode.QuickPickItem & { action: 'change' | 'remove' | 'restore' };

/** Resolves true when the user chose Save with changes in the draft, false when they left. */
export async function editMetadataDraft(session: QuickInputSession, draft: MetadataDraft, videoName: string): Promise<boolean> {
  const title = vscode.l10n.t('Edit Metadata: {0}', labelText(videoName));
  let lastKey: string | undefined;
  for (;;) {
    const picked = await session.pick<ListItem>({
      title,
      placeholder: vscode.l10n.t('Pick a field to change or remove it, or add one. Nothing is sent until you save.'),
      items: listItems(draft),
      active: (items) => items.find((item) => item.action === 'field' && item.field.key === lastKey),
      matchOnDescription: true,
    });
    if (!picked) {
      return false;
    }
    switch (picked.action) {
      case 'save':
        return true;
      case 'add':
        lastKey = await addField(session, draft, title);
        break;
      case 'field':
        lastKey = picked.field.key;
        await editField(session, draft, picked.field, title);
        break;
    }
  }
}

function listItems(draft: MetadataDraft): ListItem[] {
  const items: ListItem[] = draft.fields.map((field) => ({
    label: labelText(field.key),
    description: `= ${labelText(formatMetadataValue(field.value))}`,
    detail: fieldDetail(field),
    action: 'field',
    field,
  }));
  if (items.length === 0) {
    items.push({ label: vscode.l10n.t('No fields yet'), kind: vscode.QuickPickItemKind.Separator, action: 'add' });
  }
  items.push({ label: '', kind: vscode.QuickPickItemKind.Separator, action: 'add' });
  items.push({ label: `$(add) ${vscode.l10n.t('Add Field…')}`, action: 'add' });
  const count = draft.changeCount;
  if (count > 0) {
    items.push({
      label: `$(check) ${count === 1 ? vscode.l10n.t('Save 1 Change') : vscode.l10n.t('Save {0} Changes', count)}`,
      description: vscode.l10n.t('one request'),
      action: 'save',
    });
  }
  return items;
}

function fieldDetail(field: DraftField): string | undefined {
  const kind = kindText(field.value);
  switch (field.state) {
    case 'unchanged':
      return kind;
    case 'added':
      return vscode.l10n.t('{0} · new', kind);
    case 'removed':
      return vscode.l10n.t('{0} · will be removed', kind);
    case 'changed':
      return vscode.l10n.t('{0} · was {1}', kind, labelText(formatMetadataValue(field.original ?? '')));
  }
}

async function editField(session: QuickInputSession, draft: MetadataDraft, field: DraftField, title: string): Promise<void> {
  const items: FieldItem[] =
    field.state === 'removed'
      ? [{ label: `$(discard) ${vscode.l10n.t('Keep Field')}`, description: vscode.l10n.t('do not remove it'), action: 'restore' }]
      : [
          { label: `$(edit) ${vscode.l10n.t('Change Value…')}`, description: `= ${labelText(formatMetadataValue(field.value))}`, action: 'change' },
          { label: `$(trash) ${vscode.l10n.t('Remove Field')}`, action: 'remove' },
        ];
  if (field.state === 'changed') {
    items.push({ label: `$(discard) ${vscode.l10n.t('Undo Change')}`, description: vscode.l10n.t('back to {0}', labelText(formatMetadataValue(field.original ?? ''))), action: 'restore' });
  }
  const picked = await session.pick<FieldItem>({ title, placeholder: vscode.l10n.t('Field “{0}”', labelText(field.key)), items });
  switch (picked?.action) {
    case 'change': {
      const value = await askValue(session, title, field.key, field.value);
      if (value !== undefined) {
        draft.set(field.key, value);
      }
      return;
    }
    case 'remove':
      draft.remove(field.key);
      return;
    case 'restore':
      draft.restore(field.key);
      return;
    case undefined:
      return;
  }
}

/** The new field's name, then its value; the key when a field was added. */
async function addField(session: QuickInputSession, draft: MetadataDraft, title: string): Promise<string | undefined> {
  const taken = draft.keys;
  const typed = await session.ask({
    title,
    prompt: vscode.l10n.t('The new field’s name'),
    placeholder: vscode.l10n.t('e.g. category'),
    validate: (text) => {
      const check = checkMetadataKey(text, taken, vscode.l10n);
      return check.ok ? undefined : check.reason;
    },
  });
  const check = typed === undefined ? undefined : checkMetadataKey(typed, taken, vscode.l10n);
  if (!check?.ok) {
    return undefined;
  }
  const value = await askValue(session, title, check.key, undefined);
  if (value === undefined) {
    return undefined;
  }
  draft.set(check.key, value);
  return check.key;
}

async function askValue(session: QuickInputSession, title: string, key: string, current: MetadataValue | undefined): Promise<MetadataValue | undefined> {
  const typed = await session.ask({
    title,
    prompt: vscode.l10n.t('Value of “{0}”. A number (12, 4.5) or true or false is stored as such; in double quotes it stays text ("42").', labelText(key)),
    value: current === undefined ? '' : formatMetadataValue(current),
    validate: (text) =>
      text === ''
        ? vscode.l10n.t('Type a value, or remove the field instead.')
        : { message: vscode.l10n.t('Stored as {0}', kindText(parseMetadataValue(text))), severity: vscode.InputBoxValidationSeverity.Info },
  });
  return typed === undefined || typed === '' ? undefined : parseMetadataValue(typed);
}

function kindText(value: MetadataValue): string {
  switch (metadataValueKind(value)) {
    case 'text':
      return vscode.l10n.t('text');
    case 'number':
      return vscode.l10n.t('a number');
    case 'boolean':
      return vscode.l10n.t('true or false');
  }
}
