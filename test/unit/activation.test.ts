import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { allCommandIds } from '../../src/common/commandIds';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { productionBuild, repoRoot } from './productionBuild';
import { createContextStandIn, withVscodeStandIn } from './vscodeStandIn';

/** Node modules that only the HTTP stack (axios, form-data) needs. */
const HTTP_STACK = ['http', 'https', 'http2', 'zlib', 'net', 'tls', 'node:http', 'node:https', 'node:zlib'];

type Handler = (...args: unknown[]) => unknown;
interface Activation {
  /** Every module id required from loading the shell until the window settled. */
  requested: string[];
  commands: Map<string, Handler>;
  /** The data provider the Indexes view was given. */
  indexes: () => { getChildren(element?: unknown): unknown };
  executed: { id: string; args: unknown[] }[];
}

const settle = async () => {
  for (let i = 0; i < 10; i++) {
    await new Promise((resolve) => setImmediate(resolve));
  }
};

/**
 * Loads the shipped bundles afresh (as VS Code loads them), activates, and lets the window settle.
 * Commands registered with the stand-in are kept, so a test can invoke one as VS Code would.
 */
async function activate(contextOverrides: Record<string, unknown> = {}, then?: (activation: Activation) => Promise<void>): Promise<Activation> {
  const { dir } = await productionBuild();
  for (const bundle of ['extension.js', 'client.js']) {
    delete require.cache[path.join(dir, bundle)];
  }
  const commands = new Map<string, Handler>();
  const executed: Activation['executed'] = [];
  let indexesProvider: { getChildren(element?: unknown): unknown } | undefined;
  const indexes = () => {
    assert.ok(indexesProvider, 'no view was created');
    return indexesProvider;
  };
  return withVscodeStandIn(
    async (requested) => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded the way VS Code loads it.
      const extension = require(path.join(dir, 'extension.js')) as { activate(context: unknown): unknown };
      extension.activate(createContextStandIn(contextOverrides));
      await settle();
      const activation = { requested, commands, executed, indexes };
      await then?.(activation);
      return { ...activation, requested: [...requested] };
    },
    (vscode) => {
      const createView = vscode.window.createTreeView as Handler;
      vscode.window.createTreeView = (id: string, options: { treeDataProvider: typeof indexesProvider }) => {
        indexesProvider = options.treeDataProvider;
        return createView(id, options);
      };
      vscode.commands.registerCommand = (id: string, handler: Handler) => {
        assert.ok(!commands.has(id), `${id} registered twice`);
        commands.set(id, handler);
        return { dispose: () => commands.delete(id) };
      };
      vscode.commands.executeCommand = (id: string, ...args: unknown[]) => {
        executed.push({ id, args });
        return Promise.resolve(commands.get(id)?.(...args));
      };
    },
  );
}

const bundlesRequired = (requested: string[]) => requested.filter((id) => id.startsWith('./'));

describe('activation (the shipped bundles in plain Node)', function () {
  // The first test builds the bundles.
  this.timeout(60_000);

  it('the activation benchmark\'s probe (npm run bench) activates the shipped bundle under its own vscode stand-in', async () => {
    const { dir } = await productionBuild();
    const probe = path.join(repoRoot, 'out', 'bench', 'activationProbe.js');
    const { stdout } = await promisify(execFile)(process.execPath, [probe, path.join(dir, 'extension.js')]);
    const result = JSON.parse(stdout) as { ms: number; httpLoaded: boolean; bundlesLoadedOnceSettled: string[] };
    assert.equal(result.httpLoaded, false);
    assert.deepEqual(result.bundlesLoadedOnceSettled, []);
  });

  it('a window with no key registers every command once and loads neither the client bundle nor the HTTP stack', async () => {
    const { requested, commands } = await activate();
    assert.ok(requested.includes('vscode'), 'the bundle did not load at all');
    assert.deepEqual(bundlesRequired(requested), []);
    const loadedHttp = requested.filter((id) => HTTP_STACK.includes(id));
    assert.deepEqual(loadedHttp, [], `activation loaded the HTTP stack: ${loadedHttp.join(', ')}`);
    assert.deepEqual([...commands.keys()].sort(), [...allCommandIds].sort());
  });

  it('a stored key is read, but nothing is sent: no client bundle, no HTTP stack', async () => {
    const reads: string[] = [];
    const secrets = {
      get: (name: string) => {
        reads.push(name);
        return Promise.resolve(name === 'twelvelabs.apiKey' ? '{"v":1,"key":"tlk_FAKEactivation0000000000","id":"a"}' : undefined);
      },
      store: () => Promise.resolve(),
      delete: () => Promise.resolve(),
      onDidChange: () => ({ dispose: () => undefined }),
    };
    const { requested } = await activate({ secrets });
    // The key, the list of further accounts (none) and the default account: each once, however many features ask for the key.
    assert.deepEqual(reads.sort(), ['twelvelabs.accounts', 'twelvelabs.accounts.default', 'twelvelabs.apiKey'], 'SecretStorage is read once per entry at startup');
    assert.deepEqual(bundlesRequired(requested), []);
    assert.deepEqual(
      requested.filter((id) => HTTP_STACK.includes(id)),
      [],
    );
  });

  it('the Indexes view answers from the tree: an unusable API URL is told with a node that opens the setting, before any request', async () => {
    await activate({}, async ({ requested, indexes }) => {
      const children = await indexes().getChildren();
      const nodes = children as { kind: string; command?: { command: string; arguments?: unknown[] } }[];
      assert.deepEqual(
        nodes.map((node) => [node.kind, node.command?.command, node.command?.arguments]),
        [['message', 'workbench.action.openSettings', ['twelveLabs.apiUrl']]],
      );
      assert.deepEqual(bundlesRequired(requested), []);
    });
  });
});
