import vscode = require('vscode');
import { forEachLimited } from '../common/collections';
import type { WindowPort } from '../common/windowPort';
import type { AssetUploads, SendOutcome } from './assetUploads';
import { ProgressMeter, progressText } from './progress';
import type { UploadSessions } from './sessions';

/** How often the progress notification is redrawn: enough to read, not a redraw per chunk. */
const REPORT_EVERY_MS = 250;

export interface BatchItem {
  id: string;
  /** Bytes to send; 0 for a URL import. */
  size: number;
  /** What the server already has of a resumed upload. */
  alreadySent?: number;
  /** A URL import's whole URL, in memory only. */
  url?: string;
}

export interface BatchDeps {
  uploads: AssetUploads;
  sessions: UploadSessions;
  window: Pick<WindowPort, 'withProgress'>;
  /** How many of the batch's files are sent at once. */
  concurrency: number;
}

/**
 * One progress notification for a batch of uploads: percent, speed and time left over all of them,
 * and Cancel, which stops and forgets every upload of the batch. Pausing one (from its tree node)
 * ends only that one. Resolves with each upload's outcome, in order, once nothing is sending.
 */
export async function sendWithProgress(deps: BatchDeps, indexId: string, title: string, items: BatchItem[]): Promise<SendOutcome[]> {
  const total = items.reduce((sum, item) => sum + item.size, 0);
  const sentBy = items.map((item) => item.alreadySent ?? 0);
  const session = deps.sessions.start(indexId, total);
  session.sent = sentBy.reduce((sum, sent) => sum + sent, 0);
  const outcomes = new Array<SendOutcome>(items.length);
  const meter = new ProgressMeter();
  const count = items.length;
  session.controller.signal.addEventListener('abort', () => {
    for (const item of items) {
      void deps.uploads.cancel(item.id);
    }
  });
  try {
    await deps.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
      token.onCancellationRequested(() => session.controller.abort());
      let reportedPercent = 0;
      let lastReport = 0;
      let done = 0;
      const report = (force: boolean): void => {
        const now = Date.now();
        if (!force && now - lastReport < REPORT_EVERY_MS) {
          return;
        }
        lastReport = now;
        meter.sample(session.sent);
        const percent = total > 0 ? (session.sent / total) * 100 : (done / count) * 100;
        const text = total > 0 ? progressText(session.sent, total, meter.rate()) : vscode.l10n.t('{0}%', Math.floor(percent));
        const message = count > 1 ? vscode.l10n.t('{0} of {1} done · {2}', done, count, text) : text;
        progress.report({ message, increment: Math.max(0, percent - reportedPercent) });
        reportedPercent = Math.max(reportedPercent, percent);
      };
      report(true);
      await forEachLimited(items, deps.concurrency, async (item, i) => {
        if (session.controller.signal.aborted) {
          await deps.uploads.cancel(item.id);
          outcomes[i] = { outcome: 'cancelled', label: '' };
          return;
        }
        try {
          outcomes[i] = await deps.uploads.send(
            item.id,
            (sent) => {
              // Kept exact between redraws: a slow line may pass one chunk in many seconds. A resumed
              // upload starts at the bytes the server already has.
              session.sent += sent - sentBy[i];
              sentBy[i] = sent;
              report(false);
            },
            item.url,
          );
        } finally {
          done++;
          report(true);
        }
      });
    });
  } finally {
    deps.sessions.end(session);
  }
  return outcomes;
}
