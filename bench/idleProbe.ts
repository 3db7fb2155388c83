/**
 * One idle month in a fresh process: the production bundle, activated under the plain-Node `vscode`
 * stand-in with a key stored that expires in 20 days, then 30 days of virtual time with nothing
 * happening. Prints one JSON line: every timer set and fired, every status bar text shown, every
 * notification.
 *
 *   node out/bench/idleProbe.js BUNDLE [--days 30] [--expires-in-days 20]
 */
import Module from 'node:module';
import { createContextStandIn, createStandIn, createVscodeModule } from '../test/unit/vscodeStandIn';
import { VirtualClock, type TimerRecord } from './virtualClock';

export interface IdleProbeResult {
  start: number;
  end: number;
  expiresAt: number;
  timers: TimerRecord[];
  pendingAtEnd: TimerRecord[];
  /** What the status bar item showed, each entry a change: `hidden` when the item was not shown. */
  display: { at: number; text: string }[];
  notifications: { at: number; severity: string; message: string }[];
  /** Other bundles the month loaded: none, since an idle window sends no request (client.js). */
  bundlesLoaded: string[];
}

export const RESULT_MARKER = '[idle-probe] ';

const DAY_MS = 24 * 60 * 60 * 1000;

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}

async function main(): Promise<void> {
  const bundle = process.argv[2];
  const days = option('days', 30);
  // A fixed wall-clock start, so that runs compare; the machine's time zone still decides DST.
  const start = new Date(2025, 0, 6, 9, 30).getTime();
  const expiresAt = new Date(2025, 0, 6 + option('expires-in-days', 20), 9, 30).getTime();
  // The real setImmediate, kept before anything can replace it: settling must not consume virtual time.
  const realSetImmediate = setImmediate;
  const settle = async () => {
    for (let i = 0; i < 20; i++) {
      await new Promise<void>((resolve) => realSetImmediate(resolve));
    }
  };

  const clock = new VirtualClock(start);
  const vscode = createVscodeModule() as Record<string, Record<string, unknown>>;
  const bundlesLoaded: string[] = [];
  const loader = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
  const original = loader._load;
  // Installed for the whole month, not just activation: a request at any time would load client.js.
  loader._load = function (request: string, ...rest: unknown[]) {
    if (request === 'vscode') {
      return vscode;
    }
    if (request.startsWith('./')) {
      bundlesLoaded.push(request);
    }
    return original.call(this, request, ...rest);
  };

  const display: IdleProbeResult['display'] = [];
  const notifications: IdleProbeResult['notifications'] = [];
  observeWorkbench(vscode, clock, display, notifications);

  const secretRecord = JSON.stringify({ v: 1, key: 'tlk_FAKEidlebench00000000000000', id: 'idle-bench-key', setAt: start - DAY_MS, expiresAt });
  const context = createContextStandIn({
    secrets: {
      get: (key: string) => Promise.resolve(key === 'twelvelabs.apiKey' ? secretRecord : undefined),
      store: () => Promise.resolve(),
      delete: () => Promise.resolve(),
      onDidChange: () => ({ dispose: () => undefined }),
    },
    globalState: memento(),
    workspaceState: memento(),
  });

  clock.install();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const extension = require(bundle) as { activate(context: unknown): unknown };
  extension.activate(context);
  await clock.advanceTo(start + days * DAY_MS, settle);
  clock.uninstall();

  const result: IdleProbeResult = {
    start,
    end: clock.now(),
    expiresAt,
    timers: clock.timers,
    pendingAtEnd: clock.pendingTimers(),
    display,
    notifications,
    bundlesLoaded,
  };
  process.stdout.write(`\n${RESULT_MARKER}${JSON.stringify(result)}\n`);
  // Whatever the extension left pending must not keep the probe alive.
  process.exit(0);
}

/**
 * Makes the stand-in observable where the month is visible to a user: the status bar item records
 * what it shows, notifications are recorded (and left unanswered, as by someone away), settings
 * read as their defaults, and l10n formats its arguments so texts can be told apart.
 */
function observeWorkbench(
  vscode: Record<string, Record<string, unknown>>,
  clock: VirtualClock,
  display: IdleProbeResult['display'],
  notifications: IdleProbeResult['notifications'],
): void {
  let shown = 'hidden';
  const record = (next: string) => {
    if (next !== shown) {
      shown = next;
      display.push({ at: clock.now(), text: next });
    }
  };
  vscode.window.createStatusBarItem = () => {
    let text = '';
    let visible = false;
    return {
      get text() {
        return text;
      },
      set text(value: string) {
        text = value;
        if (visible) {
          record(text);
        }
      },
      show() {
        visible = true;
        record(text);
      },
      hide() {
        visible = false;
        record('hidden');
      },
      dispose() {
        visible = false;
      },
    };
  };
  // A stand-in's `visible` is a truthy object, i.e. the Indexes view would pass for open and load on
  // every key event. Idle means the view is closed.
  vscode.window.createTreeView = () => {
    const rest = createStandIn('treeView') as Record<PropertyKey, unknown>;
    const real: Record<PropertyKey, unknown> = { visible: false, onDidChangeVisibility: () => ({ dispose: () => undefined }) };
    return new Proxy(real, {
      get: (target, property) => (property in target ? target[property] : rest[property]),
      set: (target, property, value) => {
        target[property] = value;
        return true;
      },
    });
  };
  for (const [name, severity] of [
    ['showInformationMessage', 'info'],
    ['showWarningMessage', 'warning'],
    ['showErrorMessage', 'error'],
  ] as const) {
    vscode.window[name] = (message: string) => {
      notifications.push({ at: clock.now(), severity, message });
      return Promise.resolve(undefined);
    };
  }
  vscode.workspace.getConfiguration = () => ({
    get: (_key: string, defaultValue?: unknown) => defaultValue,
    has: () => false,
    inspect: () => undefined,
    update: () => Promise.resolve(),
  });
  vscode.l10n.t = (message: string | { message: string; args?: unknown[] }, ...args: unknown[]) => {
    const text = typeof message === 'string' ? message : message.message;
    const values = typeof message === 'string' ? (args.length === 1 && Array.isArray(args[0]) ? (args[0] as unknown[]) : args) : (message.args ?? []);
    return text.replace(/\{(\d+)\}/g, (_, i: string) => String(values[Number(i)]));
  };
  vscode.env.language = 'en';
}

function memento(): { get: (key: string, fallback?: unknown) => unknown; update: (key: string, value: unknown) => Promise<void>; keys: () => string[]; setKeysForSync: () => void } {
  const values = new Map<string, unknown>();
  return {
    get: (key, fallback) => (values.has(key) ? values.get(key) : fallback),
    update: (key, value) => {
      if (value === undefined) {
        values.delete(key);
      } else {
        values.set(key, value);
      }
      return Promise.resolve();
    },
    keys: () => [...values.keys()],
    setKeysForSync: () => undefined,
  };
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
