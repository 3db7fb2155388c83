/**
 * Failures as a model can act on them: what went wrong, whether anything happened, and the one next
 * step (usually something to ask the user, since only the user can set a key or wait out a limit).
 * Free of `vscode`. The server's message is quoted as data.
 */
import { isTwelveLabsError, TwelveLabsError, type TwelveLabsErrorKind } from '../api/errors';
import { quote } from './toolText';

export const SET_KEY_COMMAND = 'Twelve Labs: Set API Key';
export const ROTATE_KEY_COMMAND = 'Twelve Labs: Rotate API Key';

export function toolErrorText(what: string, error: unknown): string {
  if (!isTwelveLabsError(error)) {
    // Our own bug: its message is ours, so it is safe to pass on.
    const message = error instanceof Error ? error.message : String(error);
    return `${what} failed inside the Twelve Labs extension: ${quote(message)}. Tell the user; retrying will likely fail the same way.`;
  }
  const server = error.message ? ` The server said: ${quote(error.message)}.` : '';
  const code = error.code ? ` (code ${quote(error.code, 80)})` : '';
  if (error.kind === 'noKey') {
    return `${what} failed: no Twelve Labs API key is stored in VS Code. Ask the user to run the command "${SET_KEY_COMMAND}" (a key comes from the Twelve Labs dashboard), then call the tool again. Never ask the user to paste the key into the chat.`;
  }
  if (error.kind === 'cancelled') {
    return `${what} was cancelled before it finished.`;
  }
  if (error.kind === 'config') {
    return `${what} failed before anything was sent: the extension's API URL setting cannot be used.${server} Ask the user to correct the twelveLabs.apiUrl setting.`;
  }
  if (error.status === 401) {
    return `${what} failed: Twelve Labs rejected the stored API key (invalid or expired)${code}.${server} Ask the user to run the command "${ROTATE_KEY_COMMAND}" to store a new key, then call the tool again. Do not retry before that.`;
  }
  if (error.status === 403) {
    return `${what} failed: the API key may not access this resource${code}.${server} Check the ids; if they are right, ask the user whether the key belongs to the account that owns the index.`;
  }
  if (error.status === 429) {
    const wait = error.retryAfterMs !== undefined ? `${Math.max(1, Math.ceil(error.retryAfterMs / 1000))} seconds` : 'a minute';
    return `${what} failed: Twelve Labs is rate limiting requests (429)${code}.${server} Wait ${wait}, then call the tool again once; do not retry in a loop.`;
  }
  if (error.code === 'resource_not_exist' || error.status === 404) {
    return `${what} failed: Twelve Labs has no such resource${code}.${server} Check the id: list the indexes (twelvelabs_listIndexes) or videos (twelvelabs_listVideos) to find the right one.`;
  }
  if (error.kind === 'http' && error.status >= 400 && error.status < 500) {
    return `${what} was refused${code}.${server} Change the input as the message says, then call the tool again.`;
  }
  if (error.kind === 'network') {
    return `${what} failed: the Twelve Labs API could not be reached${code}. Ask the user to check the connection and proxy settings; retry later.`;
  }
  if (error.kind === 'noResponse' || error.status >= 500) {
    return `${what} failed: the Twelve Labs API did not answer properly${code}.${server} Retry once in a moment.`;
  }
  if (error.kind === 'malformedResponse') {
    return `${what} failed: the API sent an answer the extension could not read${code}. Retry once; if it fails again, tell the user.`;
  }
  return `${what} failed${code}.${server}`;
}

/** A failure as a command result reports it (ErrorInfo), as the error it was: the text reads its kind and status. */
export function errorFromInfo(info: { code: string; message: string; status: number; kind: string }): TwelveLabsError {
  // A refusal of our own checks (`validation`) reads as the server's 400 for the same input would.
  const kind = info.kind === 'validation' ? 'http' : (info.kind as TwelveLabsErrorKind);
  return new TwelveLabsError(kind, info.kind === 'validation' ? 400 : info.status, info.code, info.message);
}
