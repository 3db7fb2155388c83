import vscode = require('vscode');
import { CommandIds } from '../../common/commandIds';
import { presentError } from '../../common/presentError';
import type { IndexFeature } from '../feature';
import type { ShowDetailsResult } from '../results';
import { DetailsDocuments, INDEX_DETAILS_SCHEME } from '../indexDetailsDocuments';
import { LOOKUP_TIMEOUT_MS } from '../nameLookup';
import { resolveIndexTarget } from '../target';

/** The index exactly as the API returns it now, as JSON in a read-only document named after it. */
export function registerShowIndexDetails(context: vscode.ExtensionContext, feature: IndexFeature): void {
  const documents = new DetailsDocuments(INDEX_DETAILS_SCHEME, vscode.l10n.t('Run "Show Index Details" again to load this index.'));
  context.subscriptions.push(documents);
  context.subscriptions.push(
    vscode.commands.registerCommand(CommandIds.showIndexDetails, async (arg?: unknown): Promise<ShowDetailsResult> => {
      const target = resolveIndexTarget(feature, arg);
      if (!target) {
        return { outcome: 'noTarget' };
      }
      try {
        const index = await (await feature.deps.api.get()).getIndex(target.indexId, { signal: AbortSignal.timeout(LOOKUP_TIMEOUT_MS) });
        const content = `${JSON.stringify(index, null, 2)}\n`;
        await documents.show(documents.uriFor(index.index_name, { id: target.indexId }), content);
        return { outcome: 'shown', indexId: target.indexId, content };
      } catch (error) {
        const presentation = presentError(vscode.l10n.t('Could not load the index details'), error, {
          title: vscode.l10n.t('Retry'),
          command: CommandIds.showIndexDetails,
          arguments: [{ indexId: target.indexId }],
        });
        feature.notifier.showError(presentation);
        return { outcome: 'failed', error: presentation.info };
      }
    }),
  );
}
