import type * as vscode from 'vscode';
import { Emitter } from '../../../src/common/emitter';

type Operation = 'get' | 'store' | 'delete';

/**
 * An in-memory `vscode.SecretStorage` that can misbehave on demand: fail or hang the next call of an
 * operation, and change a secret "from another window" (which, as in VS Code, fires onDidChange).
 *
 * `new FakeSecretStorage(other)` is another window on the same keyring: the two share their values,
 * and a change made through either fires onDidChange in both. Faults, hangs and held events stay per window.
 */
export class FakeSecretStorage implements vscode.SecretStorage {
  readonly values: Map<string, string>;
  readonly calls: { operation: Operation; key: string }[] = [];
  private readonly windows: FakeSecretStorage[];
  private readonly changed = new Emitter<vscode.SecretStorageChangeEvent>();
  private readonly failures = new Map<Operation, Error[]>();
  private readonly hangs = new Map<Operation, number>();
  private readonly throws = new Map<Operation, Error[]>();
  private readonly hung: (() => void)[] = [];
  /** While set, change events for this window wait here: the window has not heard of the change yet. */
  private heldEvents: vscode.SecretStorageChangeEvent[] | undefined;

  readonly onDidChange = this.changed.event;

  constructor(sameKeyringAs?: FakeSecretStorage) {
    this.values = sameKeyringAs?.values ?? new Map<string, string>();
    this.windows = sameKeyringAs?.windows ?? [];
    this.windows.push(this);
  }

  get(key: string): Promise<string | undefined> {
    return this.perform('get', key, () => this.values.get(key));
  }

  store(key: string, value: string): Promise<void> {
    return this.perform('store', key, () => {
      this.values.set(key, value);
      this.announce(key);
    });
  }

  delete(key: string): Promise<void> {
    return this.perform('delete', key, () => {
      if (this.values.delete(key)) {
        this.announce(key);
      }
    });
  }

  /** The next `operation` rejects with `error`. */
  failNext(operation: Operation, error: Error = new Error('Cannot create an item in a locked collection')): void {
    this.failures.set(operation, [...(this.failures.get(operation) ?? []), error]);
  }

  /** The next `operation` throws synchronously, as a broken backend can, instead of returning a promise. */
  throwNext(operation: Operation, error: Error = new Error('The keyring backend crashed')): void {
    this.throws.set(operation, [...(this.throws.get(operation) ?? []), error]);
  }

  /** The next `count` calls of `operation` do not settle until `release()`, which then performs them. */
  hangNext(operation: Operation, count = 1): void {
    this.hangs.set(operation, (this.hangs.get(operation) ?? 0) + count);
  }

  release(): void {
    for (const resume of this.hung.splice(0)) {
      resume();
    }
  }

  /** Until `deliverChanges()`, this window does not hear of changes (its own or other windows'). */
  holdChanges(): void {
    this.heldEvents ??= [];
  }

  deliverChanges(): void {
    const held = this.heldEvents ?? [];
    this.heldEvents = undefined;
    for (const event of held) {
      this.changed.fire(event);
    }
  }

  /** Something outside every window (a script, the OS) writes or deletes the secret. */
  changeFromElsewhere(key: string, value: string | undefined): void {
    if (value === undefined) {
      this.values.delete(key);
    } else {
      this.values.set(key, value);
    }
    this.announce(key);
  }

  private announce(key: string): void {
    for (const window of this.windows) {
      window.hear({ key });
    }
  }

  private hear(event: vscode.SecretStorageChangeEvent): void {
    if (this.heldEvents) {
      this.heldEvents.push(event);
    } else {
      this.changed.fire(event);
    }
  }

  private perform<T>(operation: Operation, key: string, action: () => T): Promise<T> {
    this.calls.push({ operation, key });
    const thrown = this.throws.get(operation)?.shift();
    if (thrown) {
      throw thrown;
    }
    const failure = this.failures.get(operation)?.shift();
    if (failure) {
      return Promise.reject(failure);
    }
    const hangs = this.hangs.get(operation) ?? 0;
    if (hangs > 0) {
      this.hangs.set(operation, hangs - 1);
      return new Promise<T>((resolve) => this.hung.push(() => resolve(action())));
    }
    return Promise.resolve().then(action);
  }
}
