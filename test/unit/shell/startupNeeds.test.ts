import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { featuresNeededAtStartup } from '../../../src/shell/startupNeeds';
import { StorageKeys } from '../../../src/common/storageKeys';
import { FakeMemento } from '../fakes/memento';

type Secrets = Pick<vscode.SecretStorage, 'get'>;

const document = (scheme: string) => ({ uri: { scheme } }) as vscode.TextDocument;
const noSecret: Secrets = { get: () => Promise.resolve(undefined) };

function situation(options: { secrets?: Secrets; state?: Record<string, unknown>; documents?: vscode.TextDocument[]; environment?: NodeJS.ProcessEnv; timeoutMs?: number } = {}) {
  const globalState = new FakeMemento();
  for (const [key, value] of Object.entries(options.state ?? {})) {
    void globalState.update(key, value);
  }
  return {
    context: { secrets: options.secrets ?? noSecret, globalState },
    documents: options.documents ?? [],
    environment: options.environment ?? {},
    timeoutMs: options.timeoutMs ?? 1_000,
  };
}

describe('featuresNeededAtStartup (what makes the shell load the features)', () => {
  it('nothing: no key, no trace of one, no document, nothing to import or resume', async () => {
    assert.equal(await featuresNeededAtStartup(situation()), undefined);
  });

  it('a key in SecretStorage', async () => {
    const secrets: Secrets = { get: (key) => Promise.resolve(key === StorageKeys.apiKey ? '{"v":1}' : undefined) };
    assert.equal(await featuresNeededAtStartup(situation({ secrets })), 'a key is stored');
  });

  it('the trace of a stored key, without asking SecretStorage (the key store reports a lost key)', async () => {
    let asked = false;
    const secrets: Secrets = { get: () => ((asked = true), Promise.resolve(undefined)) };
    assert.equal(await featuresNeededAtStartup(situation({ secrets, state: { [StorageKeys.keyHint]: { id: 'x', setAt: 1 } } })), 'a key was stored');
    assert.equal(asked, false);
  });

  it('upload tasks to resume', async () => {
    assert.equal(await featuresNeededAtStartup(situation({ state: { [StorageKeys.pendingUploadTasks]: [{ taskId: 't' }] } })), 'upload tasks to resume');
  });

  it('TWELVE_LABS_API_KEY to offer, unless the offer was made', async () => {
    const environment = { TWELVE_LABS_API_KEY: 'tlk_FAKE0000000000000000' };
    assert.equal(await featuresNeededAtStartup(situation({ environment })), 'TWELVE_LABS_API_KEY to offer for import');
    assert.equal(await featuresNeededAtStartup(situation({ environment, state: { [StorageKeys.envImportOffered]: true } })), undefined);
    assert.equal(await featuresNeededAtStartup(situation({ environment: { TWELVE_LABS_API_KEY: '  ' } })), undefined);
  });

  it('an open document the key checks look at; not an output channel', async () => {
    assert.equal(await featuresNeededAtStartup(situation({ documents: [document('output')] })), undefined);
    assert.equal(await featuresNeededAtStartup(situation({ documents: [document('output'), document('file')] })), 'open documents to check for keys');
  });

  it('a SecretStorage that fails, throws or never answers hands over to the features key store', async () => {
    const rejects: Secrets = { get: () => Promise.reject(new Error('locked')) };
    const throws: Secrets = {
      get: () => {
        throw new Error('backend crashed');
      },
    };
    const hangs: Secrets = { get: () => new Promise(() => undefined) };
    assert.equal(await featuresNeededAtStartup(situation({ secrets: rejects })), 'secret storage failed');
    assert.equal(await featuresNeededAtStartup(situation({ secrets: throws })), 'secret storage failed');
    assert.equal(await featuresNeededAtStartup(situation({ secrets: hangs, timeoutMs: 20 })), 'secret storage did not answer');
  });
});
