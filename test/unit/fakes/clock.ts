import type { Clock } from '../../../src/common/clock';

/** A clock that only moves when told to. */
export class FakeClock implements Clock {
  constructor(private current: number) {}

  now(): number {
    return this.current;
  }

  set(instant: number | Date): void {
    this.current = typeof instant === 'number' ? instant : instant.getTime();
  }

  advance(ms: number): void {
    this.current += ms;
  }
}
