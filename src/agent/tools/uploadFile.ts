import fs = require('node:fs');
import path = require('node:path');
import vscode = require('vscode');
import { TwelveLabsError } from '../../api/errors';
import type { AgentDeps } from '../deps';
import type { AgentTool, ClientSource } from '../tool';
import { errorFromInfo, toolErrorText } from '../toolErrors';
import { InputReader } from '../toolInput';
import { id, quote } from '../toolText';

interface Input {
  indexId: string;
  path: string;
}

/** The file as it will be sent: its real path (links resolved) inside a workspace folder. */
type Resolved = { ok: true; file: string; relative: string; size: number; mtimeMs: number } | { ok: false; reason: string };

/**
 * `twelvelabs_uploadFile`: asks first; uploads one file of the workspace, which the platform then
 * processes and indexes (the video's duration counts against the plan). Only files inside a folder
 * of the workspace, checked after resolving links: the model must not reach the rest of the disk.
 */
export function uploadFileTool(deps: Pick<AgentDeps, 'uploads'> & { api: ClientSource }): AgentTool<Input> {
  return {
    name: 'twelvelabs_uploadFile',
    what: 'The upload',
    read(input) {
      const reader = new InputReader(input, ['indexId', 'path']);
      return reader.result({ indexId: reader.string('indexId', { required: true, maxLength: 128 }), path: reader.string('path', { required: true, maxLength: 4_096 }) });
    },
    invocationMessage: (input) => vscode.l10n.t('Uploading {0} to Twelve Labs index {1}', input.path, input.indexId),
    async confirmation(input, signal) {
      const file = await resolveWorkspaceFile(input.path);
      if (!file.ok) {
        return undefined;
      }
      const index = await indexName(deps.api, input.indexId, signal);
      return {
        title: vscode.l10n.t('Upload a workspace file to Twelve Labs?'),
        message: vscode.l10n.t(
          'Uploads “{0}” ({1}) to the Twelve Labs index {2}. Twelve Labs keeps a copy of the video and indexes it with the index’s models, which counts the video’s duration against your plan’s indexing hours. Progress shows in a notification, where the upload can be cancelled.',
          file.relative,
          formatSize(file.size),
          index ? vscode.l10n.t('“{0}” ({1})', index, input.indexId) : input.indexId,
        ),
        action: vscode.l10n.t('Upload'),
        plan: plan(input.indexId, file),
      };
    },
    async run(input, { confirmedPlan }) {
      const file = await resolveWorkspaceFile(input.path);
      if (!file.ok) {
        return `Nothing was uploaded: ${file.reason}`;
      }
      if (confirmedPlan !== plan(input.indexId, file)) {
        return 'Nothing was uploaded: the file is not the one the user confirmed (it changed, or nobody was asked). Call the tool again so that VS Code can ask.';
      }
      const result = await deps.uploads.upload({ indexId: input.indexId, files: [file.file] });
      if (result.outcome === 'noKey') {
        return toolErrorText('The upload', new TwelveLabsError('noKey', 0, 'no_key', ''));
      }
      if (result.outcome === 'noTarget') {
        return `Nothing was uploaded: there is no index ${id(input.indexId)}. twelvelabs_listIndexes shows the ids.`;
      }
      const [item] = result.uploads;
      const [rejected] = result.rejected;
      if (rejected) {
        return `Nothing was uploaded: ${quote(rejected.message)} (${rejected.code}).`;
      }
      switch (item?.outcome) {
        case 'sent':
          return `Uploaded ${quote(file.relative, 300)} to index ${id(input.indexId)} (asset ${id(item.assetId)}). Twelve Labs now processes and indexes it, which takes a while; twelvelabs_uploadStatus reports its progress and, once indexed, its videoId.`;
        case 'paused':
          return `The upload of ${quote(file.relative, 300)} was paused by the user; they can resume it from the Twelve Labs view.`;
        case 'cancelled':
          return `The upload of ${quote(file.relative, 300)} was cancelled by the user; nothing was indexed.`;
        case 'failed':
          return toolErrorText('The upload', errorFromInfo(item.error));
        default:
          return 'Nothing was uploaded.';
      }
    },
  };
}

function plan(indexId: string, file: Extract<Resolved, { ok: true }>): string {
  return JSON.stringify([indexId, file.file, file.size, file.mtimeMs]);
}

/** A workspace-relative path (against the first folder, or `folder name/…`), or an absolute one inside a folder. */
export async function resolveWorkspaceFile(given: string): Promise<Resolved> {
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((folder) => folder.uri.scheme === 'file');
  if (folders.length === 0) {
    return { ok: false, reason: 'no folder is open in this VS Code window, and only files of the workspace can be uploaded.' };
  }
  const candidates = path.isAbsolute(given)
    ? [given]
    : [
        ...folders.filter((folder) => given.startsWith(`${folder.name}/`)).map((folder) => path.join(folder.uri.fsPath, given.slice(folder.name.length + 1))),
        ...folders.map((folder) => path.join(folder.uri.fsPath, given)),
      ];
  for (const candidate of candidates) {
    let real: string;
    try {
      real = await fs.promises.realpath(candidate);
    } catch {
      continue;
    }
    for (const folder of folders) {
      const root = await fs.promises.realpath(folder.uri.fsPath).catch(() => undefined);
      if (root === undefined || !(real === root || real.startsWith(root + path.sep))) {
        continue;
      }
      const stat = await fs.promises.stat(real);
      if (!stat.isFile()) {
        return { ok: false, reason: `${quote(given, 300)} is not a file.` };
      }
      if (stat.size === 0) {
        return { ok: false, reason: `${quote(given, 300)} is empty.` };
      }
      const relative = path.relative(root, real).split(path.sep).join('/');
      return { ok: true, file: real, relative: folders.length > 1 ? `${folder.name}/${relative}` : relative, size: stat.size, mtimeMs: stat.mtimeMs };
    }
    return { ok: false, reason: `${quote(given, 300)} is outside the workspace folders; only files of the workspace can be uploaded.` };
  }
  return { ok: false, reason: `${quote(given, 300)} does not exist in the workspace. Give a path relative to the workspace folder.` };
}

async function indexName(api: ClientSource, indexId: string, signal: AbortSignal): Promise<string | undefined> {
  try {
    return (await (await api.get()).getIndex(indexId, { signal })).index_name;
  } catch {
    // The question still names the index by its id; the upload itself reports a wrong one.
    return undefined;
  }
}

function formatSize(bytes: number): string {
  if (bytes >= 1e9) {
    return vscode.l10n.t('{0} GB', (bytes / 1e9).toFixed(2));
  }
  if (bytes >= 1e6) {
    return vscode.l10n.t('{0} MB', (bytes / 1e6).toFixed(1));
  }
  return vscode.l10n.t('{0} kB', Math.max(1, Math.round(bytes / 1e3)));
}
