import type * as vscode from 'vscode';
import type { Accounts } from '../common/accounts';
import type { Clock } from '../common/clock';
import type { Logger } from '../common/logging/logger';
import type { Notifier } from '../common/notifier';
import { ExpiryReminders } from './reminderNotifier';
import type { ReminderBook } from './reminders';

/**
 * Expiry reminders for every account, not only the one in use: one `ExpiryReminders` per account,
 * made when it appears and disposed when it goes. With several accounts each reminder names its
 * account ("Acme (prod) expires in 7 days").
 */
export class AccountReminders implements vscode.Disposable {
  private readonly reminders = new Map<string, ExpiryReminders>();
  private readonly subscription: { dispose(): unknown };

  constructor(
    private readonly accounts: Accounts,
    private readonly book: ReminderBook,
    private readonly notifier: Notifier,
    private readonly clock: Clock,
    private readonly formatDate: (instant: number) => string,
    private readonly logger: Logger,
  ) {
    this.subscription = accounts.onDidChange(() => this.follow());
    this.follow();
  }

  dispose(): void {
    this.subscription.dispose();
    for (const reminder of this.reminders.values()) {
      reminder.dispose();
    }
    this.reminders.clear();
  }

  private follow(): void {
    if (!this.accounts.isLoaded) {
      // Not before every account is read: a reminder must know whether there are several, to name its account.
      return;
    }
    const stores = new Map(this.accounts.allStores().map((store) => [store.accountId, store]));
    for (const [id, reminder] of this.reminders) {
      if (!stores.has(id)) {
        reminder.dispose();
        this.reminders.delete(id);
      }
    }
    for (const [id, store] of stores) {
      if (!this.reminders.has(id)) {
        const name = () => (this.accounts.list().length > 1 ? this.accounts.get(id)?.name : undefined);
        this.reminders.set(id, new ExpiryReminders(store, this.book, this.notifier, this.clock, this.formatDate, this.logger, name));
      }
    }
  }
}
