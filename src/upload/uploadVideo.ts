import path = require('node:path');
import vscode = require('vscode');
import type { TwelveLabsClient } from '../api/client';
import { isTwelveLabsError } from '../api/errors';
import type { Index } from '../api/types';
import type { TaskSource } from '../api/taskTypes';
import { CommandIds } from '../common/commandIds';
import { presentError, type ErrorPresentation } from '../common/presentError';
import { checkFile, displayUrl, isVideoUrl } from './checks';
import type { UploadDeps } from './deps';
import { ProgressMeter, progressText } from './progress';
import type { RejectedFile, UploadItemResult, UploadVideoResult } from './results';
import { forEachLimited } from '../common/collections';
import { InFlight } from '../common/inFlight';
import { VIDEO_EXTENSIONS } from '../common/videoTypes';
import { labelText } from '../common/untrustedText';
import { requireKey } from '../common/requireKey';

/** What to upload where, once chosen: the files (paths on this machine) or URL the user picked. */
export interface UploadRequest {
  indexId: string;
  files?: string[];
  url?: string;
  enableVideoStream?: boolean;
}

/** Uploads a request the user has already made; a repeated request joins the one in flight. */
export type Uploader = (request: UploadRequest) => Promise<UploadVideoResult>;

/** How often the progress notification is redrawn: enough to read, not a redraw per chunk. */
const REPORT_EVERY_MS = 250;

interface Plan {
  indexId: string;
  indexName: string;
  sources: { label: string; source: TaskSource; size: number }[];
  rejected: RejectedFile[];
  enableVideoStream: boolean | undefined;
}

/**
 * "Upload Video to Index". An argument (an index node, `{ indexId }` or an id, from a menu or another
 * extension) only preselects the index: the files or URL always come from the user, through the
 * file dialog or the URL box. Returns the uploader the command uses once the user has chosen.
 */
export function registerUploadVideo(context: vscode.ExtensionContext, deps: UploadDeps): Uploader {
  // POST /tasks is never retried and each one creates a task: the same request repeated while the
  // first is still uploading joins it rather than uploading the same files twice.
  const sameRequest = new InFlight<string, UploadVideoResult>();
  const uploader: Uploader = (request) => {
    const key = JSON.stringify([request.indexId, request.files ?? [], request.url ?? null, request.enableVideoStream ?? null]);
    return sameRequest.run(key, async () => executePlan(deps, await planFromRequest(request)));
  };
  context.subscriptions.push(
    vscode.commands.registerCommand(CommandIds.uploadVideo, async (arg?: unknown): Promise<UploadVideoResult> => {
      if (!(await requireKey(deps.getKey, deps.notifier))) {
        return { outcome: 'noKey' };
      }
      const plan = await planInteractively(deps, arg);
      if (plan === 'noTarget') {
        return { outcome: 'noTarget' };
      }
      if ('cancelled' in plan) {
        return { outcome: 'cancelled', indexId: plan.indexId, uploads: [], rejected: [] };
      }
      return executePlan(deps, plan);
    }),
  );
  return uploader;
}

async function executePlan(deps: UploadDeps, plan: Plan): Promise<UploadVideoResult> {
  for (const rejected of plan.rejected) {
    void deps.notifier.show('error', vscode.l10n.t('Not uploaded: {0}', rejected.message));
  }
  if (plan.sources.length === 0) {
    return { outcome: 'failed', indexId: plan.indexId, uploads: [], rejected: plan.rejected };
  }
  return upload(deps, plan);
}

async function planFromRequest(request: UploadRequest): Promise<Plan> {
  const plan: Plan = { indexId: request.indexId, indexName: request.indexId, sources: [], rejected: [], enableVideoStream: request.enableVideoStream };
  await addFiles(plan, request.files ?? []);
  if (request.url !== undefined) {
    addUrl(plan, request.url);
  }
  return plan;
}

async function planInteractively(deps: UploadDeps, arg: unknown): Promise<Plan | 'noTarget' | { cancelled: true; indexId: string | undefined }> {
  const target = indexFromArg(arg) ?? (await pickIndex(deps));
  if (target === 'cancelled') {
    return { cancelled: true, indexId: undefined };
  }
  if (!target) {
    return 'noTarget';
  }
  const plan: Plan = { indexId: target.id, indexName: target.name, sources: [], rejected: [], enableVideoStream: undefined };
  const files = vscode.l10n.t('Video Files…');
  const url = vscode.l10n.t('Video URL…');
  const choice = await vscode.window.showQuickPick(
    [
      { label: `$(file-media) ${files}`, detail: vscode.l10n.t('Upload one or more files from this machine (up to 2 GB each).'), value: 'files' as const },
      { label: `$(link) ${url}`, detail: vscode.l10n.t('Let Twelve Labs fetch a publicly reachable video file.'), value: 'url' as const },
    ],
    { title: vscode.l10n.t('Upload Video to “{0}”', target.name), placeHolder: vscode.l10n.t('Where is the video?') },
  );
  if (!choice) {
    return { cancelled: true, indexId: target.id };
  }
  if (choice.value === 'files') {
    const uris = await vscode.window.showOpenDialog({
      canSelectMany: true,
      canSelectFiles: true,
      canSelectFolders: false,
      openLabel: vscode.l10n.t('Upload'),
      title: vscode.l10n.t('Upload Video to “{0}”', target.name),
      filters: { [vscode.l10n.t('Videos')]: [...VIDEO_EXTENSIONS], [vscode.l10n.t('All files')]: ['*'] },
    });
    if (!uris || uris.length === 0) {
      return { cancelled: true, indexId: target.id };
    }
    for (const uri of uris.filter((entry) => entry.scheme !== 'file')) {
      plan.rejected.push({ file: uri.toString(), code: 'not_local', message: vscode.l10n.t('“{0}” is not a file on this machine.', uri.toString()) });
    }
    await addFiles(
      plan,
      uris.filter((entry) => entry.scheme === 'file').map((entry) => entry.fsPath),
    );
  } else {
    const value = await vscode.window.showInputBox({
      title: vscode.l10n.t('Upload Video to “{0}”', target.name),
      prompt: vscode.l10n.t('A direct link to a video file (http or https), reachable from the internet.'),
      placeHolder: 'https://example.com/video.mp4',
      ignoreFocusOut: true,
      validateInput: (text) => (text.trim() === '' || isVideoUrl(text) ? undefined : vscode.l10n.t('Enter an http or https URL.')),
    });
    if (!value?.trim()) {
      return { cancelled: true, indexId: target.id };
    }
    addUrl(plan, value);
  }
  return plan;
}

async function addFiles(plan: Plan, files: string[]): Promise<void> {
  // Checked one by one, in order, before anything is sent.
  for (const file of files) {
    const check = await checkFile(file);
    if (check.ok) {
      // The size as checked: the client refuses a file that changed since (or while it uploads).
      plan.sources.push({ label: path.basename(file), source: { kind: 'file', path: file, size: check.size }, size: check.size });
    } else {
      plan.rejected.push({ file: check.file, code: check.code, message: check.message });
    }
  }
}

function addUrl(plan: Plan, value: string): void {
  const url = value.trim();
  if (isVideoUrl(url)) {
    plan.sources.push({ label: displayUrl(url), source: { kind: 'url', url }, size: 0 });
  } else {
    const shown = displayUrl(url);
    plan.rejected.push({ file: shown, code: 'not_found', message: vscode.l10n.t('“{0}” is not an http or https URL.', shown) });
  }
}

async function upload(deps: UploadDeps, plan: Plan): Promise<UploadVideoResult> {
  const total = plan.sources.reduce((sum, entry) => sum + entry.size, 0);
  const session = deps.sessions.start(plan.indexId, total);
  const results: UploadItemResult[] = new Array<UploadItemResult>(plan.sources.length);
  const sentBy = new Array<number>(plan.sources.length).fill(0);
  const meter = new ProgressMeter();
  const count = plan.sources.length;
  const title =
    count === 1
      ? vscode.l10n.t('Uploading “{0}” to “{1}”', plan.sources[0].label, plan.indexName)
      : vscode.l10n.t('Uploading {0} videos to “{1}”', count, plan.indexName);
  let client: TwelveLabsClient;
  try {
    client = await deps.api.get();
  } catch (error) {
    deps.sessions.end(session);
    return failAll(deps, plan, error);
  }
  try {
    await deps.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
      token.onCancellationRequested(() => session.controller.abort());
      let reportedPercent = 0;
      let lastReport = 0;
      let done = 0;
      const report = (force: boolean): void => {
        const now = Date.now();
        if (!force && now - lastReport < REPORT_EVERY_MS) {
          return;
        }
        lastReport = now;
        const sent = session.sent;
        meter.sample(sent);
        const percent = total > 0 ? (sent / total) * 100 : (done / count) * 100;
        const text = total > 0 ? progressText(sent, total, meter.rate()) : vscode.l10n.t('{0}%', Math.floor(percent));
        const message = count > 1 ? vscode.l10n.t('{0} of {1} done · {2}', done, count, text) : text;
        progress.report({ message, increment: Math.max(0, percent - reportedPercent) });
        reportedPercent = Math.max(reportedPercent, percent);
      };
      report(true);
      await forEachLimited(plan.sources, deps.concurrency, async (entry, i) => {
        if (session.controller.signal.aborted) {
          results[i] = { source: entry.label, outcome: 'cancelled' };
          return;
        }
        try {
          const created = await client.createTask(
            { indexId: plan.indexId, source: entry.source, enableVideoStream: plan.enableVideoStream },
            {
              signal: session.controller.signal,
              onProgress: (p) => {
                // Kept exact between redraws: a slow line may pass one chunk in many seconds.
                session.sent += p.sent - sentBy[i];
                sentBy[i] = p.sent;
                report(false);
              },
            },
          );
          results[i] = { source: entry.label, outcome: 'created', taskId: created.taskId, videoId: created.videoId };
          deps.store.add({
            taskId: created.taskId,
            indexId: plan.indexId,
            videoId: created.videoId,
            source: entry.label,
            status: 'validating',
            apiUrl: deps.apiUrl(),
          });
          deps.watcher.watch(created.taskId);
        } catch (error) {
          if (session.controller.signal.aborted || (isTwelveLabsError(error) && error.isCancelled)) {
            results[i] = { source: entry.label, outcome: 'cancelled' };
            return;
          }
          const presentation = uploadFailure(entry.label, error);
          deps.logger.warn(`Upload of a video failed: ${presentation.info.code}`);
          results[i] = { source: entry.label, outcome: 'failed', error: presentation.info };
          deps.notifier.showError(presentation);
        } finally {
          done++;
          report(true);
        }
      });
    });
  } finally {
    deps.sessions.end(session);
  }
  const created = results.filter((entry) => entry.outcome === 'created').length;
  if (created > 0) {
    // Between 100% and "ready" the task nodes are the only sign of progress: open the index to show them.
    void deps.tree.reveal(plan.indexId, { expand: true });
  }
  const outcome = session.controller.signal.aborted
    ? 'cancelled'
    : created === results.length && plan.rejected.length === 0
      ? 'uploaded'
      : created > 0
        ? 'partial'
        : 'failed';
  if (outcome === 'cancelled') {
    const stopped = results.filter((entry) => entry.outcome === 'cancelled').map((entry) => `“${entry.source}”`);
    void deps.notifier.show(
      'info',
      stopped.length === 1 ? vscode.l10n.t('Upload of {0} cancelled.', stopped[0]) : vscode.l10n.t('Uploads cancelled: {0}.', stopped.join(', ')),
    );
  } else if (plan.sources.every((entry) => entry.source.kind === 'url') && created > 0) {
    // A URL upload sends no bytes, so no progress showed it happened: say it was accepted.
    void deps.notifier.show('info', vscode.l10n.t('Twelve Labs accepted {0} and is fetching the video; its task is under the index.', plan.sources.map((entry) => `“${entry.label}”`).join(', ')));
  }
  return { outcome, indexId: plan.indexId, uploads: results, rejected: plan.rejected };
}

/**
 * The upload's own words on top of the shared ones: a POST that lost its answer may have created the
 * task, so "retry" alone could upload the video twice.
 */
function uploadFailure(label: string, error: unknown): ErrorPresentation {
  const presentation = presentError(vscode.l10n.t('Could not upload “{0}”', label), error);
  if (presentation.info.kind !== 'noResponse') {
    return presentation;
  }
  return {
    ...presentation,
    message: vscode.l10n.t(
      'Could not upload “{0}”: {1} The video may have reached Twelve Labs anyway: refresh the index and check its videos before uploading it again.',
      label,
      presentation.info.message,
    ),
    actions: [{ title: vscode.l10n.t('Refresh'), command: CommandIds.refreshIndexes }],
  };
}

function failAll(deps: UploadDeps, plan: Plan, error: unknown): UploadVideoResult {
  const presentation = presentError(vscode.l10n.t('Could not upload'), error);
  deps.notifier.showError(presentation);
  return {
    outcome: 'failed',
    indexId: plan.indexId,
    uploads: plan.sources.map((entry) => ({ source: entry.label, outcome: 'failed', error: presentation.info })),
    rejected: plan.rejected,
  };
}

/** The index a context-menu invocation came with (an index node), or `{ indexId }` / an id string. */
function indexFromArg(arg: unknown): { id: string; name: string } | undefined {
  if (typeof arg === 'string' && arg.trim() !== '') {
    return { id: arg.trim(), name: arg.trim() };
  }
  if (typeof arg !== 'object' || arg === null) {
    return undefined;
  }
  const node = arg as { kind?: unknown; index?: Partial<Index>; indexId?: unknown };
  if (node.kind === 'index' && typeof node.index?._id === 'string') {
    return { id: node.index._id, name: node.index.index_name ?? node.index._id };
  }
  if (typeof node.indexId === 'string') {
    return { id: node.indexId, name: node.indexId };
  }
  return undefined;
}

/** The index to upload to, from a picker titled `title`; undefined when there is none (or none could be listed). */
export async function pickIndex(deps: UploadDeps, title = vscode.l10n.t('Upload Video to Index')): Promise<{ id: string; name: string } | 'cancelled' | undefined> {
  const controller = new AbortController();
  let failure: unknown;
  const items = (async () => {
    try {
      const indexes = await (await deps.api.get()).listAllIndexes({}, { signal: controller.signal });
      return indexes.map((index) => ({
        label: labelText(index.index_name),
        description: labelText((index.models ?? []).map((model) => model.model_name).join(', ')),
        detail: labelText(index._id),
        index,
      }));
    } catch (error) {
      failure = error;
      return [];
    }
  })();
  const picked = await vscode.window.showQuickPick(items, {
    title,
    placeHolder: vscode.l10n.t('Pick the index to upload to'),
    matchOnDetail: true,
  });
  controller.abort();
  if (failure !== undefined) {
    deps.notifier.showError(presentError(vscode.l10n.t('Could not load indexes'), failure, { title: vscode.l10n.t('Retry'), command: CommandIds.uploadVideo }));
    return undefined;
  }
  if (!picked) {
    return (await items).length === 0 ? undefined : 'cancelled';
  }
  return { id: picked.index._id, name: picked.index.index_name };
}
