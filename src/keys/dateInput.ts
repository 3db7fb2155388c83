import { type LocalDate } from './expiry';

/**
 * Reads a calendar date the way people type it: ISO (`2027-03-01`), the locale's numeric order
 * (`3/1/2027` in en-US, `1.3.2027` in de), and month names in English or the locale's language
 * (`Mar 1, 2027`, the extension's own display; `1 March 2027`). Free of `vscode`: the locale is passed in.
 *
 * A numeric date is read in the locale's order first; when that order gives no real date but the
 * other one does (`25/12/2026` in en-US), the other one is taken. The caller echoes the reading back
 * before anything is stored, so an ambiguous date cannot slip through unseen.
 */
export function parseDateInput(text: string, locale: string | undefined): LocalDate | undefined {
  const trimmed = text.trim().replace(/\s+/g, ' ');
  if (trimmed === '') {
    return undefined;
  }
  return parseIso(trimmed) ?? parseNumeric(trimmed, locale) ?? parseWithMonthName(trimmed, locale);
}

/** `{ year, month, day }` if that date exists: 2026-02-29 does not, and is not rolled over. */
export function realDate(year: number, month: number, day: number): LocalDate | undefined {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) {
    return undefined;
  }
  const check = new Date(year, month - 1, day);
  if (check.getFullYear() !== year || check.getMonth() !== month - 1 || check.getDate() !== day) {
    return undefined;
  }
  return { year, month, day };
}

function parseIso(text: string): LocalDate | undefined {
  const match = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(text);
  return match ? realDate(Number(match[1]), Number(match[2]), Number(match[3])) : undefined;
}

type Field = 'day' | 'month' | 'year';

/** The order of day, month and year in the locale's short numeric dates: en-US month-day-year. */
function numericOrder(locale: string | undefined): Field[] {
  try {
    const parts = new Intl.DateTimeFormat(locale, { year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(new Date(2027, 2, 1));
    const order = parts.map((part) => part.type).filter((type): type is Field => type === 'day' || type === 'month' || type === 'year');
    if (order.length === 3) {
      return order;
    }
  } catch {
    // An unknown locale tag: fall through to the ISO-like default.
  }
  return ['year', 'month', 'day'];
}

function fullYear(digits: string): number {
  const value = Number(digits);
  return digits.length <= 2 ? 2000 + value : value;
}

function parseNumeric(text: string, locale: string | undefined): LocalDate | undefined {
  const match = /^(\d{1,4})\s?[/.-]\s?(\d{1,2})\s?[/.-]\s?(\d{1,4})\.?$/.exec(text);
  if (!match) {
    return undefined;
  }
  const values = [match[1], match[2], match[3]] as [string, string, string];
  const read = (order: Field[]): LocalDate | undefined => {
    const byField: Partial<Record<Field, string>> = {};
    order.forEach((field, i) => (byField[field] = values[i]));
    const { year, month, day } = byField;
    if (year === undefined || month === undefined || day === undefined || year.length === 3 || year.length === 1) {
      return undefined;
    }
    return realDate(fullYear(year), Number(month), Number(day));
  };
  const order = numericOrder(locale);
  const swapped = order.map((field): Field => (field === 'day' ? 'month' : field === 'month' ? 'day' : 'year'));
  return read(order) ?? read(swapped) ?? (values[0].length === 4 ? read(['year', 'month', 'day']) : undefined);
}

/** Lower-case month names, 1-based by index, in English and the locale's language, long and short. */
function monthNames(locale: string | undefined): Map<string, number> {
  const names = new Map<string, number>();
  const add = (tag: string | undefined): void => {
    for (const style of ['long', 'short'] as const) {
      let format: Intl.DateTimeFormat;
      try {
        format = new Intl.DateTimeFormat(tag, { month: style });
      } catch {
        return;
      }
      for (let month = 1; month <= 12; month++) {
        const name = lower(format.format(new Date(2027, month - 1, 1)), tag).replace(/\.$/, '');
        if (!names.has(name)) {
          names.set(name, month);
        }
      }
    }
  };
  add('en');
  add(locale);
  return names;
}

function weekdayNames(locale: string | undefined): Set<string> {
  const names = new Set<string>();
  for (const tag of ['en', locale]) {
    for (const style of ['long', 'short'] as const) {
      try {
        const format = new Intl.DateTimeFormat(tag, { weekday: style });
        // 2027-03-01 is a Monday; seven consecutive days give every name.
        for (let i = 0; i < 7; i++) {
          names.add(lower(format.format(new Date(2027, 2, 1 + i)), tag).replace(/\.$/, ''));
        }
      } catch {
        // Unknown locale: English names only.
      }
    }
  }
  return names;
}

function parseWithMonthName(text: string, locale: string | undefined): LocalDate | undefined {
  const tokens = lower(text, locale)
    .split(/[\s,./-]+/u)
    .filter((token) => token !== '');
  const months = monthNames(locale);
  const weekdays = weekdayNames(locale);
  let month: number | undefined;
  const numbers: string[] = [];
  for (const token of tokens) {
    const number = /^(\d{1,4})(st|nd|rd|th)?$/.exec(token);
    if (number?.[1] !== undefined) {
      numbers.push(number[1]);
      continue;
    }
    if (weekdays.has(token) || token === 'de' || token === 'of') {
      continue;
    }
    const named = months.get(token) ?? uniquePrefixMatch(months, token);
    if (named === undefined || month !== undefined) {
      return undefined;
    }
    month = named;
  }
  if (month === undefined || numbers.length !== 2) {
    return undefined;
  }
  const yearIndex = numbers.findIndex((n) => n.length === 4);
  if (yearIndex === -1) {
    return undefined;
  }
  const year = Number(numbers[yearIndex]);
  const day = Number(numbers[1 - yearIndex]);
  return realDate(year, month, day);
}

function lower(text: string, locale: string | undefined): string {
  try {
    return text.toLocaleLowerCase(locale);
  } catch {
    // A display language Intl does not know.
    return text.toLowerCase();
  }
}

/** `sept` or `febr`: a prefix of three letters or more that names exactly one month. */
function uniquePrefixMatch(months: Map<string, number>, token: string): number | undefined {
  if (token.length < 3) {
    return undefined;
  }
  const found = new Set<number>();
  for (const [name, month] of months) {
    if (name.startsWith(token)) {
      found.add(month);
    }
  }
  return found.size === 1 ? [...found][0] : undefined;
}
