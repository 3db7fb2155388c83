import vscode = require('vscode');
import { CommandIds } from '../../common/commandIds';
import type { IndexFeature } from '../feature';
import type { CopySnippetResult } from '../results';
import { codeSnippet, KEY_ENVIRONMENT_VARIABLE, SNIPPET_LANGUAGES, type SnippetLanguage } from '../snippets';
import { resolveIndexTarget } from '../target';

/** Python, JavaScript or curl for this index; the key comes from the environment, never from us. */
export function registerCopyCodeSnippet(context: vscode.ExtensionContext, feature: IndexFeature): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(
      CommandIds.copyCodeSnippet,
      async (arg?: unknown, options?: { language?: SnippetLanguage }): Promise<CopySnippetResult> => {
        const target = resolveIndexTarget(feature, arg);
        if (!target) {
          return { outcome: 'noTarget' };
        }
        let language = options?.language && SNIPPET_LANGUAGES.includes(options.language) ? options.language : undefined;
        if (!language) {
          const items: (vscode.QuickPickItem & { language: SnippetLanguage })[] = [
            { label: 'Python', description: vscode.l10n.t('twelvelabs SDK'), language: 'python' },
            { label: 'JavaScript', description: vscode.l10n.t('twelvelabs-js SDK'), language: 'javascript' },
            { label: 'curl', description: vscode.l10n.t('shell'), language: 'curl' },
          ];
          const picked = await vscode.window.showQuickPick(items, {
            title: vscode.l10n.t('Copy Code Snippet'),
            placeHolder: vscode.l10n.t('The snippet reads your key from the {0} environment variable', KEY_ENVIRONMENT_VARIABLE),
          });
          if (!picked) {
            return { outcome: 'cancelled' };
          }
          language = picked.language;
        }
        const text = codeSnippet(language, target.indexId, feature.deps.settings.apiUrl);
        await vscode.env.clipboard.writeText(text);
        vscode.window.setStatusBarMessage(
          vscode.l10n.t('Copied a snippet; set {0} in your environment before running it', KEY_ENVIRONMENT_VARIABLE),
          5000,
        );
        return { outcome: 'copied', language, text };
      },
    ),
  );
}
