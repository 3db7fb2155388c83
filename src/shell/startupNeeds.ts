import type * as vscode from 'vscode';
import { SCANNED_SCHEMES } from '../keyHygiene/schemes';
import { API_KEY_ENV_VARIABLE, StorageKeys } from '../common/storageKeys';

/** How long the shell waits for SecretStorage before handing the question to the features' key store. */
export const SECRET_PEEK_TIMEOUT_MS = 2_000;

export interface StartupSituation {
  context: { secrets: Pick<vscode.SecretStorage, 'get'>; globalState: Pick<vscode.Memento, 'get'> };
  documents: readonly vscode.TextDocument[];
  environment?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

/**
 * Why the features must start now rather than on first use, or undefined for a window with nothing for
 * them to do: no document to check for keys, no key (and no trace of one), no key to offer for import,
 * no upload to resume. Only the features' key store reports on a key, so anything but a clean "nothing
 * stored" (a value, an error, no answer) hands over to it. Never rejects.
 */
export function featuresNeededAtStartup(situation: StartupSituation): Promise<string | undefined> {
  const { context, environment = process.env, timeoutMs = SECRET_PEEK_TIMEOUT_MS } = situation;
  const { globalState } = context;
  const known = reasonWithoutSecrets(situation.documents, globalState, environment);
  if (known) {
    return Promise.resolve(known);
  }
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve('secret storage did not answer'), timeoutMs);
    const settle = (reason: string | undefined) => {
      clearTimeout(timer);
      resolve(reason);
    };
    // `then` first: a SecretStorage that throws instead of rejecting must not throw out of activate().
    Promise.resolve()
      .then(() => context.secrets.get(StorageKeys.apiKey))
      .then(
        (value) => settle(value === undefined ? undefined : 'a key is stored'),
        () => settle('secret storage failed'),
      );
  });
}

function reasonWithoutSecrets(documents: readonly vscode.TextDocument[], globalState: StartupSituation['context']['globalState'], environment: NodeJS.ProcessEnv): string | undefined {
  if (documents.some(isCheckedDocument)) {
    return 'open documents to check for keys';
  }
  if (globalState.get(StorageKeys.pendingUploadTasks) !== undefined) {
    return 'upload tasks to resume';
  }
  if (globalState.get(StorageKeys.keyHint) !== undefined) {
    return 'a key was stored';
  }
  if (environment[API_KEY_ENV_VARIABLE]?.trim() && globalState.get(StorageKeys.envImportOffered) !== true) {
    return `${API_KEY_ENV_VARIABLE} to offer for import`;
  }
  return undefined;
}

/** Whether a document is one the key checks would look at. */
export function isCheckedDocument(document: vscode.TextDocument): boolean {
  return SCANNED_SCHEMES.includes(document.uri.scheme);
}
