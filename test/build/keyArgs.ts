import { expiryFromLifetime, localDateToInstant, parseLocalDate } from '../../src/keys/expiry';
import { checkKeyInput } from '../../src/keys/validation';
import type { SaveKeyResult } from '../../src/keys/deps';
import type { KeyArgs } from './testApi';

/** What the user would have typed and chosen: the key, its expiry, and what to do if the API cannot confirm it. */
export interface KeyToStore {
  key: string;
  /** Epoch ms. */
  expiresAt: number;
  ifUnconfirmed: 'save' | 'keep';
}

/** The largest instant a JavaScript Date can hold. */
const MAX_DATE_MS = 8.64e15;

const l10n = { t: (message: string, ...args: unknown[]) => message.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)])) };

/**
 * What the user would have typed, from a test's arguments: the key checked as the key box checks
 * it, the expiry as the expiry step would have decided it.
 */
export function keyToStore(args: KeyArgs, now: number, lifetimeDays: number): KeyToStore | SaveKeyResult {
  const check = checkKeyInput(args.key, l10n);
  if (!check.ok) {
    return { status: 'invalidInput', reason: check.reason };
  }
  const expiresAt = args.expiresAt === undefined ? expiryFromLifetime(now, lifetimeDays) : parseExpiresAtArgument(args.expiresAt);
  if (expiresAt === undefined) {
    return { status: 'invalidInput', reason: 'expiresAt must be epoch milliseconds, a YYYY-MM-DD date or an ISO 8601 instant.' };
  }
  return { key: check.key, expiresAt, ifUnconfirmed: args.saveIfUnreachable === true ? 'save' : 'keep' };
}

/**
 * Reads the `expiresAt` a command caller passed: epoch milliseconds, a `YYYY-MM-DD` date (start of that
 * local day, as when the user types it) or any ISO 8601 instant.
 */
export function parseExpiresAtArgument(value: unknown): number | undefined {
  if (typeof value === 'number') {
    // Beyond ±8.64e15 ms a Date is invalid, and formatting the expiry later would throw.
    return Number.isFinite(value) && Math.abs(value) <= MAX_DATE_MS ? value : undefined;
  }
  if (value instanceof Date) {
    return Number.isNaN(value.getTime()) ? undefined : value.getTime();
  }
  if (typeof value === 'string') {
    const date = parseLocalDate(value);
    if (date) {
      return localDateToInstant(date);
    }
    const instant = Date.parse(value);
    return Number.isNaN(instant) ? undefined : instant;
  }
  return undefined;
}
