import { Redactor } from './redact';

/** The logging port every service takes. Free of `vscode` so the API client can use it in plain Node. */
export interface Logger {
  trace(message: string, ...details: unknown[]): void;
  debug(message: string, ...details: unknown[]): void;
  info(message: string, ...details: unknown[]): void;
  warn(message: string, ...details: unknown[]): void;
  error(message: string, ...details: unknown[]): void;
}

export type LogLevel = keyof Logger;

/** Where redacted lines end up: a `LogOutputChannel` in the extension, an array in tests. */
export interface LogSink {
  trace(message: string): void;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** Implements the five levels once: subclasses decide where a formatted line goes. */
export abstract class LineLogger implements Logger {
  trace(message: string, ...details: unknown[]): void {
    this.write('trace', formatLine(message, details));
  }
  debug(message: string, ...details: unknown[]): void {
    this.write('debug', formatLine(message, details));
  }
  info(message: string, ...details: unknown[]): void {
    this.write('info', formatLine(message, details));
  }
  warn(message: string, ...details: unknown[]): void {
    this.write('warn', formatLine(message, details));
  }
  error(message: string, ...details: unknown[]): void {
    this.write('error', formatLine(message, details));
  }

  protected abstract write(level: LogLevel, line: string): void;
}

/** Masks secrets before anything reaches the sink. */
export class RedactingLogger extends LineLogger {
  constructor(
    private readonly sink: LogSink,
    private readonly redactor: Redactor,
  ) {
    super();
  }

  protected write(level: LogLevel, line: string): void {
    this.sink[level](this.redactor.redact(line));
  }
}

export const silentLogger: Logger = {
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

function formatLine(message: string, details: unknown[]): string {
  return [message, ...details.map(formatDetail)].join(' ');
}

function formatDetail(detail: unknown): string {
  if (detail instanceof Error) {
    // Only name and message: stacks are noise for users, and an arbitrary error's own
    // properties (axios's `config.headers`) are exactly where keys hide.
    return `${detail.name}: ${detail.message}`;
  }
  if (typeof detail === 'string') {
    return detail;
  }
  try {
    return JSON.stringify(detail);
  } catch {
    return String(detail);
  }
}
