import * as assert from 'node:assert/strict';
import {
  DAY_MS,
  HOUR_MS,
  addCalendarDays,
  calendarDaysLeft,
  expiryFromCreationDate,
  expiryFromExpiryDate,
  expiryFromLifetime,
  nextThresholdAt,
  parseLocalDate,
  reachedThresholds,
  remaining,
  thresholdReachedAt,
} from '../../../src/keys/expiry';
import { FakeClock } from '../fakes/clock';
import { useTimeZone } from '../fakes/timeZone';

/** Runs a describe block with process.env.TZ set; Node re-reads TZ on assignment, so dates made inside follow it. */
function inTimeZone(zone: string, body: () => void): void {
  describe(`in ${zone}`, () => {
    useTimeZone(zone);
    body();
  });
}

/** Local wall-clock time in the current TZ. */
function local(year: number, month: number, day: number, hour = 0, minute = 0): number {
  return new Date(year, month - 1, day, hour, minute).getTime();
}

describe('expiry maths', () => {
  inTimeZone('Europe/Berlin', () => {
    it('the time zone is really in effect', () => {
      assert.equal(new Date(Date.UTC(2025, 0, 15, 12)).getHours(), 13);
      assert.equal(new Date(Date.UTC(2025, 6, 15, 12)).getHours(), 14);
    });

    it('a 90-day key set before the spring DST change expires at the same wall-clock time, 90 dates later', () => {
      const setAt = local(2025, 3, 1, 10);
      const expiresAt = expiryFromLifetime(setAt, 90);
      assert.equal(expiresAt, local(2025, 5, 30, 10));
      // One hour short of 90 × 24 h: a naive count would show 89d right after setting.
      assert.equal(expiresAt - setAt, 90 * DAY_MS - HOUR_MS);
      assert.equal(remaining(expiresAt, setAt).value, 90);
      assert.equal(remaining(expiresAt, setAt + 1000).value, 90);
    });

    it('a 90-day key set before the autumn DST change shows 90d, not 91d', () => {
      const setAt = local(2025, 10, 1, 10);
      const expiresAt = expiryFromLifetime(setAt, 90);
      assert.equal(expiresAt - setAt, 90 * DAY_MS + HOUR_MS);
      assert.equal(Math.ceil((expiresAt - setAt) / DAY_MS), 91, 'the naive count the calendar count avoids');
      assert.equal(remaining(expiresAt, setAt).value, 90);
      assert.equal(remaining(expiresAt, setAt + 1).value, 90);
    });

    it('the day count drops at the same wall-clock time every day, DST or not', () => {
      const expiresAt = local(2025, 4, 5, 9, 30);
      // The night of 29/30 March loses an hour; the boundary is still 09:30 local on either side.
      assert.equal(calendarDaysLeft(expiresAt, local(2025, 3, 29, 9, 30)), 7);
      assert.equal(calendarDaysLeft(expiresAt, local(2025, 3, 29, 9, 30) + 1), 7);
      assert.equal(calendarDaysLeft(expiresAt, local(2025, 3, 30, 9, 29)), 7);
      assert.equal(calendarDaysLeft(expiresAt, local(2025, 3, 30, 9, 30)), 6);
    });

    it('counts hours in the last day across a 25-hour day', () => {
      // 26 October 2025 has 25 hours in Berlin.
      const expiresAt = local(2025, 10, 26, 12);
      const oneCalendarDayBefore = addCalendarDays(expiresAt, -1);
      assert.equal(expiresAt - oneCalendarDayBefore, 25 * HOUR_MS);
      const at = expiresAt - 24.5 * HOUR_MS;
      const left = remaining(expiresAt, at);
      assert.deepEqual([left.unit, left.value], ['days', 1]);
      assert.equal(left.nextChangeAt, expiresAt - DAY_MS, 'switches to hours when 24 h remain');
      assert.deepEqual([remaining(expiresAt, expiresAt - DAY_MS).unit, remaining(expiresAt, expiresAt - DAY_MS).value], ['hours', 24]);
    });

    it('a created-on date counts from the start of that day', () => {
      const created = parseLocalDate('2025-03-01');
      assert.ok(created);
      assert.equal(expiryFromCreationDate(created, 90), local(2025, 5, 30));
    });
  });

  inTimeZone('America/New_York', () => {
    it('keeps wall-clock time across the US spring change (9 March 2025)', () => {
      const setAt = local(2025, 3, 8, 23, 15);
      const expiresAt = expiryFromLifetime(setAt, 2);
      assert.equal(new Date(expiresAt).getHours(), 23);
      assert.equal(new Date(expiresAt).getMinutes(), 15);
      assert.equal(expiresAt - setAt, 2 * DAY_MS - HOUR_MS);
      assert.equal(remaining(expiresAt, setAt).value, 2);
    });

    it('a time inside the spring-forward gap still moves forward by whole days', () => {
      // 02:30 on 9 March does not exist; the date library moves it to 03:30. The count must stay sane.
      const setAt = local(2025, 3, 2, 2, 30);
      const expiresAt = expiryFromLifetime(setAt, 7);
      assert.equal(new Date(expiresAt).getDate(), 9);
      assert.equal(remaining(expiresAt, setAt).value, 7);
    });
  });

  inTimeZone('Australia/Sydney', () => {
    it('southern-hemisphere DST (ends 6 April 2025) is handled the same way', () => {
      const setAt = local(2025, 3, 1, 10);
      const expiresAt = expiryFromLifetime(setAt, 90);
      assert.equal(expiresAt - setAt, 90 * DAY_MS + HOUR_MS);
      assert.equal(remaining(expiresAt, setAt).value, 90);
    });
  });

  inTimeZone('Pacific/Kiritimati', () => {
    it('a date the user types means local midnight, even at UTC+14', () => {
      const date = parseLocalDate('2025-05-30');
      assert.ok(date);
      const instant = expiryFromExpiryDate(date);
      assert.equal(new Date(instant).getHours(), 0);
      assert.equal(new Date(instant).getDate(), 30);
      assert.equal(new Date(instant).toISOString(), '2025-05-29T10:00:00.000Z');
    });
  });

  inTimeZone('UTC', () => {
    it('leap years: 90 days from 1 February is 1 May in 2024 and 2 May in 2023', () => {
      assert.equal(expiryFromLifetime(local(2024, 2, 1, 8), 90), local(2024, 5, 1, 8));
      assert.equal(expiryFromLifetime(local(2023, 2, 1, 8), 90), local(2023, 5, 2, 8));
    });

    it('leap day: 365 days from 29 February 2024 is 28 February 2025, and the count says 365', () => {
      const setAt = local(2024, 2, 29, 12);
      const expiresAt = expiryFromLifetime(setAt, 365);
      assert.equal(expiresAt, local(2025, 2, 28, 12));
      assert.equal(remaining(expiresAt, setAt).value, 365);
    });

    it('parses dates strictly: 29 February only in leap years, no rolling over', () => {
      assert.deepEqual(parseLocalDate('2024-02-29'), { year: 2024, month: 2, day: 29 });
      assert.equal(parseLocalDate('2025-02-29'), undefined);
      assert.equal(parseLocalDate('2025-13-01'), undefined);
      assert.equal(parseLocalDate('2025-04-31'), undefined);
      assert.equal(parseLocalDate('30/05/2025'), undefined);
      assert.deepEqual(parseLocalDate(' 2025-05-30 '), { year: 2025, month: 5, day: 30 });
    });

    it('rounds days up, so 41 days and 3 hours show 42', () => {
      const expiresAt = local(2025, 6, 1);
      const left = remaining(expiresAt, expiresAt - 41 * DAY_MS - 3 * HOUR_MS);
      assert.deepEqual([left.unit, left.value, left.daysLeft], ['days', 42, 42]);
      assert.equal(left.nextChangeAt, expiresAt - 41 * DAY_MS);
    });

    it('exact day boundaries belong to the lower count', () => {
      const expiresAt = local(2025, 6, 1);
      assert.equal(calendarDaysLeft(expiresAt, expiresAt - 14 * DAY_MS), 14);
      assert.equal(calendarDaysLeft(expiresAt, expiresAt - 14 * DAY_MS - 1), 15);
      assert.equal(calendarDaysLeft(expiresAt, expiresAt - 1), 1);
      assert.equal(calendarDaysLeft(expiresAt, expiresAt), 0);
    });

    it('switches to hours for the last 24 hours, rounding up, then to expired', () => {
      const expiresAt = local(2025, 6, 1);
      const before = remaining(expiresAt, expiresAt - DAY_MS - 1);
      assert.deepEqual([before.unit, before.value], ['days', 2]);
      assert.equal(before.nextChangeAt, expiresAt - DAY_MS);
      assert.deepEqual([remaining(expiresAt, expiresAt - DAY_MS).unit, remaining(expiresAt, expiresAt - DAY_MS).value], ['hours', 24]);
      const fiveAndAHalf = remaining(expiresAt, expiresAt - 5.5 * HOUR_MS);
      assert.deepEqual([fiveAndAHalf.unit, fiveAndAHalf.value, fiveAndAHalf.daysLeft], ['hours', 6, 1]);
      assert.equal(fiveAndAHalf.nextChangeAt, expiresAt - 5 * HOUR_MS);
      const lastMinutes = remaining(expiresAt, expiresAt - 30 * 60 * 1000);
      assert.deepEqual([lastMinutes.unit, lastMinutes.value], ['hours', 1]);
      assert.equal(lastMinutes.nextChangeAt, expiresAt);
      const gone = remaining(expiresAt, expiresAt);
      assert.deepEqual([gone.unit, gone.value, gone.daysLeft, gone.nextChangeAt], ['expired', 0, 0, undefined]);
    });

    it('dates in the past are expired, however long ago', () => {
      const clock = new FakeClock(local(2025, 6, 1));
      const left = remaining(local(2020, 1, 1), clock.now());
      assert.equal(left.unit, 'expired');
      assert.equal(left.daysLeft, 0);
      assert.ok(left.msLeft < 0);
    });

    it('every nextChangeAt really is the first instant the display changes', () => {
      const expiresAt = local(2025, 6, 1, 15, 45);
      const clock = new FakeClock(expiresAt - 20 * DAY_MS - 7 * HOUR_MS);
      let steps = 0;
      for (;;) {
        const left = remaining(expiresAt, clock.now());
        if (left.nextChangeAt === undefined) {
          break;
        }
        const justBefore = remaining(expiresAt, left.nextChangeAt - 1);
        const at = remaining(expiresAt, left.nextChangeAt);
        assert.deepEqual([justBefore.unit, justBefore.value], [left.unit, left.value], 'unchanged until the boundary');
        assert.notDeepEqual([at.unit, at.value], [left.unit, left.value], 'changed at the boundary');
        clock.set(left.nextChangeAt);
        steps++;
      }
      // 20 day steps (21d → 2d, 2d → 24h), then 24 hour steps down to expired.
      assert.equal(steps, 20 + 24);
    });

    it('thresholds are reached on the calendar day boundary, 0 at expiry itself', () => {
      const expiresAt = local(2025, 6, 1, 9);
      assert.equal(thresholdReachedAt(expiresAt, 14), local(2025, 5, 18, 9));
      assert.equal(thresholdReachedAt(expiresAt, 0), expiresAt);
      assert.deepEqual(reachedThresholds(expiresAt, local(2025, 5, 18, 9) - 1), []);
      assert.deepEqual(reachedThresholds(expiresAt, local(2025, 5, 18, 9)), [14]);
      assert.deepEqual(reachedThresholds(expiresAt, local(2025, 5, 30, 12)), [3, 7, 14]);
      assert.deepEqual(reachedThresholds(expiresAt, expiresAt), [0, 1, 3, 7, 14]);
      assert.equal(nextThresholdAt(expiresAt, local(2025, 5, 1)), local(2025, 5, 18, 9));
      assert.equal(nextThresholdAt(expiresAt, local(2025, 5, 30, 12)), local(2025, 5, 31, 9));
      assert.equal(nextThresholdAt(expiresAt, expiresAt), undefined);
    });
  });
});
