/**
 * Formatting and date arithmetic for index and video nodes. Free of `vscode` and of words, so it is
 * unit-testable and needs no translation: durations as clock times, resolutions as `W×H`.
 */

export const DAY_MS = 86_400_000;
/** Free-plan indexes expire 90 days after creation; warn this many days before. */
export const INDEX_EXPIRY_WARNING_DAYS = 14;

/** `45` → `0:45`, `200` → `3:20`, `3723` → `1:02:03`. */
export function formatClock(totalSeconds: number | undefined): string {
  const seconds = Math.max(0, Math.round(totalSeconds ?? 0));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
}

export function formatResolution(width: number | undefined, height: number | undefined): string | undefined {
  return width && height ? `${width}×${height}` : undefined;
}

export type ExpiryState = 'never' | 'ok' | 'soon' | 'expired' | 'unknown';

export interface Expiry {
  state: ExpiryState;
  /** Whole days left, rounded down; negative once expired. */
  daysLeft?: number;
}

/** Where an index stands with regard to `expires_at` (null: never expires). */
export function indexExpiry(expiresAt: string | null | undefined, now: number, warnDays = INDEX_EXPIRY_WARNING_DAYS): Expiry {
  if (expiresAt === null) {
    return { state: 'never' };
  }
  if (expiresAt === undefined) {
    return { state: 'unknown' };
  }
  const at = Date.parse(expiresAt);
  if (Number.isNaN(at)) {
    return { state: 'unknown' };
  }
  const left = at - now;
  const daysLeft = Math.floor(left / DAY_MS);
  if (left <= 0) {
    return { state: 'expired', daysLeft };
  }
  return { state: left <= warnDays * DAY_MS ? 'soon' : 'ok', daysLeft };
}

/**
 * A server timestamp for tooltips, through `format` (the user's locale, as the key status shows
 * dates); without one, `2026-07-01 14:03 UTC`. An unreadable value is returned as it came.
 */
export function formatTimestamp(value: string | null | undefined, format?: (instant: number) => string): string | undefined {
  if (!value) {
    return undefined;
  }
  const at = Date.parse(value);
  if (Number.isNaN(at)) {
    return value;
  }
  return format ? format(at) : `${new Date(at).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** Model names joined for a one-line description. */
export function modelNames(models: readonly { model_name: string }[] | undefined): string {
  return (models ?? []).map((model) => model.model_name).join(', ');
}
