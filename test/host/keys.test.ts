import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ValidateKeyResult } from '../../src/keys/validateApiKey';
import type { ExtensionTestApi } from '../build/testApi';
import { canaryForms } from '../canary';
import type { FakeTwelveLabs } from '../fake/server';
import { CANARY_KEY, activateExtension, screenshot, setSetting, startFake, waitFor } from './support';

// Obviously fake keys, valid only in the fake server.
const SECOND_KEY = 'tlk_HOSTtestFAKEsecondKEY00000b7c8';
const OTHER_WINDOW_KEY = 'tlk_HOSTtestFAKEotherWINDOWkey0d9e0';
const INVALID_KEY = 'tlk_HOSTtestFAKEinvalidKEY000000f1f2';

const ERROR_BACKGROUND = 'statusBarItem.errorBackground';
const WARNING_BACKGROUND = 'statusBarItem.warningBackground';

/** `YYYY-MM-DD`, `days` local dates from today: the form a user types for a custom expiry. */
function localDate(days: number): string {
  const date = new Date();
  date.setDate(date.getDate() + days);
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}

function run<T>(command: string, arg?: unknown): Thenable<T> {
  return arg === undefined ? vscode.commands.executeCommand<T>(command) : vscode.commands.executeCommand<T>(command, arg);
}

describe('API key lifecycle (real host)', () => {
  let api: ExtensionTestApi;
  let fake: FakeTwelveLabs;

  before(async () => {
    api = await activateExtension();
    fake = await startFake({ validKeys: [CANARY_KEY, SECOND_KEY, OTHER_WINDOW_KEY] });
    await setSetting('keyLifetimeDays', undefined);
    await setSetting('expiryWarningDays', undefined);
    await setSetting('statusBar.visibility', undefined);
  });

  beforeEach(async () => {
    await api.keys.settled();
    if (api.keys.keyState().kind === 'present') {
      const cleared = await api.keys.clear();
      assert.equal(cleared.status, 'cleared');
    }
    fake.clearFaults();
  });

  after(async () => {
    await api.keys.clear();
    await fake?.close();
    await setSetting('apiUrl', undefined);
  });

  it('with no key, the status bar invites to set one', async () => {
    await api.keys.settled();
    const bar = api.keys.statusBar();
    assert.equal(bar.text, '$(key) Set Twelve Labs key');
    assert.equal(bar.visible, true);
    assert.equal(bar.command, 'twelvelabs.setApiKey');
    assert.equal(bar.accessibilityLabel, 'No Twelve Labs API key set');
  });

  it('set a key: validated with GET /indexes?page_limit=1, then the status bar shows 90d', async () => {
    fake.clearRequests();
    const result = await api.keys.store({ key: CANARY_KEY });
    assert.equal(result.status, 'saved');
    assert.equal(result.masked, `tlk_…${CANARY_KEY.slice(-4)}`);
    assert.ok(!JSON.stringify(result).includes(CANARY_KEY), 'the result never carries the key');

    const check = fake.requests.find((r) => r.method === 'GET' && r.path === '/indexes');
    assert.ok(check, 'the key was checked against the API before it was stored');
    assert.equal(check.query.page_limit, '1');

    const bar = api.keys.statusBar();
    assert.equal(bar.text, '$(key) 90d');
    assert.equal(bar.visible, true);
    assert.equal(bar.backgroundColor, undefined);
    assert.equal(bar.accessibilityLabel, 'Twelve Labs API key expires in 90 days');
    assert.match(bar.tooltip, /90 days left/);
    assert.match(bar.tooltip, /command:twelvelabs\.rotateApiKey/);
    const state = api.keys.keyState();
    assert.equal(state.kind, 'present');
    assert.equal(state.lastValidation, 'valid');

    // Exactly one timer, due no later than the next day boundary (25 h allows for a DST day).
    const next = api.keys.statusBarNextUpdateAt();
    assert.ok(next !== undefined && next > Date.now() && next <= Date.now() + 25 * 3600_000, `next update at ${String(next)}`);
    await screenshot('keys-set-90d');
  });

  it('set a key with a custom expiry date: the countdown and colours follow it', async () => {
    const in30 = await api.keys.store({ key: CANARY_KEY, expiresAt: localDate(30) });
    assert.equal(in30.status, 'saved');
    assert.equal(api.keys.statusBar().text, '$(key) 30d');
    assert.equal(api.keys.statusBar().backgroundColor, undefined);

    assert.ok(!api.notificationTexts().some((n) => n.includes('expires in 30 days')), 'no reminder before 14 days');

    await api.keys.store({ key: CANARY_KEY, expiresAt: localDate(10) });
    assert.equal(api.keys.statusBar().text, '$(key) 10d');
    assert.equal(api.keys.statusBar().backgroundColor, WARNING_BACKGROUND);
    await waitFor('the 14-day reminder', () => api.notificationTexts().some((n) => n.includes('expires in 10 days')));

    await api.keys.store({ key: CANARY_KEY, expiresAt: localDate(2) });
    assert.equal(api.keys.statusBar().text, '$(key) 2d');
    assert.equal(api.keys.statusBar().backgroundColor, ERROR_BACKGROUND);
    await waitFor('the 3-day reminder', () => api.notificationTexts().some((n) => n.startsWith('[warning]') && n.includes('expires in 2 days')));
    await screenshot('keys-set-2d-error');
  });

  it('refuses malformed input without prompting', async () => {
    const blank = await api.keys.store({ key: '   ' });
    assert.equal(blank.status, 'invalidInput');
    const spaced = await api.keys.store({ key: 'tlk_abc def' });
    assert.equal(spaced.status, 'invalidInput');
    assert.match(spaced.reason ?? '', /space at position 8/);
    const badDate = await api.keys.store({ key: CANARY_KEY, expiresAt: 'soon' });
    assert.equal(badDate.status, 'invalidInput');
    assert.equal(api.keys.keyState().kind, 'none');
  });

  it('an invalid key is not stored, and the API\'s 401 message is the reason', async () => {
    const result = await api.keys.store({ key: INVALID_KEY });
    assert.equal(result.status, 'rejected');
    assert.match(result.reason ?? '', /invalid/i);
    assert.equal(api.keys.keyState().kind, 'none');
  });

  it('when the API cannot be reached, nothing is saved unless asked to save without validating', async () => {
    fake.injectFault({ kind: 'reset', times: Infinity, path: '/indexes' });
    const refused = await api.keys.store({ key: CANARY_KEY });
    assert.equal(refused.status, 'unreachable');
    assert.equal(api.keys.keyState().kind, 'none');
    const saved = await api.keys.store({ key: CANARY_KEY, saveIfUnreachable: true });
    assert.equal(saved.status, 'savedUnvalidated');
    assert.equal(api.keys.keyState().lastValidation, 'unverified');
    fake.clearFaults();
  });

  it('rotate to an invalid key: the old key stays', async () => {
    await api.keys.store({ key: CANARY_KEY, expiresAt: localDate(20) });
    const before = api.keys.keyState();
    const result = await api.keys.rotate({ key: INVALID_KEY });
    assert.equal(result.status, 'rejected');
    assert.deepEqual(api.keys.keyState(), before);
    assert.equal(api.keys.statusBar().text, '$(key) 20d');
  });

  it('rotate to the same key is refused', async () => {
    await api.keys.store({ key: CANARY_KEY });
    const result = await api.keys.rotate({ key: CANARY_KEY });
    assert.equal(result.status, 'sameKey');
  });

  it('rotate to a valid key: replaced, countdown reset, and a reminder to revoke the old one', async () => {
    await api.keys.store({ key: CANARY_KEY, expiresAt: localDate(5) });
    assert.equal(api.keys.statusBar().text, '$(key) 5d');
    const result = await api.keys.rotate({ key: SECOND_KEY });
    assert.equal(result.status, 'rotated');
    assert.equal(api.keys.keyState().masked, `tlk_…${SECOND_KEY.slice(-4)}`);
    assert.equal(api.keys.statusBar().text, '$(key) 90d');
    assert.ok(api.notificationTexts().some((n) => n.includes('revoke the old key') && n.includes(CANARY_KEY.slice(-4))));
  });

  it('rotate with no key stored says there is nothing to rotate', async () => {
    const result = await api.keys.rotate({ key: SECOND_KEY });
    assert.equal(result.status, 'noKey');
  });

  it('clear: key and metadata go, the status bar asks for a key again', async () => {
    await api.keys.store({ key: CANARY_KEY });
    const result = await api.keys.clear();
    assert.equal(result.status, 'cleared');
    assert.equal(api.keys.keyState().kind, 'none');
    assert.equal(api.keys.statusBar().text, '$(key) Set Twelve Labs key');
    assert.equal(api.keys.statusBarNextUpdateAt(), undefined, 'no timer without a countdown');
    assert.ok(api.notificationTexts().some((n) => n.includes('still works until you revoke it')));
    const again = await api.keys.clear();
    assert.equal(again.status, 'noKey');
  });

  it('a 401 from the API turns the status bar to the error state; a later success clears it', async () => {
    await api.keys.store({ key: SECOND_KEY });
    fake.removeKey(SECOND_KEY);
    const rejected = await run<ValidateKeyResult>('twelvelabs.validateApiKey');
    assert.equal(rejected.status, 'rejected');
    assert.match(rejected.reason ?? '', /invalid/i);
    const bar = api.keys.statusBar();
    assert.equal(bar.text, '$(key) Key rejected');
    assert.equal(bar.backgroundColor, ERROR_BACKGROUND);
    assert.match(bar.accessibilityLabel, /rejected/);
    assert.equal(api.keys.keyState().rejected, true);
    await screenshot('keys-rejected');

    fake.addKey(SECOND_KEY);
    const valid = await run<ValidateKeyResult>('twelvelabs.validateApiKey');
    assert.equal(valid.status, 'valid');
    assert.equal(api.keys.statusBar().text, '$(key) 90d');
    assert.equal(api.keys.statusBar().backgroundColor, undefined);
  });

  it('a 401 on an ordinary call (the index list) marks the key rejected, with one notice for many requests', async () => {
    await api.keys.store({ key: SECOND_KEY });
    fake.removeKey(SECOND_KEY);
    const noticesBefore = api.notificationTexts().filter((n) => n.includes('Create a new key and rotate')).length;
    await vscode.commands.executeCommand('workbench.view.extension.twelvelabs');
    await run('twelvelabs.refreshIndexes');
    await run('twelvelabs.refreshIndexes');
    await waitFor('the status bar to show the rejection', () => api.keys.statusBar().text === '$(key) Key rejected');
    assert.equal(api.keys.statusBar().backgroundColor, ERROR_BACKGROUND);
    await api.keys.settled();
    const notices = api.notificationTexts().filter((n) => n.includes('Create a new key and rotate')).length;
    assert.equal(notices - noticesBefore, 1);
    fake.addKey(SECOND_KEY);
  });

  it('a key changed behind the extension\'s back (another window) updates the status bar', async () => {
    await api.keys.store({ key: CANARY_KEY });
    assert.equal(api.keys.statusBar().text, '$(key) 90d');
    const midnightIn10Days = new Date();
    midnightIn10Days.setHours(0, 0, 0, 0);
    midnightIn10Days.setDate(midnightIn10Days.getDate() + 10);
    await api.keys.changeKeyAsAnotherWindow({ key: OTHER_WINDOW_KEY, expiresAt: midnightIn10Days.getTime() });
    await waitFor('the status bar to follow the other window', () => api.keys.statusBar().text === '$(key) 10d');
    assert.equal(api.keys.keyState().masked, `tlk_…${OTHER_WINDOW_KEY.slice(-4)}`);
    assert.equal(api.keys.statusBar().backgroundColor, WARNING_BACKGROUND);

    await api.keys.changeKeyAsAnotherWindow(undefined);
    await waitFor('the status bar to notice the removal', () => api.keys.statusBar().text === '$(key) Set Twelve Labs key');
    assert.equal(api.keys.keyState().kind, 'none');
  });

  it('the canary key never appears in the log, notifications, status bar or results', async () => {
    // Put the canary through every path once more, failures included.
    await api.keys.store({ key: CANARY_KEY });
    await run<ValidateKeyResult>('twelvelabs.validateApiKey');
    fake.removeKey(CANARY_KEY);
    await run<ValidateKeyResult>('twelvelabs.validateApiKey');
    fake.addKey(CANARY_KEY);
    await api.keys.rotate({ key: SECOND_KEY });
    await api.keys.rotate({ key: CANARY_KEY });
    await api.keys.clear();

    const surfaces = [
      ...api.logLines(),
      ...api.notificationTexts(),
      JSON.stringify(api.keys.statusBar()),
      JSON.stringify(api.keys.keyState()),
    ].join('\n');
    assert.ok(api.logLines().length > 0);
    for (const form of canaryForms(CANARY_KEY)) {
      assert.ok(!surfaces.toLowerCase().includes(form.toLowerCase()), `the canary leaked in the form ${form.slice(0, 8)}…`);
    }
  });
});
