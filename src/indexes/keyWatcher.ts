import type { IndexKeySource } from './deps';

/**
 * Calls `onChange` when the key really changes (set, rotated, cleared; here or in another window).
 * The key store also fires when it merely marks the key as rejected after a 401: reloading then would
 * only fetch another 401, so events that leave the key as it was are ignored. Only a short
 * non-cryptographic fingerprint of the key is kept, never the key.
 */
export class KeyChangeWatcher {
  private last: string | undefined | null = null;
  private readonly subscription: { dispose(): unknown };

  constructor(
    private readonly keyStore: IndexKeySource,
    private readonly onChange: () => void,
  ) {
    this.subscription = keyStore.onDidChange(() => void this.check(true));
    void this.check(false);
  }

  dispose(): void {
    this.subscription.dispose();
  }

  private async check(notify: boolean): Promise<void> {
    let fingerprint: string | undefined;
    try {
      const key = await this.keyStore.getKey();
      fingerprint = typeof key === 'string' && key !== '' ? fingerprintOf(key) : undefined;
    } catch {
      fingerprint = undefined;
    }
    const known = this.last !== null;
    if (known && fingerprint === this.last) {
      return;
    }
    this.last = fingerprint;
    if (notify) {
      this.onChange();
    }
  }
}

/** FNV-1a (32 bit) and the length: enough to tell keys apart, useless to recover one. */
function fingerprintOf(key: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return `${key.length}:${hash.toString(16)}`;
}
