import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { calendarDaysLeft, formatLocalDate, instantToLocalDate, remaining } from '../../../src/keys/expiry';
import { checkCreationDateInput, checkExpiryDateInput } from '../../../src/keys/validation';
import { parseExpiresAtArgument } from '../../build/keyArgs';
import { fakeL10n } from '../fakes/l10n';

const NOW = Date.UTC(2026, 5, 15, 12);
const DAY = 86_400_000;
const pad = (n: number, width: number) => String(n).padStart(width, '0');
const dateText = (instant: number) => formatLocalDate(instantToLocalDate(instant));

/** Strings that are not a calendar date in the YYYY-MM-DD form. */
const invalidDate = fc.oneof(
  fc.string({ maxLength: 30 }).filter((text) => !/^\s*\d{4}-\d{2}-\d{2}\s*$/.test(text)),
  // The right shape, an impossible day or month.
  fc.tuple(fc.integer({ min: 1000, max: 9999 }), fc.integer({ min: 13, max: 99 }), fc.integer({ min: 1, max: 28 })).map(([y, m, d]) => `${y}-${m}-${pad(d, 2)}`),
  fc.tuple(fc.integer({ min: 1000, max: 9999 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 32, max: 99 })).map(([y, m, d]) => `${y}-${pad(m, 2)}-${d}`),
  fc.constantFrom('2026-02-30', '2025-02-29', '2026-04-31', '0000-00-00', '2026-00-10', '2026/06/20', '20-06-2026', '2026-6-1', '２０２６-０６-２０', '2026-06-20T00:00', ''),
);

describe('hostile input: dates', () => {
  it('anything that is not a real YYYY-MM-DD date is refused, with an example of the right form', () => {
    fc.assert(
      fc.property(invalidDate, (text) => {
        for (const check of [checkExpiryDateInput(text, NOW, fakeL10n), checkCreationDateInput(text, NOW, 90, fakeL10n)]) {
          assert.equal(check.ok, false, text);
          assert.ok(!check.ok && /Enter a date such as \d{4}-\d{2}-\d{2}\./.test(check.reason), text);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('an expiry date in the past is refused: the key is already dead, go and create one', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 365 * 50 }), (daysAgo) => {
        const check = checkExpiryDateInput(dateText(NOW - daysAgo * DAY), NOW, fakeL10n);
        assert.ok(!check.ok && /in the past/.test(check.reason));
      }),
    );
  });

  it('a creation date in the future is refused; one long past only warns (the API has the last word)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 365 * 100 }), (days) => {
        const future = checkCreationDateInput(dateText(NOW + days * DAY), NOW, 90, fakeL10n);
        assert.ok(!future.ok && /in the future/.test(future.reason));
        const past = checkCreationDateInput(dateText(NOW - (90 + days) * DAY), NOW, 90, fakeL10n);
        assert.ok(past.ok && past.warning !== undefined && /expired on/.test(past.warning));
      }),
    );
  });

  it('far-future expiry dates up to 9999-12-31 are accepted and count down without overflow', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2027, max: 9999 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }), (y, m, d) => {
        const check = checkExpiryDateInput(`${y}-${pad(m, 2)}-${pad(d, 2)}`, NOW, fakeL10n);
        assert.ok(check.ok);
        const expiresAt = new Date(y, m - 1, d).getTime();
        const left = calendarDaysLeft(expiresAt, NOW);
        assert.ok(Number.isSafeInteger(left) && left > 0);
        assert.ok(remaining(expiresAt, NOW));
      }),
    );
  });

  it('programmatic expiresAt: non-finite numbers, instants outside what a Date holds, and junk are refused (undefined), never a crash later', () => {
    const bad = fc.oneof(
      fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 8.64e15 + 1, -8.64e15 - 1, 1e20, Number.MAX_VALUE),
      fc.double({ min: 8.64e15 + 1, noNaN: true }),
      invalidDate.filter((text) => Number.isNaN(Date.parse(text))),
      fc.constantFrom(null, true, {}, [], new Date(Number.NaN), '+275761-01-01T00:00:00Z'),
    );
    fc.assert(
      fc.property(bad, (value) => {
        assert.equal(parseExpiresAtArgument(value), undefined, JSON.stringify(value));
      }),
      { numRuns: 300 },
    );
  });

  it('every accepted programmatic expiresAt can be formatted and counted (what the success message does)', () => {
    const good = fc.oneof(
      fc.integer({ min: -8.64e15, max: 8.64e15 }),
      fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
      fc.tuple(fc.integer({ min: 1970, max: 9999 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 })).map(([y, m, d]) => `${y}-${pad(m, 2)}-${pad(d, 2)}`),
    );
    fc.assert(
      fc.property(good, (value) => {
        const parsed = parseExpiresAtArgument(value);
        assert.ok(parsed !== undefined, String(value));
        assert.doesNotThrow(() => new Date(parsed).toISOString());
        assert.doesNotThrow(() => new Intl.DateTimeFormat('en', { dateStyle: 'medium' }).format(parsed));
        assert.ok(Number.isFinite(calendarDaysLeft(parsed, NOW)));
      }),
      { numRuns: 300 },
    );
  });
});
