import vscode = require('vscode');
import { CommandIds, INDEXES_VIEW_ID } from '../../common/commandIds';
import { presentError } from '../../common/presentError';
import { checkIndexName } from '../indexName';
import type { IndexFeature } from '../feature';
import type { RenameIndexResult } from '../results';
import { resolveIndexTarget } from '../target';
import { InFlight } from '../../common/inFlight';
import { findIndexByName, LOOKUP_TIMEOUT_MS } from '../nameLookup';

/**
 * Rename: an input box prefilled with the current name (or, after a failure's Retry, with what was
 * typed), the wizard's name rule, and a look-up that the name is free before anything is sent.
 * Programmatic use passes `{ name }` second; `{ prefill }` only fills the box.
 */
export function registerRenameIndex(context: vscode.ExtensionContext, feature: IndexFeature): void {
  // The same rename twice in a row (a double Enter, a repeated call) is one PUT.
  const renames = new InFlight<string, void>();
  context.subscriptions.push(
    vscode.commands.registerCommand(
      CommandIds.renameIndex,
      async (arg?: unknown, options?: { name?: string; prefill?: string }): Promise<RenameIndexResult> => {
        const target = resolveIndexTarget(feature, arg);
        if (!target) {
          return { outcome: 'noTarget' };
        }
        const oldName = target.index?.index_name ?? '';
        const chosen = options?.name !== undefined ? await checkedName(feature, target.indexId, oldName, options.name) : await askForName(feature, target.indexId, oldName, options?.prefill);
        if (chosen.outcome !== 'chosen') {
          return chosen.outcome === 'cancelled' ? { outcome: 'cancelled' } : chosen.outcome === 'unchanged' ? { outcome: 'unchanged', indexId: target.indexId } : chosen.result;
        }
        const newName = chosen.name;
        try {
          const client = await feature.deps.api.get();
          await vscode.window.withProgress(
            { location: { viewId: INDEXES_VIEW_ID }, title: vscode.l10n.t('Renaming index…') },
            () => renames.run(`${target.indexId}\n${newName}`, () => client.renameIndex(target.indexId, newName)),
          );
        } catch (error) {
          const presentation = presentError(vscode.l10n.t('Could not rename “{0}”', oldName || target.indexId), error, {
            title: vscode.l10n.t('Retry'),
            command: CommandIds.renameIndex,
            // The box opens again with what was typed, not the old name.
            arguments: [{ indexId: target.indexId }, { prefill: newName }],
          });
          feature.notifier.showError(presentation);
          return { outcome: 'failed', error: presentation.info };
        }
        feature.tree.applyRename(target.indexId, newName);
        vscode.window.setStatusBarMessage(vscode.l10n.t('Renamed index to “{0}”', newName), 4000);
        return { outcome: 'renamed', indexId: target.indexId, oldName, newName };
      },
    ),
  );
}

type Chosen = { outcome: 'chosen'; name: string } | { outcome: 'cancelled' } | { outcome: 'unchanged' } | { outcome: 'refused'; result: RenameIndexResult };

/** Asks until the name passes the rule and is free (or the user gives up), keeping what was typed. */
async function askForName(feature: IndexFeature, indexId: string, oldName: string, prefill: string | undefined): Promise<Chosen> {
  let value = prefill ?? oldName;
  let problem: string | undefined;
  for (;;) {
    const typed = await vscode.window.showInputBox({
      title: vscode.l10n.t('Rename Index'),
      prompt: problem ?? vscode.l10n.t('A new, unique name for “{0}”', oldName || indexId),
      value,
      ignoreFocusOut: true,
      validateInput: (text) => {
        const check = checkIndexName(text, vscode.l10n);
        return check.ok ? undefined : check.reason;
      },
    });
    if (typed === undefined) {
      return { outcome: 'cancelled' };
    }
    const chosen = await checkedName(feature, indexId, oldName, typed);
    if (chosen.outcome !== 'refused' || chosen.result.outcome !== 'failed' || chosen.result.error.code !== 'index_name_already_exists') {
      return chosen;
    }
    value = typed;
    problem = chosen.result.error.message;
  }
}

/** The rule, then the look-up: a taken name is refused before the PUT, as in the Create Index wizard. */
async function checkedName(feature: IndexFeature, indexId: string, oldName: string, typed: string): Promise<Chosen> {
  const check = checkIndexName(typed, vscode.l10n);
  if (!check.ok) {
    return { outcome: 'refused', result: { outcome: 'failed', error: { kind: 'validation', status: 0, code: check.code, message: check.reason } } };
  }
  if (check.name === oldName) {
    return { outcome: 'unchanged' };
  }
  try {
    const existing = await findIndexByName(await feature.deps.api.get(), check.name, AbortSignal.timeout(LOOKUP_TIMEOUT_MS));
    if (existing && existing._id !== indexId) {
      const message = vscode.l10n.t('An index named “{0}” already exists. Choose another name.', check.name);
      return { outcome: 'refused', result: { outcome: 'failed', error: { kind: 'validation', status: 0, code: 'index_name_already_exists', message } } };
    }
  } catch (error) {
    // Unknown is not taken: the server refuses a duplicate anyway, and says so.
    feature.deps.logger.debug('Rename: the name look-up failed; sending anyway.', error);
  }
  return { outcome: 'chosen', name: check.name };
}
