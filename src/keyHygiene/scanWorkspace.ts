import vscode = require('vscode');
import { CommandIds } from '../common/commandIds';
import type { Notifier } from '../common/notifier';
import type { Logger } from '../common/logging/logger';
import { LineIndex, scanInChunks, stringSource } from './detector';
import { keyDiagnostic, type KeyDiagnostics } from './diagnostics';
import type { DocumentScanner } from './documentScanner';
import { yieldToEventLoop } from './documentScanner';
import { buildExcludeGlob, type ExcludeSetting } from './excludes';
import type { StoredKeyTracker } from './storedKey';

/** Files larger than this are skipped: keys live in source and config files, not in data dumps and bundles. */
export const MAX_SCAN_FILE_BYTES = 2 * 1024 * 1024;
/** A NUL byte in the first 8 KB means binary, as git decides it. */
const BINARY_SNIFF_BYTES = 8000;
/** Files read at once: enough to hide file-system latency, few enough to keep memory flat. */
const PARALLEL_READS = 8;
/** findFiles answers at most this many per folder; a larger tree is scanned in part, and the log says so. */
const MAX_FILES_PER_FOLDER = 50_000;

export interface WorkspaceScanResult {
  /** Files searched (open documents included, with their unsaved text). */
  scanned: number;
  /** Files left out: over the size bound, binary, or unreadable. */
  skipped: number;
  /** Keys found, over all files. */
  findings: number;
  /** Files with at least one finding. */
  filesWithFindings: number;
  cancelled: boolean;
}

export interface ScanWorkspaceDeps {
  diagnostics: KeyDiagnostics;
  documents: DocumentScanner;
  storedKey: StoredKeyTracker;
  variableName: () => string;
  notifier: Notifier;
  logger: Logger;
}

/**
 * "Scan Workspace for Hard-coded Keys": every file of every workspace folder that `files.exclude` and
 * `search.exclude` leave in, findings in the Problems panel through the same collection as the
 * open-document warnings. Progress with Cancel; cancelling keeps what was found so far.
 */
export function registerScanWorkspace(deps: ScanWorkspaceDeps): vscode.Disposable {
  return vscode.commands.registerCommand(CommandIds.scanWorkspaceForKeys, () =>
    vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Scanning for hard-coded Twelve Labs keys'), cancellable: true },
      (progress, token) => scanWorkspace(deps, progress, token),
    ),
  );
}

export async function scanWorkspace(
  deps: ScanWorkspaceDeps,
  progress: vscode.Progress<{ message?: string; increment?: number }>,
  token: vscode.CancellationToken,
): Promise<WorkspaceScanResult> {
  const result: WorkspaceScanResult = { scanned: 0, skipped: 0, findings: 0, filesWithFindings: 0, cancelled: false };
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) {
    void deps.notifier.show('info', vscode.l10n.t('Open a folder to scan it for hard-coded Twelve Labs keys.'));
    return result;
  }
  const open = new Map(vscode.workspace.textDocuments.map((document) => [document.uri.toString(), document]));
  deps.diagnostics.beginScan((uri) => open.has(uri.toString()));

  const files: vscode.Uri[] = [];
  for (const folder of folders) {
    const exclude = buildExcludeGlob(
      vscode.workspace.getConfiguration('files', folder.uri).get<ExcludeSetting>('exclude'),
      vscode.workspace.getConfiguration('search', folder.uri).get<ExcludeSetting>('exclude'),
    );
    const found = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, '**/*'), exclude ?? null, MAX_FILES_PER_FOLDER, token);
    if (found.length >= MAX_FILES_PER_FOLDER) {
      deps.logger.warn(`The key scan covers only the first ${MAX_FILES_PER_FOLDER} files of ${folder.name}.`);
    }
    files.push(...found);
  }

  const increment = files.length > 0 ? 100 / files.length : 100;
  let done = 0;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < files.length && !token.isCancellationRequested) {
      const uri = files[next++];
      const document = open.get(uri.toString());
      const outcome = document ? await scanOpenDocument(deps, document) : await scanFile(deps, uri, token);
      if (outcome === 'skipped') {
        result.skipped++;
      } else if (outcome !== 'cancelled') {
        result.scanned++;
        result.findings += outcome;
        result.filesWithFindings += outcome > 0 ? 1 : 0;
      }
      done++;
      progress.report({ message: vscode.l10n.t('{0} of {1} files', done, files.length), increment });
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_READS, files.length) }, worker));
  result.cancelled = token.isCancellationRequested;
  deps.logger.info(
    `Key scan ${result.cancelled ? 'cancelled' : 'finished'}: ${result.scanned} files searched, ${result.skipped} skipped, ${result.findings} finding(s) in ${result.filesWithFindings} file(s).`,
  );
  announce(deps, result);
  return result;
}

/** Open documents: their live text is what matters, and the document scanner already keeps it current. */
async function scanOpenDocument(deps: ScanWorkspaceDeps, document: vscode.TextDocument): Promise<number> {
  await deps.documents.idle();
  deps.diagnostics.markScanned(document.uri);
  return deps.diagnostics.collection.get(document.uri)?.length ?? 0;
}

async function scanFile(deps: ScanWorkspaceDeps, uri: vscode.Uri, token: vscode.CancellationToken): Promise<number | 'skipped' | 'cancelled'> {
  let bytes: Uint8Array;
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    if (stat.size > MAX_SCAN_FILE_BYTES || (stat.type & vscode.FileType.File) === 0) {
      return 'skipped';
    }
    bytes = await vscode.workspace.fs.readFile(uri);
  } catch (error) {
    deps.logger.debug(`Key scan could not read ${uri.toString(true)}.`, error);
    return 'skipped';
  }
  if (bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0)) {
    return 'skipped';
  }
  const text = new TextDecoder('utf-8').decode(bytes);
  const scan = await scanInChunks(stringSource(text), deps.storedKey.all(), { yieldToEventLoop, isCancelled: () => token.isCancellationRequested });
  if (scan.cancelled) {
    return 'cancelled';
  }
  const lines = new LineIndex(text);
  const variable = deps.variableName();
  const toPosition = (offset: number) => {
    const { line, character } = lines.positionAt(offset);
    return new vscode.Position(line, character);
  };
  deps.diagnostics.setFromScan(
    uri,
    scan.findings.map((finding) => keyDiagnostic(new vscode.Range(toPosition(finding.start), toPosition(finding.end)), finding.kind, variable)),
  );
  return scan.findings.length;
}

function announce(deps: ScanWorkspaceDeps, result: WorkspaceScanResult): void {
  if (result.findings > 0) {
    const openProblems = vscode.l10n.t('Open Problems');
    void deps.notifier
      .show(
        'warning',
        vscode.l10n.t('Found {0} hard-coded Twelve Labs key(s) in {1} file(s). Each one is listed in the Problems panel, with a quick fix.', result.findings, result.filesWithFindings),
        openProblems,
      )
      .then((choice) => {
        if (choice === openProblems) {
          void vscode.commands.executeCommand('workbench.actions.view.problems');
        }
      });
  } else if (!result.cancelled) {
    void deps.notifier.show('info', vscode.l10n.t('No hard-coded Twelve Labs keys found in {0} file(s).', result.scanned));
  }
}
