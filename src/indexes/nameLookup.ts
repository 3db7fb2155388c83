import type { TwelveLabsClient } from '../api/client';
import type { Index } from '../api/types';

/**
 * How long a look-up that only improves a message (is the name taken? how many videos?) may take
 * before the command goes on without it: the user is waiting on a busy input or a dialog.
 */
export const LOOKUP_TIMEOUT_MS = 15_000;

/**
 * The index with exactly this name, if any. Uses the server's `index_name` filter (which may match
 * more than the exact name, e.g. substrings) and compares exactly here, across all filtered pages.
 */
export async function findIndexByName(client: TwelveLabsClient, name: string, signal?: AbortSignal): Promise<Index | undefined> {
  const candidates = await client.listAllIndexes({ indexName: name }, { signal });
  return candidates.find((index) => index.index_name === name);
}
