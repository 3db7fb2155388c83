import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionTestApi } from '../build/testApi';
import { canaryForms } from '../canary';
import type { FakeTwelveLabs } from '../fake/server';
import type { AnalyzeVideoResult } from '../../src/analyze/results';
import { promptFor } from '../../src/analyze/templates';
import { CANARY_KEY, activateExtension, nothingMoreWithin, quickInputDriver, requireUi, screenshot, setSetting, startFake, ui, waitFor } from './support';

function run<T>(command: string, ...args: unknown[]): Thenable<T> {
  return vscode.commands.executeCommand<T>(command, ...args);
}

/** A transcript of 2-second lines, one per phrase. */
function lines(...phrases: string[]): { start: number; end: number; value: string }[] {
  return phrases.map((value, i) => ({ start: i * 2, end: i * 2 + 2, value }));
}

interface Answers {
  template: string;
  typed?: string;
  model?: string;
  temperature?: string;
  maxTokens?: string;
  format?: string;
}

const TEXT_FORMAT = 'Text (Markdown)';
const SCHEMA_FILE = 'analysis-schema.json';
const BROKEN_SCHEMA_FILE = 'broken-schema.json';

describe('Analyze Video (real host)', () => {
  let api: ExtensionTestApi;
  let fake: FakeTwelveLabs;
  let indexId: string;
  let kitchen: string;
  let long: string;
  let tiny: string;
  let huge: string;
  const quickInputs = quickInputDriver(() => api);

  const analyzeRequests = () => fake.requests.filter((r) => r.method === 'POST' && r.path.startsWith('/analyze'));
  const documentOf = (uri: string) => vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri);
  const untitledResults = () => vscode.workspace.textDocuments.filter((document) => document.uri.scheme === 'untitled' && !document.isClosed);

  /** The questions answered as a user does: the item highlighted and Enter, the value typed and Enter. */
  async function answer(answers: Answers): Promise<void> {
    const template = await quickInputs.nextInput(undefined, 'quickPick', quickInputs.hasItem(answers.template));
    await quickInputs.choose(template, answers.template);
    let previous: unknown = template;
    if (answers.typed !== undefined) {
      const box = await quickInputs.nextInput(previous, 'inputBox');
      await quickInputs.type(box, answers.typed);
      previous = box;
    }
    const model = await quickInputs.nextInput(previous, 'quickPick', quickInputs.hasItem(answers.model ?? 'pegasus1.5'));
    await quickInputs.choose(model, answers.model ?? 'pegasus1.5');
    const temperature = await quickInputs.nextInput(model, 'inputBox');
    await quickInputs.type(temperature, answers.temperature ?? '');
    const maxTokens = await quickInputs.nextInput(temperature, 'inputBox');
    await quickInputs.type(maxTokens, answers.maxTokens ?? '');
    const format = await quickInputs.nextInput(maxTokens, 'quickPick', quickInputs.hasItem(answers.format ?? TEXT_FORMAT));
    await quickInputs.choose(format, answers.format ?? TEXT_FORMAT);
  }

  async function analyze(videoId: string, answers: Answers, extra: Record<string, unknown> = {}): Promise<AnalyzeVideoResult> {
    const running = run<AnalyzeVideoResult>('twelvelabs.analyzeVideo', { indexId, videoId, ...extra });
    await answer(answers);
    return running;
  }

  function written(result: AnalyzeVideoResult): Extract<AnalyzeVideoResult, { outcome: 'written' }> {
    assert.equal(result.outcome, 'written', JSON.stringify(result));
    return result;
  }

  /** Untitled results are dirty: reverted first, so closing asks nothing. */
  async function closeResults(): Promise<void> {
    for (const document of untitledResults()) {
      await vscode.window.showTextDocument(document);
      await run('workbench.action.revertAndCloseActiveEditor');
    }
    await run('workbench.action.closeAllEditors');
  }

  const workspaceFile = (name: string) => vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, name);

  before(async function () {
    this.timeout(60_000);
    requireUi(this);
    api = await activateExtension();
    fake = await startFake({ taskAdvance: 'instant' });
    [indexId] = fake.seedIndexes(1, { namePrefix: 'analyze-target', videosPerIndex: 0 });
    [kitchen, long, tiny, huge] = fake.seedSearchableVideos(indexId, [
      { filename: 'kitchen.mp4', duration: 120, transcript: lines('welcome to the kitchen', 'we chop the onions', 'then fry the onions slowly', 'serve it hot') },
      { filename: 'conference.mp4', duration: 4_000, transcript: lines('good morning everyone', 'our first speaker') },
      { filename: 'blink.mp4', duration: 3, transcript: lines('hi') },
      { filename: 'marathon.mp4', duration: 7_300, transcript: lines('the race starts') },
    ]);
    await vscode.workspace.fs.writeFile(workspaceFile(SCHEMA_FILE), new TextEncoder().encode(JSON.stringify({ type: 'object', properties: { title: { type: 'string' }, topics: { type: 'array', items: { type: 'string' } } } })));
    await vscode.workspace.fs.writeFile(workspaceFile(BROKEN_SCHEMA_FILE), new TextEncoder().encode('{ "type": "object", '));
    assert.equal((await api.keys.store({ key: CANARY_KEY })).status, 'saved');
    await api.keys.settled();
    await run('twelvelabs.refreshIndexes');
    await run<unknown>('twelvelabs.clearCachedAnalyses').then(undefined, () => undefined);
  });

  after(async () => {
    await closeResults();
    for (const name of [SCHEMA_FILE, BROKEN_SCHEMA_FILE]) {
      await vscode.workspace.fs.delete(workspaceFile(name)).then(undefined, () => undefined);
    }
    api?.reliability.setNetworkTiming(undefined);
    await api?.keys.clear();
    await fake?.close();
    await setSetting('apiUrl', undefined);
  });

  beforeEach(() => {
    fake?.clearFaults();
    fake?.clearRequests();
    fake?.setAnalyzeChunkDelay(0);
  });

  afterEach(async () => {
    await closeResults();
  });

  it('from the palette: picks the index and the video, then streams the Highlights into a new Markdown document named after them', async function () {
    this.timeout(60_000);
    fake.setAnalyzeChunkDelay(20);
    await ui.runCommandFromPalette('Twelve Labs: Analyze Video…');
    const indexPick = await quickInputs.nextInput(undefined, 'quickPick', (pick) => pick.items.some((item) => item.label.startsWith('analyze-target')));
    await quickInputs.choose(indexPick, indexPick.items.find((item) => item.label.startsWith('analyze-target'))!.label);
    const videoPick = await quickInputs.nextInput(indexPick, 'quickPick', quickInputs.hasItem('kitchen.mp4'));
    await quickInputs.choose(videoPick, 'kitchen.mp4');
    await answer({ template: 'Highlights' });
    const document = await waitFor('the result document', () => untitledResults().find((d) => d.uri.path.endsWith('/Highlights – kitchen.mp4.md')));
    const text = await waitFor('the usage at its end', () => (/output tokens\*\n$/.test(document.getText()) ? document.getText() : undefined), 20_000);
    await waitFor('Markdown once the answer is in', () => document.languageId === 'markdown');
    const [request] = analyzeRequests();
    const body = request.body as Record<string, unknown>;
    assert.equal(body.model_name, 'pegasus1.5');
    assert.deepEqual(body.video, { type: 'asset_id', asset_id: fake.indexedAssets(indexId)!.find((v) => v._id === kitchen)!.asset_id });
    assert.equal(body.prompt, promptFor('highlights'));
    assert.ok(text.length > 100, 'the answer is in the document');
    await screenshot('analyze-highlights');
  });

  for (const template of [
    { label: 'Summary', id: 'summary' as const },
    { label: 'Chapters', id: 'chapters' as const },
    { label: 'Titles, Topics and Hashtags', id: 'titles' as const },
    { label: 'Ask a Question', id: 'question' as const, typed: 'Which vegetable is chopped?' },
    { label: 'Custom Prompt', id: 'custom' as const, typed: 'List every utensil with its timestamp.' },
  ]) {
    it(`${template.label}: streamed into the document as it arrives, chunk by chunk, with the usage at the end`, async function () {
      this.timeout(30_000);
      fake.setAnalyzeChunkDelay(20);
      let changes = 0;
      const counting = vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.document.uri.scheme === 'untitled' && event.contentChanges.length > 0) {
          changes++;
        }
      });
      try {
        const result = written(await analyze(kitchen, { template: template.label, typed: template.typed }));
        assert.equal(result.end, 'finished');
        assert.equal(result.finishReason, 'stop');
        const document = documentOf(result.uri)!;
        assert.equal(document.uri.path, vscode.Uri.joinPath(workspaceFile(''), `${template.label} – kitchen.mp4.md`).path, 'named after the template and the video, in the workspace folder Save writes to');
        assert.ok(document.getText().startsWith(result.text), 'the text as it arrived, in order');
        assert.match(document.getText(), /pegasus1\.5 · [\d,]+ input tokens, [\d,]+ output tokens\*\n$/);
        assert.ok(result.edits >= 2 && changes >= 2, `streamed in several edits (${result.edits} edits, ${changes} changes)`);
        const body = analyzeRequests()[0].body as Record<string, unknown>;
        assert.equal(body.prompt, promptFor(template.id, template.typed));
        assert.equal(body.stream, true);
        assert.ok(result.analysisId, 'a finished result is kept');
      } finally {
        counting.dispose();
      }
    });
  }

  it('Back returns to the previous question with the answer kept; Escape sends nothing', async function () {
    this.timeout(30_000);
    const running = run<AnalyzeVideoResult>('twelvelabs.analyzeVideo', { indexId, videoId: kitchen });
    const template = await quickInputs.nextInput(undefined, 'quickPick', quickInputs.hasItem('Ask a Question'));
    await quickInputs.choose(template, 'Ask a Question');
    const box = await quickInputs.nextInput(template, 'inputBox');
    await quickInputs.type(box, 'Who cooks?');
    const model = await quickInputs.nextInput(box, 'quickPick', quickInputs.hasItem('pegasus1.5'));
    await quickInputs.choose(model, 'pegasus1.2');
    const temperature = await quickInputs.nextInput(model, 'inputBox');
    // Out of the range, Enter is refused with the range; in it, accepted.
    await quickInputs.type(temperature, '1.5');
    await waitFor('the range message', () => api.indexes.activeQuickInput()?.input === temperature && JSON.stringify(temperature.validationMessage ?? '').includes('0 to 1'));
    await quickInputs.type(temperature, '0.5');
    const maxTokens = await quickInputs.nextInput(temperature, 'inputBox');
    await quickInputs.type(maxTokens, '5000');
    await waitFor('pegasus1.2\'s own range', () => api.indexes.activeQuickInput()?.input === maxTokens && JSON.stringify(maxTokens.validationMessage ?? '').includes('4,096'));
    await vscode.commands.executeCommand('workbench.action.quickInputBack');
    const again = await quickInputs.nextInput(maxTokens, 'inputBox');
    assert.equal(again.value, '0.5', 'the temperature as typed');
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    assert.deepEqual(await running, { outcome: 'cancelled' });
    assert.deepEqual(analyzeRequests(), []);
    assert.deepEqual(untitledResults(), []);
  });

  it('Cancel in the progress notification stops the stream; the text that arrived stays, marked cancelled, and is not kept', async function () {
    this.timeout(30_000);
    fake.scriptNextAnalyze({ chunks: Array.from({ length: 200 }, (_, i) => `Line ${i} at 0:${String(i % 60).padStart(2, '0')}.\n`), delayMs: 50 });
    const running = analyze(kitchen, { template: 'Custom Prompt', typed: 'Count slowly.' });
    const document = await waitFor('the first lines', () => untitledResults().find((d) => d.getText().includes('Line 3')));
    assert.equal(document.languageId, 'plaintext', 'plain text while it streams');
    const editor = vscode.window.visibleTextEditors.find((e) => e.document === document);
    assert.ok(editor?.selection.active.isEqual(new vscode.Position(0, 0)), `the cursor stays at the start while text is appended (${JSON.stringify(editor?.selection.active)})`);
    // The notification centre lists the progress notification even when no toast is on screen.
    await ui.inNotificationCentre('Analyzing', [{ click: '.notifications-center .monaco-button', text: 'Cancel' }]);
    const result = written(await running);
    assert.equal(result.end, 'cancelled');
    assert.ok(result.text.length > 0 && !result.text.includes('Line 199'), 'part of the answer');
    assert.ok(document.getText().startsWith(result.text));
    assert.match(document.getText(), /\*\*Cancelled\*\*/);
    assert.equal(document.languageId, 'markdown', 'what was kept is Markdown again');
    const links = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', document.uri, 1_000);
    assert.ok(links.some((link) => link.target?.scheme === 'command' && document.getText(link.range) === '0:03'), 'its timestamps are links');
    assert.equal(result.analysisId, undefined);
    await waitFor('the stream closed', () => fake.openAnalyzeStreams === 0);
  });

  it('closing the result while it streams stops the request; its change of language at the end is no close', async function () {
    this.timeout(30_000);
    fake.scriptNextAnalyze({ chunks: Array.from({ length: 200 }, (_, i) => `Line ${i} at 0:${String(i % 60).padStart(2, '0')}.\n`), delayMs: 50 });
    const running = analyze(kitchen, { template: 'Custom Prompt', typed: 'Close me.' });
    const document = await waitFor('the first lines', () => untitledResults().find((d) => d.getText().includes('Line 3')));
    await vscode.window.showTextDocument(document);
    await run('workbench.action.revertAndCloseActiveEditor');
    const result = written(await running);
    assert.equal(result.end, 'cancelled');
    assert.ok(!result.text.includes('Line 199'), 'stopped early');
    await waitFor('the stream closed', () => fake.openAnalyzeStreams === 0);
  });

  it('a stream cut before stream_end: what arrived is kept, marked incomplete, with Run Again offered', async function () {
    this.timeout(30_000);
    fake.scriptNextAnalyze({ chunks: ['First part. ', 'Second part. ', 'Third part. ', 'Never sent.'] });
    fake.cutNextAnalyzeStream(3);
    const result = written(await analyze(kitchen, { template: 'Custom Prompt', typed: 'Cut me.' }));
    assert.equal(result.end, 'incomplete');
    const document = documentOf(result.uri)!;
    assert.match(document.getText(), /^First part\. Second part\./);
    assert.ok(!document.getText().includes('Never sent.'));
    assert.match(document.getText(), /\*\*Incomplete\*\*/);
    assert.equal(document.languageId, 'markdown', 'what was kept is Markdown again');
    await waitFor('the warning', () => api.notifications().find((n) => /closed before the analysis/.test(n.message) && n.actions.includes('Run Again')));
  });

  it('finish_reason length: explained, and Run Again with More Tokens asks for the new budget and runs with it', async function () {
    this.timeout(30_000);
    fake.scriptNextAnalyze({ chunks: ['A long answer that stops'], finishReason: 'length', usage: { input_tokens: 10, output_tokens: 512 } });
    const result = written(await analyze(kitchen, { template: 'Custom Prompt', typed: 'Talk a lot.', maxTokens: '512' }));
    assert.equal(result.finishReason, 'length');
    assert.match(documentOf(result.uri)!.getText(), /\*\*Cut short\*\*/);
    fake.clearRequests();
    await ui.inNotificationCentre('cut short', [{ click: '.notifications-center .monaco-button', text: 'Run Again with More Tokens' }]);
    const budget = await quickInputs.nextInput(undefined, 'inputBox', (input) => input.value === '1024');
    await quickInputs.type(budget, '2048');
    await waitFor('the second run', () => analyzeRequests().find((r) => (r.body as Record<string, unknown>).max_tokens === 2048));
    await waitFor('its document', () => untitledResults().find((d) => d.uri.path.endsWith('/Custom Prompt – kitchen.mp4 (2).md') && /output tokens\*\n$/.test(d.getText())));
  });

  it('Save on a result writes it into the workspace folder under its name, asking nothing', async function () {
    this.timeout(30_000);
    fake.scriptNextAnalyze({ chunks: ['Saved as it is.'] });
    const result = written(await analyze(kitchen, { template: 'Custom Prompt', typed: 'Save me.' }));
    await vscode.window.showTextDocument(documentOf(result.uri)!);
    const target = workspaceFile('Custom Prompt – kitchen.mp4.md');
    try {
      await run('workbench.action.files.save');
      const saved = await waitFor('the saved file', async () => vscode.workspace.fs.readFile(target).then((bytes) => new TextDecoder().decode(bytes), () => undefined));
      assert.match(saved, /^Saved as it is\./);
    } finally {
      await run('workbench.action.closeAllEditors');
      await vscode.workspace.fs.delete(target).then(undefined, () => undefined);
    }
  });

  it('a JSON schema from a workspace file: sent as response_format, the answer in a JSON document; a broken file is refused before sending', async function () {
    this.timeout(30_000);
    const running = run<AnalyzeVideoResult>('twelvelabs.analyzeVideo', { indexId, videoId: kitchen });
    await answer({ template: 'Summary', format: BROKEN_SCHEMA_FILE });
    // The broken file keeps the step open and says why.
    const format = await waitFor('the refusal', () => {
      const probe = api.indexes.activeQuickInput();
      return probe?.kind === 'quickPick' && /broken-schema\.json: not valid JSON/.test((probe.input as vscode.QuickPick<vscode.QuickPickItem>).placeholder ?? '') ? (probe.input as vscode.QuickPick<vscode.QuickPickItem>) : undefined;
    });
    assert.deepEqual(analyzeRequests(), []);
    await quickInputs.choose(format, SCHEMA_FILE);
    const result = written(await running);
    const document = documentOf(result.uri)!;
    assert.equal(document.languageId, 'json');
    assert.ok(document.uri.path.endsWith('/Summary – kitchen.mp4.json'), document.uri.path);
    const parsed = JSON.parse(document.getText()) as Record<string, unknown>;
    assert.equal(typeof parsed.title, 'string');
    const body = analyzeRequests()[0].body as { response_format?: { type: string; json_schema: { type: string } } };
    assert.equal(body.response_format?.type, 'json_schema');
    assert.equal(body.response_format?.json_schema.type, 'object');
  });

  it('the same analysis again opens the kept result with no request; it is listed under the video as Analyses and opens from there too', async function () {
    this.timeout(30_000);
    const result = await analyze(kitchen, { template: 'Summary' });
    assert.equal(result.outcome, 'cached', JSON.stringify(result));
    assert.deepEqual(analyzeRequests(), []);
    const document = documentOf((result as { uri: string }).uri)!;
    assert.equal(document.uri.scheme, 'twelvelabs-analysis');
    assert.match(document.getText(), /output tokens\*\n$/);
    const nodes = await api.analyze.analysisNodes(indexId, kitchen);
    assert.ok(nodes.some((node) => node.label === 'Summary' && node.description?.startsWith('pegasus1.5')), JSON.stringify(nodes));
    await run('workbench.action.closeAllEditors');
    const node = nodes.find((n) => n.label === 'Chapters')!;
    await run(node.command!.command, ...(node.command!.arguments ?? []));
    await waitFor('the kept Chapters', () => vscode.window.activeTextEditor?.document.uri.path.endsWith('/Chapters – kitchen.mp4.md'));
    assert.deepEqual(analyzeRequests(), []);
    await screenshot('analyze-kept');
  });

  it('a timestamp in the result is a link that opens the player at that moment', async function () {
    this.timeout(30_000);
    fake.scriptNextAnalyze({ chunks: ['The onions are chopped at 0:05', ' and served in [0:12-0:30].'] });
    const result = written(await analyze(kitchen, { template: 'Custom Prompt', typed: 'When are the onions chopped?' }));
    const document = documentOf(result.uri)!;
    assert.equal(document.languageId, 'markdown');
    const links = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', document.uri, 1_000);
    const ours = links.filter((link) => link.target?.scheme === 'command');
    assert.deepEqual(ours.map((link) => document.getText(link.range)), ['0:05', '0:12-0:30']);
    const editor = await vscode.window.showTextDocument(document);
    const at = ours[0].range.start.translate(0, 1);
    editor.selection = new vscode.Selection(at, at);
    // As Ctrl+click on it: the editor opens the link under the cursor once it has asked the providers for the document's links.
    await waitFor('the player at 0:05', async () => {
      const playing = api.webviews.playing();
      if (playing?.videoId === kitchen && playing.start === 5) {
        return true;
      }
      await run('editor.action.openLink');
      await new Promise((resolve) => setTimeout(resolve, 250));
      return false;
    });
    await screenshot('analyze-timestamp-played');
  });

  it('a video over an hour goes through /analyze/tasks and its result lands in the same kind of document', async function () {
    this.timeout(30_000);
    const result = written(await analyze(long, { template: 'Summary' }));
    assert.equal(result.route, 'task');
    assert.equal(result.end, 'finished');
    assert.ok(fake.requests.some((r) => r.method === 'POST' && r.path === '/analyze/tasks'));
    assert.ok(fake.requests.some((r) => r.method === 'GET' && r.path.startsWith('/analyze/tasks/')));
    assert.ok(!fake.requests.some((r) => r.method === 'POST' && r.path === '/analyze'));
    const document = documentOf(result.uri)!;
    assert.ok(document.uri.path.endsWith('/Summary – conference.mp4.md'), document.uri.path);
    assert.ok(document.getText().startsWith(result.text) && result.text.length > 0);
  });

  it('a refused model (parameter_invalid): explained, and "Analyze with pegasus1.2" runs it with the other model', async function () {
    this.timeout(30_000);
    fake.refuseModel('pegasus1.5');
    try {
      const result = await analyze(kitchen, { template: 'Custom Prompt', typed: 'Refuse me.' });
      assert.equal(result.outcome, 'failed');
      assert.equal((result as { error: { code: string } }).error.code, 'parameter_invalid');
      assert.deepEqual(untitledResults(), [], 'no empty document');
      const shown = await waitFor('the explanation', () => api.notifications().find((n) => n.severity === 'error' && /refused for this request: try pegasus1\.2/.test(n.message)));
      assert.ok(shown.actions.includes('Analyze with pegasus1.2'));
      await ui.inNotificationCentre('try pegasus1.2', [{ click: '.notifications-center .monaco-button', text: 'Analyze with pegasus1.2' }]);
      await waitFor('the run with pegasus1.2', () => analyzeRequests().find((r) => (r.body as Record<string, unknown>).model_name === 'pegasus1.2'));
      await waitFor('its document', () => untitledResults().find((d) => /pegasus1\.2 · .*output tokens\*\n$/.test(d.getText())));
    } finally {
      fake.refuseModel('pegasus1.5', false);
    }
  });

  it('videos too short or too long: explained before any request', async () => {
    for (const [videoId, code, pattern] of [
      [tiny, 'video_duration_too_short', /shorter than the 4 seconds/],
      [huge, 'video_duration_too_long', /longer than 2 hours/],
    ] as const) {
      const result = await run<AnalyzeVideoResult>('twelvelabs.analyzeVideo', { indexId, videoId });
      assert.deepEqual({ outcome: result.outcome, code: (result as { code?: string }).code }, { outcome: 'refused', code });
      await waitFor('the explanation', () => api.notifications().find((n) => n.severity === 'error' && pattern.test(n.message)));
    }
    assert.deepEqual(analyzeRequests(), []);
  });

  it('usage_limit_exceeded: explained, with the dashboard as the next step', async function () {
    this.timeout(30_000);
    fake.usageLimitNextAnalyze();
    const result = await analyze(kitchen, { template: 'Custom Prompt', typed: 'Over the limit.' });
    assert.equal((result as { error?: { code: string } }).error?.code, 'usage_limit_exceeded');
    const shown = await waitFor('the explanation', () => api.notifications().find((n) => /usage limit is reached/.test(n.message)));
    assert.ok(shown.actions.includes('Open Dashboard'));
    assert.deepEqual(untitledResults(), []);
  });

  it('401: Rotate API Key offered; 429 with and without a body: a wait and Retry', async function () {
    this.timeout(60_000);
    api.reliability.setNetworkTiming({ retry: { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 20, maxTotalMs: 200 } });
    try {
      fake.injectFault({ kind: 'unauthorized', method: 'POST', path: '/analyze', times: 1 });
      const unauthorized = await analyze(kitchen, { template: 'Custom Prompt', typed: 'Who am I?' });
      assert.equal((unauthorized as { error?: { status: number } }).error?.status, 401);
      const shown401 = await waitFor('the 401', () => api.notifications().find((n) => /rotate it to continue/.test(n.message)));
      assert.ok(shown401.actions.includes('Rotate API Key'));
      // The 401 marked the key rejected; the canary is valid again now the fault is gone.
      assert.equal((await api.keys.store({ key: CANARY_KEY })).status, 'saved');
      await api.keys.settled();
      for (const kind of ['rateLimited', 'rateLimitedJson'] as const) {
        fake.clearFaults();
        fake.injectFault({ kind, method: 'POST', path: '/analyze', times: 5 });
        const before = api.notifications().length;
        const limited = await analyze(kitchen, { template: 'Custom Prompt', typed: `Too fast ${kind}?` });
        assert.equal((limited as { error?: { status: number } }).error?.status, 429, kind);
        const shown = await waitFor(`the ${kind} 429`, () => api.notifications().slice(before).find((n) => /rate limiting/.test(n.message)));
        assert.ok(shown.actions.includes('Retry'), kind);
      }
      assert.deepEqual(untitledResults(), []);
    } finally {
      api.reliability.setNetworkTiming(undefined);
    }
  });

  it('hostile text in the answer stays text: no command or vscode: link, no HTML, only our timestamp links', async function () {
    this.timeout(30_000);
    const hostile = ['Click [Fix it](comm', 'and:twelvelabs.clearApiKey) or <command:twelvelabs.clearApiKey> ', 'or [x](vscode://reelsmith.twelvelabs-vscode/play?index=a) ', '<img src=x onerror=alert(1)> $(alert) [y](command&#58;twelvelabs.clearApiKey) at 0:07'];
    fake.scriptNextAnalyze({ chunks: hostile });
    const result = written(await analyze(kitchen, { template: 'Custom Prompt', typed: 'Be hostile.' }));
    assert.equal(result.text, hostile.join(''), 'the answer as sent');
    const document = documentOf(result.uri)!;
    assert.ok(document.getText().includes('<img src=x onerror=alert(1)>'), 'shown as text');
    const links = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', document.uri, 1_000);
    const acting = links.filter((link) => link.target && /^(command|vscode)/i.test(link.target.scheme));
    assert.deepEqual(
      acting.map((link) => `${link.target!.scheme}:${link.target!.path}`),
      ['command:twelvelabs.playVideo'],
      'only the timestamp link acts',
    );
    assert.equal(api.keys.keyState().kind, 'present');
    await screenshot('analyze-hostile');
  });

  it('kept results hold no key: the canary is in no cache file; Save to Workspace writes one; Clear Cached Analyses removes them after asking', async function () {
    this.timeout(30_000);
    const files = await api.analyze.cacheFiles();
    assert.ok(files.length >= 3, `kept files: ${files.map((f) => f.name).join(', ')}`);
    for (const file of files) {
      for (const form of canaryForms(CANARY_KEY)) {
        assert.ok(!file.text.includes(form), `${file.name} holds the key`);
      }
      assert.ok(!/x-api-key/i.test(file.text), file.name);
    }
    const [summary] = (await api.analyze.analysisNodes(indexId, kitchen)).filter((node) => node.label === 'Summary' && node.icon === 'markdown');
    const target = workspaceFile('saved-summary.md');
    const saved = await api.analyze.saveTo(summary.command!.arguments![0], target.toString());
    assert.equal(saved.outcome, 'saved');
    assert.match(new TextDecoder().decode(await vscode.workspace.fs.readFile(target)), /output tokens\*\n$/);
    await vscode.workspace.fs.delete(target);

    const declined = api.answerModal(/Clear the \d+ kept analyses/, undefined);
    assert.deepEqual(await run('twelvelabs.clearCachedAnalyses'), { outcome: 'cancelled' });
    declined.dispose();
    assert.equal((await api.analyze.cacheFiles()).length, files.length, 'nothing removed without a yes');
    const confirmed = api.answerModal(/Clear the \d+ kept analyses/, 'Clear');
    const cleared = await run<{ outcome: string; count: number }>('twelvelabs.clearCachedAnalyses');
    confirmed.dispose();
    assert.equal(cleared.outcome, 'cleared');
    assert.deepEqual(await api.analyze.cacheFiles(), []);
    await waitFor('the Analyses node gone', async () => (await api.analyze.analysisNodes(indexId, kitchen)).length === 0);
    await nothingMoreWithin(0);
  });
});
