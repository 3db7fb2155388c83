import vscode = require('vscode');
import type { Notifier } from './notifier';

/** URLs the user agreed to send the key to over plain http; URLs only (credentials in them are refused earlier). */
const ALLOWED_KEY = 'twelvelabs.api.insecureUrlsAllowed';

/**
 * The question `ApiClientProvider` asks before the key first goes to a plain `http:` URL on another
 * machine. A modal, because the alternative is silently sending a secret in clear text; the answer
 * "yes" is remembered per URL so the user is asked once, "no" only until the setting changes.
 */
export function insecureUrlConsent(globalState: vscode.Memento, notifier: Notifier): (url: string) => Promise<boolean> {
  return async (url) => {
    const allowed = globalState.get<string[]>(ALLOWED_KEY, []);
    if (allowed.includes(url)) {
      return true;
    }
    const send = vscode.l10n.t('Send Over HTTP');
    const openSettings = vscode.l10n.t('Open Settings');
    const choice = await notifier.modal(
      'warning',
      vscode.l10n.t('Send your Twelve Labs API key unencrypted to {0}?', url),
      vscode.l10n.t(
        'The twelveLabs.apiUrl setting uses http:// to another machine, so anyone on the network path could read the key. Use https:// unless this is a server you control on a trusted network.',
      ),
      send,
      openSettings,
    );
    if (choice === openSettings) {
      void vscode.commands.executeCommand('workbench.action.openSettings', 'twelveLabs.apiUrl');
    }
    if (choice !== send) {
      return false;
    }
    await globalState.update(ALLOWED_KEY, [...allowed.filter((entry) => entry !== url), url].slice(-10));
    return true;
  };
}
