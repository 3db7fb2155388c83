import vscode = require('vscode');
import { CommandIds } from '../common/commandIds';
import type { StatusBarSnapshot } from '../testApi';
import { type StatusBarView, TOOLTIP_COMMANDS } from './noKeyView';

/** One id for the shell's item and the countdown's, so the user's "hide" choice covers both. */
export const STATUS_BAR_ITEM_ID = 'twelvelabs.keyStatus';

const BACKGROUNDS = {
  warning: 'statusBarItem.warningBackground',
  error: 'statusBarItem.errorBackground',
} as const;

export function createKeyStatusItem(): vscode.StatusBarItem {
  const item = vscode.window.createStatusBarItem(STATUS_BAR_ITEM_ID, vscode.StatusBarAlignment.Right, 100);
  item.name = vscode.l10n.t('Twelve Labs API Key');
  item.command = CommandIds.showKeyStatus;
  return item;
}

export function applyStatusBarView(item: vscode.StatusBarItem, view: StatusBarView): void {
  item.text = view.text;
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

/** What the test API reports for an item showing `view`. */
export function statusBarSnapshot(item: vscode.StatusBarItem, view: StatusBarView | undefined): StatusBarSnapshot {
  return {
    visible: view?.visible ?? false,
    text: item.text,
    tooltip: view?.tooltip ?? '',
    backgroundColor: view?.background ? BACKGROUNDS[view.background] : undefined,
    accessibilityLabel: item.accessibilityInformation?.label ?? '',
    command: typeof item.command === 'string' ? item.command : item.command?.command,
  };
}
