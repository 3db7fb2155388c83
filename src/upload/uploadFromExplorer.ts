import vscode = require('vscode');
import { CommandIds } from '../common/commandIds';
import { requireKey } from '../common/requireKey';
import { videoTypeOf } from '../common/videoTypes';
import type { UploadDeps } from './deps';
import type { UploadVideoResult } from './results';
import { pickIndex, type Uploader } from './uploadVideo';

/** A folder's videos are looked for this deep, and no more are taken: a dropped home folder is not a plan. */
const MAX_FOLDER_DEPTH = 3;
const MAX_FILES = 200;

/**
 * "Upload to Twelve Labs Index…" on video files, a multi-selection or folders in the Explorer. The
 * files are the Explorer's selection; the user then picks the index in a picker that names them, so
 * nothing is uploaded that the user did not see. The usual pre-checks run on each file.
 */
export function registerUploadFromExplorer(deps: UploadDeps, uploader: Uploader): vscode.Disposable {
  return vscode.commands.registerCommand(CommandIds.uploadFromExplorer, async (clicked?: unknown, selected?: unknown): Promise<UploadVideoResult> => {
    const l10n = vscode.l10n;
    if (!(await requireKey(deps.getKey, deps.notifier))) {
      return { outcome: 'noKey' };
    }
    const uris = explorerUris(clicked, selected);
    const found = await collectVideos(uris);
    if (found.files.length === 0) {
      void deps.notifier.show('info', l10n.t('No video files in the selection. Twelve Labs takes {0}.', 'mp4, mov, mkv, webm, avi…'));
      return { outcome: 'cancelled', indexId: undefined, uploads: [], rejected: [] };
    }
    if (found.truncated) {
      void deps.notifier.show('warning', l10n.t('Only the first {0} videos of the selection are offered; upload the rest from their folders.', MAX_FILES));
    }
    const names = found.files.map((file) => vscode.workspace.asRelativePath(file, false));
    const title =
      names.length === 1 ? l10n.t('Upload “{0}” to which index?', names[0] ?? '') : l10n.t('Upload {0} videos ({1}) to which index?', names.length, summarise(names));
    const target = await pickIndex(deps, title);
    if (target === 'cancelled' || target === undefined) {
      return target === undefined ? { outcome: 'noTarget' } : { outcome: 'cancelled', indexId: undefined, uploads: [], rejected: [] };
    }
    return uploader({ indexId: target.id, files: found.files.map((file) => file.fsPath) });
  });
}

/** The Explorer passes the clicked item and, with a multi-selection, all selected ones. */
function explorerUris(clicked: unknown, selected: unknown): vscode.Uri[] {
  const all = Array.isArray(selected) && selected.length > 0 ? selected : [clicked];
  return all.filter((item): item is vscode.Uri => item instanceof vscode.Uri && item.scheme === 'file');
}

async function collectVideos(uris: vscode.Uri[]): Promise<{ files: vscode.Uri[]; truncated: boolean }> {
  const files: vscode.Uri[] = [];
  const seen = new Set<string>();
  const add = (uri: vscode.Uri): boolean => {
    if (files.length >= MAX_FILES) {
      return false;
    }
    if (!seen.has(uri.toString()) && videoTypeOf(uri.path)) {
      seen.add(uri.toString());
      files.push(uri);
    }
    return true;
  };
  const walk = async (folder: vscode.Uri, depth: number): Promise<boolean> => {
    let entries: [string, vscode.FileType][];
    try {
      entries = await vscode.workspace.fs.readDirectory(folder);
    } catch {
      return true;
    }
    for (const [name, type] of entries.sort(([a], [b]) => a.localeCompare(b))) {
      const child = vscode.Uri.joinPath(folder, name);
      if (type === vscode.FileType.File && !add(child)) {
        return false;
      }
      if (type === vscode.FileType.Directory && depth < MAX_FOLDER_DEPTH && !name.startsWith('.') && !(await walk(child, depth + 1))) {
        return false;
      }
    }
    return true;
  };
  for (const uri of uris) {
    let type: vscode.FileType;
    try {
      type = (await vscode.workspace.fs.stat(uri)).type;
    } catch {
      // Missing: the upload's pre-checks say so by name.
      files.push(uri);
      continue;
    }
    const more = type === vscode.FileType.Directory ? await walk(uri, 1) : add(uri);
    if (!more) {
      return { files, truncated: true };
    }
  }
  return { files, truncated: false };
}

function summarise(names: string[]): string {
  const shown = names.slice(0, 3).join(', ');
  return names.length > 3 ? vscode.l10n.t('{0} and {1} more', shown, names.length - 3) : shown;
}
