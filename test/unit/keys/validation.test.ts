import * as assert from 'node:assert/strict';
import { TwelveLabsError } from '../../../src/api/errors';
import { checkCreationDateInput, checkExpiryDateInput, checkKeyInput } from '../../../src/keys/validation';
import { parseExpiresAtArgument } from '../../build/keyArgs';
import { classifyValidationError, runValidation } from '../../../src/keys/validationOutcome';
import { fakeL10n } from '../fakes/l10n';
import { useTimeZone } from '../fakes/timeZone';

const GOOD = 'tlk_3F9QW2E8R7T6Y5U4I3O2P1A0S9D8';

describe('key input validation', () => {
  it('accepts a tlk_ key without a warning', () => {
    assert.deepEqual(checkKeyInput(GOOD, fakeL10n), { ok: true, key: GOOD });
  });

  it('trims surrounding whitespace, newlines included (pasting brings them)', () => {
    assert.deepEqual(checkKeyInput(`  ${GOOD}\r\n`, fakeL10n), { ok: true, key: GOOD });
    assert.deepEqual(checkKeyInput(`\t${GOOD}\u00a0`, fakeL10n), { ok: true, key: GOOD });
  });

  it('refuses an empty or blank key, saying what to do', () => {
    for (const blank of ['', '   ', '\n\t']) {
      const check = checkKeyInput(blank, fakeL10n);
      assert.equal(check.ok, false);
      assert.match(!check.ok ? check.reason : '', /Paste your Twelve Labs API key/);
    }
  });

  it('refuses inner whitespace and says where', () => {
    const check = checkKeyInput('tlk_abc def', fakeL10n);
    assert.deepEqual(check, { ok: false, reason: 'The key contains a space at position 8. API keys have no spaces: paste the key alone.' });
    assert.equal(checkKeyInput('tlk_abc\u00a0def', fakeL10n).ok, false, 'no-break space');
    assert.equal(checkKeyInput('x-api-key: tlk_abcdef', fakeL10n).ok, false, 'a pasted header line');
  });

  it('refuses control characters, with their position', () => {
    const check = checkKeyInput('tlk_ab\u0000cd', fakeL10n);
    assert.equal(check.ok, false);
    assert.match(!check.ok ? check.reason : '', /control character at position 7/);
    assert.equal(checkKeyInput('tlk_ab\u007fcd', fakeL10n).ok, false, 'DEL');
    assert.equal(checkKeyInput('tlk_ab\u001bcd', fakeL10n).ok, false, 'ESC');
  });

  it('refuses invisible formatting characters that come with copy and paste', () => {
    const check = checkKeyInput('tlk_abc\u200bdef', fakeL10n);
    assert.equal(check.ok, false);
    assert.match(!check.ok ? check.reason : '', /invisible formatting character at position 8/);
    assert.equal(checkKeyInput('tlk_abc\ufeffdef', fakeL10n).ok, false, 'byte-order mark inside');
  });

  it('refuses characters an HTTP header cannot carry', () => {
    const check = checkKeyInput('tlk_abcé', fakeL10n);
    assert.equal(check.ok, false);
    assert.match(!check.ok ? check.reason : '', /"é" at position 8/);
  });

  it('only warns about keys that do not look like tlk_ keys: the format is undocumented', () => {
    for (const odd of ['sk-1234567890abcdef', 'tlk_short', '"tlk_3F9QW2E8R7T6Y5U4I3O2P1A0S9D8"']) {
      const check = checkKeyInput(odd, fakeL10n);
      assert.equal(check.ok, true, odd);
      assert.match(check.ok ? (check.warning ?? '') : '', /does not look like a Twelve Labs key/);
    }
  });

  it('never puts the key into a reason', () => {
    const check = checkKeyInput(`${GOOD} extra`, fakeL10n);
    assert.equal(check.ok, false);
    assert.ok(!(!check.ok && check.reason.includes(GOOD)));
  });
});

describe('expiry date input', () => {
  useTimeZone('Europe/Berlin');
  const now = () => new Date(2025, 4, 10, 15, 0).getTime();

  it('accepts today and later as an expiry date, refuses the past and malformed dates', () => {
    assert.equal(checkExpiryDateInput('2025-05-10', now(), fakeL10n).ok, true);
    assert.equal(checkExpiryDateInput('2026-02-01', now(), fakeL10n).ok, true);
    const past = checkExpiryDateInput('2025-05-09', now(), fakeL10n);
    assert.match(!past.ok ? past.reason : '', /in the past/);
    const malformed = checkExpiryDateInput('10.05.2025', now(), fakeL10n);
    assert.match(!malformed.ok ? malformed.reason : '', /Enter a date such as 2025-05-10\./);
    assert.equal(checkExpiryDateInput('2025-02-29', now(), fakeL10n).ok, false);
  });

  it('accepts a creation date up to today, warns when the lifetime has run out', () => {
    assert.deepEqual(checkCreationDateInput('2025-05-01', now(), 90, fakeL10n), { ok: true, date: { year: 2025, month: 5, day: 1 } });
    const future = checkCreationDateInput('2025-05-11', now(), 90, fakeL10n);
    assert.match(!future.ok ? future.reason : '', /in the future/);
    const old = checkCreationDateInput('2025-01-01', now(), 90, fakeL10n);
    assert.equal(old.ok, true);
    assert.equal(old.ok ? old.warning : '', 'With a 90-day lifetime this key expired on 2025-04-01. The API will tell for sure.');
  });

  it('reads expiresAt arguments: epoch ms, a local date, an ISO instant; refuses the rest', () => {
    assert.equal(parseExpiresAtArgument(1_750_000_000_000), 1_750_000_000_000);
    assert.equal(parseExpiresAtArgument('2025-06-01'), new Date(2025, 5, 1).getTime());
    assert.equal(parseExpiresAtArgument('2025-06-01T12:00:00Z'), Date.UTC(2025, 5, 1, 12));
    assert.equal(parseExpiresAtArgument('next week'), undefined);
    assert.equal(parseExpiresAtArgument(Number.NaN), undefined);
    assert.equal(parseExpiresAtArgument(true), undefined);
  });
});

describe('validation outcomes', () => {
  it('401 means rejected, with the server message verbatim', () => {
    const error = new TwelveLabsError('http', 401, 'api_key_invalid', 'API Key is either invalid or expired.');
    assert.deepEqual(classifyValidationError(error), { kind: 'rejected', message: 'API Key is either invalid or expired.' });
  });

  it('no connection, no answer, 5xx and 429 say nothing about the key', () => {
    for (const error of [
      new TwelveLabsError('network', 0, 'ECONNREFUSED', 'connect ECONNREFUSED'),
      new TwelveLabsError('noResponse', 0, 'ETIMEDOUT', 'timed out'),
      new TwelveLabsError('http', 503, 'service_unavailable', 'try later'),
      new TwelveLabsError('http', 429, 'too_many_requests', 'slow down'),
      new Error('Cannot find module axios'),
    ]) {
      assert.equal(classifyValidationError(error).kind, 'unreachable', error.message);
    }
  });

  it('other refusals keep their status and code', () => {
    const error = new TwelveLabsError('http', 403, 'api_allowed_for_paid_plan', 'Paid plans only.');
    assert.deepEqual(classifyValidationError(error), { kind: 'refused', status: 403, code: 'api_allowed_for_paid_plan', message: 'Paid plans only.' });
  });

  it('cancellation wins, whatever was thrown', async () => {
    const controller = new AbortController();
    controller.abort();
    assert.deepEqual(classifyValidationError(new Error('aborted'), controller.signal), { kind: 'cancelled' });
    assert.deepEqual(classifyValidationError(new TwelveLabsError('cancelled', 0, 'ERR_CANCELED', 'cancelled')), { kind: 'cancelled' });
    assert.deepEqual(await runValidation(() => Promise.resolve(), GOOD, new AbortController().signal), { kind: 'valid' });
  });
});
