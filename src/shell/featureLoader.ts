import vscode = require('vscode');
import type { ExtensionTestApi } from '../testApi';
import type { FeaturesModule, ShellServices } from './contract';

/**
 * Loads and starts the features bundle once, on the first need, and hands the shell's stand-ins over
 * to it: they are disposed just before the features register the real commands.
 */
export class FeatureLoader implements vscode.Disposable {
  private started: { reason: string; testApi: ExtensionTestApi | undefined } | undefined;
  private starting = false;
  private readonly standIns: vscode.Disposable[] = [];
  private failureLog: vscode.LogOutputChannel | undefined;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly shell: Omit<ShellServices, 'reason'>,
    /** `require` of dist/features.js, relative to the shell's own file. */
    private readonly requireFeatures: () => FeaturesModule,
  ) {}

  /** Why the features were loaded, or undefined while they are not. */
  get loadedBecause(): string | undefined {
    return this.started?.reason;
  }

  get testApi(): ExtensionTestApi | undefined {
    return this.started?.testApi;
  }

  /** Disposed when the features start (they bring their own), or with the extension if they never do. */
  addStandIn(standIn: vscode.Disposable): void {
    if (this.started) {
      standIn.dispose();
    } else {
      this.standIns.push(standIn);
    }
  }

  /**
   * Starts the features unless they run already. False when they could not be loaded (a broken
   * install): that is shown and logged, and the next need tries again.
   */
  ensure(reason: string): boolean {
    if (this.started || this.starting) {
      // A need raised while the features start is met by that start.
      return true;
    }
    this.starting = true;
    try {
      const features = this.requireFeatures();
      this.disposeStandIns();
      this.started = { reason, testApi: features.startFeatures(this.context, { ...this.shell, reason }) };
      return true;
    } catch (error) {
      this.report(reason, error);
      return false;
    } finally {
      this.starting = false;
    }
  }

  dispose(): void {
    this.disposeStandIns();
  }

  private disposeStandIns(): void {
    for (const standIn of this.standIns.splice(0)) {
      standIn.dispose();
    }
  }

  /** The features' log does not exist when they fail to load, so this one-off channel says why. */
  private report(reason: string, error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    if (!this.failureLog) {
      this.failureLog = vscode.window.createOutputChannel('Twelve Labs', { log: true });
      this.context.subscriptions.push(this.failureLog);
    }
    this.failureLog.error(`Could not start the extension's features (${reason}): ${error instanceof Error ? (error.stack ?? message) : message}`);
    void vscode.window.showErrorMessage(vscode.l10n.t('Twelve Labs could not start: {0} Reinstalling the extension usually fixes this.', message));
  }
}
