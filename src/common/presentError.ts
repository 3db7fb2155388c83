import vscode = require('vscode');
import { isTwelveLabsError, TwelveLabsError, type TwelveLabsErrorKind } from '../api/errors';
import { CommandIds } from './commandIds';

/**
 * How an API failure is told to the user: the server's message verbatim, its code, and one next
 * step. The actions name commands so that a notification button and a tree node can offer the same.
 */

/** A failure as results report it: what kind, the HTTP status, the server's code and message. */
export interface ErrorInfo {
  kind: TwelveLabsErrorKind | 'validation';
  status: number;
  code: string;
  message: string;
}

export interface NextAction {
  title: string;
  command: string;
  arguments?: unknown[];
}

export interface ErrorPresentation {
  /** One line for a notification or `TreeView.message`. */
  message: string;
  actions: NextAction[];
  info: ErrorInfo;
}

export function errorInfo(error: unknown): ErrorInfo {
  if (isTwelveLabsError(error)) {
    return { kind: error.kind, status: error.status, code: error.code, message: error.message };
  }
  if (isErrorInfo(error)) {
    return { ...error };
  }
  // Not an API error: a bug of ours. Its message is ours too, so it is safe to show.
  const message = error instanceof Error ? error.message : String(error);
  return { kind: 'noResponse', status: 0, code: 'internal_error', message };
}

export function asTwelveLabsError(error: unknown): TwelveLabsError | undefined {
  return isTwelveLabsError(error) ? error : undefined;
}

/**
 * `what` says what failed, e.g. "Could not load indexes"; `error` is a thrown error or an `ErrorInfo`
 * from a command result. `retry` is the command that repeats the failed action.
 */
export function presentError(what: string, error: unknown, retry?: NextAction): ErrorPresentation {
  const info = errorInfo(error);
  const actions: NextAction[] = [];
  const setKey = { title: vscode.l10n.t('Set API Key'), command: CommandIds.setApiKey };
  const rotate = { title: vscode.l10n.t('Rotate API Key'), command: CommandIds.rotateApiKey };
  let next: string;

  if (info.kind === 'config') {
    // The reason already says what is wrong with the setting; the step is where to change it.
    next = vscode.l10n.t('Correct the twelveLabs.apiUrl setting, then retry.');
    actions.push({ title: vscode.l10n.t('Open Settings'), command: 'workbench.action.openSettings', arguments: ['twelveLabs.apiUrl'] });
  } else if (info.kind === 'noKey') {
    next = vscode.l10n.t('Set your API key to continue.');
    actions.push(setKey);
  } else if (info.status === 401) {
    next = vscode.l10n.t('The key is invalid or has expired: rotate it to continue.');
    actions.push(rotate);
  } else if (info.status === 403) {
    next = vscode.l10n.t('Check that the key belongs to the account that owns this index, or rotate it.');
    actions.push(rotate);
  } else if (info.status === 429) {
    next = vscode.l10n.t('The API is rate limiting requests: try again in a minute.');
    pushRetry(actions, retry);
  } else if (info.kind === 'network') {
    next = vscode.l10n.t('Check your connection, proxy settings and the twelveLabs.apiUrl setting, then retry.');
    pushRetry(actions, retry);
    actions.push(
      { title: vscode.l10n.t('Open Settings'), command: 'workbench.action.openSettings', arguments: ['twelveLabs.apiUrl'] },
      { title: vscode.l10n.t('Show Log'), command: CommandIds.showLog },
    );
  } else if (info.kind === 'noResponse' || info.status >= 500) {
    next = vscode.l10n.t('The API did not answer properly: retry in a moment.');
    pushRetry(actions, retry);
  } else if (info.kind === 'file') {
    // The file's own problem, already named in the message: nothing reached the index.
    next = vscode.l10n.t('Nothing was indexed from it: check the file and upload it again.');
  } else if (info.kind === 'upload') {
    next = uploadNextStep(info.code);
  } else if (info.kind === 'malformedResponse') {
    next = vscode.l10n.t('The API sent an unexpected answer; check the twelveLabs.apiUrl setting, then retry.');
    pushRetry(actions, retry);
  } else if (info.code === 'resource_not_exist') {
    next = vscode.l10n.t('It may have been deleted elsewhere: refresh the view.');
    actions.push({ title: vscode.l10n.t('Refresh'), command: CommandIds.refreshIndexes });
  } else {
    next = '';
    pushRetry(actions, retry);
  }
  const detail = info.code && info.kind === 'http' ? vscode.l10n.t('{0} ({1})', info.message, info.code) : info.message;
  const message = next ? vscode.l10n.t('{0}: {1} {2}', what, detail, next) : vscode.l10n.t('{0}: {1}', what, detail);
  return { message, actions, info };
}

/** The upload path's own failures: each says whether anything sent so far still counts. */
function uploadNextStep(code: string): string {
  switch (code) {
    case 'upload_session_expired':
    case 'upload_session_ended':
      return vscode.l10n.t('What was sent is gone: upload the file again.');
    case 'upload_file_changed':
      return vscode.l10n.t('Upload the file again to send it as it is now.');
    case 'asset_failed':
      return vscode.l10n.t('Nothing was indexed from it: check that it is a playable video, then upload it again.');
    case 'asset_wait_timeout':
      return vscode.l10n.t('It may still become ready: refresh the index later.');
    default:
      return '';
  }
}

function pushRetry(actions: NextAction[], retry: NextAction | undefined): void {
  if (retry) {
    actions.push(retry);
  }
}

function isErrorInfo(value: unknown): value is ErrorInfo {
  if (typeof value !== 'object' || value === null || value instanceof Error) {
    return false;
  }
  const candidate = value as Partial<ErrorInfo>;
  return typeof candidate.kind === 'string' && typeof candidate.status === 'number' && typeof candidate.code === 'string' && typeof candidate.message === 'string';
}
