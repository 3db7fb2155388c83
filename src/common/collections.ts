/** Small helpers over lists, free of `vscode` so that the API client shares them. */

/** Runs `task` over `items` with at most `limit` in flight. The first failure rejects; the rest are left to settle. */
export async function forEachLimited<T>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      await task(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}

/** The first of each `_id`, in order: pages fetched while the list changes may overlap. */
export function uniqueById<T extends { _id: string }>(items: readonly T[]): T[] {
  const seen = new Set<string>();
  return items.filter((item) => (seen.has(item._id) ? false : (seen.add(item._id), true)));
}
