import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { createContextStandIn, withVscodeStandIn } from './vscodeStandIn';

/** Node modules that only the HTTP stack (axios, form-data) needs. */
const HTTP_STACK = ['http', 'https', 'http2', 'zlib', 'net', 'tls', 'node:http', 'node:https', 'node:zlib'];

describe('activation (bundle in plain Node)', () => {
  it('loads neither axios nor form-data: no HTTP module is required while loading and activating', () => {
    const bundle = path.join(__dirname, '..', '..', '..', 'dist', 'extension.js');
    delete require.cache[bundle];
    const requested = withVscodeStandIn((log) => {
      // A plain require on purpose: the bundle must be loaded the way VS Code loads it.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const extension = require(bundle) as { activate(context: unknown): unknown };
      extension.activate(createContextStandIn());
      return [...log];
    });
    assert.ok(requested.includes('vscode'), 'the bundle did not load at all');
    const loadedHttp = requested.filter((id) => HTTP_STACK.includes(id));
    assert.deepEqual(loadedHttp, [], `activation loaded the HTTP stack: ${loadedHttp.join(', ')}`);
  });
});
