import vscode = require('vscode');
import type { Index } from '../../api/types';
import { CommandIds, INDEXES_VIEW_ID } from '../../common/commandIds';
import { presentError } from '../../common/presentError';
import type { IndexFeature } from '../feature';
import type { DeleteIndexResult } from '../results';
import { LOOKUP_TIMEOUT_MS } from '../nameLookup';
import { resolveIndexTarget } from '../target';
import { InFlight } from '../../common/inFlight';

/**
 * Delete, always after a modal confirmation that names the index and how many videos go with it.
 * An argument (a tree node, `{ indexId }`) only says which index to ask about.
 */
export function registerDeleteIndex(context: vscode.ExtensionContext, feature: IndexFeature): void {
  // A second Delete of the same index while the first is asking or sending joins it: one dialog, one DELETE.
  const deletes = new InFlight<string, DeleteIndexResult>();
  context.subscriptions.push(
    vscode.commands.registerCommand(
      CommandIds.deleteIndex,
      (arg?: unknown): Promise<DeleteIndexResult> => {
        const target = resolveIndexTarget(feature, arg);
        if (!target) {
          return Promise.resolve({ outcome: 'noTarget' });
        }
        return deletes.run(target.indexId, () => deleteIndex(feature, target));
      },
    ),
  );
}

async function deleteIndex(
  feature: IndexFeature,
  target: NonNullable<ReturnType<typeof resolveIndexTarget>>,
): Promise<DeleteIndexResult> {
  let index: Index | undefined = target.index;
  try {
    const client = await feature.deps.api.get();
    // The confirmation must state the video count as it is now, not as it was at the last refresh.
    index = await client.getIndex(target.indexId, { signal: AbortSignal.timeout(LOOKUP_TIMEOUT_MS) }).catch(() => index);
    const name = index?.index_name ?? target.indexId;
    if (!(await confirm(feature, name, index?.video_count))) {
      return { outcome: 'cancelled' };
    }
    await vscode.window.withProgress(
      { location: { viewId: INDEXES_VIEW_ID }, title: vscode.l10n.t('Deleting index…') },
      () => client.deleteIndex(target.indexId),
    );
    feature.tree.applyDelete(target.indexId);
    vscode.window.setStatusBarMessage(vscode.l10n.t('Deleted index “{0}”', name), 4000);
    return { outcome: 'deleted', indexId: target.indexId, name };
  } catch (error) {
    const presentation = presentError(vscode.l10n.t('Could not delete “{0}”', index?.index_name ?? target.indexId), error, {
      title: vscode.l10n.t('Retry'),
      command: CommandIds.deleteIndex,
      arguments: [{ indexId: target.indexId }],
    });
    feature.notifier.showError(presentation);
    return { outcome: 'failed', error: presentation.info };
  }
}

async function confirm(feature: IndexFeature, name: string, videoCount: number | undefined): Promise<boolean> {
  const count = Math.round(videoCount ?? 0);
  const detail =
    count === 0
      ? vscode.l10n.t('The index has no videos. This cannot be undone.')
      : count === 1
        ? vscode.l10n.t('Its 1 video will be deleted with it. This cannot be undone.')
        : vscode.l10n.t('Its {0} videos will be deleted with it. This cannot be undone.', count);
  const remove = vscode.l10n.t('Delete');
  const choice = await feature.notifier.confirm(vscode.l10n.t('Delete the index “{0}”?', name), detail, remove);
  return choice === remove;
}
