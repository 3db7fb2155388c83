/** Shared helpers for real-host tests: the extension under test, the fake API, and screenshots. */
import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionTestApi } from '../build/testApi';
import { CANARY_KEY } from '../canary';
import { startFakeServer, type FakeServerOptions, type FakeTwelveLabs } from '../fake/server';
import type { UiAction } from '../harness/uiBridge';
import type { SearchViewState } from '../../src/webviews/shared/searchProtocol';

export { CANARY_KEY };
export const EXTENSION_ID = 'reelsmith.twelvelabs-vscode';

/** Activates the extension (the test build) and returns its test API. */
export async function activateExtension(): Promise<ExtensionTestApi> {
  const extension = vscode.extensions.getExtension<ExtensionTestApi | undefined>(EXTENSION_ID);
  assert.ok(extension, `extension ${EXTENSION_ID} is not installed in this host`);
  const api = await extension.activate();
  assert.ok(api, 'no test API: the host runs the shipped build; build the test build with `node esbuild.js --test`');
  return api;
}

/**
 * Starts a fake Twelve Labs server inside the extension host process and points the extension at it.
 * The canary key is valid unless `validKeys` says otherwise.
 */
export async function startFake(options: FakeServerOptions = {}): Promise<FakeTwelveLabs> {
  const fake = await startFakeServer({ validKeys: [CANARY_KEY], ...options });
  await setSetting('apiUrl', fake.url);
  return fake;
}

export async function setSetting(key: string, value: unknown): Promise<void> {
  // Global: twelveLabs.apiUrl is application-scoped, so only user settings may set it.
  await vscode.workspace.getConfiguration('twelveLabs').update(key, value, vscode.ConfigurationTarget.Global);
}

/** Waits until `probe` returns a truthy value, or fails with `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, probe: () => T | Promise<T>, timeoutMs = 10_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await probe();
    if (last) {
      return last;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.fail(`timed out waiting for ${what} (last value: ${JSON.stringify(last)})`);
}

/**
 * Captures the workbench as it is now, once it has painted what the test just changed (the bridge
 * waits for two animation frames); `of` crops it to one element. No-op under runners without the harness's browser.
 */
export async function screenshot(name: string, of?: string): Promise<void> {
  const file = ui.screenshotPath(name);
  if (file && ui.available()) {
    await ui.run([{ screenshot: file, ...(of === undefined ? {} : { of }) }]);
  }
}

/** The extension's quick input on screen at step `n` of a flow, once it is not busy. */
export function quickInputStep(api: ExtensionTestApi, n: number): Promise<NonNullable<ReturnType<ExtensionTestApi['indexes']['activeQuickInput']>>> {
  return waitFor(`quick input step ${n}`, () => {
    const probe = api.indexes.activeQuickInput();
    return probe && probe.step === n && !probe.input.busy ? probe : undefined;
  });
}

/** Like pressing Enter in the quick input on screen, once VS Code has the test's changes to it. */
export async function acceptQuickInput(): Promise<void> {
  await quickInputUpdatesSent();
  await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
}

type Pick = vscode.QuickPick<vscode.QuickPickItem>;

/**
 * Answers the extension's quick inputs as a user does: the item highlighted and Enter, the value typed
 * and Enter. `api` is read late, since suites activate in `before`.
 */
export function quickInputDriver(api: () => ExtensionTestApi) {
  /** The extension's next quick input on screen (not `previous`), once it is not busy and `ready` says so. */
  async function nextInput<K extends 'quickPick' | 'inputBox'>(
    previous: unknown,
    kind: K,
    ready: (input: K extends 'quickPick' ? Pick : vscode.InputBox) => boolean = () => true,
  ): Promise<K extends 'quickPick' ? Pick : vscode.InputBox> {
    type Input = K extends 'quickPick' ? Pick : vscode.InputBox;
    const probe = await waitFor(`a ${kind}`, () => {
      const active = api().indexes.activeQuickInput();
      return active && active.kind === kind && active.input !== previous && !active.input.busy && ready(active.input as Input) ? active : undefined;
    });
    return probe.input as Input;
  }

  /** The item shown as `label`, with or without a leading icon. */
  const labelled = (pick: Pick, label: string) => pick.items.find((item) => item.label.replace(/^\$\([\w~-]+\) /, '') === label);
  const hasItem = (label: string) => (pick: Pick) => labelled(pick, label) !== undefined;

  /** Highlights the item and presses Enter. */
  async function choose(pick: Pick, label: string): Promise<void> {
    const item = labelled(pick, label);
    assert.ok(item, `no item “${label}” in ${JSON.stringify(pick.items.map((i) => i.label))}`);
    pick.activeItems = [item];
    await acceptQuickInput();
  }

  async function type(input: vscode.InputBox, value: string): Promise<void> {
    input.value = value;
    await acceptQuickInput();
  }

  return { nextInput, labelled, hasItem, choose, type };
}

/** The last state the extension drew the Search view with, from the test build's webview tap. */
export function lastSearchState(api: ExtensionTestApi): SearchViewState | undefined {
  return api.webviews
    .messages()
    .filter((m) => m.view === 'search' && m.direction === 'toWebview' && (m.message as { type?: string }).type === 'state')
    .map((m) => (m.message as { state: SearchViewState }).state)
    .at(-1);
}

/**
 * A quiet period: for the tests whose point is that nothing more happens (no further request after a
 * 401, no task after a cancel). Never a stand-in for waiting on something that does happen.
 */
export function nothingMoreWithin(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * VS Code sends an extension's changes to a quick input (value, selection) to the workbench in one
 * batch on a zero-delay timer; a command sent before that timer fires would act on the old state.
 * One macrotask later the batch has been sent, ahead of anything the test sends next.
 */
export function quickInputUpdatesSent(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * Drives the workbench like a person (keys, typing, clicks) through the code-server harness, which
 * owns the browser. Under other runners (test-electron) there is no browser to drive: tests that need
 * it call `requireUi(this)` and are reported as pending, never as passed.
 */
export const ui = {
  available(): boolean {
    return Boolean(process.env.TWELVELABS_TEST_UI);
  },

  /** Performs the actions; resolves with what the `read` and `count` actions found, in order. */
  async run(actions: UiAction[], timeoutMs = 30_000): Promise<unknown[]> {
    const dir = process.env.TWELVELABS_TEST_UI;
    assert.ok(dir, 'no UI bridge in this runner');
    const id = randomUUID();
    // By file, not by log: typed text may be a key, and the log is scanned for leaks.
    fs.writeFileSync(path.join(dir, `ui-${id}.json`), JSON.stringify(actions));
    console.log(`[harness:ui] ${id}`);
    const done = path.join(dir, `ui-${id}.done`);
    const failed = path.join(dir, `ui-${id}.error`);
    await waitFor(`the harness to perform UI actions ${JSON.stringify(actions.map((a) => Object.keys(a)[0]))}`, () => fs.existsSync(done) || fs.existsSync(failed), timeoutMs);
    if (fs.existsSync(failed)) {
      assert.fail(`UI actions failed: ${fs.readFileSync(failed, 'utf8')}`);
    }
    return JSON.parse(fs.readFileSync(done, 'utf8')) as unknown[];
  },

  /** F1, the command's title, Enter: the Command Palette as a user types it. */
  async runCommandFromPalette(title: string): Promise<void> {
    await ui.run([
      { press: 'F1' },
      { waitFor: '.quick-input-widget input' },
      { type: title },
      { waitFor: '.quick-input-list .monaco-list-row', text: title },
      { press: 'Enter' },
    ]);
  },

  /** Set API Key as a newcomer types it: the palette, the key, Enter, Enter for the default expiry. */
  async setApiKeyAsUser(key: string): Promise<void> {
    await ui.runCommandFromPalette('Twelve Labs: Set API Key');
    await ui.run([
      { waitFor: '.quick-input-widget input[type="password"]' },
      { type: key },
      { press: 'Enter' },
      // The expiry question: its first item, the default, is one Enter away.
      { waitFor: '.quick-input-list .monaco-list-row', text: '90 days from today' },
      { press: 'Enter' },
    ]);
  },

  /**
   * Looks for a notification in the notification centre, where VS Code always lists it (a toast may
   * be gone already, or never shown while others are on screen), then closes the centre again.
   */
  async inNotificationCentre(text: string, then: UiAction[] = []): Promise<void> {
    try {
      // The centre closes by itself when its list empties (a progress notification ending before this
      // one arrived): opened again until it shows the notification.
      await waitFor(`"${text}" in the notification centre`, async () => {
        await vscode.commands.executeCommand('notifications.showList');
        const [shown] = await ui.run([{ count: '.notifications-center.visible .notification-list-item-message', text }]);
        return Number(shown) > 0 ? true : undefined;
      });
      if (then.length > 0) {
        await ui.run(then);
      }
    } finally {
      await vscode.commands.executeCommand('notifications.hideList');
    }
  },

  screenshotPath(name: string): string | undefined {
    const dir = process.env.TWELVELABS_TEST_SCREENSHOTS;
    return dir ? path.join(dir, `${name}.png`) : undefined;
  },
};

export function requireUi(context: Mocha.Context): void {
  if (!ui.available()) {
    context.skip();
  }
}
