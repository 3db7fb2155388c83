import vscode = require('vscode');
import { CommandIds, INDEXES_VIEW_ID } from '../../common/commandIds';
import { presentError } from '../../common/presentError';
import { checkIndexName } from '../indexName';
import type { IndexFeature } from '../feature';
import type { RenameIndexResult } from '../results';
import { resolveIndexTarget } from '../target';
import { InFlight } from '../../common/inFlight';

/** Rename: an input box prefilled with the current name; programmatic use passes `{ name }` as the second argument. */
export function registerRenameIndex(context: vscode.ExtensionContext, feature: IndexFeature): void {
  // The same rename twice in a row (a double Enter, a repeated call) is one PUT.
  const renames = new InFlight<string, void>();
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
          validateInput: (value) => {
            const check = checkIndexName(value, vscode.l10n);
            return check.ok ? undefined : check.reason;
          },
        });
        if (name === undefined) {
          return { outcome: 'cancelled' };
        }
      }
      const check = checkIndexName(name, vscode.l10n);
      if (!check.ok) {
        return { outcome: 'failed', error: { kind: 'validation', status: 0, code: check.code, message: check.reason } };
      }
      const newName = check.name;
      if (newName === oldName) {
        return { outcome: 'unchanged', indexId: target.indexId };
      }
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
