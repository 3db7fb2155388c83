import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { productionBuild } from './productionBuild';
import { createContextStandIn, withVscodeStandIn } from './vscodeStandIn';

/**
 * Activation must complete whatever the keyring does: the first read runs in the background and a
 * failure becomes a state, never an exception out of activate() or an unhandled rejection.
 */
describe('activation with a broken SecretStorage (bundle in plain Node)', () => {
  let bundle = '';
  before(async function () {
    this.timeout(60_000);
    bundle = path.join((await productionBuild()).dir, 'extension.js');
  });
  const noEvent = () => ({ dispose: () => undefined });
  const broken = {
    throws: {
      get: () => {
        throw new Error('keyring backend crashed');
      },
      store: () => {
        throw new Error('keyring backend crashed');
      },
      delete: () => {
        throw new Error('keyring backend crashed');
      },
      onDidChange: noEvent,
    },
    rejects: {
      get: () => Promise.reject(new Error('locked collection')),
      store: () => Promise.reject(new Error('locked collection')),
      delete: () => Promise.reject(new Error('locked collection')),
      onDidChange: noEvent,
    },
    'never answers': {
      get: () => new Promise(() => undefined),
      store: () => new Promise(() => undefined),
      delete: () => new Promise(() => undefined),
      onDidChange: noEvent,
    },
  };

  for (const [name, secrets] of Object.entries(broken)) {
    it(`get ${name}: activate() returns at once and nothing is left unhandled`, async () => {
      const base = createContextStandIn() as Record<string, unknown>;
      const context = new Proxy({}, { get: (_t, property: string) => (property === 'secrets' ? secrets : base[property]) });
      delete require.cache[bundle];
      const unhandled: unknown[] = [];
      const onUnhandled = (reason: unknown) => unhandled.push(reason);
      // Replaces the suite-wide handler for the duration, so a failure is reported here, by name.
      const previous = process.listeners('unhandledRejection');
      process.removeAllListeners('unhandledRejection');
      process.on('unhandledRejection', onUnhandled);
      try {
        const started = Date.now();
        withVscodeStandIn(() => {
          // eslint-disable-next-line @typescript-eslint/no-require-imports
          const extension = require(bundle) as { activate(context: unknown): unknown };
          assert.doesNotThrow(() => extension.activate(context));
        });
        assert.ok(Date.now() - started < 2000, 'activation did not wait on the keyring');
        await new Promise((resolve) => setTimeout(resolve, 50));
      } finally {
        process.removeListener('unhandledRejection', onUnhandled);
        for (const listener of previous) {
          process.on('unhandledRejection', listener);
        }
      }
      assert.deepEqual(unhandled.map(String), []);
    });
  }
});
