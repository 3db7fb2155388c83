import vscode = require('vscode');
import { CommandIds } from '../../common/commandIds';
import { InFlight } from '../../common/inFlight';
import { requireKey } from '../../common/requireKey';
import type { IndexFeature } from '../feature';
import type { CreateIndexResult } from '../results';
import type { CreateIndexArgs, Posts } from './createIndexFlow';

export type { CreateIndexArgs };

/** Create Index's programmatic form, without the command's key prompt: for callers that report a missing key themselves. */
export type CreateIndex = (args: CreateIndexArgs) => Promise<CreateIndexResult>;

export function registerCreateIndex(context: vscode.ExtensionContext, feature: IndexFeature): CreateIndex {
  // A double-clicked button or a repeated call must not POST twice: the POST is never retried, and
  // two in flight for one name would both pass the look-up before either index exists.
  const commands = new InFlight<string, CreateIndexResult>();
  const posts: Posts = new InFlight();
  const fromArgs: CreateIndex = async (args) => {
    const flow = await import('./createIndexFlow.js');
    return commands.run(args.name.trim(), () => flow.createFromArgs(feature, posts, args));
  };
  context.subscriptions.push(
    vscode.commands.registerCommand(CommandIds.createIndex, async (args?: unknown): Promise<CreateIndexResult> => {
      if (!(await requireKey(() => feature.deps.keyStore.getKey(), feature.notifier))) {
        return { outcome: 'noKey' };
      }
      if (isArgs(args)) {
        return fromArgs(args);
      }
      const flow = await import('./createIndexFlow.js');
      return flow.createWithWizard(feature, posts);
    }),
  );
  return async (args) => ((await feature.deps.keyStore.getKey()) === undefined ? { outcome: 'noKey' } : fromArgs(args));
}

function isArgs(value: unknown): value is CreateIndexArgs {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const candidate = value as Partial<CreateIndexArgs>;
  return (
    typeof candidate.name === 'string' &&
    Array.isArray(candidate.models) &&
    candidate.models.every(
      (model) => typeof model === 'string' || (typeof model === 'object' && model !== null && typeof model.model_name === 'string'),
    ) &&
    (candidate.addons === undefined || (Array.isArray(candidate.addons) && candidate.addons.every((addon) => typeof addon === 'string')))
  );
}
