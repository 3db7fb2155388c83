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
  CommandIds.importApiKeyFromEnvironment,
  CommandIds.rotateApiKey,
  CommandIds.validateApiKey,
  CommandIds.showKeyStatus,
  CommandIds.openDashboard,
  CommandIds.switchAccount,
];

export const ICON = '$(key)';

export interface NoKeyDetails {
  /** A key was stored on this date and the keyring no longer has it. */
  lost?: { since: number; formatDateTime: (instant: number) => string };
  /** The environment variable holding a key that can be imported, if any. */
  importableFrom?: string;
}

/**
 * No key in SecretStorage. The offer to import a key from the environment lives here rather than in a
 * notification: VS Code cannot withdraw a notification, and this item changes the moment a key is set.
 */
export function noKeyView(l10n: L10n, visibility: StatusBarVisibility, details: NoKeyDetails = {}): StatusBarView {
  const { lost, importableFrom } = details;
  const lostLine = lost
    ? [l10n.t('The key stored on {0} is no longer in secret storage: the OS keyring may have been reset. Set it again.', lost.formatDateTime(lost.since))]
    : [];
  const importLine = importableFrom
    ? [l10n.t('{0} is set in your environment. {1}: it is checked with Twelve Labs first, and the variable is left as it is.', importableFrom, link(l10n.t('Import it'), CommandIds.importApiKeyFromEnvironment))]
    : [];
  return {
    visible: visibility !== 'never',
    text: `${ICON} ${importableFrom ? l10n.t('Import Twelve Labs key') : l10n.t('Set Twelve Labs key')}`,
    tooltip: paragraphs(
      `**${l10n.t('No Twelve Labs API key')}**`,
      ...lostLine,
      ...importLine,
      l10n.t('The key is kept in VS Code\'s secret storage, never in settings.'),
      [link(l10n.t('Set API Key'), CommandIds.setApiKey), link(l10n.t('Open API Keys page'), CommandIds.openDashboard)].join(' · '),
    ),
    background: lost ? 'warning' : undefined,
    accessibilityLabel: importableFrom ? l10n.t('No Twelve Labs API key set; one can be imported from {0}', importableFrom) : l10n.t('No Twelve Labs API key set'),
    nextChangeAt: undefined,
    // With no key there is nothing to show: a click goes straight to setting (or importing) one.
    command: importableFrom ? CommandIds.importApiKeyFromEnvironment : CommandIds.setApiKey,
  };
}

export function link(label: string, command: string): string {
  return `[${label}](command:${command})`;
}

export function paragraphs(...lines: string[]): string {
  return lines.filter((line) => line !== '').join('\n\n');
}
