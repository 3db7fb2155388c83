/**
 * Figures for `npm run bench` (bench/analyzeStream.ts): 1 MB of text streamed in 2,000 chunks into
 * the result document, in the real host. The document's content is asserted; times are recorded
 * (our machines are shared and noisy) and judged by the benchmark against its targets.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionTestApi } from '../build/testApi';
import type { FakeTwelveLabs } from '../fake/server';
import type { AnalyzeVideoResult } from '../../src/analyze/results';
import { AppendCoalescer } from '../../src/analyze/coalescer';
import { ANALYZE_STREAM_FILE, type AnalyzeStreamFigures } from './perfFiles';
import { CANARY_KEY, activateExtension, quickInputDriver, setSetting, startFake } from './support';

const CHUNKS = 2_000;
const BYTES = 1_000_000;
const DELAY_MS = 5;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/**
 * VS Code's own cost, for comparison: the same chunks at the same pace appended to a visible
 * plain-text editor by a bare loop, with the same one-edit-in-flight coalescing and none of the
 * extension's code (no request, no parsing, no document of ours).
 */
async function appendFloor(chunks: string[]): Promise<AnalyzeStreamFigures['floor']> {
  const document = await vscode.workspace.openTextDocument({ language: 'plaintext', content: '' });
  await vscode.window.showTextDocument(document, { preview: false });
  const latencies: number[] = [];
  const writer = new AppendCoalescer(
    (text) => {
      const edit = new vscode.WorkspaceEdit();
      edit.insert(document.uri, document.lineAt(document.lineCount - 1).range.end, text);
      return vscode.workspace.applyEdit(edit);
    },
    () => performance.now(),
    (timing) => latencies.push(...timing.latenciesMs),
  );
  for (const chunk of chunks) {
    writer.push(chunk);
    await new Promise((resolve) => setTimeout(resolve, DELAY_MS));
  }
  await writer.flushed();
  assert.equal(document.getText(), chunks.join(''), 'the bare loop wrote every chunk');
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  latencies.sort((x, y) => x - y);
  return { edits: writer.editCount, latencyP50Ms: percentile(latencies, 50), latencyP95Ms: percentile(latencies, 95) };
}

describe('Analyze stream benchmark (real host)', () => {
  let api: ExtensionTestApi;
  let fake: FakeTwelveLabs;
  let indexId: string;
  let videoId: string;
  const quickInputs = quickInputDriver(() => api);

  before(async function () {
    this.timeout(60_000);
    api = await activateExtension();
    fake = await startFake();
    [indexId] = fake.seedIndexes(1, { namePrefix: 'analyze-bench', videosPerIndex: 0 });
    [videoId] = fake.seedSearchableVideos(indexId, [{ filename: 'bench.mp4', duration: 600, transcript: [{ start: 0, end: 2, value: 'hello' }] }]);
    assert.equal((await api.keys.store({ key: CANARY_KEY })).status, 'saved');
    await api.keys.settled();
  });

  after(async () => {
    for (const document of vscode.workspace.textDocuments.filter((d) => d.uri.scheme === 'untitled')) {
      await vscode.window.showTextDocument(document);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
    await api?.keys.clear();
    await fake?.close();
    await setSetting('apiUrl', undefined);
  });

  it(`1 MB in ${CHUNKS} chunks streamed into the editor: every chunk in the document, the times recorded`, async function () {
    this.timeout(240_000);
    // Markdown-like lines of about 80 characters, 500 characters a chunk, split mid-line as the model does.
    const line = (i: number) => `- item ${String(i).padStart(6, '0')} at 1:23, some words to make up a line of text ok\n`;
    let all = '';
    for (let i = 0; all.length < BYTES; i++) {
      all += line(i);
    }
    all = all.slice(0, BYTES);
    const size = BYTES / CHUNKS;
    const chunks = Array.from({ length: CHUNKS }, (_, i) => all.slice(i * size, (i + 1) * size));
    fake.scriptNextAnalyze({ chunks, delayMs: DELAY_MS });
    api.analyze.clearEditTimings();
    global.gc?.();
    const before = process.memoryUsage();
    let heapPeak = before.heapUsed;
    const sampler = setInterval(() => {
      heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
    }, 50);
    let result: AnalyzeVideoResult;
    try {
      const running = vscode.commands.executeCommand<AnalyzeVideoResult>('twelvelabs.analyzeVideo', { indexId, videoId });
      const template = await quickInputs.nextInput(undefined, 'quickPick', quickInputs.hasItem('Custom Prompt'));
      await quickInputs.choose(template, 'Custom Prompt');
      const box = await quickInputs.nextInput(template, 'inputBox');
      await quickInputs.type(box, `Benchmark ${Date.now()}`);
      const model = await quickInputs.nextInput(box, 'quickPick', quickInputs.hasItem('pegasus1.5'));
      await quickInputs.choose(model, 'pegasus1.5');
      const temperature = await quickInputs.nextInput(model, 'inputBox');
      await quickInputs.type(temperature, '');
      const maxTokens = await quickInputs.nextInput(temperature, 'inputBox');
      await quickInputs.type(maxTokens, '');
      const format = await quickInputs.nextInput(maxTokens, 'quickPick', quickInputs.hasItem('Text (Markdown)'));
      await quickInputs.choose(format, 'Text (Markdown)');
      result = await running;
    } finally {
      clearInterval(sampler);
    }
    const after = process.memoryUsage();
    assert.equal(result.outcome, 'written', JSON.stringify(result).slice(0, 300));
    const written = result;
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === written.uri)!;
    assert.ok(document.getText().startsWith(all), 'all of the megabyte, in order');
    assert.equal(document.languageId, 'markdown', 'Markdown once the stream ended');

    const timings = api.analyze.editTimings();
    // Every chunk in arrival order, as [arrived, in the document]; the last is our closing lines, not the stream's.
    const chunkTimes = timings.flatMap((t) => t.latenciesMs.map((latency) => [t.at - latency, t.at] as const)).slice(0, -1);
    const latencies = chunkTimes.map(([arrived, shown]) => shown - arrived).sort((a, b) => a - b);
    const firstArrival = chunkTimes[0][0];
    const streamMs = chunkTimes[chunkTimes.length - 1][0] - firstArrival;
    const runMs = Math.max(...chunkTimes.map(([, shown]) => shown)) - firstArrival;
    const figures: AnalyzeStreamFigures = {
      vscodeVersion: vscode.version,
      chunks: CHUNKS,
      bytes: BYTES,
      delayMs: DELAY_MS,
      edits: written.edits,
      latencyP50Ms: percentile(latencies, 50),
      latencyP95Ms: percentile(latencies, 95),
      latencyMaxMs: latencies[latencies.length - 1],
      streamMs,
      runMs,
      ratio: runMs / streamMs,
      rssDeltaMb: (after.rss - before.rss) / 1e6,
      heapDeltaMb: (after.heapUsed - before.heapUsed) / 1e6,
      heapPeakMb: heapPeak / 1e6,
      floor: await appendFloor(chunks),
    };
    console.log(`[perf] analyze stream: ${JSON.stringify(figures)}`);
    const dir = process.env.TWELVELABS_TEST_RESULTS;
    if (dir) {
      fs.writeFileSync(path.join(dir, ANALYZE_STREAM_FILE), JSON.stringify(figures, null, 2));
    }
    assert.equal(latencies.length, CHUNKS, 'every chunk was timed');
  });
});
