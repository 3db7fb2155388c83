import { RESERVED_INDEXED_ASSET_PARAMS, type UserMetadata, type UserMetadataChanges } from '../../api/assetTypes';
import type { L10n } from '../../common/l10n';

/**
 * The pure part of Edit Metadata: what typed text becomes, which keys are allowed, and the changes
 * to send. Free of `vscode`, so its rules are unit-tested in plain Node.
 */

export type MetadataValue = string | number | boolean;

/**
 * A number as people write one: no leading zeros (`01234` is a postcode, kept as text), no `+`, no
 * spaces; a fraction and an exponent are fine. Anything `Number()` would also read (`0x10`, `1_000`,
 * ` 5 `) stays text.
 */
const NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;

/**
 * Typed text as the value it stands for: a number or `true`/`false` when it reads as one, and text
 * otherwise. Double quotes around it keep it text (`"42"` is the text 42).
 */
export function parseMetadataValue(text: string): MetadataValue {
  if (text.length >= 2 && text.startsWith('"') && text.endsWith('"')) {
    return text.slice(1, -1);
  }
  if (text === 'true' || text === 'false') {
    return text === 'true';
  }
  if (NUMBER.test(text)) {
    const value = Number(text);
    if (Number.isFinite(value)) {
      return value;
    }
  }
  return text;
}

/** The text that reads back as `value`: text that would read as something else is quoted. */
export function formatMetadataValue(value: MetadataValue): string {
  if (typeof value !== 'string') {
    return String(value);
  }
  return parseMetadataValue(value) === value ? value : `"${value}"`;
}

export type MetadataValueKind = 'text' | 'number' | 'boolean';

export function metadataValueKind(value: MetadataValue): MetadataValueKind {
  return typeof value === 'string' ? 'text' : typeof value === 'number' ? 'number' : 'boolean';
}

export type KeyCheck = { ok: true; key: string } | { ok: false; reason: string };

/**
 * A new field's name: not blank (spaces around it are dropped), not one the video already has, not
 * one the indexed-assets list uses for a filter of its own (a field of that name could never be
 * filtered on), and without `[` or `]`, which the list reads as a range (`duration[gte]`).
 */
export function checkMetadataKey(typed: string, taken: ReadonlySet<string>, l10n: L10n): KeyCheck {
  const key = typed.trim();
  if (key === '') {
    return { ok: false, reason: l10n.t('Type a field name.') };
  }
  if (taken.has(key)) {
    return { ok: false, reason: l10n.t('The video already has a field “{0}”: pick it in the list to change it.', key) };
  }
  if (RESERVED_INDEXED_ASSET_PARAMS.includes(key)) {
    return { ok: false, reason: l10n.t('“{0}” is the name of one of the list’s own filters, so the field could never be filtered on. Choose another name.', key) };
  }
  if (/[[\]]/.test(key)) {
    return { ok: false, reason: l10n.t('A field name cannot contain “[” or “]”.') };
  }
  return { ok: true, key };
}

export type FieldState = 'unchanged' | 'changed' | 'added' | 'removed';

export interface DraftField {
  key: string;
  /** What the field will hold; for a removed field, what it held. */
  value: MetadataValue;
  /** What the server has, when it has the field. */
  original: MetadataValue | undefined;
  state: FieldState;
}

/**
 * The user's edits to a video's metadata before they are saved: fields set, added and removed.
 * Only what differs from what the server had is sent; removing an added field forgets it.
 */
export class MetadataDraft {
  private readonly edits = new Map<string, MetadataValue | null>();

  constructor(private readonly original: Readonly<UserMetadata>) {}

  /** Starts from earlier edits (a Retry after a failed save), dropping those that no longer change anything. */
  static withChanges(original: Readonly<UserMetadata>, changes: UserMetadataChanges): MetadataDraft {
    const draft = new MetadataDraft(original);
    for (const [key, value] of Object.entries(changes)) {
      if (value === null) {
        draft.remove(key);
      } else if (isMetadataValue(value)) {
        draft.set(key, value);
      }
    }
    return draft;
  }

  get fields(): DraftField[] {
    const fields: DraftField[] = [];
    for (const [key, original] of Object.entries(this.original)) {
      const edit = this.edits.get(key);
      if (edit === undefined) {
        fields.push({ key, value: original, original, state: 'unchanged' });
      } else if (edit === null) {
        fields.push({ key, value: original, original, state: 'removed' });
      } else {
        fields.push({ key, value: edit, original, state: 'changed' });
      }
    }
    for (const [key, edit] of this.edits) {
      if (!Object.hasOwn(this.original, key) && edit !== null) {
        fields.push({ key, value: edit, original: undefined, state: 'added' });
      }
    }
    return fields;
  }

  /** Every key the draft shows (removed ones included), for the new-field check. */
  get keys(): ReadonlySet<string> {
    return new Set(this.fields.map((field) => field.key));
  }

  set(key: string, value: MetadataValue): void {
    if (Object.hasOwn(this.original, key) && this.original[key] === value) {
      this.edits.delete(key);
    } else {
      this.edits.set(key, value);
    }
  }

  remove(key: string): void {
    if (Object.hasOwn(this.original, key)) {
      this.edits.set(key, null);
    } else {
      this.edits.delete(key);
    }
  }

  /** Undoes whatever was done to the field. */
  restore(key: string): void {
    this.edits.delete(key);
  }

  /** Exactly what differs from the server's metadata: values to set, `null` for fields to delete. */
  changes(): UserMetadataChanges {
    return Object.fromEntries(this.edits);
  }

  get changeCount(): number {
    return this.edits.size;
  }

  /** The metadata once the changes are saved. */
  result(): UserMetadata {
    const result: UserMetadata = { ...this.original };
    for (const [key, edit] of this.edits) {
      if (edit === null) {
        delete result[key];
      } else {
        result[key] = edit;
      }
    }
    return result;
  }
}

function isMetadataValue(value: unknown): value is MetadataValue {
  return typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
}
