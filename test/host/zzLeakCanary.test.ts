/**
 * The leak canary, inside the host. Named to run last. A root-level afterEach (it applies to every
 * test of the suite, in every file) collects what each test left behind; the final test fails on any
 * hit. Together with the harness's scan of every file the host wrote and of its captured output, the
 * canary is searched for in: the log channel, globalState and workspaceState, every notification the
 * features recorded, and (unit tests) the fake server's error pages.
 */
import * as assert from 'node:assert/strict';
import type { ExtensionTestApi } from '../build/testApi';
import { canaryForms } from '../canary';
import { activateExtension } from './support';

interface Hit {
  test: string;
  where: string;
  form: string;
}

const hits: Hit[] = [];
let checkedAfter = 0;

function scan(text: string, where: string, test: string): void {
  const [plain, urlEncoded] = canaryForms();
  for (const form of canaryForms()) {
    if (text.includes(form)) {
      hits.push({ test, where, form: form === plain ? 'verbatim' : form === urlEncoded ? 'URL-encoded' : 'base64' });
    }
  }
}

function collect(api: ExtensionTestApi, test: string): void {
  scan(api.logLines().join('\n'), 'log channel', test);
  const mementos = api.reliability.mementos();
  scan(JSON.stringify(mementos.globalState), 'globalState', test);
  scan(JSON.stringify(mementos.workspaceState), 'workspaceState', test);
  scan(JSON.stringify(api.notifications()), 'notifications and dialogs', test);
  scan(JSON.stringify(api.uploads.progressMessages()), 'upload progress', test);
  scan(JSON.stringify(api.keys.statusBar()), 'status bar', test);
  scan(String(api.indexes.viewMessage() ?? ''), 'Indexes view message', test);
  checkedAfter++;
}

afterEach(async function () {
  const test = this.currentTest?.fullTitle() ?? '?';
  collect(await activateExtension(), test);
});

describe('leak canary (real host): globalState, workspaceState, notifications, log', () => {
  it('the canary key appears nowhere the extension keeps or shows text, after any test of the run', async () => {
    const api = await activateExtension();
    collect(api, 'final');
    assert.ok(checkedAfter > 1, 'the per-test collection ran');
    const mementos = api.reliability.mementos();
    assert.ok(Object.keys(mementos.globalState).length > 0, 'globalState was actually read');
    assert.deepEqual(hits, [], `the canary leaked:\n${hits.map((h) => `${h.where} (${h.form}) after "${h.test}"`).join('\n')}`);
  });
});
