import vscode = require('vscode');
import { CommandIds } from '../common/commandIds';
import type { Notifier } from '../common/notifier';
import { findKeys } from './detector';
import { buildEnvironmentFix } from './fixes';

/** Where the quick fix found the key: a range in an open document, as it was when the fix was offered. */
export interface KeyInCode {
  uri: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}

/** How a key is stored: the key features' flow with the key given (Set, or the user's choice of an account to rotate or a new one), visible to the user. */
export type StoreFoundKey = (key: string) => Promise<{ status: string }>;

export interface StoreKeyFromCodeDeps {
  storeKey: StoreFoundKey;
  variableName: () => string;
  notifier: Notifier;
}

const STORED = new Set(['saved', 'rotated', 'savedUnvalidated']);

/**
 * "Store This Key in Secret Storage and Replace It": the key-shaped literal goes through the key
 * features' flow (the user says which account it replaces or names a new one, it is checked with
 * Twelve Labs, the user picks its expiry, an old key stays until the new one is checked), and only then
 * is the literal rewritten to the environment lookup. The key is read from
 * the open document at the given range, never taken from the caller, and nothing is stored unless the
 * user completes the flow.
 */
export function registerStoreKeyFromCode(deps: StoreKeyFromCodeDeps): vscode.Disposable {
  return vscode.commands.registerCommand(CommandIds.storeKeyFromCode, (where: unknown) => storeKeyFromCode(deps, where));
}

export type StoreKeyFromCodeOutcome = 'replaced' | 'storedOnly' | 'notStored' | 'notAKey';

async function storeKeyFromCode(deps: StoreKeyFromCodeDeps, where: unknown): Promise<StoreKeyFromCodeOutcome> {
  const l10n = vscode.l10n;
  const found = locate(where);
  if (!found) {
    return 'notAKey';
  }
  const { document, range } = found;
  const key = document.getText(range);
  const result = await deps.storeKey(key);
  if (!STORED.has(result.status)) {
    return 'notStored';
  }
  // The user may have edited the file while the flow was open: rewrite the literal only where it still is.
  const now = document.getText(range) === key ? range : onlyOccurrence(document, key);
  const variable = deps.variableName();
  const text = document.getText();
  const fix = now && buildEnvironmentFix(document.languageId, text, document.offsetAt(now.start), document.offsetAt(now.end), variable);
  if (fix) {
    const edit = new vscode.WorkspaceEdit();
    for (const change of fix.edits) {
      edit.replace(document.uri, new vscode.Range(document.positionAt(change.start), document.positionAt(change.end)), change.newText);
    }
    if (await vscode.workspace.applyEdit(edit)) {
      void deps.notifier.show('info', l10n.t('The key is in secret storage now, and the code reads {0} instead. Save the file, and rotate the key if it was ever committed.', fix.expression));
      return 'replaced';
    }
  }
  void deps.notifier.show('warning', l10n.t('The key is in secret storage now, but it is still written in this file. Replace it with a read of the environment variable {0}.', variable));
  return 'storedOnly';
}

/** The open document and a range in it that holds exactly one key-shaped token; anything else is refused. */
function locate(where: unknown): { document: vscode.TextDocument; range: vscode.Range } | undefined {
  if (typeof where !== 'object' || where === null) {
    return undefined;
  }
  const { uri, range } = where as Partial<KeyInCode>;
  const numbers = [range?.start?.line, range?.start?.character, range?.end?.line, range?.end?.character];
  if (typeof uri !== 'string' || !numbers.every((n) => Number.isInteger(n) && (n as number) >= 0)) {
    return undefined;
  }
  const document = vscode.workspace.textDocuments.find((candidate) => candidate.uri.toString() === uri);
  if (!document) {
    return undefined;
  }
  const [startLine, startCharacter, endLine, endCharacter] = numbers as number[];
  const found = document.validateRange(new vscode.Range(startLine ?? 0, startCharacter ?? 0, endLine ?? 0, endCharacter ?? 0));
  const literal = document.getText(found);
  const whole = findKeys(literal, []).some((finding) => finding.kind === 'keyShaped' && finding.start === 0 && finding.end === literal.length);
  return whole ? { document, range: found } : undefined;
}

function onlyOccurrence(document: vscode.TextDocument, key: string): vscode.Range | undefined {
  const text = document.getText();
  const first = text.indexOf(key);
  if (first < 0 || text.indexOf(key, first + key.length) >= 0) {
    return undefined;
  }
  return new vscode.Range(document.positionAt(first), document.positionAt(first + key.length));
}
