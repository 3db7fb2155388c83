import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionTestApi } from '../build/testApi';
import type { FakeTwelveLabs } from '../fake/server';
import { CANARY_KEY, acceptQuickInput, activateExtension, quickInputStep, requireUi, screenshot, setSetting, startFake, ui, waitFor } from './support';

const SECOND_KEY = 'tlk_HOSTtestFAKEflowSECONDkey00000c3d4';
const WRONG_KEY = 'tlk_HOSTtestFAKEflowWRONGkey000000e5f6';

/** A local date `days` from today as en-US writes it in VS Code's own display: `Dec 31, 2026`. */
function displayDate(days: number): string {
  const date = new Date();
  date.setDate(date.getDate() + days);
  return new Intl.DateTimeFormat('en-US', { dateStyle: 'medium' }).format(date);
}

/** The same day as the API Keys page writes it: `12/31/2026`. */
function numericDate(days: number): string {
  const date = new Date();
  date.setDate(date.getDate() + days);
  return `${date.getMonth() + 1}/${date.getDate()}/${date.getFullYear()}`;
}

/** Set and Rotate as one multi-step input: the key is checked where it is typed, then its expiry. */
describe('Set and Rotate API Key as one input (real host)', () => {
  let api: ExtensionTestApi;
  let fake: FakeTwelveLabs;

  before(async () => {
    api = await activateExtension();
    fake = await startFake({ validKeys: [CANARY_KEY, SECOND_KEY] });
    await setSetting('keyLifetimeDays', undefined);
  });

  beforeEach(async () => {
    await api.keys.settled();
    if (api.keys.keyState().kind === 'present') {
      assert.equal((await api.keys.clear()).status, 'cleared');
    }
    fake.clearFaults();
  });

  afterEach(async () => {
    // A failed test may leave its input open; the next one starts from a closed one.
    if (api.indexes.activeQuickInput()) {
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    }
  });

  after(async () => {
    await api.keys.clear();
    await fake.close();
    await setSetting('apiUrl', undefined);
  });

  it('a wrong key is refused inside the key step, with the API\'s words; the typed key stays; no error notification is left', async () => {
    const told = api.notifications().length;
    void vscode.commands.executeCommand('twelvelabs.setApiKey');
    const keyStep = await quickInputStep(api, 1);
    assert.equal(keyStep.totalSteps, 2);
    const box = keyStep.input as vscode.InputBox;
    assert.equal(box.password, true);
    box.value = WRONG_KEY;
    await acceptQuickInput();
    const refused = await waitFor('the inline refusal', () => {
      const message = box.validationMessage;
      const text = typeof message === 'string' ? message : message?.message;
      return !box.busy && text?.includes('rejected this key') ? text : undefined;
    });
    assert.match(refused, /invalid or expired\. The API says: ".+"/);
    assert.equal(api.indexes.activeQuickInput()?.step, 1, 'still on the key step');
    assert.equal(box.value, WRONG_KEY, 'what was typed is kept for correction');
    assert.equal(api.keys.keyState().kind, 'none');

    box.value = CANARY_KEY;
    await acceptQuickInput();
    const expiry = await quickInputStep(api, 2);
    assert.equal(expiry.kind, 'quickPick');
    await acceptQuickInput();
    await waitFor('the key stored', () => api.keys.keyState().kind === 'present');
    assert.equal(api.keys.statusBar().text, '$(key) 90d');

    await waitFor('the saved notice', () => api.notifications().slice(told).some((n) => n.severity === 'info' && n.message.includes('saved')));
    const shown = api.notifications().slice(told);
    assert.deepEqual(shown.filter((n) => n.severity === 'error').map((n) => n.message), [], 'the refusal was inline, not a notification');
    const validations = fake.requests.filter((r) => r.method === 'GET' && r.path === '/indexes' && r.query.page_limit === '1');
    assert.ok(validations.length >= 2, 'each Enter checked the key with the API');
  });

  it('started from the walkthrough, typed as a user: wrong key, correction, Enter accepts 90 days', async function () {
    requireUi(this);
    await vscode.commands.executeCommand('twelvelabs.getStarted');
    await ui.run([
      { waitFor: '.gettingStartedContainer', text: 'Get Started with Twelve Labs' },
      { click: '.gettingStartedContainer .getting-started-step.expanded .monaco-button', text: 'Set API Key' },
      { waitFor: '.quick-input-widget input[type="password"]' },
      { type: WRONG_KEY },
      { press: 'Enter' },
      { waitFor: '.quick-input-widget .quick-input-message', text: 'rejected this key' },
    ]);
    await screenshot('set-api-key-rejected-inline');
    await ui.run([
      // The key box kept focus and its text: select it all and type the right key over it.
      { press: 'Control+a' },
      { type: CANARY_KEY },
      { press: 'Enter' },
      { waitFor: '.quick-input-list .monaco-list-row', text: '90 days from today' },
    ]);
    await screenshot('set-api-key-expiry-step');
    await screenshot('walkthrough-set-key', '.quick-input-widget');
    await ui.run([{ press: 'Enter' }]);
    await waitFor('the key stored', () => api.keys.keyState().kind === 'present');
    assert.equal(api.keys.statusBar().text, '$(key) 90d');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('an expiry typed as "Mar 1, 2027" or as "12/10/2026" is read in the locale, echoed back, and Back returns to the choice', async function () {
    requireUi(this);
    await ui.runCommandFromPalette('Twelve Labs: Set API Key');
    await ui.run([
      { waitFor: '.quick-input-widget input[type="password"]' },
      { type: CANARY_KEY },
      { press: 'Enter' },
      { waitFor: '.quick-input-list .monaco-list-row', text: 'On a date I enter' },
      { type: 'On a date' },
      { press: 'Enter' },
      { waitFor: '.quick-input-widget .quick-input-message', text: 'The date the key expires' },
      { type: displayDate(45) },
      { waitFor: '.quick-input-widget .quick-input-message', text: 'Read as' },
      { waitFor: '.quick-input-widget .quick-input-message', text: 'ends in 45 days' },
    ]);
    await screenshot('set-api-key-date-echo');
    // Back: the expiry choice again, then the date step keeps what was typed.
    await ui.run([
      { click: '.quick-input-widget .quick-input-titlebar .codicon-quick-input-back' },
      { waitFor: '.quick-input-list .monaco-list-row', text: '90 days from today' },
      { type: 'On a date' },
      { press: 'Enter' },
      { waitFor: '.quick-input-widget .quick-input-message', text: 'ends in 45 days' },
      { press: 'Control+a' },
      { type: numericDate(30) },
      { waitFor: '.quick-input-widget .quick-input-message', text: 'ends in 30 days' },
      { press: 'Enter' },
    ]);
    await waitFor('the key stored', () => api.keys.keyState().kind === 'present');
    assert.equal(api.keys.statusBar().text, '$(key) 30d');
  });

  it('a date that cannot be read is refused with examples in the display format, and nothing is stored', async () => {
    void vscode.commands.executeCommand('twelvelabs.setApiKey');
    const keyStep = await quickInputStep(api, 1);
    (keyStep.input as vscode.InputBox).value = CANARY_KEY;
    await acceptQuickInput();
    const expiry = await quickInputStep(api, 2);
    const pick = expiry.input as vscode.QuickPick<vscode.QuickPickItem>;
    const onADate = pick.items.find((item) => item.label.startsWith('On a date I enter'));
    assert.ok(onADate);
    pick.activeItems = [onADate];
    await acceptQuickInput();
    const dateStep = await waitFor('the date step', () => {
      const probe = api.indexes.activeQuickInput();
      return probe?.kind === 'inputBox' ? probe : undefined;
    });
    const box = dateStep.input as vscode.InputBox;
    assert.equal(dateStep.step, 2, 'the date belongs to the expiry step');
    box.value = 'next month';
    await acceptQuickInput();
    const refusal = await waitFor('the refusal', () => {
      const message = box.validationMessage;
      return typeof message === 'string' ? message : message?.message;
    });
    assert.match(refusal, /^Enter a date such as [A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}\/\d{1,2}\/\d{4} or \d{4}-\d{2}-\d{2}\.$/);
    assert.equal(api.indexes.activeQuickInput()?.kind, 'inputBox', 'Enter on an unreadable date keeps the step');
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    await waitFor('the input closed', () => api.indexes.activeQuickInput() === undefined);
    assert.equal(api.keys.keyState().kind, 'none');
  });

  it('when Twelve Labs cannot be reached, the next step offers Try Again or Save without validating', async () => {
    fake.injectFault({ kind: 'reset', times: Infinity, path: '/indexes' });
    void vscode.commands.executeCommand('twelvelabs.setApiKey');
    const keyStep = await quickInputStep(api, 1);
    (keyStep.input as vscode.InputBox).value = CANARY_KEY;
    await acceptQuickInput();
    const choice = await waitFor('the unconfirmed step', () => {
      const probe = api.indexes.activeQuickInput();
      return probe?.kind === 'quickPick' ? probe : undefined;
    });
    const pick = choice.input as vscode.QuickPick<vscode.QuickPickItem>;
    assert.match(pick.placeholder ?? '', /Could not reach Twelve Labs to check the key/);
    assert.deepEqual(pick.items.map((item) => item.label.replace(/^\$\([a-z-]+\) /, '')), ['Try Again', 'Save without validating']);
    const save = pick.items[1];
    assert.ok(save);
    pick.activeItems = [save];
    await acceptQuickInput();
    await quickInputStep(api, 2);
    await acceptQuickInput();
    await waitFor('the key stored', () => api.keys.keyState().kind === 'present');
    assert.equal(api.keys.keyState().lastValidation, 'unverified');
  });

  it('Rotate is three steps: the dashboard first, the new key (the stored one is refused inline), its expiry', async () => {
    assert.equal((await api.keys.store({ key: CANARY_KEY, expiresAt: Date.now() + 5 * 86_400_000 })).status, 'saved');
    void vscode.commands.executeCommand('twelvelabs.rotateApiKey');
    const first = await quickInputStep(api, 1);
    assert.equal(first.totalSteps, 3);
    await acceptQuickInput();
    const keyStep = await quickInputStep(api, 2);
    const box = keyStep.input as vscode.InputBox;
    box.value = CANARY_KEY;
    await acceptQuickInput();
    const same = await waitFor('the same-key message', () => {
      const message = box.validationMessage;
      return typeof message === 'string' ? message : message?.message;
    });
    assert.match(same, /already stored/);
    box.value = SECOND_KEY;
    await acceptQuickInput();
    await quickInputStep(api, 3);
    await acceptQuickInput();
    await waitFor('the rotation', () => api.keys.keyState().masked === `tlk_…${SECOND_KEY.slice(-4)}`);
    assert.equal(api.keys.statusBar().text, '$(key) 90d');
  });
});
