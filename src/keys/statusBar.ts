import vscode = require('vscode');
import { CommandIds } from '../commandIds';
import type { Settings } from '../config';
import type { StatusBarSnapshot } from '../testApi';
import type { Clock } from './expiry';
import type { KeyStore } from './keyStore';
import { type StatusBarView, TOOLTIP_COMMANDS, statusBarView } from './statusBarModel';

export const STATUS_BAR_ITEM_ID = 'twelvelabs.keyStatus';

/** setTimeout fires at once for delays beyond a signed 32-bit int; longer waits are split. */
const MAX_TIMER_MS = 2 ** 31 - 1;

const BACKGROUNDS = {
  warning: 'statusBarItem.warningBackground',
  error: 'statusBarItem.errorBackground',
} as const;

/**
 * The key countdown in the status bar. It recomputes when the key, the settings or the window focus
 * change, and otherwise sets exactly one timer, for the moment the model says the display changes.
 * (Focus is a cheap safety net: timers run late after the machine sleeps.)
 */
export class KeyStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly subscriptions: { dispose(): unknown }[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private timerDueAt: number | undefined;
  private view: StatusBarView | undefined;

  constructor(
    private readonly keyStore: KeyStore,
    private readonly settings: Pick<Settings, 'expiryWarningDays' | 'statusBarVisibility' | 'onDidChange'>,
    private readonly clock: Clock,
    private readonly formatDateTime: (instant: number) => string,
  ) {
    this.item = vscode.window.createStatusBarItem(STATUS_BAR_ITEM_ID, vscode.StatusBarAlignment.Right, 100);
    this.item.name = vscode.l10n.t('Twelve Labs API Key');
    this.item.command = CommandIds.showKeyStatus;
    this.subscriptions.push(
      keyStore.onDidChange(() => this.update()),
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
    const view = statusBarView({
      state: this.keyStore.getState(),
      now,
      settings: { expiryWarningDays: this.settings.expiryWarningDays, statusBarVisibility: this.settings.statusBarVisibility },
      l10n: vscode.l10n,
      formatDateTime: this.formatDateTime,
    });
    this.apply(view);
    this.schedule(view.nextChangeAt, now);
  }

  snapshot(): StatusBarSnapshot {
    const view = this.view;
    return {
      visible: view?.visible ?? false,
      text: this.item.text,
      tooltip: view?.tooltip ?? '',
      backgroundColor: view?.background ? BACKGROUNDS[view.background] : undefined,
      accessibilityLabel: this.item.accessibilityInformation?.label ?? '',
      command: typeof this.item.command === 'string' ? this.item.command : this.item.command?.command,
    };
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
    this.view = view;
    this.item.text = view.text;
    const tooltip = new vscode.MarkdownString(view.tooltip, true);
    tooltip.isTrusted = { enabledCommands: [...TOOLTIP_COMMANDS] };
    this.item.tooltip = tooltip;
    this.item.backgroundColor = view.background ? new vscode.ThemeColor(BACKGROUNDS[view.background]) : undefined;
    this.item.accessibilityInformation = { label: view.accessibilityLabel, role: 'button' };
    if (view.visible) {
      this.item.show();
    } else {
      this.item.hide();
    }
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
