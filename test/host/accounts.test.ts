import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { AccountSnapshot, ExtensionTestApi } from '../build/testApi';
import { SECOND_CANARY_KEY } from '../canary';
import type { FakeTwelveLabs } from '../fake/server';
import { CANARY_KEY, activateExtension, requireUi, setSetting, startFake, ui, waitFor } from './support';

/** Not a canary: the key Acme (prod) is rotated to. */
const ROTATED_KEY = 'tlk_HOSTtestFAKEacctROTATEDkey0000a7b8';
const ACME = 'Acme (prod)';
const CONSUMER = 'twelvelabsSessionConsumer.getSession';
const DAY_MS = 24 * 60 * 60 * 1000;

type Session = { id: string; label: string; tokenMatches: boolean } | undefined;

/** Several keys as accounts, in a real host: the first made by Set API Key, the second by Add Account. */
describe('Accounts (real host)', () => {
  let api: ExtensionTestApi;
  let fake: FakeTwelveLabs;

  const accounts = () => api.accounts.list();
  const byName = async (name: string): Promise<AccountSnapshot> => {
    const found = (await accounts()).find((account) => account.name === name);
    assert.ok(found, `no account "${name}"`);
    return found;
  };
  /** Default (the canary) and Acme (prod) (the second canary), Default in use. */
  const twoAccounts = async () => {
    assert.equal((await api.keys.store({ key: CANARY_KEY })).status, 'saved');
    const added = await api.accounts.add({ name: ACME, key: SECOND_CANARY_KEY });
    assert.equal(added.status, 'saved');
    return (await byName(ACME)).id;
  };
  /** The key the last request to `path` carried, compared here: the key itself is never printed. */
  const lastKeyTo = (path: string) => {
    const request = [...fake.requests].reverse().find((candidate) => candidate.path === path);
    const key = request?.headers['x-api-key'];
    return key === CANARY_KEY ? 'first' : key === SECOND_CANARY_KEY ? 'second' : key === ROTATED_KEY ? 'rotated' : key === undefined ? 'none' : 'other';
  };

  before(async () => {
    api = await activateExtension();
    fake = await startFake({ validKeys: [CANARY_KEY, SECOND_CANARY_KEY, ROTATED_KEY] });
  });

  beforeEach(async () => {
    await api.keys.settled();
    for (const account of await accounts()) {
      await api.accounts.remove(account.id);
    }
    await api.accounts.setWorkspaceAccount(undefined);
    await api.keys.settled();
    fake.clearRequests();
  });

  afterEach(async function () {
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    if (ui.available()) {
      // A menu or dialog a failed test left open would swallow the next test's clicks.
      await ui.run([{ press: 'Escape' }, { press: 'Escape' }]);
    }
  });

  after(async () => {
    for (const account of await accounts()) {
      await api.accounts.remove(account.id);
    }
    await setSetting('terminal.injectApiKey', undefined);
    await fake.close();
    await setSetting('apiUrl', undefined);
  });

  it('adds a second account as a user types it: a name (another account\'s is refused), the key, the expiry; the window keeps its account', async function () {
    requireUi(this);
    assert.equal((await api.keys.store({ key: CANARY_KEY })).status, 'saved');
    await ui.runCommandFromPalette('Twelve Labs: Add Account');
    await ui.run([
      { waitFor: '.quick-input-widget', text: 'Add Twelve Labs Account' },
      { type: 'default' },
      { waitFor: '.quick-input-message', text: 'There is already an account named "Default"' },
      { press: 'ControlOrMeta+A' },
      { type: ACME },
      { press: 'Enter' },
      { waitFor: '.quick-input-widget input[type="password"]' },
      { type: SECOND_CANARY_KEY },
      { press: 'Enter' },
      { waitFor: '.quick-input-list .monaco-list-row', text: '90 days from today' },
      { press: 'Enter' },
    ]);
    await waitFor('two accounts', async () => (await accounts()).length === 2);
    const list = await accounts();
    assert.deepEqual(list.map((account) => [account.name, account.active]), [['Default', true], [ACME, false]]);
    assert.ok((await byName(ACME)).expiresAt !== undefined, 'its own expiry');
    const status = await waitFor('the account in the status bar', () => (api.keys.statusBar().text.includes('Default ·') ? api.keys.statusBar() : undefined));
    assert.equal(status.command, 'twelvelabs.switchAccount', 'with several accounts a click switches');
    assert.match(status.tooltip, /one of 2/);
    assert.equal(lastKeyTo('/indexes'), 'second', 'the new key was checked against the API');
  });

  it('switching from the status bar: the status bar, the tree, the terminal variable and the agent tools follow', async function () {
    requireUi(this);
    await setSetting('terminal.injectApiKey', true);
    await twoAccounts();
    // The tree loads only while it is on screen.
    await vscode.commands.executeCommand('twelvelabs.indexes.focus');
    await api.indexes.settled();
    fake.clearRequests();
    const command = api.keys.statusBar().command;
    assert.equal(command, 'twelvelabs.switchAccount');
    void vscode.commands.executeCommand(command);
    await ui.run([
      { waitFor: '.quick-input-widget', text: 'Switch Twelve Labs Account' },
      { click: '.quick-input-list .monaco-list-row', text: ACME },
    ]);
    await waitFor('the status bar on Acme', () => api.keys.statusBar().text.includes(`${ACME} ·`));
    assert.equal((await byName(ACME)).isDefault, true, 'the default changed, for every window');
    await waitFor('the tree reloaded with the second key', async () => {
      await api.indexes.settled();
      return lastKeyTo('/indexes') === 'second';
    });
    await api.keyHygiene.settled();
    await waitFor('the terminal variable on the second key', () => api.keyHygiene.terminalVariableEquals('TWELVE_LABS_API_KEY', SECOND_CANARY_KEY));
    fake.clearRequests();
    const result = await vscode.lm.invokeTool('twelvelabs_listIndexes', { input: {}, toolInvocationToken: undefined });
    assert.ok(result.content.length > 0);
    assert.equal(lastKeyTo('/indexes'), 'second', 'the agent tools use the active account');
    if (api.agent.mcp.available()) {
      assert.equal((await api.agent.mcp.resolvedKeyHeaderEquals(SECOND_CANARY_KEY))?.equals, true, 'the MCP definition carries the active account\'s key');
    }
  });

  it('a workspace picks its own account: only its id is kept, and the default stays for other windows', async function () {
    requireUi(this);
    const acmeId = await twoAccounts();
    await ui.runCommandFromPalette('Twelve Labs: Choose Account for This Workspace');
    await ui.run([
      { waitFor: '.quick-input-widget', text: 'Twelve Labs Account for This Workspace' },
      { click: '.quick-input-list .monaco-list-row', text: ACME },
    ]);
    await waitFor('Acme in use here', async () => (await byName(ACME)).active);
    const acme = await byName(ACME);
    assert.equal(acme.isWorkspaceChoice, true);
    assert.equal(acme.isDefault, false);
    assert.equal((await byName('Default')).isDefault, true);
    const { workspaceState } = api.reliability.mementos();
    assert.equal(workspaceState['twelvelabs.accounts.workspace'], acmeId);
    assert.ok(!JSON.stringify(workspaceState).includes('tlk_'), 'an id, never a key');
    // Switching in this window now changes this workspace's choice, not the default.
    void vscode.commands.executeCommand('twelvelabs.switchAccount');
    await ui.run([
      { waitFor: '.quick-input-widget', text: 'Twelve Labs Account for This Workspace' },
      { click: '.quick-input-list .monaco-list-row', text: 'Use the default account here' },
    ]);
    await waitFor('the default in use again', async () => (await byName('Default')).active);
    assert.equal(api.reliability.mementos().workspaceState['twelvelabs.accounts.workspace'], undefined);
  });

  it('rotating one account, typed as a user: the other account and its key stay', async function () {
    requireUi(this);
    await twoAccounts();
    const before = await byName('Default');
    await ui.runCommandFromPalette('Twelve Labs: Rotate API Key');
    await ui.run([
      { waitFor: '.quick-input-widget', text: 'Rotate Twelve Labs API Key' },
      { click: '.quick-input-list .monaco-list-row', text: ACME },
      { waitFor: '.quick-input-widget', text: `Rotate Twelve Labs API Key · ${ACME}` },
      { waitFor: '.quick-input-list .monaco-list-row', text: 'I have the new key' },
      { press: 'Enter' },
      { waitFor: '.quick-input-widget input[type="password"]' },
      { type: ROTATED_KEY },
      { press: 'Enter' },
      { waitFor: '.quick-input-list .monaco-list-row', text: '90 days from today' },
      { press: 'Enter' },
    ]);
    await waitFor('Acme rotated', async () => (await byName(ACME)).masked === 'tlk_…a7b8');
    assert.deepEqual(await byName('Default'), before, 'the other account is untouched');
    assert.equal(lastKeyTo('/indexes'), 'rotated', 'the new key was checked before it replaced the old one');
  });

  it('reminds of an inactive account\'s expiry, by its name', async () => {
    assert.equal((await api.keys.store({ key: CANARY_KEY })).status, 'saved');
    const told = api.notifications().length;
    assert.equal((await api.accounts.add({ name: ACME, key: SECOND_CANARY_KEY, expiresAt: Date.now() + 7 * DAY_MS - 60_000 })).status, 'saved');
    assert.equal((await byName(ACME)).active, false);
    const reminder = await waitFor('the reminder', () => api.notificationTexts().slice(told).find((text) => text.includes(`${ACME} expires in 7 days`)));
    assert.match(reminder, /tlk_…A7Z2/);
  });

  it('an inactive account\'s key written in a file is a stored key there too; Rotate This Key names that account, and a rotation lowers it to key-shaped', async () => {
    const acmeId = await twoAccounts();
    const document = await vscode.workspace.openTextDocument({ language: 'python', content: `client = TwelveLabs(api_key="${SECOND_CANARY_KEY}")\n` });
    await vscode.window.showTextDocument(document);
    const findings = () => vscode.languages.getDiagnostics(document.uri).filter((diagnostic) => diagnostic.source === 'Twelve Labs');
    const codeOf = (diagnostic: vscode.Diagnostic) => (typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code);
    const stored = await waitFor('the stored-key error', () => findings().find((diagnostic) => codeOf(diagnostic) === 'stored-api-key'));
    assert.equal(stored.severity, vscode.DiagnosticSeverity.Error);
    assert.equal((await byName('Default')).active, true, 'the key is not the one this window uses');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, stored.range, vscode.CodeActionKind.QuickFix.value);
    const rotate = actions.find((action) => action.title === 'Rotate This Key');
    assert.equal(rotate?.command?.command, 'twelvelabs.rotateApiKey');
    assert.deepEqual(rotate.command.arguments, [{ accountId: acmeId }]);

    assert.equal((await api.accounts.rotate(acmeId, { key: ROTATED_KEY })).status, 'rotated');
    await waitFor('the old key only key-shaped now', () => (findings().length === 1 && codeOf(findings()[0]) === 'key-shaped-string' ? true : undefined));
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('upgrading from one key: a key stored before accounts is the first account, read with no write, its dates kept', async () => {
    const expiresAt = Date.now() + 30 * DAY_MS;
    await api.accounts.writePreAccountsKey(CANARY_KEY, expiresAt);
    await waitFor('the key picked up', async () => (await accounts()).length === 1);
    const writes = api.accounts.storageCalls();
    const fresh = await api.accounts.listAsAnotherWindow();
    assert.deepEqual(fresh.map((account) => [account.name, account.masked]), [['Default', 'tlk_…X7Q9']]);
    const [account] = await accounts();
    assert.equal(account.expiresAt, expiresAt);
    assert.equal(account.active, true);
    const after = api.accounts.storageCalls();
    assert.deepEqual([after.store, after.delete], [writes.store, writes.delete], 'reading the old key as an account writes nothing');
  });

  it('two windows changing different accounts at the same moment both keep their change', async () => {
    const acmeId = await twoAccounts();
    const [here, there] = await Promise.all([
      api.accounts.rotate((await byName('Default')).id, { key: ROTATED_KEY }),
      api.accounts.changeAsAnotherWindow({ op: 'rename', accountId: acmeId, name: 'Acme' }),
    ]);
    assert.equal(here.status, 'rotated');
    assert.equal(there, undefined);
    await api.keys.settled();
    const expected = [
      ['Default', 'tlk_…a7b8'],
      ['Acme', 'tlk_…A7Z2'],
    ];
    await waitFor('this window showing both changes', async () => JSON.stringify((await accounts()).map((a) => [a.name, a.masked])) === JSON.stringify(expected));
    assert.deepEqual((await api.accounts.listAsAnotherWindow()).map((a) => [a.name, a.masked]), expected);
  });

  it('the Accounts menu lists both accounts; Sign Out on one removes only it', async function () {
    requireUi(this);
    await twoAccounts();
    assert.deepEqual((await api.accounts.sessions()).map((session) => session.label), ['Default', ACME]);
    await ui.run([
      { click: '.activitybar .action-item:has(.codicon-accounts-view-bar-icon)' },
      { waitFor: '.monaco-menu .action-label', text: `${ACME} (Twelve Labs)` },
      { waitFor: '.monaco-menu .action-label', text: 'Default (Twelve Labs)' },
      // VS Code confirms a sign-out in its own dialog, which it answers yes by itself under extension tests.
      // Menus act on the item the mouse is on when Enter is pressed, the way a click does but without its timing.
      { hover: '.monaco-menu .action-label', text: `${ACME} (Twelve Labs)` },
      { waitFor: '.monaco-menu .action-label', text: 'Manage Trusted Extensions' },
      { hover: '.monaco-menu .action-label', text: 'Sign Out' },
      { press: 'Enter' },
    ]);
    await waitFor('Acme removed', async () => (await accounts()).length === 1);
    assert.deepEqual((await accounts()).map((account) => account.name), ['Default']);
    assert.deepEqual((await api.accounts.listAsAnotherWindow()).map((account) => account.name), ['Default']);
  });

  it('another extension gets a session only through getSession: nothing before consent, then, granted from the Accounts menu, the account the user picked', async function () {
    requireUi(this);
    const acmeId = await twoAccounts();
    assert.equal(await vscode.commands.executeCommand<Session>(CONSUMER, { silent: true, expected: SECOND_CANARY_KEY }), undefined, 'no consent yet, no session');
    // Asking without forcing a prompt: VS Code puts the request in its Accounts menu, behind a badge.
    assert.equal(await vscode.commands.executeCommand<Session>(CONSUMER, { expected: SECOND_CANARY_KEY }), undefined);
    await ui.run([
      { click: '.activitybar .action-item:has(.codicon-accounts-view-bar-icon)' },
      { hover: '.monaco-menu .action-label', text: 'Grant access to Twelve Labs for Twelve Labs session consumer (test)' },
      { press: 'Enter' },
      { waitFor: '.quick-input-list .monaco-list-row', text: ACME },
      { screenshot: ui.screenshotPath('accounts-grant-access') ?? '' },
      { click: '.quick-input-list .monaco-list-row', text: ACME },
    ]);
    const granted = await waitFor('the session granted', async () => vscode.commands.executeCommand<Session>(CONSUMER, { silent: true, expected: SECOND_CANARY_KEY }));
    assert.deepEqual(granted, { id: acmeId, label: ACME, tokenMatches: true }, 'the account the user picked, with its key');
  });

  it('Set Account API URL, typed as a user: a refused scheme is said as typed; the URL is kept with the account, and requests go there', async function () {
    requireUi(this);
    assert.equal((await api.keys.store({ key: CANARY_KEY })).status, 'saved');
    await ui.runCommandFromPalette('Twelve Labs: Set Account API URL');
    await ui.run([
      { waitFor: '.quick-input-widget', text: 'API URL of Default' },
      { type: 'ftp://example.com' },
      { waitFor: '.quick-input-message', text: 'is not allowed' },
      { press: 'ControlOrMeta+A' },
      { type: `${fake.url}/` },
      { press: 'Enter' },
    ]);
    await waitFor('the URL kept with the account', async () => (await byName('Default')).apiUrl === fake.url);
    assert.ok(!JSON.stringify(api.reliability.mementos()).includes(fake.url), 'not in globalState or workspace state');
  });
});
