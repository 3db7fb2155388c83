import vscode = require('vscode');
import type { WindowPort } from './windowPort';

/**
 * A small multi-step quick input: each step shows one InputBox or QuickPick with a step counter
 * ("2/5") and a Back button, and returns the next step. Back re-runs the previous step with the state
 * as the user left it; Escape (or focus loss, when allowed) cancels the whole flow.
 */

/** Thrown through a step to move the flow: Back, or cancel (the input was hidden). */
class FlowSignal extends Error {
  constructor(readonly action: 'back' | 'cancel') {
    super(action);
  }
}
const BACK = new FlowSignal('back');
const CANCEL = new FlowSignal('cancel');

export type Step<S> = (input: MultiStepInput, state: S) => Promise<Step<S> | undefined>;

interface Common {
  title: string;
  step: number;
  totalSteps: number;
  placeholder?: string;
}

/** A plain string is an error. Errors block Enter; warnings and information are only shown. */
export type StepMessage = string | vscode.InputBoxValidationMessage | undefined;

export interface InputBoxOptions extends Common {
  value: string;
  prompt: string;
  password?: boolean;
  /** Checked on every keystroke. */
  validate?: (value: string) => StepMessage;
  /**
   * Checked on Enter, with the input busy (e.g. a name lookup or a call to the API); an error keeps
   * the step open with the value as typed. `signal` aborts when the user closes the input meanwhile.
   */
  validateOnAccept?: (value: string, signal: AbortSignal) => Promise<StepMessage>;
  /** Shown while `validateOnAccept` runs. */
  busyMessage?: string;
  /** Shown when the step opens, e.g. the server's reason for sending the user back here. */
  initialMessage?: StepMessage;
}

function blocks(message: StepMessage): boolean {
  return typeof message === 'string' ? message !== '' : message !== undefined && message.severity === vscode.InputBoxValidationSeverity.Error;
}

export interface QuickPickOptions<T extends vscode.QuickPickItem> extends Common {
  items: readonly T[];
  canSelectMany: boolean;
  /** Multi-select: the items ticked when the step opens. Single-select: the item highlighted. */
  selected?: readonly T[];
  /** A message keeps the step open and is shown as the placeholder. */
  validate?: (chosen: readonly T[]) => string | undefined;
  /**
   * Run on Enter with the pick busy (e.g. a call to the API); a message keeps the step open as the
   * placeholder. `signal` aborts when the user closes the pick meanwhile.
   */
  validateOnAccept?: (chosen: readonly T[], signal: AbortSignal) => Promise<string | undefined>;
}

export class MultiStepInput {
  private current: vscode.QuickInput | undefined;
  private readonly history: Step<never>[] = [];
  private forgetCurrent = false;

  constructor(private readonly window: Pick<WindowPort, 'createInputBox' | 'createQuickPick'>) {}

  /**
   * Runs steps from `start` until one returns undefined (true: completed) or the user cancels
   * (false). `previous` seeds the Back history when a flow resumes in the middle.
   */
  async run<S>(start: Step<S>, state: S, previous: Step<S>[] = []): Promise<boolean> {
    const history = this.history as unknown as Step<S>[];
    history.length = 0;
    history.push(...previous);
    let step: Step<S> | undefined = start;
    let completed = true;
    try {
      while (step) {
        history.push(step);
        try {
          step = await step(this, state);
          if (this.forgetCurrent) {
            this.forgetCurrent = false;
            history.pop();
          }
        } catch (error) {
          if (error === BACK) {
            history.pop();
            step = history.pop();
          } else if (error === CANCEL) {
            completed = false;
            step = undefined;
          } else {
            throw error;
          }
        }
      }
    } finally {
      this.current?.dispose();
      this.current = undefined;
    }
    return completed;
  }

  /** Leaves the running step out of Back's way: its question is settled for good (a key confirmed on a retry). */
  forgetThisStep(): void {
    this.forgetCurrent = true;
  }

  showInputBox(options: InputBoxOptions): Promise<string> {
    const input = this.window.createInputBox();
    this.configure(input, options);
    input.value = options.value;
    input.prompt = options.prompt;
    input.password = options.password ?? false;
    // A message the flow brings back (e.g. the server's), else what the kept value says (Back returns to
    // a date typed earlier, with its echo); an empty field is not an error until Enter.
    input.validationMessage = options.initialMessage ?? (options.value === '' ? undefined : options.validate?.(options.value));
    const disposables: vscode.Disposable[] = [];
    const closed = new AbortController();
    return new Promise<string>((resolve, reject) => {
      disposables.push(
        input.onDidTriggerButton((button) => {
          if (button === vscode.QuickInputButtons.Back) {
            reject(BACK);
          }
        }),
        input.onDidChangeValue((value) => {
          input.validationMessage = options.validate?.(value);
        }),
        input.onDidAccept(async () => {
          const value = input.value;
          const problem = options.validate?.(value);
          if (blocks(problem)) {
            input.validationMessage = problem;
            return;
          }
          if (options.validateOnAccept) {
            input.enabled = false;
            input.busy = true;
            if (options.busyMessage) {
              input.validationMessage = { message: options.busyMessage, severity: vscode.InputBoxValidationSeverity.Info };
            }
            const late = await options.validateOnAccept(value, closed.signal).catch(() => undefined);
            input.enabled = true;
            input.busy = false;
            input.validationMessage = late;
            if (blocks(late)) {
              return;
            }
          }
          resolve(value);
        }),
        input.onDidHide(() => {
          closed.abort();
          reject(CANCEL);
        }),
      );
      this.present(input);
    }).finally(() => {
      for (const disposable of disposables) {
        disposable.dispose();
      }
    });
  }

  showQuickPick<T extends vscode.QuickPickItem>(options: QuickPickOptions<T>): Promise<readonly T[]> {
    const pick = this.window.createQuickPick<T>();
    this.configure(pick, options);
    pick.canSelectMany = options.canSelectMany;
    pick.matchOnDescription = true;
    pick.items = options.items;
    const disposables: vscode.Disposable[] = [];
    const closed = new AbortController();
    return new Promise<readonly T[]>((resolve, reject) => {
      disposables.push(
        pick.onDidTriggerButton((button) => {
          if (button === vscode.QuickInputButtons.Back) {
            reject(BACK);
          }
        }),
        pick.onDidAccept(async () => {
          const chosen = options.canSelectMany
            ? pick.selectedItems
            : pick.selectedItems.length > 0
              ? pick.selectedItems
              : pick.activeItems.slice(0, 1);
          const problem = options.validate?.(chosen);
          if (problem) {
            pick.placeholder = problem;
            return;
          }
          if (options.validateOnAccept) {
            pick.enabled = false;
            pick.busy = true;
            const late = await options.validateOnAccept(chosen, closed.signal).catch(() => undefined);
            pick.enabled = true;
            pick.busy = false;
            if (late) {
              pick.placeholder = late;
              return;
            }
          }
          resolve(chosen);
        }),
        pick.onDidHide(() => {
          closed.abort();
          reject(CANCEL);
        }),
      );
      this.present(pick);
      // Only after show(): a selection set on a hidden pick stays in the extension host and the
      // workbench shows nothing ticked (seen on 1.100 and 1.139).
      if (options.selected && options.selected.length > 0) {
        if (options.canSelectMany) {
          pick.selectedItems = options.selected;
        } else {
          pick.activeItems = options.selected;
        }
      }
    }).finally(() => {
      for (const disposable of disposables) {
        disposable.dispose();
      }
    });
  }

  private configure(input: vscode.QuickInput & { placeholder: string | undefined; buttons: readonly vscode.QuickInputButton[] }, options: Common): void {
    input.title = options.title;
    input.step = options.step;
    input.totalSteps = options.totalSteps;
    input.placeholder = options.placeholder;
    input.ignoreFocusOut = true;
    input.buttons = this.history.length > 1 ? [vscode.QuickInputButtons.Back] : [];
  }

  private present<T extends vscode.QuickPickItem>(input: vscode.InputBox | vscode.QuickPick<T>): void {
    // Dispose the previous step's input only now, so the widget does not flicker between steps.
    const previous = this.current;
    this.current = input;
    input.show();
    previous?.dispose();
  }
}
