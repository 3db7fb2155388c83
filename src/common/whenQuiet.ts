/**
 * Resolves once the latest of a series of operations has settled, and what `thenAwait` hands back
 * after it: an operation started meanwhile (another refresh) is waited for in turn. Never rejects.
 */
export async function whenQuiet(latest: () => Promise<unknown> | undefined, thenAwait: () => Promise<unknown>): Promise<void> {
  let current: Promise<unknown> | undefined;
  do {
    current = latest();
    await Promise.allSettled([current]);
    await Promise.allSettled([thenAwait()]);
  } while (current !== latest());
}
