import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ValidateKeyResult } from '../../src/keys/validateApiKey';
import type { ExtensionTestApi } from '../build/testApi';
import type { FakeTwelveLabs } from '../fake/server';
import { CANARY_KEY, activateExtension, setSetting, startFake, waitFor } from './support';

function run<T>(command: string, ...args: unknown[]): Thenable<T> {
  return vscode.commands.executeCommand<T>(command, ...args);
}

const NEW_KEY = 'tlk_STORAGEfaultNEWkeyNEVERstored0n3w';

describe('storage faults (real host): a keyring that throws or refuses', () => {
  let api: ExtensionTestApi;
  let fake: FakeTwelveLabs;
  const canaryMasked = `tlk_…${CANARY_KEY.slice(-4)}`;

  before(async () => {
    api = await activateExtension();
    fake = await startFake();
    fake.addKey(NEW_KEY);
    assert.equal((await api.keys.store({ key: CANARY_KEY })).status, 'saved');
    await api.keys.settled();
  });

  afterEach(() => api.reliability.clearStorageFaults());

  after(async () => {
    api.reliability.clearStorageFaults();
    await api.keys.clear();
    await fake.close();
    await setSetting('apiUrl', undefined);
  });

  for (const mode of ['throw', 'reject'] as const) {
    it(`store ${mode}s: Set API Key reports it, the old key survives in this window and in storage`, async () => {
      const before = api.notificationTexts().length;
      api.reliability.injectStorageFault({ operation: 'store', mode });
      const result = await api.keys.store({ key: NEW_KEY });
      assert.equal(result.status, 'storageFailed', JSON.stringify(result));
      const told = api.notificationTexts().slice(before).join('\n');
      assert.match(told, /secret storage could not save the API key/);
      assert.match(told, /never stored in plain text/);
      assert.ok(!told.includes(NEW_KEY));
      assert.equal(api.keys.keyState().masked, canaryMasked);
      assert.equal((await api.reliability.storedKeyAsAnotherWindow()).masked, canaryMasked);
      assert.equal((await run<ValidateKeyResult>('twelvelabs.validateApiKey')).status, 'valid', 'the old key still works');
    });

    it(`delete ${mode}s: Clear API Key reports it and the key stays`, async () => {
      const before = api.notificationTexts().length;
      api.reliability.injectStorageFault({ operation: 'delete', mode });
      await api.keys.clear();
      assert.match(api.notificationTexts().slice(before).join('\n'), /could not remove the API key/);
      assert.equal(api.keys.keyState().masked, canaryMasked);
      assert.equal((await api.reliability.storedKeyAsAnotherWindow()).masked, canaryMasked);
    });

    it(`get ${mode}s when another window changes the key: the window stays up, the status bar says the key is unavailable, Validate explains, and it recovers`, async () => {
      api.reliability.injectStorageFault({ operation: 'get', mode, times: 3 });
      await api.keys.changeKeyAsAnotherWindow({ key: CANARY_KEY, expiresAt: Date.now() + 90 * 86_400_000 });
      await waitFor('the read failure to show', () => api.keys.keyState().kind === 'unavailable');
      assert.match(api.keys.statusBar().text, /unavailable/i);
      api.reliability.clearStorageFaults();
      const before = api.notificationTexts().length;
      const result = await run<ValidateKeyResult>('twelvelabs.validateApiKey');
      // getKey() reads again when storage was unavailable: with the keyring back, the key is found.
      assert.ok(result.status === 'valid' || result.status === 'storageUnavailable', JSON.stringify(result));
      if (result.status === 'storageUnavailable') {
        assert.match(api.notificationTexts().slice(before).join('\n'), /secret storage/i);
      }
      await waitFor('the key to be back', async () => {
        await api.keys.settled();
        return api.keys.keyState().kind === 'present';
      });
      assert.equal(api.keys.keyState().masked, canaryMasked);
    });
  }

  it('the commands and views still work after all that (activation never depended on storage)', async () => {
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('twelvelabs.refreshIndexes'));
    const refreshed = await run<{ outcome: string }>('twelvelabs.refreshIndexes');
    assert.equal(refreshed.outcome, 'loaded');
  });
});
