import vscode = require('vscode');
import { type LogSink, RedactingLogger } from './logger';
import type { Redactor } from './redact';

export const LOG_CHANNEL_NAME = 'Twelve Labs';

/**
 * The "Twelve Labs" log channel; its level follows VS Code's "Set Log Level…". `tee` also gets every
 * redacted line (the test build reads the log through it).
 */
export function createChannelLogger(redactor: Redactor, tee?: LogSink): { logger: RedactingLogger; channel: vscode.LogOutputChannel } {
  const channel = vscode.window.createOutputChannel(LOG_CHANNEL_NAME, { log: true });
  return { logger: new RedactingLogger(tee ? teeSink(channel, tee) : channel, redactor), channel };
}

function teeSink(first: LogSink, second: LogSink): LogSink {
  return {
    trace: (line) => (first.trace(line), second.trace(line)),
    debug: (line) => (first.debug(line), second.debug(line)),
    info: (line) => (first.info(line), second.info(line)),
    warn: (line) => (first.warn(line), second.warn(line)),
    error: (line) => (first.error(line), second.error(line)),
  };
}
