/**
 * A virtual clock for the idle benchmark: replaces the global timer functions and `Date` so that a
 * month passes in milliseconds, and records every timer: who set it, for how long, and whether it fired.
 * No library: @sinonjs/fake-timers is not among our dependencies.
 */

export interface TimerRecord {
  id: number;
  kind: 'timeout' | 'interval';
  delayMs: number;
  scheduledAt: number;
  dueAt: number;
  /** The first stack frame outside this file, plus the callback's source: enough to tell who set it. */
  source: string;
  firings: number[];
  cleared: boolean;
}

type Callback = (...args: unknown[]) => void;

interface Pending {
  record: TimerRecord;
  callback: Callback;
  args: unknown[];
}

/** setTimeout clamps like Node: below 1 ms or beyond a signed 32-bit int means 1 ms. */
const MAX_DELAY = 2 ** 31 - 1;

export class VirtualClock {
  private current: number;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  readonly timers: TimerRecord[] = [];
  private restore: (() => void) | undefined;

  constructor(start: number) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  /** Replaces setTimeout, clearTimeout, setInterval, clearInterval, Date.now and `new Date()`. */
  install(): void {
    const globals = globalThis as unknown as Record<string, unknown>;
    const saved = ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'].map((name) => [name, globals[name]] as const);
    const RealDate = Date;
    const now = () => this.current;
    class VirtualDate extends RealDate {
      constructor(...args: unknown[]) {
        if (args.length === 0) {
          super(now());
        } else {
          super(...(args as [number]));
        }
      }
      static override now(): number {
        return now();
      }
    }
    globals.Date = VirtualDate;
    globals.setTimeout = (callback: Callback, delay?: number, ...args: unknown[]) => this.schedule('timeout', callback, delay, args);
    globals.setInterval = (callback: Callback, delay?: number, ...args: unknown[]) => this.schedule('interval', callback, delay, args);
    globals.clearTimeout = globals.clearInterval = (handle: unknown) => this.clear(handle);
    this.restore = () => {
      for (const [name, value] of saved) {
        globals[name] = value;
      }
    };
  }

  uninstall(): void {
    this.restore?.();
    this.restore = undefined;
  }

  /** When the earliest pending timer is due, or undefined when none is pending. */
  nextDueAt(): number | undefined {
    let earliest: number | undefined;
    for (const { record } of this.pending.values()) {
      if (earliest === undefined || record.dueAt < earliest) {
        earliest = record.dueAt;
      }
    }
    return earliest;
  }

  /**
   * Fires timers in due order until `until`, letting promise chains settle after each (a timer's
   * callback often awaits something before setting the next one). Ends with the clock at `until`.
   */
  async advanceTo(until: number, settle: () => Promise<void>): Promise<void> {
    await settle();
    for (;;) {
      const next = this.earliest();
      if (!next || next.record.dueAt > until) {
        break;
      }
      this.current = Math.max(this.current, next.record.dueAt);
      next.record.firings.push(this.current);
      if (next.record.kind === 'interval') {
        next.record.dueAt = this.current + next.record.delayMs;
      } else {
        this.pending.delete(next.record.id);
      }
      next.callback(...next.args);
      await settle();
    }
    this.current = Math.max(this.current, until);
  }

  pendingTimers(): TimerRecord[] {
    return [...this.pending.values()].map((p) => p.record);
  }

  private earliest(): Pending | undefined {
    let best: Pending | undefined;
    for (const entry of this.pending.values()) {
      // Ties fire in the order they were set, as Node's timer lists do.
      if (!best || entry.record.dueAt < best.record.dueAt || (entry.record.dueAt === best.record.dueAt && entry.record.id < best.record.id)) {
        best = entry;
      }
    }
    return best;
  }

  private schedule(kind: TimerRecord['kind'], callback: Callback, delay: number | undefined, args: unknown[]): object {
    const raw = Number(delay);
    const delayMs = Number.isFinite(raw) && raw >= 1 && raw <= MAX_DELAY ? Math.floor(raw) : 1;
    const record: TimerRecord = {
      id: this.nextId++,
      kind,
      delayMs,
      scheduledAt: this.current,
      dueAt: this.current + delayMs,
      source: describeSource(callback),
      firings: [],
      cleared: false,
    };
    this.timers.push(record);
    this.pending.set(record.id, { record, callback, args });
    // Shaped like Node's Timeout, because callers may unref() it or use it as a number.
    const handle = {
      id: record.id,
      ref: () => handle,
      unref: () => handle,
      hasRef: () => true,
      refresh: () => {
        const entry = this.pending.get(record.id);
        if (entry) {
          entry.record.dueAt = this.current + entry.record.delayMs;
        }
        return handle;
      },
      [Symbol.toPrimitive]: () => record.id,
    };
    return handle;
  }

  private clear(handle: unknown): void {
    const id = typeof handle === 'number' ? handle : (handle as { id?: unknown } | undefined)?.id;
    if (typeof id !== 'number') {
      return;
    }
    const entry = this.pending.get(id);
    if (entry) {
      entry.record.cleared = true;
      this.pending.delete(id);
    }
  }
}

function describeSource(callback: Callback): string {
  const frames = (new Error().stack ?? '').split('\n').slice(1).map((line) => line.trim());
  // Skip this file's frames; the first one left is the code that asked for the timer.
  const caller = frames.find((frame) => !frame.includes('virtualClock')) ?? 'unknown';
  const where = /^at (.+?) \(/.exec(caller)?.[1] ?? caller.replace(/^at /, '');
  const body = String(callback).replace(/\s+/g, ' ').slice(0, 60);
  return `${where}: ${body}`;
}
