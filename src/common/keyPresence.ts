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
