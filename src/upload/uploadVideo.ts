import path = require('node:path');
import vscode = require('vscode');
import type { Index } from '../api/types';
import { CommandIds } from '../common/commandIds';
import { presentError } from '../common/presentError';
import type { NewUpload, SendOutcome } from './assetUploads';
import { checkFile, displayUrl, isVideoUrl } from './checks';
import type { UploadDeps } from './deps';
import type { RejectedFile, UploadItemResult, UploadVideoResult } from './results';
import { sendWithProgress, type BatchItem } from './uploadProgress';
import { InFlight } from '../common/inFlight';
import { VIDEO_EXTENSIONS } from '../common/videoTypes';
import { labelText } from '../common/untrustedText';
import { requireKey } from '../common/requireKey';

/** What to upload where, once chosen: the files (paths on this machine) or URL the user picked. */
export interface UploadRequest {
  indexId: string;
  files?: string[];
  url?: string;
  /** Default: the `twelveLabs.upload.enableVideoStream` setting. */
  enableVideoStream?: boolean;
}

/** Uploads a request the user has already made; a repeated request joins the one in flight. */
export type Uploader = (request: UploadRequest) => Promise<UploadVideoResult>;

interface Plan {
  indexId: string;
  indexName: string;
  sources: { label: string; source: NewUpload['source']; size: number }[];
  rejected: RejectedFile[];
  enableVideoStream: boolean | undefined;
}

/**
 * "Upload Video to Index". An argument (an index node, `{ indexId }` or an id, from a menu or another
 * extension) only preselects the index: the files or URL always come from the user, through the
 * file dialog or the URL box. Returns the uploader the command uses once the user has chosen.
 */
export function registerUploadVideo(context: vscode.ExtensionContext, deps: UploadDeps): Uploader {
  // Each upload creates an asset: the same request repeated while the first is still uploading joins
  // it rather than uploading the same files twice.
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
  const plan: Plan = {
    indexId: request.indexId,
    indexName: request.indexId,
    sources: [],
    rejected: [],
    enableVideoStream: request.enableVideoStream,
  };
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
      { label: `$(file-media) ${files}`, detail: vscode.l10n.t('Upload one or more files from this machine (up to 10 GB each; over 200 MB they go in resumable parts).'), value: 'files' as const },
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
      plan.sources.push({ label: path.basename(file), source: { kind: 'file', path: file, size: check.size, mtimeMs: check.mtimeMs }, size: check.size });
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
  const items: (BatchItem & { label: string })[] = [];
  const rejected = [...plan.rejected];
  for (const entry of plan.sources) {
    try {
      const record = deps.uploads.create({ indexId: plan.indexId, label: entry.label, source: entry.source, enableVideoStream: plan.enableVideoStream });
      items.push({ id: record.id, size: entry.size, url: entry.source.kind === 'url' ? entry.source.url : undefined, label: entry.label });
    } catch (error) {
      // A file no route takes (empty, over 10 GB): refused before anything is sent, like the checks.
      const message = error instanceof Error ? error.message : String(error);
      rejected.push({ file: entry.label, code: 'too_large', message });
      void deps.notifier.show('error', vscode.l10n.t('Not uploaded: {0}', message));
    }
  }
  if (items.length === 0) {
    return { outcome: 'failed', indexId: plan.indexId, uploads: [], rejected };
  }
  const title =
    items.length === 1
      ? vscode.l10n.t('Uploading “{0}” to “{1}”', items[0].label, plan.indexName)
      : vscode.l10n.t('Uploading {0} videos to “{1}”', items.length, plan.indexName);
  const outcomes = await sendWithProgress(deps, plan.indexId, title, items);
  const results = outcomes.map((outcome, i) => itemResult(items[i].label, outcome));
  const sent = results.filter((entry) => entry.outcome === 'sent' || entry.outcome === 'paused').length;
  if (sent > 0) {
    // Between 100% and "ready" the upload nodes are the only sign of progress: open the index to show them.
    void deps.tree.reveal(plan.indexId, { expand: true });
  }
  for (const outcome of outcomes) {
    if (outcome.outcome === 'failed') {
      offerAgain(deps, outcome, (file) => void executePlanFor(deps, plan.indexId, file));
    }
  }
  const cancelled = results.filter((entry) => entry.outcome === 'cancelled');
  const paused = results.filter((entry) => entry.outcome === 'paused').length;
  const outcome =
    cancelled.length === results.length
      ? 'cancelled'
      : paused === results.length
        ? 'paused'
        : sent === results.length && paused === 0 && rejected.length === 0
          ? 'uploaded'
          : sent > 0
            ? 'partial'
            : 'failed';
  if (cancelled.length > 0) {
    const stopped = cancelled.map((entry) => `“${entry.source}”`);
    void deps.notifier.show(
      'info',
      stopped.length === 1 ? vscode.l10n.t('Upload of {0} cancelled.', stopped[0]) : vscode.l10n.t('Uploads cancelled: {0}.', stopped.join(', ')),
    );
  } else if (items.every((item) => item.url !== undefined) && sent > 0) {
    // A URL import sends no bytes, so no progress showed it happened: say it was accepted.
    void deps.notifier.show('info', vscode.l10n.t('Twelve Labs accepted {0} and is fetching the video; it is under the index until it is ready.', items.map((item) => `“${item.label}”`).join(', ')));
  }
  return { outcome, indexId: plan.indexId, uploads: results, rejected };
}

function itemResult(label: string, outcome: SendOutcome): UploadItemResult {
  switch (outcome.outcome) {
    case 'sent':
      return { source: label, outcome: 'sent', uploadId: outcome.record.id, assetId: outcome.record.assetId ?? '' };
    case 'paused':
      return { source: label, outcome: 'paused', uploadId: outcome.record.id };
    case 'cancelled':
      return { source: label, outcome: 'cancelled' };
    case 'failed':
      return { source: label, outcome: 'failed', error: outcome.presentation.info };
  }
}

/**
 * A failed upload's notification. When the file changed under it, or its session is gone, the bytes
 * sent are lost, so the next step is a new upload of the file: offered, and started only on the
 * user's click.
 */
export function offerAgain(deps: Pick<UploadDeps, 'notifier' | 'uploads'>, failure: Extract<SendOutcome, { outcome: 'failed' }>, uploadAgain: (file: string) => void): void {
  const { file } = failure;
  const code = failure.presentation.info.code;
  if (!file || !(code === 'upload_file_changed' || code === 'upload_session_expired' || code === 'upload_session_ended')) {
    deps.notifier.showError(failure.presentation);
    return;
  }
  const again = vscode.l10n.t('Upload Again');
  void deps.notifier.show('error', failure.presentation.message, again).then((choice) => {
    if (choice === again) {
      deps.uploads.dismiss(failure.uploadId);
      uploadAgain(file);
    }
  });
}

/** A new upload of one file the user already chose, as "Upload Again" starts it. */
export async function executePlanFor(deps: UploadDeps, indexId: string, file: string): Promise<UploadVideoResult> {
  return executePlan(deps, await planFromRequest({ indexId, files: [file] }));
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
