import * as assert from 'node:assert/strict';
import { DAY_MS, HOUR_MS } from '../../../src/keys/expiry';
import type { PresentKeyState } from '../../../src/common/keyStore';
import { REMINDERS_STATE_KEY, ReminderBook, reminderFingerprint } from '../../../src/keys/reminders';
import { FakeClock } from '../fakes/clock';
import { FakeMemento } from '../fakes/memento';
import { useTimeZone } from '../fakes/timeZone';
import { presentKey } from '../fakes/keyState';

const EXPIRES = Date.UTC(2025, 5, 1, 9, 0);

function key(overrides: Partial<PresentKeyState> = {}): PresentKeyState {
  return presentKey(EXPIRES, overrides);
}

describe('reminder bookkeeping', () => {
  useTimeZone('UTC');

  it('fires 14, 7, 3, 1 and 0 once each, at their moments, and nothing between', async () => {
    const memento = new FakeMemento();
    const book = new ReminderBook(memento);
    const clock = new FakeClock(EXPIRES - 30 * DAY_MS);
    const fired: number[] = [];
    assert.equal(book.due(key(), clock.now()), undefined);
    for (let guard = 0; guard < 20; guard++) {
      const next = book.nextCheckAt(key(), clock.now());
      if (next === undefined) {
        break;
      }
      clock.set(next - 1);
      assert.equal(book.due(key(), clock.now()), undefined, 'nothing due a millisecond early');
      clock.set(next);
      const due = book.due(key(), clock.now());
      assert.ok(due, `due at ${new Date(next).toISOString()}`);
      fired.push(due.threshold);
      await book.markShown(due.fingerprint, due.threshold);
      assert.equal(book.due(key(), clock.now()), undefined, 'once shown, not again');
      clock.advance(HOUR_MS);
      assert.equal(book.due(key(), clock.now()), undefined, 'not again an hour later');
    }
    assert.deepEqual(fired, [14, 7, 3, 1, 0]);
  });

  it('remembers across restarts (a new book over the same globalState)', async () => {
    const memento = new FakeMemento();
    const now = EXPIRES - 6 * DAY_MS;
    const due = new ReminderBook(memento).due(key(), now);
    assert.equal(due?.threshold, 7);
    await new ReminderBook(memento).markShown(due.fingerprint, due.threshold);
    assert.equal(new ReminderBook(memento).due(key(), now), undefined);
  });

  it('a key first seen close to expiry gets only the most urgent reminder', async () => {
    const memento = new FakeMemento();
    const book = new ReminderBook(memento);
    const now = EXPIRES - 2 * DAY_MS;
    const due = book.due(key(), now);
    assert.ok(due);
    assert.deepEqual([due.threshold, due.daysLeft], [3, 2]);
    await book.markShown(due.fingerprint, due.threshold);
    assert.deepEqual(book.record(due.fingerprint).shown, [14, 7, 3]);
    assert.equal(book.due(key(), now + 12 * HOUR_MS), undefined);
    assert.equal(book.due(key(), EXPIRES - DAY_MS)?.threshold, 1);
  });

  it('starts afresh for a new key, and for a corrected expiry date', async () => {
    const memento = new FakeMemento();
    const book = new ReminderBook(memento);
    const now = EXPIRES - 5 * DAY_MS;
    await book.markShown(reminderFingerprint(key())!, 7);
    assert.equal(book.due(key(), now), undefined);
    assert.equal(book.due(key({ id: 'key-b' }), now)?.threshold, 7, 'rotated key');
    assert.equal(book.due(key({ expiresAt: EXPIRES + DAY_MS }), now + DAY_MS)?.threshold, 7, 'new expiry date');
  });

  it('keeps only the current key\'s record', async () => {
    const memento = new FakeMemento();
    const book = new ReminderBook(memento);
    await book.markShown(reminderFingerprint(key())!, 14);
    await book.markShown(reminderFingerprint(key({ id: 'key-b' }))!, 14);
    const all = memento.get<Record<string, unknown>>(REMINDERS_STATE_KEY) ?? {};
    assert.deepEqual(Object.keys(all), [reminderFingerprint(key({ id: 'key-b' }))]);
  });

  it('"Remind Me Tomorrow" silences until then, then repeats the current reminder once', async () => {
    const memento = new FakeMemento();
    const book = new ReminderBook(memento);
    const now = EXPIRES - 6 * DAY_MS;
    const due = book.due(key(), now)!;
    await book.markShown(due.fingerprint, due.threshold);
    await book.snooze(due.fingerprint, now + DAY_MS);
    assert.equal(book.due(key(), now + DAY_MS - 1), undefined);
    assert.equal(book.nextCheckAt(key(), now), now + DAY_MS);
    const again = book.due(key(), now + DAY_MS);
    assert.equal(again?.threshold, 7);
    await book.markShown(again.fingerprint, again.threshold);
    assert.equal(book.due(key(), now + DAY_MS + 1), undefined);
    assert.equal(book.record(again.fingerprint).snoozedUntil, undefined);
  });

  it('no reminders for a rejected key, a key without expiry, or one stored by something else', () => {
    const book = new ReminderBook(new FakeMemento());
    const now = EXPIRES - DAY_MS;
    assert.equal(book.due(key({ rejectedAt: now - 1 }), now), undefined);
    assert.equal(book.due(key({ expiresAt: undefined }), now), undefined);
    assert.equal(book.due(key({ id: 'unrecorded' }), now), undefined);
    assert.equal(book.nextCheckAt(key({ rejectedAt: now - 1 }), now), undefined);
  });

  it('stores a fingerprint of id and expiry, nothing derived from the key', async () => {
    const memento = new FakeMemento();
    const book = new ReminderBook(memento);
    await book.markShown(reminderFingerprint(key())!, 14);
    assert.equal(memento.dump(), `${REMINDERS_STATE_KEY}={"key-a@${EXPIRES}":{"shown":[14]}}`);
  });
});
