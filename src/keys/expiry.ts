/**
 * Expiry arithmetic for the key countdown. Pure and free of `vscode`: every function takes "now"
 * explicitly (or a Clock), so tests can pin time, time zone, DST changes and leap days.
 *
 * Conventions, chosen so that the display never surprises:
 * - A lifetime of N days means N *calendar* days in local time (same wall-clock time N dates later),
 *   not N × 24 h: across a DST change the two differ by an hour and a naive count shows 89d or 91d
 *   right after setting a 90-day key.
 * - "Days left" rounds up: a key with 41 days and 3 hours left shows 42d, so a freshly set 90-day key
 *   shows 90d. Formally it is the smallest n ≥ 0 with `now + n calendar days ≥ expiresAt`.
 * - Within the last 24 hours the count is in hours, also rounded up (24h … 1h), then "expired".
 */

export const HOUR_MS = 60 * 60 * 1000;
export const DAY_MS = 24 * HOUR_MS;

/** Days before expiry at which a reminder is due; 0 means "at expiry". Most distant first. */
export const REMINDER_THRESHOLDS: readonly number[] = [14, 7, 3, 1, 0];

/** The platform's documented default key lifetime. */
export const PLATFORM_DEFAULT_LIFETIME_DAYS = 90;

/** A calendar date without a time, as the user types it (`2025-05-30`). Month is 1-based. */
export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

/** Moves an instant by whole calendar days in local time, keeping its wall-clock time. */
export function addCalendarDays(instant: number, days: number): number {
  const date = new Date(instant);
  date.setDate(date.getDate() + days);
  return date.getTime();
}

/** Local midnight at the start of the given date. */
export function localDateToInstant(date: LocalDate): number {
  return new Date(date.year, date.month - 1, date.day, 0, 0, 0, 0).getTime();
}

export function instantToLocalDate(instant: number): LocalDate {
  const date = new Date(instant);
  return { year: date.getFullYear(), month: date.getMonth() + 1, day: date.getDate() };
}

export function formatLocalDate(date: LocalDate): string {
  return `${String(date.year).padStart(4, '0')}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;
}

/** Parses `YYYY-MM-DD` strictly: a date that does not exist (2025-02-29) is refused, not rolled over. */
export function parseLocalDate(text: string): LocalDate | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  if (!match) {
    return undefined;
  }
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const check = new Date(year, month - 1, day);
  if (check.getFullYear() !== year || check.getMonth() !== month - 1 || check.getDate() !== day) {
    return undefined;
  }
  return { year, month, day };
}

/** Expiry of a key set at `setAt` that lives `lifetimeDays` calendar days. */
export function expiryFromLifetime(setAt: number, lifetimeDays: number): number {
  return addCalendarDays(setAt, lifetimeDays);
}

/**
 * Expiry of a key created on a given date. The creation time of day is unknown, so the countdown
 * runs to the start of the expiry date: at worst the key is reported expired a few hours early,
 * never late.
 */
export function expiryFromCreationDate(created: LocalDate, lifetimeDays: number): number {
  return addCalendarDays(localDateToInstant(created), lifetimeDays);
}

/** Expiry when the user gives the expiry date itself: the start of that day, for the same reason. */
export function expiryFromExpiryDate(expires: LocalDate): number {
  return localDateToInstant(expires);
}

export type RemainingUnit = 'days' | 'hours' | 'expired';

export interface Remaining {
  unit: RemainingUnit;
  /** The number shown: days or hours left, rounded up; 0 when expired. */
  value: number;
  /** Calendar days left, rounded up: what thresholds compare against. 0 when expired. */
  daysLeft: number;
  msLeft: number;
  /** The next instant at which `unit` or `value` changes, or undefined once expired. */
  nextChangeAt: number | undefined;
}

/** Calendar days left, rounded up: the smallest n ≥ 0 with `now + n calendar days ≥ expiresAt`. */
export function calendarDaysLeft(expiresAt: number, now: number): number {
  if (now >= expiresAt) {
    return 0;
  }
  // Start near the answer and walk: DST makes the exact count differ from the 24 h estimate by at most one.
  let n = Math.max(1, Math.ceil((expiresAt - now) / DAY_MS));
  while (addCalendarDays(now, n) < expiresAt) {
    n++;
  }
  while (n > 1 && addCalendarDays(now, n - 1) >= expiresAt) {
    n--;
  }
  return n;
}

/**
 * The first instant at which `calendarDaysLeft ≤ days`; `days` 0 is the expiry itself. Usually the
 * expiry's wall-clock time `days` dates earlier, but when that wall-clock time falls into a DST gap
 * the two differ, so the exact instant is found by bisection (adding calendar days is monotonic).
 */
export function thresholdReachedAt(expiresAt: number, days: number): number {
  if (days <= 0) {
    return expiresAt;
  }
  const reached = (instant: number) => addCalendarDays(instant, days) >= expiresAt;
  const estimate = addCalendarDays(expiresAt, -days);
  let low = estimate - 3 * HOUR_MS;
  let high = estimate + 3 * HOUR_MS;
  while (reached(low)) {
    low -= 3 * HOUR_MS;
  }
  while (!reached(high)) {
    high += 3 * HOUR_MS;
  }
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (reached(middle)) {
      high = middle;
    } else {
      low = middle;
    }
  }
  return high;
}

export function remaining(expiresAt: number, now: number): Remaining {
  const msLeft = expiresAt - now;
  if (msLeft <= 0) {
    return { unit: 'expired', value: 0, daysLeft: 0, msLeft, nextChangeAt: undefined };
  }
  const daysLeft = calendarDaysLeft(expiresAt, now);
  if (msLeft <= DAY_MS) {
    const hours = Math.ceil(msLeft / HOUR_MS);
    // The count drops from h to h−1 the moment exactly h−1 hours remain; from 1h it goes to expired.
    return { unit: 'hours', value: hours, daysLeft, msLeft, nextChangeAt: expiresAt - (hours - 1) * HOUR_MS };
  }
  // Either the day count drops, or the last 24 hours begin and the display switches to hours.
  const nextDay = thresholdReachedAt(expiresAt, daysLeft - 1);
  const hoursBegin = expiresAt - DAY_MS;
  return { unit: 'days', value: daysLeft, daysLeft, msLeft, nextChangeAt: Math.min(nextDay, hoursBegin) };
}

/** Thresholds already reached at `now`, most urgent first. */
export function reachedThresholds(expiresAt: number, now: number, thresholds: readonly number[] = REMINDER_THRESHOLDS): number[] {
  return thresholds.filter((t) => thresholdReachedAt(expiresAt, t) <= now).sort((a, b) => a - b);
}

/** When the next not-yet-reached threshold is reached, or undefined when all are behind us. */
export function nextThresholdAt(expiresAt: number, now: number, thresholds: readonly number[] = REMINDER_THRESHOLDS): number | undefined {
  const upcoming = thresholds.map((t) => thresholdReachedAt(expiresAt, t)).filter((at) => at > now);
  return upcoming.length === 0 ? undefined : Math.min(...upcoming);
}
