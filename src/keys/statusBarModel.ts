import { CommandIds } from '../common/commandIds';
import { Links } from '../common/contextKeys';
import { remaining, thresholdReachedAt } from './expiry';
import type { KeyState, PresentKeyState, ValidationRecord } from '../common/keyStore';
import type { L10n } from '../common/l10n';
import { ICON, type StatusBarBackground, type StatusBarSettings, type StatusBarView, link, noKeyView, paragraphs } from './noKeyView';
import { codeSpanText, labelText, markdownText, oneLine } from '../common/untrustedText';

export { type StatusBarSettings, type StatusBarView, TOOLTIP_COMMANDS } from './noKeyView';

/**
 * What the status bar item shows for a given key state at a given time: a pure function, so every
 * state, colour and the timing of the next change is unit-tested without VS Code. The glue in
 * `statusBar.ts` applies the result and sets one timer for `nextChangeAt`.
 */

/** At or below this many days left the item turns to the error colour, whatever the warning setting. */
export const ERROR_DAYS = 3;

export interface StatusBarInput {
  state: KeyState;
  now: number;
  settings: StatusBarSettings;
  l10n: L10n;
  /** Formats an instant as a date and time for people, in their locale and time zone. */
  formatDateTime: (instant: number) => string;
  /** The environment variable holding a key that can be imported, if any. */
  importableFrom?: string;
  /** Set when there is more than one account: the active one's name and how many there are. */
  account?: { name: string; count: number };
}

export function statusBarView(input: StatusBarInput): StatusBarView {
  const view = keyView(input);
  return input.account && input.state.kind === 'present' ? withAccount(view, input.account, input.l10n) : view;
}

/**
 * With several accounts the item says which one this window uses, and a click switches. The name is
 * the user's, but it still goes in as text: it must not draw an icon or make a link.
 */
function withAccount(view: StatusBarView, account: { name: string; count: number }, l10n: L10n): StatusBarView {
  return {
    ...view,
    text: view.text.replace(ICON, `${ICON} ${labelText(account.name)} ·`),
    tooltip: paragraphs(
      `${l10n.t('Account **{0}** (one of {1})', markdownText(account.name), account.count)} · ${link(l10n.t('Switch account'), CommandIds.switchAccount)}`,
      view.tooltip,
    ),
    accessibilityLabel: `${l10n.t('Twelve Labs account {0}', oneLine(account.name))}: ${view.accessibilityLabel}`,
    command: CommandIds.switchAccount,
  };
}

function keyView(input: StatusBarInput): StatusBarView {
  const { state, l10n } = input;
  switch (state.kind) {
    case 'loading':
      // Hidden rather than flickering a placeholder: the read usually takes milliseconds.
      return {
        visible: false,
        text: ICON,
        tooltip: l10n.t('Reading the Twelve Labs API key from secret storage…'),
        background: undefined,
        accessibilityLabel: l10n.t('Reading the Twelve Labs API key'),
        nextChangeAt: undefined,
      };
    case 'none':
      return noKeyView(l10n, input.settings.statusBarVisibility, {
        lost: state.lostSince === undefined ? undefined : { since: state.lostSince, formatDateTime: input.formatDateTime },
        importableFrom: input.importableFrom,
      });
    case 'unavailable':
      return {
        visible: input.settings.statusBarVisibility !== 'never',
        text: `${ICON} ${l10n.t('Key unavailable')}`,
        tooltip: paragraphs(
          `**${l10n.t('Twelve Labs API key unavailable')}**`,
          markdownText(state.message),
          l10n.t('VS Code keeps the key in your operating system\'s keyring. [How to fix keyring problems]({0})', Links.secretStorageTroubleshooting),
          link(l10n.t('Show status'), CommandIds.showKeyStatus),
        ),
        background: 'error',
        accessibilityLabel: l10n.t('Twelve Labs API key unavailable: secret storage is not working'),
        nextChangeAt: undefined,
      };
    case 'present':
      return presentView(input, state);
  }
}

function presentView(input: StatusBarInput, state: PresentKeyState): StatusBarView {
  const { l10n, settings, now, formatDateTime } = input;
  const header = `**${l10n.t('Twelve Labs API key')}** \`${codeSpanText(state.masked)}\``;
  const actions = [
    link(l10n.t('Show status'), CommandIds.showKeyStatus),
    link(l10n.t('Validate'), CommandIds.validateApiKey),
    link(l10n.t('Rotate'), CommandIds.rotateApiKey),
    link(l10n.t('Open API Keys page'), CommandIds.openDashboard),
  ].join(' · ');
  const history = historyLine(state, l10n, formatDateTime);
  const estimate = `*${l10n.t('The countdown is an estimate from the date you gave: no API reports a key\'s expiry. A 401 from the API is the final word.')}*`;
  const showAlways = settings.statusBarVisibility !== 'never';

  if (state.rejectedAt !== undefined) {
    return {
      visible: showAlways,
      text: `${ICON} ${l10n.t('Key rejected')}`,
      tooltip: paragraphs(
        header,
        `**${l10n.t('The API rejected this key on {0}: it is invalid or expired.', formatDateTime(state.rejectedAt))}**`,
        l10n.t('Create a new key on the API Keys page, then rotate.'),
        history,
        actions,
      ),
      background: 'error',
      accessibilityLabel: l10n.t('Twelve Labs API key was rejected by the API: invalid or expired'),
      nextChangeAt: undefined,
    };
  }

  if (state.expiresAt === undefined) {
    return {
      visible: settings.statusBarVisibility === 'always',
      text: `${ICON} ${l10n.t('Key set')}`,
      tooltip: paragraphs(header, l10n.t('The expiry date is unknown. Use Show API Key Status, then Change Expiry Date, to start the countdown.'), history, actions),
      background: undefined,
      accessibilityLabel: l10n.t('Twelve Labs API key set, expiry unknown'),
      nextChangeAt: undefined,
    };
  }

  const left = remaining(state.expiresAt, now);
  const expiry = formatDateTime(state.expiresAt);
  if (left.unit === 'expired') {
    return {
      visible: showAlways,
      text: `${ICON} ${l10n.t('Key expired')}`,
      tooltip: paragraphs(header, `**${l10n.t('Expired on {0}.', expiry)}**`, l10n.t('Create a new key on the API Keys page, then rotate.'), history, actions, estimate),
      background: 'error',
      accessibilityLabel: l10n.t('Twelve Labs API key expired on {0}', expiry),
      nextChangeAt: undefined,
    };
  }

  const inDays = left.unit === 'days';
  const text = `${ICON} ${inDays ? l10n.t('{0}d', left.value) : l10n.t('{0}h', left.value)}`;
  const leftWords = inDays
    ? left.value === 1
      ? l10n.t('1 day')
      : l10n.t('{0} days', left.value)
    : left.value === 1
      ? l10n.t('1 hour')
      : l10n.t('{0} hours', left.value);
  const background: StatusBarBackground =
    left.daysLeft <= ERROR_DAYS ? 'error' : left.daysLeft <= settings.expiryWarningDays ? 'warning' : undefined;
  const nearExpiry = left.daysLeft <= settings.expiryWarningDays || left.daysLeft <= ERROR_DAYS;
  const visible = settings.statusBarVisibility === 'always' || (settings.statusBarVisibility === 'nearExpiry' && nearExpiry);

  // While hidden, nothing the user sees changes until the item appears: wake only for that.
  let nextChangeAt = left.nextChangeAt;
  if (settings.statusBarVisibility === 'never') {
    nextChangeAt = undefined;
  } else if (!visible) {
    nextChangeAt = thresholdReachedAt(state.expiresAt, Math.max(settings.expiryWarningDays, ERROR_DAYS));
  }

  return {
    visible,
    text,
    tooltip: paragraphs(header, l10n.t('Expires **{0}** ({1} left).', expiry, leftWords), history, actions, estimate),
    background,
    accessibilityLabel: l10n.t('Twelve Labs API key expires in {0}', leftWords),
    nextChangeAt,
  };
}

function historyLine(state: PresentKeyState, l10n: L10n, formatDateTime: (instant: number) => string): string {
  const parts: string[] = [];
  if (state.setAt !== undefined) {
    parts.push(l10n.t('Set on {0}.', formatDateTime(state.setAt)));
  }
  parts.push(describeValidation(state.lastValidation, l10n, formatDateTime, markdownText));
  return parts.join(' ');
}

/**
 * One sentence about the last validation, shared by the tooltip and the status quick pick. Its detail
 * is the API's or the OS's words: `asText` makes them plain text for the surface they go to.
 */
export function describeValidation(
  validation: ValidationRecord | undefined,
  l10n: L10n,
  formatDateTime: (instant: number) => string,
  asText: (outside: string) => string,
): string {
  if (!validation) {
    return l10n.t('Not validated yet.');
  }
  const when = formatDateTime(validation.at);
  switch (validation.outcome) {
    case 'valid':
      return l10n.t('Last validated {0}: accepted by the API.', when);
    case 'rejected':
      return l10n.t('Last validated {0}: rejected (invalid or expired).', when);
    case 'unverified':
      return validation.detail
        ? l10n.t('Last validation attempt {0} did not reach the API ({1}).', when, asText(validation.detail))
        : l10n.t('Last validation attempt {0} did not reach the API.', when);
  }
}
