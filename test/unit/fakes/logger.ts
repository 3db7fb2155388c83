import type { Logger } from '../../../src/logging/logger';
import type { Redactor } from '../../../src/logging/redact';

/** A Logger that keeps its lines (redacted when given a Redactor, as the real one is). */
export class MemoryLogger implements Logger {
  readonly lines: string[] = [];

  constructor(private readonly redactor?: Redactor) {}

  trace(message: string, ...details: unknown[]): void {
    this.write('trace', message, details);
  }
  debug(message: string, ...details: unknown[]): void {
    this.write('debug', message, details);
  }
  info(message: string, ...details: unknown[]): void {
    this.write('info', message, details);
  }
  warn(message: string, ...details: unknown[]): void {
    this.write('warn', message, details);
  }
  error(message: string, ...details: unknown[]): void {
    this.write('error', message, details);
  }

  private write(level: string, message: string, details: unknown[]): void {
    const text = [message, ...details.map((d) => (d instanceof Error ? `${d.name}: ${d.message}` : typeof d === 'string' ? d : JSON.stringify(d)))].join(' ');
    this.lines.push(`[${level}] ${this.redactor ? this.redactor.redact(text) : text}`);
  }
}
