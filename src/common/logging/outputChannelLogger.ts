import vscode = require('vscode');
import { RedactingLogger } from './logger';
import type { Redactor } from './redact';

export const LOG_CHANNEL_NAME = 'Twelve Labs';

/** The "Twelve Labs" log channel; its level follows VS Code's "Set Log Level…". */
export function createChannelLogger(redactor: Redactor, keepRecent: number): { logger: RedactingLogger; channel: vscode.LogOutputChannel } {
  const channel = vscode.window.createOutputChannel(LOG_CHANNEL_NAME, { log: true });
  return { logger: new RedactingLogger(channel, redactor, keepRecent), channel };
}
