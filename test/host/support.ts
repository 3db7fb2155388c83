/** Shared helpers for real-host tests: the extension under test, the fake API, and screenshots. */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionTestApi } from '../../src/testApi';
import { CANARY_KEY } from '../canary';
import { startFakeServer, type FakeServerOptions, type FakeTwelveLabs } from '../fake/server';

export { CANARY_KEY };
export const EXTENSION_ID = 'reelsmith.twelvelabs-vscode';

export async function activateExtension(): Promise<ExtensionTestApi> {
  const extension = vscode.extensions.getExtension<ExtensionTestApi | undefined>(EXTENSION_ID);
  assert.ok(extension, `extension ${EXTENSION_ID} is not installed in this host`);
  const api = await extension.activate();
  assert.ok(api, 'the extension returns its test API in ExtensionMode.Test');
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
  // Global: twelvelabs.apiUrl is application-scoped, so only user settings may set it.
  await vscode.workspace.getConfiguration('twelvelabs').update(key, value, vscode.ConfigurationTarget.Global);
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

/** Asks the harness to capture the workbench as it is now. No-op under other runners. */
export async function screenshot(name: string): Promise<void> {
  const dir = process.env.TWELVELABS_TEST_SCREENSHOTS;
  if (!dir) {
    return;
  }
  // Give the workbench a moment to paint what the test just changed.
  await new Promise((resolve) => setTimeout(resolve, 800));
  console.log(`[harness:screenshot] ${path.join(dir, `${name}.png`)}`);
  await new Promise((resolve) => setTimeout(resolve, 800));
}
