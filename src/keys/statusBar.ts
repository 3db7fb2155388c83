import vscode = require('vscode');
import type { Settings } from '../common/settings';
import type { Clock } from '../common/clock';
import type { KeyStore } from '../common/keyStore';
import type { Accounts } from '../common/accounts';
import type { WindowPort } from '../common/windowPort';
import { applyStatusBarView, createKeyStatusItem } from './statusBarItem';
import { type StatusBarView, statusBarView } from './statusBarModel';

/** setTimeout fires at once for delays beyond a signed 32-bit int; longer waits are split. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * The key countdown in the status bar. It recomputes when the key, the settings or the window focus
 * change, and otherwise sets exactly one timer, for the moment the model says the display changes.
 * (Focus is a cheap safety net: timers run late after the machine sleeps.)
 */
export class KeyStatusBar implements vscode.Disposable {
  /** Read by the test build's snapshots: what the user sees is this item, not a model of it. */
  readonly item: vscode.StatusBarItem;
  private readonly subscriptions: { dispose(): unknown }[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private timerDueAt: number | undefined;

  constructor(
    window: Pick<WindowPort, 'createStatusBarItem'>,
    private readonly keyStore: KeyStore,
    private readonly accounts: Pick<Accounts, 'list' | 'onDidChange'>,
    private readonly settings: Pick<Settings, 'expiryWarningDays' | 'statusBarVisibility' | 'onDidChange'>,
    private readonly clock: Clock,
    private readonly formatDateTime: (instant: number) => string,
    private readonly importableFrom?: string,
  ) {
    this.item = createKeyStatusItem(window);
    this.subscriptions.push(
      keyStore.onDidChange(() => this.update()),
      accounts.onDidChange(() => this.update()),
      settings.onDidChange((affects) => {
        if (affects('expiryWarningDays') || affects('statusBar.visibility')) {
          this.update();
        }
      }),
      vscode.window.onDidChangeWindowState((state) => {
        if (state.focused) {
          this.update();
        }
      }),
    );
    this.update();
  }

  update(): void {
    const now = this.clock.now();
    const state = this.keyStore.getState();
    const accounts = this.accounts.list();
    const active = state.kind === 'present' ? accounts.find((account) => account.id === state.account?.id) : undefined;
    const view = statusBarView({
      state,
      account: accounts.length > 1 && active ? { name: active.name, count: accounts.length } : undefined,
      now,
      settings: { expiryWarningDays: this.settings.expiryWarningDays, statusBarVisibility: this.settings.statusBarVisibility },
      l10n: vscode.l10n,
      formatDateTime: this.formatDateTime,
      importableFrom: this.importableFrom,
    });
    this.apply(view);
    this.schedule(view.nextChangeAt, now);
  }

  /** When the single pending timer fires, for tests; undefined when none is set. */
  nextUpdateAt(): number | undefined {
    return this.timerDueAt;
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.timerDueAt = undefined;
    for (const subscription of this.subscriptions.splice(0)) {
      subscription.dispose();
    }
    this.item.dispose();
  }

  private apply(view: StatusBarView): void {
    applyStatusBarView(this.item, view);
  }

  private schedule(nextChangeAt: number | undefined, now: number): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.timerDueAt = nextChangeAt;
    if (nextChangeAt === undefined) {
      return;
    }
    const delay = Math.min(Math.max(0, nextChangeAt - now), MAX_TIMER_MS);
    this.timer = setTimeout(() => this.update(), delay);
  }
}
