import * as vscode from 'vscode';
import { CommandIds } from '../../commandIds';
import { presentError } from '../apiErrors';
import { INDEXES_VIEW_ID, type IndexFeature } from '../feature';
import type { RenameIndexResult } from '../results';
import { resolveIndexTarget } from '../target';

/** Rename: an input box prefilled with the current name; programmatic use passes `{ name }` as the second argument. */
export function registerRenameIndex(context: vscode.ExtensionContext, feature: IndexFeature): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(CommandIds.renameIndex, async (arg?: unknown, options?: { name?: string }): Promise<RenameIndexResult> => {
      const target = resolveIndexTarget(feature, arg);
      if (!target) {
        return { outcome: 'noTarget' };
      }
      const oldName = target.index?.index_name ?? '';
      let name = options?.name;
      if (name === undefined) {
        name = await vscode.window.showInputBox({
          title: vscode.l10n.t('Rename Index'),
          prompt: vscode.l10n.t('A new, unique name for “{0}”', oldName || target.indexId),
          value: oldName,
          ignoreFocusOut: true,
          validateInput: (value) => (value.trim() === '' ? vscode.l10n.t('Enter a name for the index.') : undefined),
        });
        if (name === undefined) {
          return { outcome: 'cancelled' };
        }
      }
      const newName = name.trim();
      if (newName === '') {
        return { outcome: 'failed', error: { kind: 'validation', status: 0, code: 'name_empty', message: vscode.l10n.t('The index name is empty.') } };
      }
      if (newName === oldName) {
        return { outcome: 'unchanged', indexId: target.indexId };
      }
      try {
        const client = await feature.deps.api.get();
        await vscode.window.withProgress(
          { location: { viewId: INDEXES_VIEW_ID }, title: vscode.l10n.t('Renaming index…') },
          () => client.renameIndex(target.indexId, newName),
        );
      } catch (error) {
        const presentation = presentError(vscode.l10n.t('Could not rename “{0}”', oldName || target.indexId), error, {
          title: vscode.l10n.t('Retry'),
          command: CommandIds.renameIndex,
          arguments: [{ indexId: target.indexId }],
        });
        feature.notifier.showError(presentation);
        return { outcome: 'failed', error: presentation.info };
      }
      feature.tree.applyRename(target.indexId, newName);
      vscode.window.setStatusBarMessage(vscode.l10n.t('Renamed index to “{0}”', newName), 4000);
      return { outcome: 'renamed', indexId: target.indexId, oldName, newName };
    }),
  );
}
