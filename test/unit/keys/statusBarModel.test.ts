import * as assert from 'node:assert/strict';
import { DAY_MS, HOUR_MS } from '../../../src/keys/expiry';
import type { KeyState, PresentKeyState } from '../../../src/common/keyStore';
import { type StatusBarSettings, type StatusBarView, TOOLTIP_COMMANDS, statusBarView } from '../../../src/keys/statusBarModel';
import { fakeL10n } from '../fakes/l10n';
import { useTimeZone } from '../fakes/timeZone';
import { presentKey } from '../fakes/keyState';

const EXPIRES = Date.UTC(2025, 5, 1, 9, 0);
const defaults: StatusBarSettings = { expiryWarningDays: 14, statusBarVisibility: 'always' };
const formatDateTime = (instant: number) => new Date(instant).toISOString();

function present(overrides: Partial<PresentKeyState> = {}): PresentKeyState {
  return presentKey(EXPIRES, { id: 'id-1', lastValidation: { at: EXPIRES - 90 * DAY_MS, outcome: 'valid' }, ...overrides });
}

function view(state: KeyState, now: number, settings: Partial<StatusBarSettings> = {}): StatusBarView {
  return statusBarView({ state, now, settings: { ...defaults, ...settings }, l10n: fakeL10n, formatDateTime });
}

describe('status bar model', () => {
  useTimeZone('UTC');

  it('counts days, without colour, far from expiry', () => {
    const v = view(present(), EXPIRES - 41 * DAY_MS - 3 * HOUR_MS);
    assert.equal(v.text, '$(key) 42d');
    assert.equal(v.background, undefined);
    assert.equal(v.visible, true);
    assert.equal(v.accessibilityLabel, 'Twelve Labs API key expires in 42 days');
    assert.equal(v.nextChangeAt, EXPIRES - 41 * DAY_MS);
  });

  it('shows 90d right after a 90-day key is set', () => {
    assert.equal(view(present(), EXPIRES - 90 * DAY_MS).text, '$(key) 90d');
  });

  it('the tooltip has the exact expiry, the masked key, the validation and command links', () => {
    const { tooltip } = view(present(), EXPIRES - 10 * DAY_MS);
    assert.match(tooltip, /`tlk_…a1b2`/);
    assert.match(tooltip, /Expires \*\*2025-06-01T09:00:00\.000Z\*\* \(10 days left\)/);
    assert.match(tooltip, /accepted by the API/);
    for (const command of ['twelvelabs.showKeyStatus', 'twelvelabs.validateApiKey', 'twelvelabs.rotateApiKey', 'twelvelabs.openDashboard']) {
      assert.ok(tooltip.includes(`(command:${command})`), command);
      assert.ok(TOOLTIP_COMMANDS.includes(command), `${command} must be enabled on the MarkdownString`);
    }
    assert.match(tooltip, /no API reports a key's expiry/);
  });

  it('turns to warning at the warning threshold, not a moment before', () => {
    assert.equal(view(present(), EXPIRES - 14 * DAY_MS - 1).background, undefined);
    assert.equal(view(present(), EXPIRES - 14 * DAY_MS).background, 'warning');
    assert.equal(view(present(), EXPIRES - 30 * DAY_MS, { expiryWarningDays: 30 }).background, 'warning');
  });

  it('turns to error at 3 days, whatever the warning setting', () => {
    assert.equal(view(present(), EXPIRES - 3 * DAY_MS - 1).background, 'warning');
    assert.equal(view(present(), EXPIRES - 3 * DAY_MS).background, 'error');
    assert.equal(view(present(), EXPIRES - 3 * DAY_MS, { expiryWarningDays: 1 }).background, 'error');
  });

  it('counts hours in the last day, singular and plural in words', () => {
    const five = view(present(), EXPIRES - 5 * HOUR_MS);
    assert.equal(five.text, '$(key) 5h');
    assert.equal(five.accessibilityLabel, 'Twelve Labs API key expires in 5 hours');
    assert.equal(five.background, 'error');
    assert.equal(five.nextChangeAt, EXPIRES - 4 * HOUR_MS);
    const one = view(present(), EXPIRES - 20 * 60 * 1000);
    assert.equal(one.text, '$(key) 1h');
    assert.equal(one.accessibilityLabel, 'Twelve Labs API key expires in 1 hour');
    assert.equal(one.nextChangeAt, EXPIRES);
    assert.equal(view(present(), EXPIRES - 1 * DAY_MS - 1).accessibilityLabel, 'Twelve Labs API key expires in 2 days');
  });

  it('is red and still once expired: no timer is needed any more', () => {
    const v = view(present(), EXPIRES + 5 * DAY_MS);
    assert.equal(v.text, '$(key) Key expired');
    assert.equal(v.background, 'error');
    assert.equal(v.nextChangeAt, undefined);
    assert.match(v.accessibilityLabel, /expired on 2025-06-01/);
  });

  it('a 401 overrides the countdown with the error state', () => {
    const v = view(present({ rejectedAt: EXPIRES - 50 * DAY_MS }), EXPIRES - 50 * DAY_MS);
    assert.equal(v.text, '$(key) Key rejected');
    assert.equal(v.background, 'error');
    assert.equal(v.nextChangeAt, undefined);
    assert.match(v.tooltip, /invalid or expired/);
    assert.match(v.tooltip, /command:twelvelabs\.rotateApiKey/);
  });

  it('invites to set a key when there is none', () => {
    const v = view({ kind: 'none' }, EXPIRES);
    assert.equal(v.text, '$(key) Set Twelve Labs key');
    assert.equal(v.background, undefined);
    assert.equal(v.visible, true);
    assert.equal(v.accessibilityLabel, 'No Twelve Labs API key set');
    assert.match(v.tooltip, /command:twelvelabs\.setApiKey/);
    assert.equal(view({ kind: 'none' }, EXPIRES, { statusBarVisibility: 'nearExpiry' }).visible, true);
  });

  it('with TWELVE_LABS_API_KEY set and no key stored, offers the import in the item itself, which goes once a key is set', () => {
    const offer = statusBarView({ state: { kind: 'none' }, now: EXPIRES, settings: defaults, l10n: fakeL10n, formatDateTime, importableFrom: 'TWELVE_LABS_API_KEY' });
    assert.equal(offer.text, '$(key) Import Twelve Labs key');
    assert.equal(offer.command, 'twelvelabs.importApiKeyFromEnvironment');
    assert.equal(offer.accessibilityLabel, 'No Twelve Labs API key set; one can be imported from TWELVE_LABS_API_KEY');
    assert.match(offer.tooltip, /TWELVE_LABS_API_KEY is set in your environment\. \[Import it\]\(command:twelvelabs\.importApiKeyFromEnvironment\)/);
    assert.match(offer.tooltip, /command:twelvelabs\.setApiKey/, 'typing a key stays one click away');
    const afterSet = statusBarView({ state: present(), now: EXPIRES - 10 * DAY_MS, settings: defaults, l10n: fakeL10n, formatDateTime, importableFrom: 'TWELVE_LABS_API_KEY' });
    assert.doesNotMatch(afterSet.tooltip + afterSet.text + (afterSet.command ?? ''), /import/i);
  });

  it('says so when the keyring lost a key the extension had stored', () => {
    const v = view({ kind: 'none', lostSince: EXPIRES - 5 * DAY_MS }, EXPIRES);
    assert.equal(v.background, 'warning');
    assert.match(v.tooltip, /no longer in secret storage/);
  });

  it('shows broken secret storage as an error with the troubleshooting link, escaping the OS message', () => {
    const v = view({ kind: 'unavailable', reason: 'error', message: 'Cannot unlock [collection] *login*' }, EXPIRES);
    assert.equal(v.text, '$(key) Key unavailable');
    assert.equal(v.background, 'error');
    assert.match(v.tooltip, /code\.visualstudio\.com/);
    assert.match(v.tooltip, /Cannot unlock \\\[collection\\\] \\\*login\\\*/);
  });

  it('stays hidden while the first read is in flight', () => {
    assert.equal(view({ kind: 'loading' }, EXPIRES).visible, false);
  });

  it('nearExpiry hides the item until the warning threshold, and wakes only then', () => {
    const far = view(present(), EXPIRES - 40 * DAY_MS, { statusBarVisibility: 'nearExpiry' });
    assert.equal(far.visible, false);
    assert.equal(far.nextChangeAt, EXPIRES - 14 * DAY_MS, 'one timer for the day it appears, not one per day');
    const near = view(present(), EXPIRES - 14 * DAY_MS, { statusBarVisibility: 'nearExpiry' });
    assert.equal(near.visible, true);
    assert.equal(near.nextChangeAt, EXPIRES - 13 * DAY_MS);
    assert.equal(view(present({ rejectedAt: EXPIRES - 60 * DAY_MS }), EXPIRES - 60 * DAY_MS, { statusBarVisibility: 'nearExpiry' }).visible, true);
    assert.equal(view(present(), EXPIRES + 1, { statusBarVisibility: 'nearExpiry' }).visible, true);
  });

  it('never hides it in every state and sets no timer', () => {
    const states: KeyState[] = [present(), { kind: 'none' }, { kind: 'unavailable', reason: 'timeout', message: 'x' }, present({ rejectedAt: 1 })];
    for (const state of states) {
      const v = view(state, EXPIRES - 2 * DAY_MS, { statusBarVisibility: 'never' });
      assert.equal(v.visible, false, state.kind);
      assert.equal(v.nextChangeAt, undefined, state.kind);
    }
  });

  it('a key with unknown expiry shows without a countdown or timer', () => {
    const v = view(present({ expiresAt: undefined, setAt: undefined, id: 'unrecorded' }), EXPIRES);
    assert.equal(v.text, '$(key) Key set');
    assert.equal(v.nextChangeAt, undefined);
    assert.match(v.tooltip, /Change Expiry Date/);
  });

  it('across a whole countdown, the display changes exactly at each nextChangeAt and nowhere between', () => {
    let now = EXPIRES - 16 * DAY_MS - 5 * HOUR_MS;
    const seen: string[] = [];
    for (;;) {
      const current = view(present(), now);
      seen.push(`${current.text}|${current.background ?? '-'}`);
      if (current.nextChangeAt === undefined) {
        break;
      }
      const justBefore = view(present(), current.nextChangeAt - 1);
      assert.equal(justBefore.text, current.text);
      assert.equal(justBefore.background, current.background);
      assert.notEqual(view(present(), current.nextChangeAt).text, current.text);
      now = current.nextChangeAt;
    }
    assert.equal(seen[0], '$(key) 17d|-');
    assert.ok(seen.includes('$(key) 14d|warning'));
    assert.ok(seen.includes('$(key) 3d|error'));
    assert.equal(seen.at(-1), '$(key) Key expired|error');
    // 17d..2d is 16 texts, 24h..1h is 24, then expired.
    assert.equal(seen.length, 16 + 24 + 1);
  });
});
