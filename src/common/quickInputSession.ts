import vscode = require('vscode');
import type { WindowPort } from './windowPort';

/**
 * Quick inputs shown one after another with no fixed number of steps (an editor that returns to its
 * list after each change), where `MultiStepInput` is for wizards with a step counter. Each screen
 * resolves with what was accepted, or undefined when the user pressed Escape; the caller decides
 * whether that goes back or ends. The next screen opens before the previous one closes, so the
 * widget does not flicker in between.
 */
export class QuickInputSession implements vscode.Disposable {
  private current: vscode.QuickInput | undefined;

  constructor(private readonly window: Pick<WindowPort, 'createInputBox' | 'createQuickPick'>) {}

  /**
   * One pick. `items` may be a promise: the pick shows busy until it settles. `accept` may keep the
   * pick open (return false), e.g. for a "Load more…" item that adds items in place.
   */
  pick<T extends vscode.QuickPickItem>(options: {
    title: string;
    placeholder: string;
    items: readonly T[] | Promise<readonly T[]>;
    active?: (items: readonly T[]) => T | undefined;
    matchOnDescription?: boolean;
    matchOnDetail?: boolean;
    accept?: (item: T, pick: vscode.QuickPick<T>) => Promise<boolean> | boolean;
  }): Promise<T | undefined> {
    const pick = this.window.createQuickPick<T>();
    pick.title = options.title;
    pick.placeholder = options.placeholder;
    pick.ignoreFocusOut = true;
    pick.matchOnDescription = options.matchOnDescription ?? false;
    pick.matchOnDetail = options.matchOnDetail ?? false;
    const disposables: vscode.Disposable[] = [];
    return new Promise<T | undefined>((resolve, reject) => {
      disposables.push(
        pick.onDidAccept(async () => {
          const chosen = pick.selectedItems[0] ?? pick.activeItems[0];
          if (!chosen || pick.busy) {
            return;
          }
          try {
            if (!options.accept || (await options.accept(chosen, pick))) {
              resolve(chosen);
            }
          } catch (error) {
            reject(asError(error));
          }
        }),
        pick.onDidHide(() => resolve(undefined)),
      );
      this.present(pick);
      const items = options.items;
      if (Array.isArray(items)) {
        this.fill(pick, items as readonly T[], options.active);
      } else {
        pick.busy = true;
        (items as Promise<readonly T[]>).then(
          (loaded) => {
            pick.busy = false;
            this.fill(pick, loaded, options.active);
          },
          (error: unknown) => reject(asError(error)),
        );
      }
    }).finally(() => disposeAll(disposables));
  }

  /** One line of text. `validate` runs on every keystroke; an error blocks Enter, information is only shown. */
  ask(options: {
    title: string;
    prompt: string;
    value?: string;
    placeholder?: string;
    validate?: (value: string) => string | vscode.InputBoxValidationMessage | undefined;
  }): Promise<string | undefined> {
    const input = this.window.createInputBox();
    input.title = options.title;
    input.prompt = options.prompt;
    input.value = options.value ?? '';
    input.placeholder = options.placeholder;
    input.ignoreFocusOut = true;
    input.validationMessage = options.value ? options.validate?.(options.value) : undefined;
    const disposables: vscode.Disposable[] = [];
    return new Promise<string | undefined>((resolve) => {
      disposables.push(
        input.onDidChangeValue((value) => {
          input.validationMessage = options.validate?.(value);
        }),
        input.onDidAccept(() => {
          const problem = options.validate?.(input.value);
          const blocks = typeof problem === 'string' ? problem !== '' : problem?.severity === vscode.InputBoxValidationSeverity.Error;
          if (blocks) {
            input.validationMessage = problem;
            return;
          }
          resolve(input.value);
        }),
        input.onDidHide(() => resolve(undefined)),
      );
      this.present(input);
    }).finally(() => disposeAll(disposables));
  }

  dispose(): void {
    this.current?.dispose();
    this.current = undefined;
  }

  private fill<T extends vscode.QuickPickItem>(pick: vscode.QuickPick<T>, items: readonly T[], active: ((items: readonly T[]) => T | undefined) | undefined): void {
    pick.items = items;
    const first = active?.(items);
    if (first) {
      pick.activeItems = [first];
    }
  }

  private present(input: vscode.QuickInput): void {
    const previous = this.current;
    this.current = input;
    input.show();
    previous?.dispose();
  }
}

function disposeAll(disposables: readonly vscode.Disposable[]): void {
  for (const disposable of disposables) {
    disposable.dispose();
  }
}

/** API failures are `TwelveLabsError`s already; anything else is wrapped so the caller gets an Error. */
function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
