import { LineLogger, type LogLevel } from '../../../src/common/logging/logger';
import type { Redactor } from '../../../src/common/logging/redact';

/**
 * A Logger that keeps its lines. Without a Redactor it records exactly what the code under test
 * handed it, which is how tests prove the key is never passed to the logger in the first place.
 */
export class MemoryLogger extends LineLogger {
  readonly lines: string[] = [];

  constructor(private readonly redactor?: Redactor) {
    super();
  }

  protected write(level: LogLevel, line: string): void {
    this.lines.push(`[${level}] ${this.redactor ? this.redactor.redact(line) : line}`);
  }
}
