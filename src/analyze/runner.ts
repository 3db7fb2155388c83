import vscode = require('vscode');
import {
  AnalyzeStreamIncompleteError,
  findAnalyzeRequestProblem,
  type AnalyzeRequest,
  type AnalyzeResult,
  type AnalyzeUsage,
  type FinishReason,
} from '../api/analyzeTypes';
import { isTwelveLabsError, TwelveLabsError } from '../api/errors';
import { abortableSleep } from '../common/abortableSleep';
import { errorInfo } from '../common/presentError';
import { QuickInputSession } from '../common/quickInputSession';
import { labelText } from '../common/untrustedText';
import type { AnalysisKey } from './cache';
import { MODEL_RULES } from '../api/analyzeTypes';
import { AppendCoalescer } from './coalescer';
import { isClosed } from './documents';
import type { AnalyzeFeature } from './feature';
import { presentFailure } from './failures';
import { SchemeDefuser } from './inertText';
import { moreTokens, rangeMessage, rangeValue } from './modelChoice';
import { closingLines, usageLine, type RunEnd } from './render';
import type { AnalyzeVideoResult } from './results';
import { keyOf, requestOf, titleOf, type Plan } from './plan';

/** The first poll of a task comes soon (short analyses finish fast), later ones further apart. */
const FIRST_POLL_MS = 500;
const MAX_POLL_MS = 5_000;
/** How often the progress notification's count is redrawn while text streams. */
const PROGRESS_EVERY_MS = 250;

/**
 * Runs the plan: a kept result opens without a request (unless `fresh`); otherwise the request is
 * streamed into a new document, or run as a task for a video over the direct limit.
 */
export async function runPlan(feature: AnalyzeFeature, plan: Plan, options: { fresh?: boolean } = {}): Promise<AnalyzeVideoResult> {
  const request = requestOf(plan);
  const problem = findAnalyzeRequestProblem(request, { mode: plan.option.route === 'task' ? 'task' : 'sync', durationSeconds: plan.facts.durationSeconds });
  if (problem) {
    void feature.notifier.show('error', vscode.l10n.t('Cannot analyze “{0}”: {1}', plan.videoName, problem.message));
    return { outcome: 'refused', code: problem.code, message: problem.message };
  }
  const key = keyOf(plan, feature.apiUrl());
  if (!options.fresh) {
    const kept = await feature.cache.lookup(key);
    if (kept) {
      const uri = feature.documents.keptUri(kept.id, titleOf(plan), kept.language);
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
      const again = vscode.l10n.t('Run Again');
      void feature.notifier
        .show('info', vscode.l10n.t('Opened the analysis kept from {0}; nothing was sent.', new Date(kept.createdAt).toLocaleString()), again)
        .then((choice) => (choice === again ? runPlan(feature, plan, { fresh: true }) : undefined));
      return { outcome: 'cached', analysisId: kept.id, uri: uri.toString() };
    }
  }
  return plan.option.route === 'task' ? runTask(feature, plan, request, key) : runStream(feature, plan, request, key);
}

/**
 * The result document: opened on the first event, so that a refused request leaves no empty editor.
 * Opening does not hold up the stream: text read meanwhile waits in the writer, timed from when it
 * arrived, and goes in with the first edit.
 */
class ResultDocument {
  private document: vscode.TextDocument | undefined;
  private opening: Promise<vscode.TextDocument> | undefined;
  private readonly writer: AppendCoalescer;
  private readonly defuser = new SchemeDefuser();
  private closedSubscription: vscode.Disposable | undefined;
  /** The model's text, as it arrived. */
  raw = '';
  closed = false;

  constructor(
    private readonly feature: AnalyzeFeature,
    private readonly plan: Plan,
    private readonly onClosed: () => void,
  ) {
    let first = true;
    this.writer = new AppendCoalescer(
      async (text) => {
        const document = await this.open();
        const ok = await appendAtEnd(document, text);
        if (first && ok) {
          first = false;
          keepCursorAtStart(document);
        }
        return ok;
      },
      () => performance.now(),
      feature.tap,
    );
  }

  get language(): 'markdown' | 'json' {
    return this.plan.schema ? 'json' : 'markdown';
  }

  /** Whether an event arrived, so that a document is (being) opened for it. */
  get started(): boolean {
    return this.opening !== undefined;
  }

  get uri(): vscode.Uri | undefined {
    return this.document?.uri;
  }

  get edits(): number {
    return this.writer.editCount;
  }

  /** Starts opening the document (once); whoever needs it awaits this, and sees its failure. */
  open(): Promise<vscode.TextDocument> {
    if (!this.opening) {
      this.opening = this.openDocument();
      // Called without awaiting as text arrives: the writer and `finish` are who handle a failure.
      this.opening.catch(() => undefined);
    }
    return this.opening;
  }

  private async openDocument(): Promise<vscode.TextDocument> {
    const { feature, plan } = this;
    const uri = await feature.documents.untitledUri(titleOf(plan), this.language);
    feature.documents.registerStreamed(uri, { indexId: plan.indexId, videoId: plan.videoId });
    const document = await vscode.workspace.openTextDocument(uri);
    this.document = document;
    const userClosed = () => {
      if (!this.closed) {
        this.closed = true;
        this.onClosed();
      }
    };
    this.closedSubscription = vscode.Disposable.from(
      vscode.workspace.onDidCloseTextDocument((closed) => {
        if (closed === document && isClosed(document)) {
          userClosed();
        }
      }),
      // Closing the editor is what the user does; the document itself may outlive its tab (an edit in
      // flight as the tab closes keeps the untitled model alive), and then no close event comes.
      vscode.window.tabGroups.onDidChangeTabs((change) => {
        if (change.closed.some((tab) => showsUri(tab, uri)) && !vscode.window.tabGroups.all.some((group) => group.tabs.some((tab) => showsUri(tab, uri)))) {
          userClosed();
        }
      }),
    );
    // Plain text until the stream ends (see `finish`): in a Markdown document, VS Code's Markdown
    // support re-parses the whole text and sends it to its language server after every edit, in the
    // extension host our edits go through, which held edits up for seconds at a time. And plain text
    // before it is shown: an editor showing Markdown first loads the Markdown grammar (hundreds of
    // milliseconds of the window's own thread, the first time) ahead of the first text.
    await vscode.languages.setTextDocumentLanguage(document, 'plaintext');
    await vscode.window.showTextDocument(document, { preview: false });
    return document;
  }

  append(text: string): void {
    this.raw += text;
    this.writer.push(this.defuser.feed(text));
  }

  /** Our own closing lines (Markdown only): after everything the model sent. */
  async finish(end: RunEnd): Promise<void> {
    if (this.document) {
      this.feature.documents.streamEnded(this.document.uri);
    }
    if (this.language === 'markdown' && !this.closed) {
      this.writer.push(closingLines(end, this.plan.option.model, vscode.l10n));
    }
    await this.writer.flushed();
    // The text is all there: now it is Markdown (or JSON), with its links, folding and outline,
    // whichever way the run ended.
    if (this.document && !this.closed && !isClosed(this.document)) {
      try {
        await vscode.languages.setTextDocumentLanguage(this.document, this.language);
      } catch (error) {
        // Closed in the meantime: there is nothing left to mark.
        this.feature.logger.debug(`The result document closed before it became ${this.language}.`, error);
      }
    }
    this.closedSubscription?.dispose();
  }
}

function showsUri(tab: vscode.Tab, uri: vscode.Uri): boolean {
  return tab.input instanceof vscode.TabInputText && tab.input.uri.toString() === uri.toString();
}

/**
 * The first text went in at the cursor of the empty document, which pushed the cursor to its end;
 * left there, every next append would move it again, and each move has the editor (and every
 * extension listening to selections) do its work again. At the start, where the answer is read from.
 */
function keepCursorAtStart(document: vscode.TextDocument): void {
  const editor = vscode.window.visibleTextEditors.find((visible) => visible.document === document);
  if (!editor) {
    return;
  }
  const end = editor.document.lineAt(editor.document.lineCount - 1).range.end;
  if (editor.selections.length === 1 && editor.selection.isEmpty && editor.selection.active.isEqual(end)) {
    editor.selection = new vscode.Selection(0, 0, 0, 0);
  }
}

/** At the document's end, whatever it holds by now (the user may type in it meanwhile): one insert, whose cost does not grow with the document. */
function appendAtEnd(document: vscode.TextDocument, text: string): Thenable<boolean> {
  if (document.isClosed) {
    return Promise.resolve(false);
  }
  const edit = new vscode.WorkspaceEdit();
  const last = document.lineAt(document.lineCount - 1);
  edit.insert(document.uri, last.range.end, text);
  return vscode.workspace.applyEdit(edit);
}

async function runStream(feature: AnalyzeFeature, plan: Plan, request: AnalyzeRequest, key: AnalysisKey): Promise<AnalyzeVideoResult> {
  const controller = new AbortController();
  const result = new ResultDocument(feature, plan, () => controller.abort());
  return feature.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Analyzing “{0}” with {1}', labelText(titleOf(plan)), plan.option.model), cancellable: true },
    async (progress, token) => {
      const cancelled = token.onCancellationRequested(() => controller.abort());
      let end: RunEnd | undefined;
      let lastReport = 0;
      try {
        const client = await feature.api.get();
        for await (const event of client.analyzeStream(request, { signal: controller.signal })) {
          // From the first event (stream_start comes before any text), without waiting for the editor.
          void result.open();
          if (event.kind === 'text') {
            result.append(event.text);
            const now = performance.now();
            if (now - lastReport > PROGRESS_EVERY_MS) {
              lastReport = now;
              progress.report({ message: vscode.l10n.t('{0} characters', result.raw.length.toLocaleString('en-US')) });
            }
          } else if (event.kind === 'end') {
            end = { kind: 'finished', finishReason: event.finishReason, usage: event.usage, maxTokens: request.maxTokens };
          }
        }
        // The client throws when stream_end never came; this is for a stream that ended some other way.
        end ??= { kind: 'incomplete' };
      } catch (error) {
        if (controller.signal.aborted || (isTwelveLabsError(error) && error.isCancelled)) {
          end = { kind: 'cancelled' };
        } else if (error instanceof AnalyzeStreamIncompleteError) {
          end = { kind: 'incomplete' };
        } else if (!result.started) {
          cancelled.dispose();
          // Nothing arrived: no document, the reason and its next step instead.
          return presentFailure(feature, plan, error, (next, options) => runPlan(feature, next, options));
        } else {
          end = { kind: 'failed', message: errorInfo(error).message };
        }
      }
      cancelled.dispose();
      if (!result.started && end.kind === 'cancelled') {
        return { outcome: 'cancelled' };
      }
      await result.open();
      await result.finish(end);
      return settle(feature, plan, result, end, key, 'stream');
    },
  );
}

async function runTask(feature: AnalyzeFeature, plan: Plan, request: AnalyzeRequest, key: AnalysisKey): Promise<AnalyzeVideoResult> {
  const controller = new AbortController();
  return feature.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Analyzing “{0}” as a task (over 1 hour)', labelText(titleOf(plan))), cancellable: true },
    async (progress, token) => {
      const cancelled = token.onCancellationRequested(() => controller.abort());
      let taskId: string | undefined;
      try {
        const client = await feature.api.get();
        const created = await client.createAnalyzeTask(request, { signal: controller.signal });
        taskId = created.id;
        let wait = FIRST_POLL_MS;
        let answer: AnalyzeResult | undefined;
        while (!answer) {
          await abortableSleep(wait, controller.signal);
          if (controller.signal.aborted) {
            throw new TwelveLabsError('cancelled', 0, 'cancelled', 'Cancelled.');
          }
          wait = Math.min(MAX_POLL_MS, wait * 2);
          const task = await client.getAnalyzeTask(taskId, { signal: controller.signal });
          progress.report({ message: vscode.l10n.t('Task {0}: {1}', labelText(task.id), task.status) });
          if (task.status === 'failed') {
            throw new TwelveLabsError('http', 200, task.error?.code ?? 'analyze_task_failed', task.error?.message ?? 'The analysis task failed.');
          }
          answer = task.status === 'ready' ? task.result : undefined;
        }
        const result = new ResultDocument(feature, plan, () => undefined);
        await result.open();
        result.append(answer.data);
        const end: RunEnd = { kind: 'finished', finishReason: answer.finishReason, usage: answer.usage, maxTokens: request.maxTokens };
        await result.finish(end);
        return settle(feature, plan, result, end, key, 'task');
      } catch (error) {
        if (controller.signal.aborted || (isTwelveLabsError(error) && error.isCancelled)) {
          if (taskId) {
            void feature.notifier.show('info', vscode.l10n.t('Stopped following the analysis task {0}; it may still finish on the server.', taskId));
          }
          return { outcome: 'cancelled' };
        }
        return presentFailure(feature, plan, error, (next, options) => runPlan(feature, next, options));
      } finally {
        cancelled.dispose();
      }
    },
  );
}

/** Keeps a finished result, says how the run ended, and offers what comes next. */
async function settle(feature: AnalyzeFeature, plan: Plan, result: ResultDocument, end: RunEnd, key: AnalysisKey, route: 'stream' | 'task'): Promise<AnalyzeVideoResult> {
  let analysisId: string | undefined;
  let finishReason: FinishReason | undefined;
  let usage: AnalyzeUsage | undefined;
  if (end.kind === 'finished') {
    finishReason = end.finishReason;
    usage = end.usage;
    try {
      const kept = await feature.cache.keep({
        key,
        indexId: plan.indexId,
        videoId: plan.videoId,
        videoName: plan.videoName,
        template: plan.template,
        model: plan.option.model,
        language: result.language,
        finishReason: end.finishReason,
        createdAt: Date.now(),
        text: result.raw,
        usage: end.usage,
      });
      analysisId = kept.id;
    } catch (error) {
      feature.logger.warn('The analysis could not be kept in the cache; it stays in its document.', error);
    }
  }
  announce(feature, plan, end);
  return {
    outcome: 'written',
    end: end.kind,
    route,
    uri: result.uri?.toString() ?? '',
    text: result.raw,
    finishReason,
    usage,
    analysisId,
    edits: result.edits,
  };
}

function announce(feature: AnalyzeFeature, plan: Plan, end: RunEnd): void {
  const again = vscode.l10n.t('Run Again');
  switch (end.kind) {
    case 'finished':
      if (end.finishReason === 'length') {
        const more = vscode.l10n.t('Run Again with More Tokens');
        const next = moreTokens(plan.option.model, end.maxTokens);
        const actions = next === undefined ? [] : [more];
        void feature.notifier
          .show('warning', vscode.l10n.t('The answer was cut short: it reached the maximum number of tokens ({0}). {1}', (end.maxTokens ?? MODEL_RULES[plan.option.model].maxTokens.default ?? 0).toLocaleString('en-US'), usageLine(end.usage, plan.option.model, vscode.l10n)), ...actions)
          .then((choice) => (choice === more ? runWithMoreTokens(feature, plan, next!) : undefined));
      } else {
        vscode.window.setStatusBarMessage(vscode.l10n.t('Analysis finished · {0}', usageLine(end.usage, plan.option.model, vscode.l10n)), 8000);
      }
      return;
    case 'cancelled':
      vscode.window.setStatusBarMessage(vscode.l10n.t('Analysis cancelled; the text that arrived is kept in the document.'), 8000);
      return;
    case 'incomplete':
      void feature.notifier
        .show('warning', vscode.l10n.t('The connection closed before the analysis of “{0}” finished; the text that arrived is kept, marked incomplete.', plan.videoName), again)
        .then((choice) => (choice === again ? runPlan(feature, plan, { fresh: true }) : undefined));
      return;
    case 'failed':
      void feature.notifier.show('error', vscode.l10n.t('The analysis of “{0}” stopped: {1}', plan.videoName, end.message));
      return;
  }
}

/** Asks for the new budget (twice the last, editable, within the model's range), then runs again. */
async function runWithMoreTokens(feature: AnalyzeFeature, plan: Plan, suggested: number): Promise<AnalyzeVideoResult | undefined> {
  const range = MODEL_RULES[plan.option.model].maxTokens;
  const session = new QuickInputSession(feature.window);
  let typed: string | undefined;
  try {
    typed = await session.ask({
      title: vscode.l10n.t('Run Again with More Tokens'),
      prompt: vscode.l10n.t('Maximum output tokens from {0} to {1} for {2}', range.min.toLocaleString('en-US'), range.max.toLocaleString('en-US'), plan.option.model),
      value: String(suggested),
      validate: (value) => (value.trim() === '' ? vscode.l10n.t('Type a number of tokens.') : rangeMessage(value, range, true, vscode.l10n)),
    });
  } finally {
    session.dispose();
  }
  const maxTokens = typed === undefined ? undefined : rangeValue(typed);
  return maxTokens === undefined ? undefined : runPlan(feature, { ...plan, maxTokens }, { fresh: true });
}

