import type * as vscode from 'vscode';

export type StorageFaultOperation = 'get' | 'store' | 'delete';

export interface StorageFault {
  operation: StorageFaultOperation;
  /** `throw`: synchronously, as a broken backend can; `reject`: a failed promise, as a locked keyring does. */
  mode: 'throw' | 'reject';
  /** How many calls in a row fail; default 1. */
  times?: number;
}

/**
 * Test mode only: the key store's SecretStorage port with failures on demand, so that the real-host
 * suite can show what a user sees when the OS keyring breaks (there is no other way to make VS Code's
 * own SecretStorage fail). Never answering is covered by unit tests with a fake clock instead: the
 * store's 10 and 20 s timeouts are too long for the real-host suite. Other windows (the test API's
 * `changeKeyAsAnotherWindow`) use the real storage, unaffected.
 */
export class FaultInjectingSecretStorage implements Pick<vscode.SecretStorage, 'get' | 'store' | 'delete' | 'onDidChange'> {
  private faults: { fault: StorageFault; remaining: number }[] = [];
  /** How many times each operation was asked for, faults included. */
  readonly calls: Record<StorageFaultOperation, number> = { get: 0, store: 0, delete: 0 };

  constructor(private readonly inner: vscode.SecretStorage) {}

  get onDidChange(): vscode.Event<vscode.SecretStorageChangeEvent> {
    return this.inner.onDidChange;
  }

  inject(fault: StorageFault): void {
    this.faults.push({ fault, remaining: fault.times ?? 1 });
  }

  clear(): void {
    this.faults = [];
  }

  get(key: string): Thenable<string | undefined> {
    return this.fail('get') ?? this.inner.get(key);
  }

  store(key: string, value: string): Thenable<void> {
    return this.fail('store') ?? this.inner.store(key, value);
  }

  delete(key: string): Thenable<void> {
    return this.fail('delete') ?? this.inner.delete(key);
  }

  private fail(operation: StorageFaultOperation): Promise<never> | undefined {
    this.calls[operation]++;
    const entry = this.faults.find((candidate) => candidate.fault.operation === operation);
    if (!entry) {
      return undefined;
    }
    if (--entry.remaining <= 0) {
      this.faults = this.faults.filter((candidate) => candidate !== entry);
    }
    const error = new Error(`Injected ${operation} failure: the keyring is locked`);
    if (entry.fault.mode === 'throw') {
      throw error;
    }
    return Promise.reject(error);
  }
}
