/**
 * One AbortSignal for "the caller gave up, or the time ran out", that remembers which of the two it
 * was, so that a timeout is reported as a timeout and a cancellation as a cancellation.
 */
export class Deadline {
  readonly signal: AbortSignal;
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private ranOut = false;

  constructor(
    ms: number,
    private readonly caller?: AbortSignal,
  ) {
    this.signal = caller ? AbortSignal.any([caller, this.controller.signal]) : this.controller.signal;
    this.restart(ms);
  }

  /** True when the time ran out before the caller cancelled. */
  get expired(): boolean {
    return this.ranOut && !this.caller?.aborted;
  }

  /** Starts the clock again from now (an upload's stall timer restarts on every chunk). */
  restart(ms: number): void {
    this.clear();
    if (this.signal.aborted) {
      return;
    }
    this.timer = setTimeout(() => {
      this.ranOut = true;
      this.controller.abort();
    }, ms);
  }

  /** Aborts for a reason of our own, which is neither a timeout nor the caller's. */
  abort(): void {
    this.clear();
    this.controller.abort();
  }

  dispose(): void {
    this.clear();
  }

  private clear(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
  }
}
