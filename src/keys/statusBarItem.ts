import vscode = require('vscode');
import { CommandIds } from '../common/commandIds';
import type { WindowPort } from '../common/windowPort';
import { type StatusBarView, TOOLTIP_COMMANDS } from './noKeyView';

/** Stable, so the user's "hide" choice in the status bar's menu is remembered. */
export const STATUS_BAR_ITEM_ID = 'twelvelabs.keyStatus';

const BACKGROUNDS = {
  warning: 'statusBarItem.warningBackground',
  error: 'statusBarItem.errorBackground',
} as const;

export function createKeyStatusItem(window: Pick<WindowPort, 'createStatusBarItem'>): vscode.StatusBarItem {
  const item = window.createStatusBarItem(STATUS_BAR_ITEM_ID, vscode.StatusBarAlignment.Right, 100);
  item.name = vscode.l10n.t('Twelve Labs API Key');
  item.command = CommandIds.showKeyStatus;
  return item;
}

export function applyStatusBarView(item: vscode.StatusBarItem, view: StatusBarView): void {
  item.text = view.text;
  item.command = view.command ?? CommandIds.showKeyStatus;
  const tooltip = new vscode.MarkdownString(view.tooltip, true);
  tooltip.isTrusted = { enabledCommands: [...TOOLTIP_COMMANDS] };
  item.tooltip = tooltip;
  item.backgroundColor = view.background ? new vscode.ThemeColor(BACKGROUNDS[view.background]) : undefined;
  item.accessibilityInformation = { label: view.accessibilityLabel, role: 'button' };
  if (view.visible) {
    item.show();
  } else {
    item.hide();
  }
}
