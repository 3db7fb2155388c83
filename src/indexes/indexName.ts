import type { L10n } from '../common/l10n';

export type IndexNameCheck = { ok: true; name: string } | { ok: false; code: 'name_empty'; reason: string };

/**
 * The one rule about index names that is certain: not empty once trimmed. Length and character rules
 * are undocumented, so everything else (unicode, very long names, duplicates) goes to the server
 * verbatim and its own message comes back. Shared by the wizard, Rename and the programmatic form.
 */
export function checkIndexName(text: string, l10n: L10n): IndexNameCheck {
  const name = text.trim();
  if (name === '') {
    return { ok: false, code: 'name_empty', reason: l10n.t('Enter a name for the index.') };
  }
  return { ok: true, name };
}
