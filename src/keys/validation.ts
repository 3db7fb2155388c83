import { type LocalDate, expiryFromCreationDate, formatLocalDate, instantToLocalDate, localDateToInstant, parseLocalDate } from './expiry';
import { parseDateInput } from './dateInput';
import type { L10n } from '../common/l10n';

export type KeyInputCheck =
  | { ok: true; key: string; warning?: string }
  | { ok: false; reason: string };

/** Keys seen in the wild look like this; the format is undocumented, so a mismatch only warns. */
const EXPECTED_SHAPE = /^tlk_[A-Za-z0-9]{16,}$/;

/**
 * Checks what the user typed or pasted as an API key. Surrounding whitespace is trimmed (pasting from
 * a web page often brings a newline); anything that cannot be a key, or cannot travel in an HTTP
 * header, is refused with the reason and the 1-based position, because the character is often invisible.
 */
export function checkKeyInput(raw: string, l10n: L10n): KeyInputCheck {
  const key = raw.trim();
  if (key === '') {
    return { ok: false, reason: l10n.t('Paste your Twelve Labs API key. You can create one on the API Keys page.') };
  }
  for (let i = 0; i < key.length; i++) {
    const char = key[i] ?? '';
    const position = i + 1;
    if (/\p{Cc}/u.test(char)) {
      return { ok: false, reason: l10n.t('The key contains a control character at position {0}. Copy the key again from the API Keys page.', position) };
    }
    if (/\s/u.test(char)) {
      return { ok: false, reason: l10n.t('The key contains a space at position {0}. API keys have no spaces: paste the key alone.', position) };
    }
    if (/\p{Cf}/u.test(char)) {
      return { ok: false, reason: l10n.t('The key contains an invisible formatting character at position {0}. Copy the key again from the API Keys page.', position) };
    }
    if (char < '!' || char > '~') {
      return { ok: false, reason: l10n.t('The key contains "{0}" at position {1}, which cannot be sent in an HTTP header. API keys use plain ASCII letters and digits.', char, position) };
    }
  }
  if (!EXPECTED_SHAPE.test(key)) {
    return { ok: true, key, warning: l10n.t('This does not look like a Twelve Labs key (they usually start with "tlk_"). You can still save it: the API decides.') };
  }
  return { ok: true, key };
}

export type DateInputCheck = { ok: true; date: LocalDate; warning?: string } | { ok: false; reason: string };

/** How typed dates are read, and what a refusal offers as examples. */
export interface DateReader {
  parse(text: string): LocalDate | undefined;
  /** e.g. `Mar 1, 2027, 3/1/2027 or 2027-03-01`, for today's date. */
  examples(now: number): string;
  /** A date as the extension shows it elsewhere. */
  display(instant: number): string;
}

/** `YYYY-MM-DD` only: what the programmatic paths take. */
export const isoDateReader: DateReader = {
  parse: parseLocalDate,
  examples: (now) => formatLocalDate(instantToLocalDate(now)),
  display: (instant) => formatLocalDate(instantToLocalDate(instant)),
};

/** The formats of the user's locale, with the extension's own display format among the examples. */
export function localeDateReader(locale: string | undefined, l10n: L10n, formatDate: (instant: number) => string): DateReader {
  const numeric = (instant: number): string => {
    try {
      return new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'numeric', day: 'numeric' }).format(instant);
    } catch {
      return formatLocalDate(instantToLocalDate(instant));
    }
  };
  return {
    parse: (text) => parseDateInput(text, locale),
    examples: (now) => l10n.t('{0}, {1} or {2}', formatDate(now), numeric(now), formatLocalDate(instantToLocalDate(now))),
    display: formatDate,
  };
}

/** The expiry date the dashboard shows. Today or later: an earlier date means the key is already dead. */
export function checkExpiryDateInput(text: string, now: number, l10n: L10n, reader: DateReader = isoDateReader): DateInputCheck {
  const date = reader.parse(text);
  if (!date) {
    return { ok: false, reason: l10n.t('Enter a date such as {0}.', reader.examples(now)) };
  }
  const today = localDateToInstant(instantToLocalDate(now));
  if (localDateToInstant(date) < today) {
    return { ok: false, reason: l10n.t('That date is in the past, so the key has already expired. Create a new key on the API Keys page.') };
  }
  return { ok: true, date };
}

/** The date the key was created. Not in the future; a creation date old enough to have expired only warns. */
export function checkCreationDateInput(text: string, now: number, lifetimeDays: number, l10n: L10n, reader: DateReader = isoDateReader): DateInputCheck {
  const date = reader.parse(text);
  if (!date) {
    return { ok: false, reason: l10n.t('Enter a date such as {0}.', reader.examples(now)) };
  }
  if (localDateToInstant(date) > now) {
    return { ok: false, reason: l10n.t('That date is in the future. Enter the day the key was created.') };
  }
  const expiresAt = expiryFromCreationDate(date, lifetimeDays);
  if (expiresAt <= now) {
    return { ok: true, date, warning: l10n.t('With a {0}-day lifetime this key expired on {1}. The API will tell for sure.', lifetimeDays, reader.display(expiresAt)) };
  }
  return { ok: true, date };
}
