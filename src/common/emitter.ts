/**
 * A tiny event emitter shaped like `vscode.Event`, so the key store and its unit tests run in plain
 * Node without the `vscode` module, while VS Code code can still subscribe to it as to any event.
 */
export interface Disposable {
  dispose(): void;
}

export type Event<T> = (listener: (e: T) => unknown, thisArgs?: unknown, disposables?: { dispose(): unknown }[]) => Disposable;

export class Emitter<T> implements Disposable {
  private listeners: ((e: T) => unknown)[] = [];
  private disposed = false;

  readonly event: Event<T> = (listener, thisArgs, disposables) => {
    const bound = thisArgs === undefined ? listener : listener.bind(thisArgs);
    if (!this.disposed) {
      this.listeners.push(bound);
    }
    const subscription: Disposable = {
      dispose: () => {
        this.listeners = this.listeners.filter((l) => l !== bound);
      },
    };
    disposables?.push(subscription);
    return subscription;
  };

  fire(value: T): void {
    // A throwing listener must not stop the others: one broken view would otherwise freeze the status bar.
    for (const listener of [...this.listeners]) {
      try {
        listener(value);
      } catch {
        // Listeners own their error handling; nothing sensible to do with it here.
      }
    }
  }

  dispose(): void {
    this.disposed = true;
    this.listeners = [];
  }
}
