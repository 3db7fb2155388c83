import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CreateIndexResult, LoadMoreResult, RefreshResult, RenameIndexResult } from '../../src/indexes/results';
import type { CopyResult, CopySnippetResult, FilterResult, ShowDetailsResult } from '../../src/indexes/results';
import type { ExtensionTestApi, QuickInputProbe, TreeNodeSnapshot } from '../build/testApi';
import { canaryForms } from '../canary';
import type { FakeTwelveLabs } from '../fake/server';
import { CANARY_KEY, acceptQuickInput, activateExtension, nothingMoreWithin, quickInputStep, quickInputUpdatesSent, screenshot, startFake, setSetting, ui, waitFor } from './support';

function run<T>(command: string, ...args: unknown[]): Thenable<T> {
  return vscode.commands.executeCommand<T>(command, ...args);
}

const indexNodes = (nodes: TreeNodeSnapshot[]) => nodes.filter((node) => node.contextValue === 'twelvelabs.index');

describe('Indexes view and Create Index (real host)', () => {
  let api: ExtensionTestApi;
  let fake: FakeTwelveLabs;

  /** Waits until the reload a key or setting change set off has finished, then forgets its requests. */
  async function quiet(): Promise<void> {
    await api.keys.settled();
    await api.indexes.settled();
    fake.clearRequests();
  }

  async function resetAccount(seed = 0): Promise<void> {
    for (const index of fake.listIndexes()) {
      await api.indexes.deleteConfirmed(index._id);
    }
    if (seed > 0) {
      fake.seedIndexes(seed);
    }
    if (api.indexes.contextKeys().indexFilterActive) {
      await run('twelvelabs.clearIndexFilter');
    }
    fake.clearFaults();
    await quiet();
  }

  before(async () => {
    api = await activateExtension();
    fake = await startFake();
    const saved = await api.keys.store({ key: CANARY_KEY });
    assert.equal(saved.status, 'saved');
    await quiet();
  });

  after(async () => {
    await api.keys.clear();
    await fake?.close();
    await setSetting('apiUrl', undefined);
  });

  describe('empty state', () => {
    before(() => resetAccount());

    it('an account without indexes loads after one request and shows the "Create Index" welcome', async () => {
      const result = await run<RefreshResult>('twelvelabs.refreshIndexes');
      assert.deepEqual(result, { outcome: 'loaded', shown: 0, total: 0, filter: undefined });
      assert.equal(fake.requests.filter((r) => r.path === '/indexes').length, 1);
      assert.deepEqual(await api.indexes.rootNodes(), []);
      assert.deepEqual(api.indexes.contextKeys(), { indexesLoaded: true, hasIndexes: false, indexFilterActive: false });
      assert.equal(api.indexes.viewMessage(), undefined);
      await vscode.commands.executeCommand('twelvelabs.indexes.focus');
      await screenshot('indexes-empty');
    });
  });

  describe('create, see, rename, delete', () => {
    before(() => resetAccount());

    let createdId = '';

    it('Create Index with arguments: no prompts, POST /indexes, the index in the tree', async () => {
      const result = await run<CreateIndexResult>('twelvelabs.createIndex', {
        name: 'host-created',
        models: ['marengo3.0', { model_name: 'pegasus1.2', model_options: ['visual'] }],
        addons: ['thumbnail'],
      });
      assert.equal(result.outcome, 'created', JSON.stringify(result));
      assert.ok(result.outcome === 'created');
      createdId = result.indexId;
      assert.match(createdId, /^[0-9a-f]{24}$/);
      assert.equal(result.recovered, false);

      const post = fake.requests.filter((r) => r.method === 'POST' && r.path === '/indexes');
      assert.equal(post.length, 1);
      assert.deepEqual(post[0].body, {
        index_name: 'host-created',
        models: [
          { model_name: 'marengo3.0', model_options: ['visual', 'audio'] },
          { model_name: 'pegasus1.2', model_options: ['visual'] },
        ],
        addons: ['thumbnail'],
      });

      const node = indexNodes(await api.indexes.rootNodes()).find((n) => n.id === createdId);
      assert.ok(node, 'the new index is in the tree, under its id');
      assert.equal(node.label, 'host-created');
      assert.match(String(node.description), /marengo3\.0, pegasus1\.2 · 0 videos · 0:00/);
      assert.match(String(node.tooltip), new RegExp(createdId));
      assert.match(String(node.tooltip), /thumbnail/);
      // The same date format as the key status: the display language's, through Intl.
      const createdAt = fake.listIndexes().find((index) => index._id === createdId)?.created_at ?? '';
      const asKeyStatusShowsIt = new Intl.DateTimeFormat(vscode.env.language, { dateStyle: 'medium', timeStyle: 'short' }).format(Date.parse(createdAt));
      assert.ok(String(node.tooltip).includes(`Created: ${asKeyStatusShowsIt}`), String(node.tooltip));
      assert.deepEqual(api.indexes.contextKeys(), { indexesLoaded: true, hasIndexes: true, indexFilterActive: false });
      const info = api.notifications().at(-1);
      assert.ok(info?.message.includes(createdId), 'the new id is shown');
      assert.deepEqual(info?.actions, ['Upload Video…', 'Copy ID'], 'a new index offers its first upload');
      await screenshot('indexes-created');
    });

    it('a duplicate name is caught before sending', async () => {
      fake.clearRequests();
      const result = await run<CreateIndexResult>('twelvelabs.createIndex', { name: 'host-created', models: ['marengo3.0'] });
      assert.equal(result.outcome, 'failed');
      assert.ok(result.outcome === 'failed');
      assert.equal(result.error.code, 'index_name_already_exists');
      assert.equal(fake.requests.filter((r) => r.method === 'POST').length, 0);
    });

    it('the server refusing a model comes back verbatim', async () => {
      const result = await run<CreateIndexResult>('twelvelabs.createIndex', { name: 'old-model', models: ['marengo2.7'] });
      assert.ok(result.outcome === 'failed', JSON.stringify(result));
      assert.equal(result.error.code, 'parameter_invalid');
      const shown = api.notifications().at(-1);
      assert.ok(shown?.message.includes(result.error.message), 'the server message is shown as is');
    });

    it('a POST whose answer is lost is looked up by name, never sent twice', async () => {
      fake.clearRequests();
      fake.injectFault({ kind: 'reset', method: 'POST', path: '/indexes', afterResponse: true });
      const result = await run<CreateIndexResult>('twelvelabs.createIndex', { name: 'lost-answer', models: ['marengo3.0'] });
      assert.ok(result.outcome === 'created', JSON.stringify(result));
      assert.equal(result.recovered, true);
      assert.equal(fake.requests.filter((r) => r.method === 'POST').length, 1);
      assert.equal(fake.listIndexes().filter((i) => i.index_name === 'lost-answer').length, 1);
    });

    it('rename: PUT, and the node keeps its id with the new label', async () => {
      const result = await run<RenameIndexResult>('twelvelabs.renameIndex', { indexId: createdId }, { name: 'host-renamed' });
      assert.deepEqual(result, { outcome: 'renamed', indexId: createdId, oldName: 'host-created', newName: 'host-renamed' });
      assert.equal(fake.listIndexes().find((i) => i._id === createdId)?.index_name, 'host-renamed');
      const node = indexNodes(await api.indexes.rootNodes()).find((n) => n.id === createdId);
      assert.equal(node?.label, 'host-renamed');
    });

    it('copy code snippet: the index id and the environment variable, never the key', async () => {
      for (const language of ['python', 'javascript', 'curl'] as const) {
        const result = await run<CopySnippetResult>('twelvelabs.copyCodeSnippet', { indexId: createdId }, { language });
        assert.ok(result.outcome === 'copied');
        assert.ok(result.text.includes(createdId));
        assert.ok(result.text.includes('TWELVE_LABS_API_KEY'));
        for (const form of canaryForms()) {
          assert.ok(!result.text.includes(form));
        }
      }
    });

    it('show details and copy the id', async () => {
      const details = await run<ShowDetailsResult>('twelvelabs.showIndexDetails', { indexId: createdId });
      assert.ok(details.outcome === 'shown', JSON.stringify(details));
      assert.equal((JSON.parse(details.content) as { _id: string })._id, createdId);
      const document = vscode.window.activeTextEditor?.document;
      assert.ok(document, 'the details are shown');
      assert.equal(document.languageId, 'json');
      // Read-only and named after the index: closing it asks nothing, and typing into it is refused.
      assert.equal(document.uri.scheme, 'twelvelabs-index');
      assert.equal(document.isUntitled, false);
      assert.match(document.uri.path, /\/host-renamed\.json$/);
      assert.equal(document.getText(), details.content);
      assert.equal(document.isDirty, false);
      if (ui.available()) {
        // The editor says so itself, where a user would try to type.
        await ui.run([{ waitFor: '.tab.active', text: 'host-renamed.json' }, { click: '.editor-instance .view-lines' }, { type: 'x' }, { waitFor: '.monaco-editor-overlaymessage', text: 'read-only' }]);
      }
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      const copied = await run<CopyResult>('twelvelabs.copyIndexId', createdId);
      assert.deepEqual(copied, { outcome: 'copied', text: createdId });
    });

    it('delete: DELETE, and the node is gone', async () => {
      const result = await api.indexes.deleteConfirmed(createdId);
      assert.deepEqual(result, { outcome: 'deleted', indexId: createdId, name: 'host-renamed' });
      assert.ok(!fake.listIndexes().some((i) => i._id === createdId));
      assert.ok(!(await api.indexes.rootNodes()).some((n) => n.id === createdId));
    });
  });

  describe('the Create Index wizard', () => {
    before(() => resetAccount());

    const step = (n: number): Promise<QuickInputProbe> => quickInputStep(api, n);
    const accept = acceptQuickInput;

    function tick(probe: QuickInputProbe, labels: (item: vscode.QuickPickItem) => boolean): void {
      assert.equal(probe.kind, 'quickPick');
      const pick = probe.input as vscode.QuickPick<vscode.QuickPickItem>;
      pick.selectedItems = pick.items.filter((item) => item.kind !== vscode.QuickPickItemKind.Separator && labels(item));
    }

    it('five steps with a counter and Back; the POST carries what was picked', async () => {
      const pending = run<CreateIndexResult>('twelvelabs.createIndex');

      let probe = await step(1);
      assert.equal(probe.kind, 'inputBox');
      assert.equal(probe.totalSteps, 5);
      assert.equal(probe.title, 'Create Index');
      (probe.input as vscode.InputBox).value = 'wizard-made';
      await screenshot('wizard-step-1');
      await accept();

      probe = await step(2);
      const models = (probe.input as vscode.QuickPick<vscode.QuickPickItem>).items.map((item) => item.label);
      assert.deepEqual(models.slice(0, 2), ['marengo3.0', 'pegasus1.2']);
      assert.ok(probe.input.buttons.includes(vscode.QuickInputButtons.Back), 'step 2 has a Back button');

      // Back to the name: it is kept.
      await quickInputUpdatesSent();
      await vscode.commands.executeCommand('workbench.action.quickInputBack');
      probe = await step(1);
      assert.equal((probe.input as vscode.InputBox).value, 'wizard-made');
      await accept();

      probe = await step(2);
      tick(probe, (item) => item.label === 'marengo3.0' || item.label === 'pegasus1.2');
      await accept();

      probe = await step(3);
      // Both options are ticked by default; keep only visual for Pegasus.
      const ticked = (probe.input as vscode.QuickPick<vscode.QuickPickItem>).selectedItems.map((item) => `${item.description}:${item.label}`);
      assert.deepEqual(ticked.sort(), ['marengo3.0:audio', 'marengo3.0:visual', 'pegasus1.2:audio', 'pegasus1.2:visual']);
      tick(probe, (item) => !(item.description === 'pegasus1.2' && item.label === 'audio'));
      await accept();

      probe = await step(4);
      tick(probe, (item) => item.label === 'thumbnail');
      await accept();

      probe = await step(5);
      const summary = (probe.input as vscode.QuickPick<vscode.QuickPickItem>).items[0];
      assert.match(String(summary.detail), /marengo3\.0 \(visual, audio\), pegasus1\.2 \(visual\) · thumbnail/);
      await screenshot('wizard-step-5');
      await accept();

      const result = await pending;
      assert.ok(result.outcome === 'created', JSON.stringify(result));
      assert.equal(result.name, 'wizard-made');
      const post = fake.requests.find((r) => r.method === 'POST' && r.path === '/indexes');
      assert.deepEqual(post?.body, {
        index_name: 'wizard-made',
        models: [
          { model_name: 'marengo3.0', model_options: ['visual', 'audio'] },
          { model_name: 'pegasus1.2', model_options: ['visual'] },
        ],
        addons: ['thumbnail'],
      });
      assert.ok((await api.indexes.rootNodes()).some((n) => n.id === result.indexId && n.label === 'wizard-made'));
      assert.equal(api.indexes.activeQuickInput(), undefined);
    });

    it('a model Twelve Labs refuses for new indexes is explained on the models step, which is offered again without it', async () => {
      // A server that, like the platform since 2026-08, takes no pegasus1.2 for new indexes.
      const strict = await startFake({ models: ['marengo3.0'] });
      try {
        const pending = run<CreateIndexResult>('twelvelabs.createIndex');
        let probe = await step(1);
        (probe.input as vscode.InputBox).value = 'refused-model';
        await accept();
        probe = await step(2);
        tick(probe, (item) => item.label === 'marengo3.0' || item.label === 'pegasus1.2');
        await accept();
        for (const n of [3, 4, 5]) {
          await step(n);
          await accept();
        }
        probe = await waitFor('the models step again', () => {
          const again = api.indexes.activeQuickInput();
          return again?.step === 2 && !again.input.busy ? again : undefined;
        });
        const pick = probe.input as vscode.QuickPick<vscode.QuickPickItem>;
        assert.match(pick.placeholder ?? '', /^Twelve Labs refused pegasus1\.2 for new indexes \("The models\[1\]\.model_name parameter is invalid\."\)\. Pick another model/);
        assert.deepEqual(pick.items.map((item) => item.label), ['marengo3.0'], 'the refused model is not offered again');
        await accept();
        for (const n of [3, 4, 5]) {
          await step(n);
          await accept();
        }
        const result = await pending;
        assert.ok(result.outcome === 'created', JSON.stringify(result));
        assert.deepEqual(result.models.map((model) => model.model_name), ['marengo3.0']);
        assert.equal(strict.requests.filter((r) => r.method === 'POST' && r.path === '/indexes').length, 2);
      } finally {
        await strict.close();
        await setSetting('apiUrl', fake.url);
      }
    });

    it('a duplicate name keeps the wizard on step 1 with a message, and Escape cancels', async () => {
      const [taken] = fake.seedIndexes(1, { namePrefix: 'taken-name' });
      const takenName = fake.listIndexes().find((index) => index._id === taken)?.index_name ?? '';
      const pending = run<CreateIndexResult>('twelvelabs.createIndex');
      const probe = await step(1);
      const box = probe.input as vscode.InputBox;
      const text = () => (typeof box.validationMessage === 'string' ? box.validationMessage : box.validationMessage?.message);
      assert.equal(text(), undefined, 'no complaint before Enter');
      box.value = takenName;
      fake.clearRequests();
      await accept();
      const message = await waitFor('the duplicate message', () => (text()?.includes('already exists') ? text() : undefined));
      assert.ok(message.includes(`“${takenName}”`), message);
      assert.equal(api.indexes.activeQuickInput()?.step, 1);
      assert.equal(fake.requests.filter((r) => r.method === 'POST').length, 0);
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
      assert.deepEqual(await pending, { outcome: 'cancelled' });
    });
  });

  describe('paging', () => {
    before(() => resetAccount(120));

    it('120 indexes: 50 after exactly one request, then "Load more…" twice, never an empty page', async () => {
      const result = await run<RefreshResult>('twelvelabs.refreshIndexes');
      assert.deepEqual(result, { outcome: 'loaded', shown: 50, total: 120, filter: undefined });
      assert.equal(fake.requests.length, 1);
      let nodes = await api.indexes.rootNodes();
      assert.equal(indexNodes(nodes).length, 50);
      const more = nodes.at(-1);
      assert.equal(more?.label, 'Load more…');
      assert.equal(more?.command?.command, 'twelvelabs.loadMore');
      assert.equal(fake.requests.length, 1, 'showing the nodes cost no further request');
      await screenshot('indexes-paged');

      const second = await run<LoadMoreResult>('twelvelabs.loadMore', ...(more?.command?.arguments ?? []));
      assert.deepEqual(second, { outcome: 'loaded', scope: 'indexes', added: 50, shown: 100, total: 120 });
      const third = await run<LoadMoreResult>('twelvelabs.loadMore', { kind: 'indexes' });
      assert.deepEqual(third, { outcome: 'loaded', scope: 'indexes', added: 20, shown: 120, total: 120 });
      nodes = await api.indexes.rootNodes();
      assert.equal(indexNodes(nodes).length, 120);
      assert.ok(!nodes.some((n) => n.label === 'Load more…'));
      assert.deepEqual(
        fake.requests.map((r) => r.query.page),
        ['1', '2', '3'],
      );
      assert.equal(new Set(nodes.map((n) => n.id)).size, nodes.length, 'ids are unique');
      // Seeded free-plan indexes are 1 to 120 days old and expire 90 days after creation.
      const soon = nodes.filter((n) => n.icon === 'warning');
      assert.ok(soon.length > 0, 'indexes within 14 days of expires_at carry a warning icon');
      assert.match(String(soon[0].tooltip), /\$\(warning\) Expires: /);
      assert.ok(nodes.some((n) => n.icon === 'database'), 'the others do not');

      // Refresh keeps what "Load more…" loaded: three pages again, not back to the first 50.
      fake.clearRequests();
      const refreshed = await run<RefreshResult>('twelvelabs.refreshIndexes');
      assert.deepEqual(refreshed, { outcome: 'loaded', shown: 120, total: 120, filter: undefined });
      assert.deepEqual(
        fake.requests.map((r) => r.query.page),
        ['1', '2', '3'],
      );
      assert.equal(indexNodes(await api.indexes.rootNodes()).length, 120);
    });

    it('videos are paged under their index', async () => {
      const [id] = fake.seedIndexes(1, { namePrefix: 'with-videos', videosPerIndex: 25 });
      // Filtered, so that the index is on the first page whatever the sort order.
      await run('twelvelabs.filterIndexes', { name: 'with-videos' });
      const videos = await api.indexes.childNodes(id);
      assert.equal(videos.filter((n) => n.contextValue === 'twelvelabs.video').length, 20);
      assert.match(videos[0].label, /\.mp4$/);
      assert.match(String(videos[0].description), /^\d+:\d\d( · \d+×\d+)?$/);
      assert.equal(videos[0].accessibilityLabel, `Video ${videos[0].label}, ${String(videos[0].description)}`);
      assert.equal(videos.at(-1)?.label, 'Load more…');
      const more = await run<LoadMoreResult>('twelvelabs.loadMore', { kind: 'videos', indexId: id });
      assert.deepEqual(more, { outcome: 'loaded', scope: 'videos', indexId: id, added: 5, shown: 25, total: 25 });
      const all = await api.indexes.childNodes(id);
      assert.equal(all.length, 25);
      await run('twelvelabs.clearIndexFilter');
    });

    it('filter by name: the server filter, a context key, and Clear', async () => {
      fake.seedIndexes(3, { namePrefix: 'alpha' });
      // The unfiltered total comes from the last unfiltered page 1.
      await run('twelvelabs.refreshIndexes');
      const filtered = await run<FilterResult>('twelvelabs.filterIndexes', { name: 'alpha' });
      assert.ok(filtered.outcome === 'filtered', JSON.stringify(filtered));
      assert.equal(filtered.total, 3);
      assert.equal(fake.requests.at(-1)?.query.index_name, 'alpha');
      assert.equal(api.indexes.contextKeys().indexFilterActive, true);
      // The filter is never on unseen: the view's description says what it is and how much it hides.
      assert.equal(api.indexes.viewDescription(), `Filtered: “alpha” — 3 of ${fake.listIndexes().length}`);
      const cleared = await run<RefreshResult>('twelvelabs.clearIndexFilter');
      assert.ok(cleared.outcome === 'loaded');
      assert.equal(api.indexes.contextKeys().indexFilterActive, false);
      assert.equal(api.indexes.viewDescription(), undefined);
    });

    it('a filter that matches nothing says so in one node that clears it', async () => {
      await run('twelvelabs.refreshIndexes');
      await run<FilterResult>('twelvelabs.filterIndexes', { name: 'no-such-index' });
      const [node, ...rest] = await api.indexes.rootNodes();
      assert.deepEqual(rest, []);
      assert.equal(node.label, 'No index name contains “no-such-index”: click to clear the filter');
      assert.equal(node.command?.command, 'twelvelabs.clearIndexFilter');
      await vscode.commands.executeCommand(node.command.command);
      assert.ok((await api.indexes.rootNodes()).some((n) => n.contextValue === 'twelvelabs.index'));
    });
  });

  describe('key changes', () => {
    const SECOND_KEY = 'tlk_HOSTtestFAKEindexesSECONDkey0a1b';
    before(() => resetAccount(3));
    after(async () => {
      await api.keys.clear();
      await api.keys.store({ key: CANARY_KEY });
      await quiet();
    });

    it('a new key reloads the visible view with that key', async () => {
      fake.addKey(SECOND_KEY);
      await vscode.commands.executeCommand('twelvelabs.indexes.focus');
      await run('twelvelabs.refreshIndexes');
      await waitFor('the view to be visible', () => api.indexes.viewVisible());
      fake.clearRequests();
      const rotated = await api.keys.rotate({ key: SECOND_KEY });
      assert.equal(rotated.status, 'rotated');
      const reload = await waitFor('a reload with the new key', () =>
        fake.requests.find((r) => r.path === '/indexes' && r.query.page_limit === '50' && r.headers['x-api-key'] === SECOND_KEY),
      );
      assert.equal(reload.query.page, '1');
      await waitFor('three indexes in the tree', async () => indexNodes(await api.indexes.rootNodes()).length === 3);
    });
  });

  describe('errors', () => {
    before(() => resetAccount(2));
    afterEach(async () => {
      fake.clearFaults();
      // A 401 marks the key as rejected; setting it again clears that for the next tests.
      await api.keys.clear();
      await api.keys.store({ key: CANARY_KEY });
      await quiet();
    });

    it('a 401 shows the server message in the view with Rotate API Key, and does not loop', async () => {
      fake.injectFault({ kind: 'unauthorized', times: Infinity });
      const result = await run<RefreshResult>('twelvelabs.refreshIndexes');
      assert.ok(result.outcome === 'failed');
      assert.equal(result.error.status, 401);
      assert.equal(result.error.code, 'api_key_invalid');
      const message = api.indexes.viewMessage();
      assert.ok(message?.includes(result.error.message), `view message: ${message}`);
      const nodes = await api.indexes.rootNodes();
      assert.ok(nodes.some((n) => n.command?.command === 'twelvelabs.rotateApiKey'), 'offers Rotate API Key');
      for (const form of canaryForms(CANARY_KEY)) {
        assert.ok(!String(message).includes(form));
      }
      await screenshot('indexes-401');
      // The key store marks the key rejected; that must not make the view fetch again and again.
      await nothingMoreWithin(800);
      assert.ok(fake.requests.length <= 2, `requests after a 401: ${fake.requests.length}`);
    });

    it('a 503 that outlasts the retries shows a Retry action, and Retry recovers', async () => {
      fake.injectFault({ kind: 'unavailable', times: 4 });
      const result = await run<RefreshResult>('twelvelabs.refreshIndexes');
      assert.ok(result.outcome === 'failed', JSON.stringify(result));
      assert.equal(result.error.status, 503);
      const nodes = await api.indexes.rootNodes();
      const retry = nodes.find((n) => n.command?.command === 'twelvelabs.refreshIndexes');
      assert.equal(retry?.label, 'Retry');
      const again = await run<RefreshResult>(retry.command?.command ?? '');
      assert.ok(again.outcome === 'loaded');
      assert.equal(api.indexes.viewMessage(), undefined);
    });

    it('a 401 on Create Index is reported with Rotate API Key as the next step', async () => {
      fake.injectFault({ kind: 'unauthorized', method: 'POST', path: '/indexes' });
      const result = await run<CreateIndexResult>('twelvelabs.createIndex', { name: 'refused', models: ['marengo3.0'] });
      assert.ok(result.outcome === 'failed', JSON.stringify(result));
      assert.equal(result.error.code, 'api_key_invalid');
      const shown = api.notifications().at(-1);
      assert.ok(shown?.message.includes(result.error.message));
      assert.deepEqual(shown?.actions, ['Rotate API Key']);
    });

    it('without a key the view is empty and shows the "Set API Key" welcome', async () => {
      await api.keys.clear();
      await api.keys.settled();
      const result = await run<RefreshResult>('twelvelabs.refreshIndexes');
      assert.deepEqual(result, { outcome: 'noKey' });
      assert.deepEqual(await api.indexes.rootNodes(), []);
      assert.equal(api.indexes.contextKeys().indexesLoaded, false);
    });
  });
});
