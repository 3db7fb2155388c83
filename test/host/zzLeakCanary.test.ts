/**
 * The leak canary, inside the host. A root-level afterEach (it applies to every test of the suite, in
 * every file) collects what each test left behind, and a root-level after hook fails the run on any
 * hit, once every suite has run, whatever the order of the files. Together with the harness's scan of every file the host wrote and of its captured output, the
 * canary is searched for in: the log channel, globalState and workspaceState, every notification the
 * features recorded, and (unit tests) the fake server's error pages.
 */
import * as assert from 'node:assert/strict';
import type { ExtensionTestApi } from '../build/testApi';
import { CANARY_KEYS, canaryForms } from '../canary';
import { activateExtension } from './support';

interface Hit {
  test: string;
  where: string;
  form: string;
}

const hits: Hit[] = [];
let checkedAfter = 0;

/** Every account's key the suites store is a canary. */
function scan(text: string, where: string, test: string): void {
  for (const [index, key] of CANARY_KEYS.entries()) {
    const [plain, urlEncoded] = canaryForms(key);
    for (const form of canaryForms(key)) {
      if (text.includes(form)) {
        const which = index === 0 ? '' : ` (canary ${index + 1})`;
        hits.push({ test, where, form: `${form === plain ? 'verbatim' : form === urlEncoded ? 'URL-encoded' : 'base64'}${which}` });
      }
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
  scan(JSON.stringify(api.webviews.messages()), 'webview messages (Search view, player)', test);
  checkedAfter++;
}

afterEach(async function () {
  const test = this.currentTest?.fullTitle() ?? '?';
  collect(await activateExtension(), test);
});

// Root-level, like the afterEach above: it runs once every suite has, whatever order the files run in.
after(() => {
  assert.deepEqual(hits, [], `the canary leaked:\n${hits.map((h) => `${h.where} (${h.form}) after "${h.test}"`).join('\n')}`);
});

describe('leak canary (real host): globalState, workspaceState, notifications, log', () => {
  it('reads what the extension keeps, and finds no key in it so far', async () => {
    const api = await activateExtension();
    collect(api, 'this test');
    assert.ok(checkedAfter > 0, 'the collection ran');
    const mementos = api.reliability.mementos();
    assert.ok(Object.keys(mementos.globalState).length > 0, 'globalState was actually read');
    assert.deepEqual(hits, [], `the canary leaked:\n${hits.map((h) => `${h.where} (${h.form}) after "${h.test}"`).join('\n')}`);
  });
});
