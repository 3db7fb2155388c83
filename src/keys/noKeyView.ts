import { CommandIds } from '../common/commandIds';
import type { StatusBarVisibility } from '../common/settings';
import type { L10n } from '../common/l10n';

/**
 * The status bar's vocabulary, and its no-key state, which has no countdown and a click of its own
 * (Set API Key). The other states are in `statusBarModel.ts`.
 */

export interface StatusBarSettings {
  expiryWarningDays: number;
  statusBarVisibility: StatusBarVisibility;
}

export type StatusBarBackground = 'warning' | 'error' | undefined;

export interface StatusBarView {
  visible: boolean;
  text: string;
  /** Markdown. Its command links need `TOOLTIP_COMMANDS` enabled on the MarkdownString. */
  tooltip: string;
  background: StatusBarBackground;
  accessibilityLabel: string;
  /** When this view stops being correct; undefined when only a state change can alter it. */
  nextChangeAt: number | undefined;
  /** What a click runs; Show API Key Status unless said otherwise. */
  command?: string;
}

export const TOOLTIP_COMMANDS: readonly string[] = [
  CommandIds.setApiKey,
  CommandIds.rotateApiKey,
  CommandIds.validateApiKey,
  CommandIds.showKeyStatus,
  CommandIds.openDashboard,
];

export const ICON = '$(key)';

/**
 * No key in SecretStorage. `lostSince` (and `formatDateTime`, needed only with it) tell that one was
 * stored on that date and the keyring no longer has it.
 */
export function noKeyView(
  l10n: L10n,
  visibility: StatusBarVisibility,
  lost?: { since: number; formatDateTime: (instant: number) => string },
): StatusBarView {
  const lostLine = lost
    ? [l10n.t('The key stored on {0} is no longer in secret storage: the OS keyring may have been reset. Set it again.', lost.formatDateTime(lost.since))]
    : [];
  return {
    visible: visibility !== 'never',
    text: `${ICON} ${l10n.t('Set Twelve Labs key')}`,
    tooltip: paragraphs(
      `**${l10n.t('No Twelve Labs API key')}**`,
      ...lostLine,
      l10n.t('The key is kept in VS Code\'s secret storage, never in settings.'),
      [link(l10n.t('Set API Key'), CommandIds.setApiKey), link(l10n.t('Open API Keys page'), CommandIds.openDashboard)].join(' · '),
    ),
    background: lost ? 'warning' : undefined,
    accessibilityLabel: l10n.t('No Twelve Labs API key set'),
    nextChangeAt: undefined,
    // With no key there is nothing to show: a click goes straight to setting one.
    command: CommandIds.setApiKey,
  };
}

export function link(label: string, command: string): string {
  return `[${label}](command:${command})`;
}

export function paragraphs(...lines: string[]): string {
  return lines.filter((line) => line !== '').join('\n\n');
}
