import type { KeyStore } from './keyStore';

/** Calls `listener` when a key appears after none, or goes away after one: not for every change of state. */
export function onKeyPresence(keyStore: Pick<KeyStore, 'onDidChange'>, listener: (present: boolean) => void): { dispose(): void } {
  let present: boolean | undefined;
  const subscription = keyStore.onDidChange((state) => {
    if (state.kind === 'loading' || state.kind === 'unavailable') {
      return;
    }
    const now = state.kind === 'present';
    if (present !== undefined && now !== present) {
      listener(now);
    }
    present = now;
  });
  return { dispose: () => subscription.dispose() };
}

/**
 * Calls `listener` when a key appears or goes, and when the window moves to another account's key:
 * for views that show one account's data (Search) and must start again when it is another's.
 */
export function onActiveAccountChange(keyStore: Pick<KeyStore, 'onDidChange'>, listener: (present: boolean) => void): { dispose(): void } {
  let account: string | null | undefined;
  const subscription = keyStore.onDidChange((state) => {
    if (state.kind === 'loading' || state.kind === 'unavailable') {
      return;
    }
    const now = state.kind === 'present' ? (state.account?.id ?? '') : null;
    if (account !== undefined && now !== account) {
      listener(now !== null);
    }
    account = now;
  });
  return { dispose: () => subscription.dispose() };
}
