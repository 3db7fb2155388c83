import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseDateInput, realDate } from '../../../src/keys/dateInput';
import { checkExpiryDateInput, localeDateReader } from '../../../src/keys/validation';
import { fakeL10n } from '../fakes/l10n';

const date = (year: number, month: number, day: number) => ({ year, month, day });

describe('typed dates in the user\'s locale', () => {
  it('en-US reads its own display format, the API Keys page\'s 12/10/2026, ISO and spelled-out months', () => {
    const cases: [string, ReturnType<typeof date>][] = [
      ['Mar 1, 2027', date(2027, 3, 1)],
      ['March 1 2027', date(2027, 3, 1)],
      ['1 March 2027', date(2027, 3, 1)],
      ['Mon, Mar 1, 2027', date(2027, 3, 1)],
      ['Sept 3rd, 2027', date(2027, 9, 3)],
      ['12/10/2026', date(2026, 12, 10)],
      ['3/1/27', date(2027, 3, 1)],
      ['2027-03-01', date(2027, 3, 1)],
      ['2027/3/1', date(2027, 3, 1)],
      ['  mar  1 ,  2027 ', date(2027, 3, 1)],
    ];
    for (const [text, expected] of cases) {
      assert.deepEqual(parseDateInput(text, 'en-US'), expected, text);
    }
  });

  it('a numeric date that is impossible in the locale\'s order is read in the other one', () => {
    assert.deepEqual(parseDateInput('25/12/2026', 'en-US'), date(2026, 12, 25));
    assert.deepEqual(parseDateInput('12/25/2026', 'en-GB'), date(2026, 12, 25));
  });

  it('day-first locales read day first, with their own month names', () => {
    assert.deepEqual(parseDateInput('12/10/2026', 'en-GB'), date(2026, 10, 12));
    assert.deepEqual(parseDateInput('1.3.2027', 'de'), date(2027, 3, 1));
    assert.deepEqual(parseDateInput('1. März 2027', 'de'), date(2027, 3, 1));
    assert.deepEqual(parseDateInput('1 mars 2027', 'fr'), date(2027, 3, 1));
    assert.deepEqual(parseDateInput('Mar 1, 2027', 'de'), date(2027, 3, 1), 'English month names work everywhere');
  });

  it('refuses what is not one real date, without rolling over', () => {
    for (const text of ['', 'soon', 'Feb 30, 2026', '2025-02-29', '13/13/2026', 'Mar 2027', 'Mar Apr 1, 2027', '1/2', 'Ma 1, 2027', '1 2 3 2027', '2026-06-20T00:00']) {
      assert.equal(parseDateInput(text, 'en-US'), undefined, text);
    }
  });

  it('any text at all is refused or read as a date that exists', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), fc.constantFrom('en-US', 'en-GB', 'de', 'fr', 'ja', 'xx-invalid-tag', undefined), (text, locale) => {
        const read = parseDateInput(text, locale);
        assert.ok(read === undefined || realDate(read.year, read.month, read.day) !== undefined, text);
      }),
      { numRuns: 500 },
    );
  });

  it('a refusal offers the locale\'s examples, the display format first', () => {
    const now = new Date(2026, 11, 1, 12).getTime();
    const reader = localeDateReader('en-US', fakeL10n, (instant) => new Intl.DateTimeFormat('en-US', { dateStyle: 'medium' }).format(instant));
    const check = checkExpiryDateInput('next week', now, fakeL10n, reader);
    assert.equal(check.ok, false);
    assert.equal(!check.ok && check.reason, 'Enter a date such as Dec 1, 2026, 12/1/2026 or 2026-12-01.');
    assert.deepEqual(checkExpiryDateInput('Mar 1, 2027', now, fakeL10n, reader), { ok: true, date: date(2027, 3, 1) });
  });
});
