/**
 * At most one run per key at a time: a second call with the same key while the first is still
 * running gets the first one's promise instead of starting again. This is what turns a double-click
 * (or a burst of the same command) into one request, for operations that must not be repeated.
 */
export class InFlight<K, V> {
  private readonly running = new Map<K, Promise<V>>();

  run(key: K, start: () => Promise<V>): Promise<V> {
    const pending = this.running.get(key);
    if (pending) {
      return pending;
    }
    const started = start();
    this.running.set(key, started);
    const forget = () => {
      if (this.running.get(key) === started) {
        this.running.delete(key);
      }
    };
    started.then(forget, forget);
    return started;
  }

  has(key: K): boolean {
    return this.running.has(key);
  }
}
