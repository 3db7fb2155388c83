/**
 * When to scan an open document: debounced per document while the user types, and never twice for
 * the same version. Free of `vscode` (timers come in as ports), so the policy is unit-tested with a
 * fake timer and counted calls instead of wall-clock timing.
 */

export interface TimerPort {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface DocumentVersion {
  /** The document's URI as a string. */
  key: string;
  version: number;
  /** Characters in the document: larger documents wait longer after the last keystroke. */
  length: number;
}

export interface SchedulerOptions {
  /** Quiet time after the last change before a scan starts. */
  delayMs: number;
  /** From this many characters on, `largeDelayMs` applies instead. */
  largeDocumentChars: number;
  largeDelayMs: number;
}

export const DEFAULT_SCHEDULER_OPTIONS: SchedulerOptions = { delayMs: 300, largeDocumentChars: 1_000_000, largeDelayMs: 1_000 };

export interface SchedulerStats {
  /** Scans started. */
  scans: number;
  /** Requests dropped because that version was already scanned (or is being scanned). */
  skippedSameVersion: number;
  /** Pending timers replaced by a newer change before they fired. */
  debounced: number;
}

/**
 * `scan` receives the version it is for and a `isStale()` check it must consult between chunks: a
 * newer version, a closed document or an invalidation makes the running scan stale, and its result is
 * then not recorded (the newer version gets its own scan).
 */
export type ScanFunction = (document: DocumentVersion, isStale: () => boolean) => Promise<boolean>;

export class ScanScheduler {
  private readonly pending = new Map<string, { handle: unknown; version: number }>();
  /** uri → the version whose findings are current (or being computed). */
  private readonly scanned = new Map<string, number>();
  /** Bumped by `invalidateAll` (the stored key changed): every earlier result is stale. */
  private generation = 0;
  private readonly running = new Set<Promise<unknown>>();
  private readonly counters: SchedulerStats = { scans: 0, skippedSameVersion: 0, debounced: 0 };

  constructor(
    private readonly timers: TimerPort,
    private readonly scan: ScanFunction,
    private readonly options: SchedulerOptions = DEFAULT_SCHEDULER_OPTIONS,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {}

  /** A document was opened or changed. `immediate` skips the debounce (opening, not typing). */
  request(document: DocumentVersion, immediate = false): void {
    if (this.scanned.get(document.key) === document.version || this.pending.get(document.key)?.version === document.version) {
      this.counters.skippedSameVersion++;
      return;
    }
    const previous = this.pending.get(document.key);
    if (previous) {
      this.timers.clearTimeout(previous.handle);
      this.counters.debounced++;
    }
    const delay = immediate ? 0 : document.length >= this.options.largeDocumentChars ? this.options.largeDelayMs : this.options.delayMs;
    const handle = this.timers.setTimeout(() => {
      this.pending.delete(document.key);
      this.start(document);
    }, delay);
    this.pending.set(document.key, { handle, version: document.version });
  }

  /** The document was closed: drop its timer and its cache entry. */
  forget(key: string): void {
    const previous = this.pending.get(key);
    if (previous) {
      this.timers.clearTimeout(previous.handle);
      this.pending.delete(key);
    }
    this.scanned.delete(key);
  }

  /** Everything scanned so far is out of date (the stored key changed); running scans stop. */
  invalidateAll(): void {
    this.generation++;
    this.scanned.clear();
  }

  isCurrent(key: string, version: number): boolean {
    return this.scanned.get(key) === version;
  }

  stats(): SchedulerStats {
    return { ...this.counters };
  }

  /** Resolves once no timer is pending and no scan is running. */
  async idle(): Promise<void> {
    while (this.pending.size > 0 || this.running.size > 0) {
      await Promise.allSettled([...this.running]);
      if (this.running.size === 0 && this.pending.size > 0) {
        await new Promise<void>((resolve) => this.timers.setTimeout(resolve, 10));
      }
    }
  }

  dispose(): void {
    for (const { handle } of this.pending.values()) {
      this.timers.clearTimeout(handle);
    }
    this.pending.clear();
    this.generation++;
  }

  private start(document: DocumentVersion): void {
    const generation = this.generation;
    this.scanned.set(document.key, document.version);
    this.counters.scans++;
    const isStale = () => generation !== this.generation || this.scanned.get(document.key) !== document.version || this.pending.has(document.key);
    const run = this.scan(document, isStale)
      .then((completed) => {
        if (!completed && this.scanned.get(document.key) === document.version && generation === this.generation) {
          // Stopped without a result, yet nothing newer took its place: allow this version again.
          this.scanned.delete(document.key);
        }
      })
      .catch((error: unknown) => {
        if (this.scanned.get(document.key) === document.version) {
          this.scanned.delete(document.key);
        }
        this.onError(error);
      })
      .finally(() => this.running.delete(run));
    this.running.add(run);
  }
}
