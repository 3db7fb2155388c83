import vscode = require('vscode');
import { API_KEY_ENV_VARIABLE } from './storageKeys';

/** The languages "Copy … as Code" offers; each snippet reads the key from the environment. */
export type CodeLanguage = 'python' | 'javascript' | 'curl';

/** The language picker both code-copying commands show; `libraries` names what each snippet uses. */
export async function pickCodeLanguage(title: string, libraries: Record<CodeLanguage, string>): Promise<CodeLanguage | undefined> {
  const items: (vscode.QuickPickItem & { language: CodeLanguage })[] = [
    { label: 'Python', description: libraries.python, language: 'python' },
    { label: 'JavaScript', description: libraries.javascript, language: 'javascript' },
    { label: 'curl', description: libraries.curl, language: 'curl' },
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title,
    placeHolder: vscode.l10n.t('The code reads your key from the {0} environment variable', API_KEY_ENV_VARIABLE),
  });
  return picked?.language;
}
