import type { Settings } from './settings';
import type { Event } from './emitter';
import type { KeyState } from './keyStore';

export interface ApiUrlSource {
  /** The URL requests go to: the active account's own, else the `twelveLabs.apiUrl` setting. */
  readonly get: () => string;
  /** Calls `listener` when that URL changes: the setting, or a switch to an account with another URL. */
  readonly onDidChange: (listener: () => void) => { dispose(): void };
}

/** One place that knows where the active account's requests go, for the client and for every feature that keys its caches by URL. */
export function apiUrlSource(
  settings: Pick<Settings, 'apiUrl' | 'onDidChange'>,
  activeKey: { readonly apiUrlOverride: string | undefined; readonly onDidChange: Event<KeyState> },
): ApiUrlSource {
  const get = () => activeKey.apiUrlOverride ?? settings.apiUrl;
  return {
    get,
    onDidChange: (listener) => {
      let last = get();
      const check = () => {
        const now = get();
        if (now !== last) {
          last = now;
          listener();
        }
      };
      const subscriptions = [
        settings.onDidChange((affects) => {
          if (affects('apiUrl')) {
            check();
          }
        }),
        activeKey.onDidChange(check),
      ];
      return {
        dispose: () => {
          for (const subscription of subscriptions) {
            subscription.dispose();
          }
        },
      };
    },
  };
}
