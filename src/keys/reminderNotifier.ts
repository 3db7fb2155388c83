import vscode = require('vscode');
import { CommandIds } from '../common/commandIds';
import type { Logger } from '../common/logging/logger';
import type { Clock } from '../common/clock';
import { addCalendarDays } from './expiry';
import { openApiKeysPage } from './keyFlow';
import type { KeyStore, PresentKeyState } from '../common/keyStore';
import type { Notifier } from '../common/notifier';
import type { DueReminder, ReminderBook } from './reminders';
import { notificationText } from '../common/untrustedText';

const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Shows the 14/7/3/1-day and expiry reminders. One timer, set for the next threshold or the end of a
 * snooze, never a polling loop. A reminder is recorded before it is shown, so another window that
 * checks a moment later stays quiet (two windows waking in the same instant may still both show it).
 */
export class ExpiryReminders implements vscode.Disposable {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly subscription: { dispose(): unknown };
  /** Reminders being shown by this window, while globalState catches up. */
  private readonly inFlight = new Set<string>();

  constructor(
    private readonly keyStore: Pick<KeyStore, 'getState' | 'onDidChange'>,
    private readonly book: ReminderBook,
    private readonly notifier: Notifier,
    private readonly clock: Clock,
    private readonly formatDate: (instant: number) => string,
    private readonly logger: Logger,
    /** The account's name when there are several (reminders come for every account, not only the active one). */
    private readonly accountName: () => string | undefined = () => undefined,
  ) {
    this.subscription = keyStore.onDidChange(() => this.check());
    this.check();
  }

  check(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const state = this.keyStore.getState();
    if (state.kind !== 'present') {
      return;
    }
    const now = this.clock.now();
    const due = this.book.due(state, now);
    if (due && !this.inFlight.has(`${due.fingerprint}:${due.threshold}`)) {
      void this.remind(due, state);
    }
    const next = this.book.nextCheckAt(state, now);
    if (next !== undefined) {
      this.timer = setTimeout(() => this.check(), Math.min(Math.max(0, next - now), MAX_TIMER_MS));
    }
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.subscription.dispose();
  }

  private async remind(due: DueReminder, state: PresentKeyState): Promise<void> {
    const l10n = vscode.l10n;
    const token = `${due.fingerprint}:${due.threshold}`;
    this.inFlight.add(token);
    try {
      await this.book.markShown(due.fingerprint, due.threshold);
      const date = this.formatDate(due.expiresAt);
      const name = this.accountName();
      const keyMessage =
        due.threshold === 0
          ? l10n.t('Your Twelve Labs API key {0} expired on {1}. Create a new key on the API Keys page and rotate to keep working.', state.masked, date)
          : due.daysLeft === 1
            ? l10n.t('Your Twelve Labs API key {0} expires tomorrow or sooner, on {1}.', state.masked, date)
            : l10n.t('Your Twelve Labs API key {0} expires in {1} days, on {2}.', state.masked, due.daysLeft, date);
      const message =
        name === undefined
          ? keyMessage
          : notificationText(
              due.threshold === 0
                ? l10n.t('{0}: the Twelve Labs API key {1} expired on {2}. Create a new key on the API Keys page and rotate to keep working.', name, state.masked, date)
                : due.daysLeft === 1
                  ? l10n.t('{0} expires tomorrow or sooner: the Twelve Labs API key {1}, on {2}.', name, state.masked, date)
                  : l10n.t('{0} expires in {1} days: the Twelve Labs API key {2}, on {3}.', name, due.daysLeft, state.masked, date),
            );
      this.logger.info(`Expiry reminder (${due.threshold} days) for key ${state.masked}.`);
      const rotate = l10n.t('Rotate Now');
      const openPage = l10n.t('Open API Keys Page');
      const tomorrow = l10n.t('Remind Me Tomorrow');
      const choice = await this.notifier.show(due.threshold <= 3 ? 'warning' : 'info', message, rotate, openPage, tomorrow);
      if (choice === rotate) {
        // The account this reminder is about, which need not be the one in use.
        await vscode.commands.executeCommand(CommandIds.rotateApiKey, state.account ? { accountId: state.account.id } : undefined);
      } else if (choice === openPage) {
        await openApiKeysPage();
      } else if (choice === tomorrow) {
        await this.book.snooze(due.fingerprint, addCalendarDays(this.clock.now(), 1));
        this.check();
      }
    } catch (error) {
      this.logger.warn('Could not show the expiry reminder.', error);
    } finally {
      this.inFlight.delete(token);
    }
  }
}
