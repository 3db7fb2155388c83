import type * as vscode from 'vscode';
import type { WindowPort } from '../../src/common/windowPort';

export type Severity = 'info' | 'warning' | 'error';

export interface NotificationRecord {
  severity: Severity;
  /** A modal's detail follows its message on a second line. */
  message: string;
  actions: string[];
  modal: boolean;
}

export interface ActiveQuickInput {
  kind: 'inputBox' | 'quickPick';
  input: vscode.InputBox | vscode.QuickPick<vscode.QuickPickItem>;
}

interface ModalAnswer {
  pattern: RegExp;
  choice: string | undefined;
}

/**
 * The test build's `vscode.window` for the extension: every call goes to VS Code as usual, and what
 * the user was shown is recorded for the real-host tests (notifications, progress texts, the quick
 * input on screen, whether the status bar item is shown). A modal question can be answered in the
 * user's place, for the tests that are not about that question; VS Code then shows nothing.
 */
export class RecordingWindow {
  readonly notifications: NotificationRecord[] = [];
  readonly progressMessages: string[] = [];
  private active: ActiveQuickInput | undefined;
  private readonly answers: ModalAnswer[] = [];
  private readonly shownItems = new WeakSet<vscode.StatusBarItem>();
  readonly port: WindowPort;

  constructor(window: typeof vscode.window) {
    this.port = {
      showInformationMessage: this.message('info', window.showInformationMessage.bind(window)),
      showWarningMessage: this.message('warning', window.showWarningMessage.bind(window)),
      showErrorMessage: this.message('error', window.showErrorMessage.bind(window)),
      createInputBox: () => this.trackInput('inputBox', window.createInputBox()),
      createQuickPick: <T extends vscode.QuickPickItem>() => this.trackInput<vscode.QuickPick<T>>('quickPick', window.createQuickPick<T>()),
      createStatusBarItem: ((...args: Parameters<typeof window.createStatusBarItem>) =>
        this.trackStatusItem(window.createStatusBarItem(...args))) as WindowPort['createStatusBarItem'],
      withProgress: (options, task) =>
        window.withProgress(options, (progress, token) =>
          task(
            {
              report: (value) => {
                if (value.message !== undefined) {
                  this.progressMessages.push(value.message);
                }
                progress.report(value);
              },
            },
            token,
          ),
        ),
    };
  }

  /** The next modal whose text matches `pattern` is answered with `choice` (undefined: cancelled). */
  answerModal(pattern: RegExp, choice: string | undefined): { dispose(): void } {
    const answer = { pattern, choice };
    this.answers.push(answer);
    return { dispose: () => this.forget(answer) };
  }

  activeQuickInput(): ActiveQuickInput | undefined {
    return this.active;
  }

  isShown(item: vscode.StatusBarItem): boolean {
    return this.shownItems.has(item);
  }

  private message(severity: Severity, show: (message: string, ...rest: unknown[]) => Thenable<unknown>) {
    return (message: string, ...rest: unknown[]): Thenable<unknown> => {
      const options = isMessageOptions(rest[0]) ? rest[0] : undefined;
      const items = options ? rest.slice(1) : rest;
      const text = options?.detail ? `${message}\n${options.detail}` : message;
      this.notifications.push({ severity, message: text, actions: items.map(titleOf), modal: options?.modal === true });
      if (options?.modal) {
        const answer = this.answers.find((candidate) => candidate.pattern.test(text));
        if (answer) {
          this.forget(answer);
          return Promise.resolve(items.find((item) => titleOf(item) === answer.choice));
        }
      }
      return show(message, ...rest);
    };
  }

  private forget(answer: ModalAnswer): void {
    const at = this.answers.indexOf(answer);
    if (at >= 0) {
      this.answers.splice(at, 1);
    }
  }

  private trackInput<I extends vscode.InputBox | vscode.QuickPick<vscode.QuickPickItem> | vscode.QuickPick<never>>(kind: ActiveQuickInput['kind'], input: I): I {
    const entry = { kind, input };
    const clear = () => {
      if (this.active === entry) {
        this.active = undefined;
      }
    };
    input.onDidHide(clear);
    return withOverrides(input, {
      show: () => {
        this.active = entry;
        input.show();
      },
      dispose: () => {
        clear();
        input.dispose();
      },
    });
  }

  private trackStatusItem(item: vscode.StatusBarItem): vscode.StatusBarItem {
    const proxy: vscode.StatusBarItem = withOverrides(item, {
      show: () => {
        this.shownItems.add(proxy);
        item.show();
      },
      hide: () => {
        this.shownItems.delete(proxy);
        item.hide();
      },
    });
    return proxy;
  }
}

/**
 * `target` with some methods replaced. A proxy, not a patch: VS Code's API objects keep their state
 * in private fields, so every other member is read and written on the target itself.
 */
function withOverrides<T extends object>(target: T, overrides: Record<string, () => void>): T {
  return new Proxy(target, {
    get: (object, property) => {
      const override = typeof property === 'string' ? overrides[property] : undefined;
      if (override) {
        return override;
      }
      const value: unknown = Reflect.get(object, property, object);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(object) : value;
    },
    set: (object, property, value) => Reflect.set(object, property, value, object),
  });
}

function isMessageOptions(value: unknown): value is vscode.MessageOptions {
  return typeof value === 'object' && value !== null && !('title' in value);
}

function titleOf(item: unknown): string {
  return typeof item === 'string' ? item : String((item as { title?: unknown }).title);
}
