import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { WorkspaceScanResult } from '../../src/keyHygiene/scanWorkspace';
import type { ExtensionTestApi } from '../build/testApi';
import { canaryForms } from '../canary';
import type { FakeTwelveLabs } from '../fake/server';
import { CANARY_KEY, acceptQuickInput, activateExtension, quickInputDriver, quickInputStep, screenshot, setSetting, startFake, waitFor } from './support';

// Obviously fake keys: the second is valid only in the fake server, the third is never stored.
const SECOND_KEY = 'tlk_HOSTtestFAKEhygieneROTATED00c3d4';
const SHAPED_KEY = 'tlk_HOSTtestFAKEshapedNOTstored00e5f6';
const VARIABLE = 'TWELVE_LABS_API_KEY';
// Key-shaped and valid in the fake: what the store-and-replace fix takes from the code.
const FOUND_KEY = 'tlk_HOSTtestFAKEfoundINcode0000a7b8';
const REJECTED_FOUND_KEY = 'tlk_HOSTtestFAKEfoundREJECTED00c9d0';
// Valid in the fake: the found key that becomes an account of its own.
const FOUND_ACCOUNT_KEY = 'tlk_HOSTtestFAKEfoundNEWacct0000b1c2';

function run<T>(command: string, arg?: unknown): Thenable<T> {
  return arg === undefined ? vscode.commands.executeCommand<T>(command) : vscode.commands.executeCommand<T>(command, arg);
}

function ourDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Twelve Labs');
}

/**
 * Our quick fixes at `range`, by title: the built-in TypeScript refactorings are left out, and the
 * command's converted actions do not carry their diagnostics' `source`.
 */
async function keyQuickFixes(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, vscode.CodeActionKind.QuickFix.value);
  return actions.filter((action) => action.title.startsWith('Replace with ') || action.title === 'Rotate This Key');
}

async function allKeyQuickFixTitles(uri: vscode.Uri, range: vscode.Range): Promise<string[]> {
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, vscode.CodeActionKind.QuickFix.value);
  return actions.map((action) => action.title).filter((title) => /^(Replace with |Rotate This Key|Store This Key|Not a Key)/.test(title));
}

function codeOf(diagnostic: vscode.Diagnostic | undefined): unknown {
  return typeof diagnostic?.code === 'object' ? diagnostic.code.value : diagnostic?.code;
}

function assertNoKeyIn(text: string, what: string): void {
  for (const key of [CANARY_KEY, SECOND_KEY, SHAPED_KEY, FOUND_KEY, FOUND_ACCOUNT_KEY]) {
    for (const form of canaryForms(key)) {
      assert.ok(!text.includes(form), `${what} contains a key`);
    }
  }
}

describe('Key hygiene (real host)', () => {
  let api: ExtensionTestApi;
  let fake: FakeTwelveLabs;
  let folder: vscode.Uri;
  let scratch: vscode.Uri;
  let filesExclude: unknown;

  const write = async (relative: string, text: string | Uint8Array) => {
    const uri = vscode.Uri.joinPath(scratch, relative);
    await vscode.workspace.fs.writeFile(uri, typeof text === 'string' ? Buffer.from(text, 'utf8') : text);
    return uri;
  };

  before(async () => {
    api = await activateExtension();
    fake = await startFake({ validKeys: [CANARY_KEY, SECOND_KEY, FOUND_KEY, FOUND_ACCOUNT_KEY] });
    const workspaceFolder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(workspaceFolder, 'the real-host suite runs with the fixture workspace open');
    folder = workspaceFolder.uri;
    scratch = vscode.Uri.joinPath(folder, 'hygiene-tmp');
    filesExclude = vscode.workspace.getConfiguration('files').inspect('exclude')?.globalValue;
    await setSetting('terminal.injectApiKey', undefined);
    await setSetting('terminal.variableName', undefined);
    // From no key to a key: the moment the terminal offer belongs to.
    await api.keys.settled();
    if (api.keys.keyState().kind === 'present') {
      assert.equal((await api.keys.clear()).status, 'cleared');
    }
    assert.equal((await api.keys.store({ key: CANARY_KEY })).status, 'saved');
    await api.keyHygiene.settled();
  });

  afterEach(async () => {
    // Revert, so nothing holding a key is left dirty for hot exit to back up.
    for (let i = 0; i < 10 && vscode.window.activeTextEditor; i++) {
      await run('workbench.action.revertAndCloseActiveEditor');
    }
  });

  after(async () => {
    await vscode.workspace.fs.delete(scratch, { recursive: true, useTrash: false }).then(undefined, () => undefined);
    await vscode.workspace.getConfiguration('files').update('exclude', filesExclude, vscode.ConfigurationTarget.Global);
    await setSetting('terminal.injectApiKey', undefined);
    await setSetting('terminal.variableName', undefined);
    await api.keys.clear();
    await fake?.close();
    await setSetting('apiUrl', undefined);
  });

  it('offers the terminal environment once, when the first key is set', async () => {
    const offers = () => api.notifications().filter((n) => n.message.startsWith('Give new terminals your Twelve Labs key'));
    await waitFor('the terminal offer', () => offers().length > 0);
    assert.equal(offers().length, 1);
    assert.deepEqual(offers()[0]?.actions, ['Enable', 'Not Now']);
    assert.match(offers()[0]?.message ?? '', /TWELVE_LABS_API_KEY/);
    assertNoKeyIn(JSON.stringify(offers()), 'the offer');
  });

  it('a document holding the stored key gets an error that leads with the point, names the risk and the fix, without the key', async () => {
    const uri = await write('client.py', `from twelvelabs import TwelveLabs\n\nclient = TwelveLabs(api_key="${CANARY_KEY}")\n`);
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    const [diagnostic] = await waitFor('a key diagnostic on client.py', () => (ourDiagnostics(uri).length > 0 ? ourDiagnostics(uri) : undefined));
    assert.ok(diagnostic);
    assert.equal(ourDiagnostics(uri).length, 1);
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error, 'your own live key in code is an error');
    assert.equal(codeOf(diagnostic), 'stored-api-key');
    assert.match(diagnostic.message, /^Twelve Labs API key in source: /, 'the Problems panel shows the point first');
    assert.ok(document.getText(diagnostic.range) === CANARY_KEY, 'the range covers exactly the key');
    assert.deepEqual([diagnostic.range.start.line, diagnostic.range.start.character], [2, 29]);
    assert.match(diagnostic.message, /Anyone who can read this file/);
    assert.match(diagnostic.message, /TWELVE_LABS_API_KEY/);
    assert.match(diagnostic.message, /rotate the key/);
    assertNoKeyIn(JSON.stringify({ message: diagnostic.message, code: diagnostic.code, source: diagnostic.source, related: diagnostic.relatedInformation ?? [] }), 'the diagnostic');
    assertNoKeyIn(JSON.stringify(api.keyHygiene.diagnosticsSummary()), 'the test API');
    // No screenshot here: the picture would show the canary key, and a PNG cannot be scanned for it.

    const actions = await keyQuickFixes(uri, diagnostic.range);
    const titles = actions.map((action) => action.title);
    assert.ok(titles.includes(`Replace with os.environ["${VARIABLE}"]`), titles.join(' | '));
    assert.ok(titles.includes('Rotate This Key'), titles.join(' | '));
    const rotate = actions.find((action) => action.title === 'Rotate This Key');
    assert.equal(rotate?.command?.command, 'twelvelabs.rotateApiKey');

    const fix = actions.find((action) => action.title.startsWith('Replace with'));
    assert.ok(fix?.edit);
    assert.equal(await vscode.workspace.applyEdit(fix.edit), true);
    assert.equal(document.getText().includes(CANARY_KEY), false, 'the key is gone from the document');
    assert.equal(document.getText(), `import os\nfrom twelvelabs import TwelveLabs\n\nclient = TwelveLabs(api_key=os.environ["${VARIABLE}"])\n`);
    await waitFor('the warning to go', () => ourDiagnostics(uri).length === 0);
  });

  it('a key-shaped string that is not the stored key warns too, without "Rotate This Key"', async () => {
    const document = await vscode.workspace.openTextDocument({ language: 'typescript', content: `const client = new TwelveLabs({ apiKey: '${SHAPED_KEY}' });\n` });
    await vscode.window.showTextDocument(document);
    const [diagnostic] = await waitFor('a key-shaped diagnostic', () => (ourDiagnostics(document.uri).length > 0 ? ourDiagnostics(document.uri) : undefined));
    assert.ok(diagnostic);
    assert.equal(codeOf(diagnostic), 'key-shaped-string');
    assert.match(diagnostic.message, /^Possible Twelve Labs API key in source\./);
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Warning);
    assertNoKeyIn(diagnostic.message, 'the diagnostic message');
    await screenshot('hygiene-key-shaped-warning');

    const actions = await keyQuickFixes(document.uri, diagnostic.range);
    assert.deepEqual(actions.map((action) => action.title), [`Replace with process.env.${VARIABLE}`]);
    const edit = actions[0]?.edit;
    assert.ok(edit);
    await vscode.workspace.applyEdit(edit);
    assert.equal(document.getText(), `const client = new TwelveLabs({ apiKey: process.env.${VARIABLE} });\n`);
  });

  it('"Not a Key: Ignore This Line" adds a comment the detector honours; the stored key ignores the comment', async () => {
    const document = await vscode.workspace.openTextDocument({ language: 'python', content: `    example = "${SHAPED_KEY}"\nreal = "${CANARY_KEY}"  # twelvelabs-ignore\n` });
    await vscode.window.showTextDocument(document);
    await waitFor('both findings', () => ourDiagnostics(document.uri).length === 2);
    const shaped = ourDiagnostics(document.uri).find((d) => codeOf(d) === 'key-shaped-string');
    assert.ok(shaped);
    const titles = await allKeyQuickFixTitles(document.uri, shaped.range);
    assert.deepEqual(titles, ['Replace with os.environ["TWELVE_LABS_API_KEY"]', 'Store This Key in Twelve Labs Secret Storage and Replace It…', 'Not a Key: Ignore This Line']);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, shaped.range, vscode.CodeActionKind.QuickFix.value);
    const ignore = actions.find((action) => action.title === 'Not a Key: Ignore This Line');
    assert.ok(ignore?.edit);
    assert.equal(await vscode.workspace.applyEdit(ignore.edit), true);
    assert.equal(document.lineAt(0).text, '    # twelvelabs-ignore-next-line', 'indented like the line it silences');
    await waitFor('the key-shaped warning to go', () => !ourDiagnostics(document.uri).some((d) => codeOf(d) === 'key-shaped-string'));
    assert.deepEqual(ourDiagnostics(document.uri).map(codeOf), ['stored-api-key'], 'the stored key is never ignored');
  });

  it('typing into a document rescans it once it is quiet, and an unchanged version is not scanned again', async () => {
    const document = await vscode.workspace.openTextDocument({ language: 'shellscript', content: 'echo start\n' });
    const editor = await vscode.window.showTextDocument(document);
    await api.keyHygiene.settled();
    const before = api.keyHygiene.scanStats();
    for (const piece of ['KEY="', ...SHAPED_KEY.match(/.{1,6}/g)!, '"\n']) {
      await editor.edit((builder) => builder.insert(document.lineAt(document.lineCount - 1).range.end, piece));
    }
    await waitFor('the typed key to be flagged', () => ourDiagnostics(document.uri).length === 1);
    await api.keyHygiene.settled();
    const after = api.keyHygiene.scanStats();
    assert.ok(after.scans - before.scans <= 2, `scans while typing ${after.scans - before.scans}`);
    assert.ok(after.debounced > before.debounced, 'keystrokes were debounced');

    // Showing it again reopens nothing new: same version, no scan.
    await vscode.window.showTextDocument(document);
    await api.keyHygiene.settled();
    assert.equal(api.keyHygiene.scanStats().scans, after.scans);
  });

  it('Scan Workspace finds keys in files, reports them in Problems, and honours files.exclude and the size bound', async () => {
    const included = await write('src/settings.ts', `export const apiKey = "${CANARY_KEY}";\n`);
    const shaped = await write('scripts/run.sh', `#!/bin/sh\nexport KEY=${SHAPED_KEY}\n`);
    const excluded = await write('hygiene-excluded/secret.ts', `const k = "${CANARY_KEY}";\n`);
    const large = await write('data/large.txt', `${'x'.repeat(2.5 * 1024 * 1024)}\n${CANARY_KEY}\n`);
    const binary = await write('data/blob.bin', Buffer.concat([Buffer.from([0, 1, 2, 3]), Buffer.from(CANARY_KEY)]));
    const current = vscode.workspace.getConfiguration('files').get<Record<string, boolean>>('exclude') ?? {};
    await vscode.workspace.getConfiguration('files').update('exclude', { ...current, '**/hygiene-excluded': true }, vscode.ConfigurationTarget.Global);

    const result = await run<WorkspaceScanResult>('twelvelabs.scanWorkspaceForKeys');
    assert.equal(result.cancelled, false);
    assert.ok(result.findings >= 2, JSON.stringify(result));
    assert.ok(result.skipped >= 2, `the large and the binary file are skipped: ${JSON.stringify(result)}`);
    assert.equal(codeOf(ourDiagnostics(included)[0]), 'stored-api-key');
    assert.equal(ourDiagnostics(included)[0]?.range.start.character, 23);
    assert.equal(codeOf(ourDiagnostics(shaped)[0]), 'key-shaped-string');
    assert.deepEqual(ourDiagnostics(excluded), [], 'files.exclude is honoured');
    assert.deepEqual(ourDiagnostics(large), [], 'files over the size bound are skipped');
    assert.deepEqual(ourDiagnostics(binary), []);
    const announced = api.notifications().at(-1);
    assert.equal(announced?.severity, 'warning');
    assert.match(announced?.message ?? '', /Problems panel/);
    assertNoKeyIn(JSON.stringify(api.notifications()), 'notifications');

    // A deleted file takes its warnings with it.
    await vscode.workspace.fs.delete(shaped);
    await waitFor('the deleted file\'s warning to go', () => ourDiagnostics(shaped).length === 0);

    // Opening a scanned file hands it to the live scanner; the quick fix works there too.
    const document = await vscode.workspace.openTextDocument(included);
    await vscode.window.showTextDocument(document);
    await api.keyHygiene.settled();
    const diagnostic = ourDiagnostics(included)[0];
    assert.ok(diagnostic);
    const actions = await keyQuickFixes(included, diagnostic.range);
    const fix = actions.find((action) => action.title === `Replace with process.env.${VARIABLE}`);
    assert.ok(fix?.edit);
    await vscode.workspace.applyEdit(fix.edit);
    assert.equal(document.getText(), `export const apiKey = process.env.${VARIABLE};\n`);
    await screenshot('hygiene-workspace-scan');
  });

  /** The fix on the one finding in a new document holding `content`, and the document. */
  const storeFixIn = async (content: string) => {
    const document = await vscode.workspace.openTextDocument({ language: 'python', content });
    await vscode.window.showTextDocument(document);
    const [diagnostic] = await waitFor('the finding', () => (ourDiagnostics(document.uri).length > 0 ? ourDiagnostics(document.uri) : undefined));
    assert.ok(diagnostic);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
    const store = actions.find((action) => action.title.startsWith('Store This Key'));
    assert.ok(store?.command);
    assertNoKeyIn(JSON.stringify(store.command.arguments), 'the fix\'s arguments carry a position, not the key');
    return { document, run: () => vscode.commands.executeCommand<string>(store.command!.command, ...((store.command!.arguments ?? []) as unknown[])) };
  };
  const quickInputs = quickInputDriver(() => api);
  /** The first question when a key is stored already: which account the found key replaces, or a new one. */
  const destinationPick = () => quickInputs.nextInput(undefined, 'quickPick', (pick) => pick.title === 'Store the Key Found in Code' && pick.items.length > 0);

  it('"Store This Key … and Replace It" asks where the key goes, checks it, asks its expiry, stores it, then rewrites the literal; a rejected key changes nothing', async () => {
    const rejected = await vscode.workspace.openTextDocument({ language: 'python', content: `key = "${REJECTED_FOUND_KEY}"\n` });
    await vscode.window.showTextDocument(rejected);
    const [refused] = await waitFor('the finding', () => (ourDiagnostics(rejected.uri).length > 0 ? ourDiagnostics(rejected.uri) : undefined));
    assert.ok(refused);
    const before = api.keys.keyState();
    const outcome = run<string>('twelvelabs.storeKeyFromCode', { uri: rejected.uri.toString(), range: refused.range });
    // The key is checked against the server of the account it would go to: the question comes first.
    const rejectedDestination = await destinationPick();
    await quickInputs.choose(rejectedDestination, 'Replace the Key of "Default"');
    assert.equal(await outcome, 'notStored');
    assert.deepEqual(api.keys.keyState(), before, 'the old key stays');
    assert.equal(rejected.getText(), `key = "${REJECTED_FOUND_KEY}"\n`);
    await waitFor('the rejection notice', () => api.notifications().some((n) => n.severity === 'error' && n.message.startsWith('Twelve Labs rejected this key')));

    const { document, run: storeIt } = await storeFixIn(`from twelvelabs import TwelveLabs\nclient = TwelveLabs(api_key="${FOUND_KEY}")\n`);
    const done = storeIt();
    // A key is stored already: the user says the found key replaces it (the account in use comes first).
    const destination = await destinationPick();
    assert.deepEqual(destination.items.map((item) => item.label), ['$(key) Replace the Key of "Default"', '$(add) Add as a New Account…']);
    assert.match(destination.items[0]?.description ?? '', /^tlk_…X7Q9 · /);
    await quickInputs.choose(destination, 'Replace the Key of "Default"');
    // Then the expiry question (the key was checked already), and the default accepted.
    const expiry = await quickInputStep(api, 1);
    assert.equal(expiry.kind, 'quickPick');
    assert.equal(api.keys.keyState().masked, `tlk_…${CANARY_KEY.slice(-4)}`, 'nothing is stored before the user answers');
    await acceptQuickInput();
    assert.equal(await done, 'replaced');
    assert.equal(api.keys.keyState().masked, `tlk_…${FOUND_KEY.slice(-4)}`);
    assert.equal(document.getText(), `import os\nfrom twelvelabs import TwelveLabs\nclient = TwelveLabs(api_key=os.environ["${VARIABLE}"])\n`);
    await waitFor('the finding to go', () => ourDiagnostics(document.uri).length === 0);
    assert.ok(fake.requests.some((r) => r.method === 'GET' && r.path === '/indexes' && r.query.page_limit === '1'), 'checked with the API first');
    // Back to the key the other tests expect.
    assert.equal((await api.keys.rotate({ key: CANARY_KEY })).status, 'rotated');
    await api.keyHygiene.settled();
  });

  it('"Store This Key … and Replace It" can make the found key an account of its own: named, checked, dated; the window keeps its account', async () => {
    const { document, run: storeIt } = await storeFixIn(`client = TwelveLabs(api_key="${FOUND_ACCOUNT_KEY}")\n`);
    const done = storeIt();
    await quickInputs.choose(await destinationPick(), 'Add as a New Account…');
    const name = await quickInputs.nextInput(undefined, 'inputBox', (box) => box.placeholder === 'Account name');
    assert.equal(name.step, 1);
    assert.equal(name.totalSteps, 2, 'a name and an expiry: the key is known');
    assert.equal(name.password, false);
    await quickInputs.type(name, 'Found in code');
    const expiry = await quickInputStep(api, 2);
    assert.equal(expiry.kind, 'quickPick');
    await acceptQuickInput();
    assert.equal(await done, 'replaced');
    const accounts = await api.accounts.list();
    assert.deepEqual(accounts.map((account) => [account.name, account.masked, account.active]), [
      ['Default', `tlk_…${CANARY_KEY.slice(-4)}`, true],
      ['Found in code', `tlk_…${FOUND_ACCOUNT_KEY.slice(-4)}`, false],
    ]);
    assert.equal(document.getText(), `import os\nclient = TwelveLabs(api_key=os.environ["${VARIABLE}"])\n`);
    for (const account of accounts.filter((candidate) => candidate.name === 'Found in code')) {
      await api.accounts.remove(account.id);
    }
    await api.keyHygiene.settled();
  });

  it('"Store This Key" while Twelve Labs is unreachable: Try Again checks the found key again in place, then its expiry; a retry refused changes nothing', async () => {
    const checks = () => fake.requests.filter((r) => r.method === 'GET' && r.path === '/indexes' && r.query.page_limit === '1').length;
    /** Try Again on the unconfirmed pick, and the pick once the check is over. */
    const tryAgain = async (pick: vscode.QuickPick<vscode.QuickPickItem>) => {
      const before = checks();
      await quickInputs.choose(pick, 'Try Again');
      await waitFor('the check again', () => checks() > before && !pick.busy);
    };
    fake.injectFault({ kind: 'reset', times: Infinity, path: '/indexes' });
    try {
      const { document, run: storeIt } = await storeFixIn(`client = TwelveLabs(api_key="${FOUND_KEY}")\n`);
      const done = storeIt();
      await quickInputs.choose(await destinationPick(), 'Replace the Key of "Default"');
      const unconfirmed = await quickInputs.nextInput(undefined, 'quickPick', quickInputs.hasItem('Try Again'));
      assert.match(unconfirmed.placeholder ?? '', /^Could not reach Twelve Labs to check the key/);
      // Still unreachable: the same pick stays, with the new reason; no key box, the key came from the file.
      await tryAgain(unconfirmed);
      assert.equal(api.indexes.activeQuickInput()?.input, unconfirmed, 'the same pick, still open');
      assert.match(unconfirmed.placeholder ?? '', /^Could not reach Twelve Labs/);
      fake.clearFaults();
      await tryAgain(unconfirmed);
      const expiry = await quickInputs.nextInput(unconfirmed, 'quickPick', quickInputs.hasItem('On a date I enter…'));
      assert.deepEqual(expiry.buttons, [], 'confirmed: Back has nothing to go back to');
      assert.equal(api.keys.keyState().masked, `tlk_…${CANARY_KEY.slice(-4)}`, 'nothing is stored before the user answers');
      await acceptQuickInput();
      assert.equal(await done, 'replaced');
      assert.equal(api.keys.keyState().masked, `tlk_…${FOUND_KEY.slice(-4)}`);
      assert.equal(api.keys.keyState().lastValidation, 'valid', 'the retry confirmed it');
      assert.equal(document.getText(), `import os\nclient = TwelveLabs(api_key=os.environ["${VARIABLE}"])\n`);
      assert.equal((await api.keys.rotate({ key: CANARY_KEY })).status, 'rotated');
      await api.keyHygiene.settled();

      // A key the server refuses once it answers: the flow ends with the server's words, nothing changes.
      fake.injectFault({ kind: 'reset', times: Infinity, path: '/indexes' });
      const refusedDocument = await vscode.workspace.openTextDocument({ language: 'python', content: `key = "${REJECTED_FOUND_KEY}"\n` });
      await vscode.window.showTextDocument(refusedDocument);
      const [finding] = await waitFor('the finding', () => (ourDiagnostics(refusedDocument.uri).length > 0 ? ourDiagnostics(refusedDocument.uri) : undefined));
      assert.ok(finding);
      const before = api.keys.keyState();
      const rejections = () => api.notifications().filter((n) => n.severity === 'error' && n.message.startsWith('Twelve Labs rejected this key')).length;
      const rejectionsBefore = rejections();
      const outcome = run<string>('twelvelabs.storeKeyFromCode', { uri: refusedDocument.uri.toString(), range: finding.range });
      await quickInputs.choose(await destinationPick(), 'Replace the Key of "Default"');
      const again = await quickInputs.nextInput(undefined, 'quickPick', quickInputs.hasItem('Try Again'));
      fake.clearFaults();
      await quickInputs.choose(again, 'Try Again');
      assert.equal(await outcome, 'notStored');
      assert.deepEqual(api.keys.keyState(), before, 'the old key stays');
      assert.equal(refusedDocument.getText(), `key = "${REJECTED_FOUND_KEY}"\n`);
      await waitFor('the rejection notice', () => rejections() > rejectionsBefore);
      assert.equal(api.indexes.activeQuickInput(), undefined, 'no step left open');
    } finally {
      fake.clearFaults();
    }
  });

  it('the terminal environment holds the key only while the setting is on, and follows rotation, renaming and clearing', async () => {
    const env = () => api.keyHygiene.terminalEnvironment();
    assert.deepEqual(env().variables, [], 'off by default');
    assert.equal(env().persistent, false, 'never written to disk');

    await setSetting('terminal.injectApiKey', true);
    await waitFor('the variable in the terminal environment', () => env().holdsStoredKey);
    assert.deepEqual(env().variables, [VARIABLE]);
    assert.equal(api.keyHygiene.terminalVariableEquals(VARIABLE, CANARY_KEY), true);
    assert.match(env().description ?? '', /TWELVE_LABS_API_KEY.*secret storage/);
    assertNoKeyIn(JSON.stringify(env()), 'the environment snapshot');

    const rotated = await api.keys.rotate({ key: SECOND_KEY });
    assert.equal(rotated.status, 'rotated');
    await waitFor('the rotated key in the terminal environment', () => api.keyHygiene.terminalVariableEquals(VARIABLE, SECOND_KEY));
    assert.equal(api.keyHygiene.terminalVariableEquals(VARIABLE, CANARY_KEY), false);

    await setSetting('terminal.variableName', 'TL_TEST_KEY');
    await waitFor('the renamed variable', () => env().variables.join() === 'TL_TEST_KEY');
    assert.equal(api.keyHygiene.terminalVariableEquals('TL_TEST_KEY', SECOND_KEY), true);

    assert.equal((await api.keys.clear()).status, 'cleared');
    await waitFor('the variable to go with the key', () => env().variables.length === 0);

    assert.equal((await api.keys.store({ key: CANARY_KEY })).status, 'saved');
    await waitFor('the variable to return with a key', () => api.keyHygiene.terminalVariableEquals('TL_TEST_KEY', CANARY_KEY));
    const offers = api.notifications().filter((n) => n.message.startsWith('Give new terminals'));
    assert.ok(offers.length <= 1, 'the offer is never repeated');

    await setSetting('terminal.injectApiKey', false);
    await waitFor('the variable to go when the setting is off', () => env().variables.length === 0);
    assert.equal(env().holdsStoredKey, false);
  });
});
