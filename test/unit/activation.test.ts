import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { allCommandIds } from '../../src/common/commandIds';
import { createContextStandIn, withVscodeStandIn } from './vscodeStandIn';

/** Node modules that only the HTTP stack (axios, form-data) needs. */
const HTTP_STACK = ['http', 'https', 'http2', 'zlib', 'net', 'tls', 'node:http', 'node:https', 'node:zlib'];
const dist = path.join(__dirname, '..', '..', '..', 'dist');
const bundles = ['extension.js', 'idle.js', 'features.js', 'client.js'].map((name) => path.join(dist, name));

type Handler = (...args: unknown[]) => unknown;
interface Activation {
  /** Every module id required from loading the shell until the window settled. */
  requested: string[];
  commands: Map<string, Handler>;
  /** The data provider the shell gave the Indexes view. */
  indexes: () => { getChildren(element?: unknown): unknown };
  executed: { id: string; args: unknown[] }[];
}

const settle = async () => {
  for (let i = 0; i < 10; i++) {
    await new Promise((resolve) => setImmediate(resolve));
  }
};

/**
 * Loads the production-shaped bundles afresh (as VS Code loads them), activates, and lets the window
 * settle. Commands registered with the stand-in are kept, so a test can invoke one as VS Code would.
 */
async function activate(contextOverrides: Record<string, unknown> = {}, then?: (activation: Activation) => Promise<void>): Promise<Activation> {
  for (const bundle of bundles) {
    delete require.cache[bundle];
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
      const extension = require(path.join(dist, 'extension.js')) as { activate(context: unknown): unknown };
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

describe('activation (production-shaped bundles in plain Node)', () => {
  it('a window with no key and nothing open loads only the shell and the "Set key" item: no features, no HTTP stack', async () => {
    const { requested } = await activate();
    assert.ok(requested.includes('vscode'), 'the bundle did not load at all');
    assert.deepEqual(bundlesRequired(requested), ['./idle.js']);
    const loadedHttp = requested.filter((id) => HTTP_STACK.includes(id));
    assert.deepEqual(loadedHttp, [], `activation loaded the HTTP stack: ${loadedHttp.join(', ')}`);
  });

  it('registers every command at once, as stand-ins', async () => {
    const { commands } = await activate();
    assert.deepEqual([...commands.keys()].sort(), [...allCommandIds].sort());
  });

  it('a stored key loads the features once SecretStorage answers, but not the HTTP stack', async () => {
    const secrets = { get: () => Promise.resolve('{"v":1,"key":"tlk_FAKEactivation0000000000","id":"a"}'), store: () => Promise.resolve(), delete: () => Promise.resolve(), onDidChange: () => ({ dispose: () => undefined }) };
    const { requested } = await activate({ secrets });
    assert.deepEqual(bundlesRequired(requested), ['./features.js']);
    assert.deepEqual(
      requested.filter((id) => HTTP_STACK.includes(id)),
      [],
    );
  });

  it('showing the Indexes view loads the features, and the view gets the real tree\'s answer', async () => {
    await activate({}, async ({ requested, indexes }) => {
      assert.ok(!requested.includes('./features.js'));
      const children = await indexes().getChildren();
      assert.ok(requested.includes('./features.js'), 'the features were not loaded');
      // The real tree's answer: the stand-in's settings hold no usable API URL, and it says so with a
      // node that opens the setting (a stand-in provider would have had nothing to say).
      const nodes = children as { kind: string; command?: { command: string; arguments?: unknown[] } }[];
      assert.deepEqual(
        nodes.map((node) => [node.kind, node.command?.command, node.command?.arguments]),
        [['message', 'workbench.action.openSettings', ['twelvelabs.apiUrl']]],
      );
    });
  });

  it('the first command loads the features, which replace the stand-ins, and runs the real command with its arguments', async () => {
    await activate({}, async ({ commands, executed, requested }) => {
      const stand = commands.get('twelvelabs.copyIndexId');
      assert.ok(stand);
      await stand('idx-1');
      assert.ok(requested.includes('./features.js'), 'the features were not loaded');
      assert.deepEqual(executed.at(-1), { id: 'twelvelabs.copyIndexId', args: ['idx-1'] });
      // The real command is registered in its place: invoking it again does not go through a stand-in.
      assert.notEqual(commands.get('twelvelabs.copyIndexId'), stand);
      assert.deepEqual([...commands.keys()].sort(), [...allCommandIds].sort());
    });
  });
});
