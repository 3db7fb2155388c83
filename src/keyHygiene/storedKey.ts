import { Emitter, type Event } from '../common/emitter';
import type { KeyState, KeyStore } from '../common/keyStore';

/**
 * The stored key, kept in memory for the detectors and the terminal environment, which need it
 * synchronously. It lives only in this object's private field: never logged, never returned by the
 * test API (which gets `matches()` instead). Free of `vscode` at runtime.
 */
export class StoredKeyTracker {
  private key: string | undefined;
  private seq = 0;
  private latest: Promise<void> = Promise.resolve();
  private readonly changed = new Emitter<void>();
  private readonly subscription: { dispose(): unknown };

  /** Fires after the held key changed (set, rotated, cleared, or changed by another window). */
  readonly onDidChange: Event<void> = this.changed.event;

  constructor(
    private readonly keyStore: Pick<KeyStore, 'onDidChange' | 'getState' | 'getKey'>,
    private readonly onError: (error: unknown) => void,
  ) {
    this.subscription = keyStore.onDidChange((state) => this.follow(state));
    this.follow(keyStore.getState());
  }

  current(): string | undefined {
    return this.key;
  }

  /** Compares without handing the key out. */
  matches(candidate: string): boolean {
    return this.key !== undefined && candidate === this.key;
  }

  /** Resolves once the latest key-state change has been applied. */
  settled(): Promise<void> {
    return this.latest;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }

  private follow(state: KeyState): void {
    if (state.kind === 'loading') {
      return;
    }
    const seq = ++this.seq;
    // `getKey()` retries the keyring when it is unavailable; only a present key is worth asking for.
    const next = state.kind === 'present' ? this.keyStore.getKey() : Promise.resolve(undefined);
    this.latest = next.then(
      (key) => {
        if (seq === this.seq && key !== this.key) {
          this.key = key;
          this.changed.fire();
        }
      },
      (error: unknown) => this.onError(error),
    );
  }
}
