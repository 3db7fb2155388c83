import vscode = require('vscode');
import { pickCodeLanguage } from '../../common/codeLanguage';
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
          const picked = await pickCodeLanguage(vscode.l10n.t('Copy Code Snippet'), {
            python: vscode.l10n.t('twelvelabs SDK'),
            javascript: vscode.l10n.t('twelvelabs-js SDK'),
            curl: vscode.l10n.t('shell'),
          });
          if (!picked) {
            return { outcome: 'cancelled' };
          }
          language = picked;
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
