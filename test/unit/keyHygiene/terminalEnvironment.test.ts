import * as assert from 'node:assert/strict';
import { Emitter } from '../../../src/common/emitter';
import type { KeyState } from '../../../src/common/keyStore';
import { silentLogger } from '../../../src/common/logging/logger';
import { checkVariableName } from '../../../src/common/variableName';
import type * as TerminalEnvironmentModule from '../../../src/keyHygiene/terminalEnvironment';
import { StoredKeyTracker } from '../../../src/keyHygiene/storedKey';
import { CANARY_KEY } from '../../canary';
import { loadWithVscode } from '../hostile/withL10n';

const REPLACE = 1;

/** The environment variable collection, as VS Code keeps it: names to replace-mutators. */
class FakeCollection {
  persistent = true;
  description: unknown;
  readonly values = new Map<string, string>();
  replace(name: string, value: string): void {
    this.values.set(name, value);
  }
  get(name: string): { type: number; value: string } | undefined {
    const value = this.values.get(name);
    return value === undefined ? undefined : { type: REPLACE, value };
  }
  delete(name: string): void {
    this.values.delete(name);
  }
  clear(): void {
    this.values.clear();
  }
  forEach(callback: (name: string) => void): void {
    [...this.values.keys()].forEach((name) => callback(name));
  }
}

/** Exactly what the terminal environment uses of `vscode`, so that its messages are real text. */
const TERMINAL_VSCODE = {
  MarkdownString: class {
    constructor(readonly value: string) {}
  },
  Disposable: { from: (...items: { dispose(): unknown }[]) => ({ dispose: () => items.forEach((item) => item.dispose()) }) },
  EnvironmentVariableMutatorType: { Replace: REPLACE },
};

describe('terminal environment: trust and refused names', () => {
  const present: KeyState = { kind: 'present', id: '1', masked: 'tlk_…X7Q9', setAt: 1, expiresAt: undefined, lastValidation: undefined, rejectedAt: undefined };

  async function start(options: { trusted: boolean; variable: string }) {
    const keyChanges = new Emitter<KeyState>();
    const keyStore = { onDidChange: keyChanges.event, getState: () => present, getKey: () => Promise.resolve(CANARY_KEY) };
    const storedKey = new StoredKeyTracker(keyStore, () => undefined);
    await storedKey.settled();
    const collection = new FakeCollection();
    const granted = new Emitter<void>();
    let trusted = options.trusted;
    const told: string[] = [];
    const settings = { injectApiKey: true, terminalVariable: checkVariableName(options.variable), onDidChange: () => ({ dispose: () => undefined }) };
    const { TerminalEnvironment } = loadWithVscode(
      TERMINAL_VSCODE,
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded with the minimal vscode
      () => require('../../../src/keyHygiene/terminalEnvironment') as typeof TerminalEnvironmentModule,
    );
    const terminal = new TerminalEnvironment(
      collection as never,
      storedKey,
      settings,
      { isTrusted: () => trusted, onDidGrant: (listener) => granted.event(listener) },
      (message) => told.push(message),
      silentLogger,
    );
    const grant = () => {
      trusted = true;
      granted.fire();
    };
    return { terminal, collection, told, grant, reapply: () => terminal.apply() };
  }

  it('in Restricted Mode injects nothing and says why once; trusting the workspace injects the key', async () => {
    const { collection, told, grant, reapply } = await start({ trusted: false, variable: 'TWELVE_LABS_API_KEY' });
    assert.equal(collection.values.size, 0);
    reapply();
    reapply();
    assert.equal(told.length, 1);
    assert.match(told[0], /Restricted Mode/);
    grant();
    assert.equal(collection.values.get('TWELVE_LABS_API_KEY'), CANARY_KEY);
  });

  it('a refused variable name gets the default name, and the user is told which name was refused, once', async () => {
    const { collection, told, reapply } = await start({ trusted: true, variable: 'LD_PRELOAD' });
    reapply();
    assert.deepEqual([...collection.values.keys()], ['TWELVE_LABS_API_KEY']);
    assert.equal(collection.values.get('LD_PRELOAD'), undefined);
    assert.equal(told.length, 1);
    assert.match(told[0], /LD_PRELOAD/);
  });
});
