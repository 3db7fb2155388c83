import vscode = require('vscode');
import { CommandIds } from '../common/commandIds';

/**
 * "Search This Index", on index nodes, and "Search Index" in the palette: the Search view, with the
 * index chosen and the cursor in the query box. It only shows the view: the user types and runs the query.
 */
export function registerSearchIndex(show: (indexId: string | undefined) => Promise<void>): vscode.Disposable {
  return vscode.commands.registerCommand(CommandIds.searchIndex, async (arg?: unknown): Promise<void> => {
    await show(indexIdOf(arg));
  });
}

function indexIdOf(arg: unknown): string | undefined {
  if (typeof arg === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(arg)) {
    return arg;
  }
  if (typeof arg !== 'object' || arg === null) {
    return undefined;
  }
  const node = arg as { kind?: unknown; index?: { _id?: unknown }; indexId?: unknown };
  const id = node.kind === 'index' ? node.index?._id : node.indexId;
  return typeof id === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(id) ? id : undefined;
}
