import vscode = require('vscode');
import { CommandIds } from '../common/commandIds';
import { IGNORE_NEXT_LINE_MARKER, findKeys } from './detector';
import { findingKindOf } from './diagnostics';
import { buildEnvironmentFix, buildIgnoreNextLineEdit } from './fixes';
import type { KeyInCode } from './storeKeyFromCode';
import type { StoredKeyTracker } from './storedKey';

/**
 * Quick fixes on our diagnostics: replace the literal with the language's environment lookup; for a
 * key that is not the stored one, store it in secret storage and replace it, or mark the line as not
 * a key; "Rotate This Key" when it is a stored key, for the account that holds it. Each finding is checked against the document as it is
 * now, since the diagnostic may be a few keystrokes old.
 */
export class KeyQuickFixes implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  constructor(
    private readonly storedKey: StoredKeyTracker,
    private readonly variableName: () => string,
  ) {}

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    let text: string | undefined;
    // One rotation per account, however many times its key appears in the selection.
    const rotations = new Map<string | undefined, vscode.CodeAction>();
    for (const diagnostic of context.diagnostics) {
      const kind = findingKindOf(diagnostic);
      if (!kind) {
        continue;
      }
      const literal = document.getText(diagnostic.range);
      const isStored = this.storedKey.matches(literal);
      if (!isStored && !findKeys(literal, []).some((f) => f.start === 0 && f.end === literal.length)) {
        continue;
      }
      text ??= document.getText();
      const fix = buildEnvironmentFix(document.languageId, text, document.offsetAt(diagnostic.range.start), document.offsetAt(diagnostic.range.end), this.variableName());
      if (fix) {
        const action = new vscode.CodeAction(vscode.l10n.t('Replace with {0}', fix.expression), vscode.CodeActionKind.QuickFix);
        action.edit = new vscode.WorkspaceEdit();
        for (const edit of fix.edits) {
          action.edit.replace(document.uri, new vscode.Range(document.positionAt(edit.start), document.positionAt(edit.end)), edit.newText);
        }
        action.diagnostics = [diagnostic];
        action.isPreferred = true;
        actions.push(action);
      }
      if (!isStored) {
        actions.push(...this.notStoredActions(document, text, diagnostic));
      }
      if (isStored) {
        // The account whose key it is, which need not be the one this window uses.
        const accountId = this.storedKey.accountOf(literal);
        const rotate = rotations.get(accountId) ?? new vscode.CodeAction(vscode.l10n.t('Rotate This Key'), vscode.CodeActionKind.QuickFix);
        rotate.command ??= { command: CommandIds.rotateApiKey, title: vscode.l10n.t('Rotate This Key'), arguments: accountId === undefined ? [] : [{ accountId }] };
        rotate.diagnostics = [...(rotate.diagnostics ?? []), diagnostic];
        rotations.set(accountId, rotate);
      }
    }
    return [...actions, ...rotations.values()];
  }

  private notStoredActions(document: vscode.TextDocument, text: string, diagnostic: vscode.Diagnostic): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    const title = vscode.l10n.t('Store This Key in Twelve Labs Secret Storage and Replace It…');
    const store = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
    const where: KeyInCode = {
      uri: document.uri.toString(),
      range: { start: { line: diagnostic.range.start.line, character: diagnostic.range.start.character }, end: { line: diagnostic.range.end.line, character: diagnostic.range.end.character } },
    };
    store.command = { command: CommandIds.storeKeyFromCode, title, arguments: [where] };
    store.diagnostics = [diagnostic];
    actions.push(store);
    const ignore = buildIgnoreNextLineEdit(document.languageId, text, document.offsetAt(diagnostic.range.start), IGNORE_NEXT_LINE_MARKER);
    if (ignore) {
      const action = new vscode.CodeAction(vscode.l10n.t('Not a Key: Ignore This Line'), vscode.CodeActionKind.QuickFix);
      action.edit = new vscode.WorkspaceEdit();
      action.edit.insert(document.uri, document.positionAt(ignore.start), ignore.newText);
      action.diagnostics = [diagnostic];
      actions.push(action);
    }
    return actions;
  }
}
