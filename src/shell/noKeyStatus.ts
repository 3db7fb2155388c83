import vscode = require('vscode');
import type { Settings } from '../common/settings';
import { noKeyView, type StatusBarView } from '../keys/noKeyView';
import { applyStatusBarView, createKeyStatusItem, statusBarSnapshot } from '../keys/statusBarItem';
import type { StatusBarSnapshot } from '../testApi';

/**
 * The status bar item while no key is stored and the features are not loaded: the same item, text and
 * tooltip as the countdown's "no key" state, without the countdown's code.
 */
export class NoKeyStatusItem implements vscode.Disposable {
  private readonly item = createKeyStatusItem();
  private view: StatusBarView | undefined;
  private readonly settingsWatch: vscode.Disposable;

  constructor(private readonly settings: Pick<Settings, 'statusBarVisibility' | 'onDidChange'>) {
    this.settingsWatch = settings.onDidChange((affects) => {
      if (affects('statusBar.visibility')) {
        this.update();
      }
    });
    this.update();
  }

  snapshot(): StatusBarSnapshot {
    return statusBarSnapshot(this.item, this.view);
  }

  dispose(): void {
    this.settingsWatch.dispose();
    this.item.dispose();
  }

  private update(): void {
    this.view = noKeyView(vscode.l10n, this.settings.statusBarVisibility);
    applyStatusBarView(this.item, this.view);
  }
}
