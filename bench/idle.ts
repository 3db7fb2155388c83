/**
 * Idle: the timers that fire over 30 virtual days in a window with a key stored (expiring on day 20)
 * and nothing happening, against what the user gets to see change in that time. Target: no more than
 * one wake-up per displayed change (status bar text, reminder notification). Deterministic, so one
 * run is the figure; it runs in a fresh process because the virtual clock replaces global timers.
 *
 *   node out/bench/idle.js
 */
import * as childProcess from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RESULT_MARKER, type IdleProbeResult } from './idleProbe';

export const DAYS = 30;
export const EXPIRES_IN_DAYS = 20;

export interface IdleBenchResult {
  name: 'idle';
  days: number;
  expiresInDays: number;
  /** Timer callbacks run in the month, whoever set them. */
  wakeUps: number;
  bySource: { source: string; set: number; fired: number; cleared: number }[];
  /** Changes of what the status bar item shows, after the first display. */
  statusBarChanges: number;
  notifications: number;
  displayedChanges: number;
  /** Wake-ups at an instant when nothing the user sees changed. */
  wakeUpsWithoutChange: number;
  /** wake-ups / displayed changes */
  ratio: number;
  timersPendingAtEnd: number;
  firstTexts: string[];
  lastTexts: string[];
  pass: boolean;
}

const repo = path.join(__dirname, '..', '..');

/** Readable names for the timers we know, matched on the production bundle's callback text. */
const KNOWN_SOURCES: [RegExp, string][] = [
  [/schedule: .*this\.update\(\)/, 'status bar countdown (src/keys/statusBar.ts)'],
  [/check: .*this\.check\(\)/, 'expiry reminders (src/keys/reminderNotifier.ts)'],
  [/Secret storage did not answer/, 'SecretStorage time-out (src/common/keyStore.ts)'],
  [/resume\(.*restore\(\)\)/, 'upload task resume (src/upload/index.ts)'],
];

export function runIdleBench(): IdleBenchResult {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tl-idle-'));
  try {
    const outdir = path.join(dir, 'dist');
    childProcess.execFileSync(process.execPath, ['esbuild.js', '--production', `--outdir=${outdir}`], { cwd: repo, stdio: 'inherit' });
    const bundle = path.join(outdir, 'extension.js');
    const output = childProcess.execFileSync(
      process.execPath,
      [path.join(__dirname, 'idleProbe.js'), bundle, '--days', String(DAYS), '--expires-in-days', String(EXPIRES_IN_DAYS)],
      { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
    );
    const line = output.split('\n').find((l) => l.startsWith(RESULT_MARKER));
    if (!line) {
      throw new Error(`the idle probe printed no result:\n${output.slice(-2000)}`);
    }
    return analyse(JSON.parse(line.slice(RESULT_MARKER.length)) as IdleProbeResult);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function analyse(probe: IdleProbeResult): IdleBenchResult {
  const bySource = new Map<string, { source: string; set: number; fired: number; cleared: number }>();
  const firings: number[] = [];
  for (const timer of probe.timers) {
    const source = KNOWN_SOURCES.find(([pattern]) => pattern.test(timer.source))?.[1] ?? timer.source;
    const entry = bySource.get(source) ?? { source, set: 0, fired: 0, cleared: 0 };
    entry.set++;
    entry.fired += timer.firings.length;
    entry.cleared += timer.cleared ? 1 : 0;
    bySource.set(source, entry);
    firings.push(...timer.firings);
  }
  const statusBarChanges = Math.max(0, probe.display.length - 1);
  const changedAt = new Set([...probe.display.slice(1).map((d) => d.at), ...probe.notifications.map((n) => n.at)]);
  const displayedChanges = statusBarChanges + probe.notifications.length;
  const wakeUps = firings.length;
  const texts = probe.display.map((d) => d.text);
  return {
    name: 'idle',
    days: Math.round((probe.end - probe.start) / 86_400_000),
    expiresInDays: Math.round((probe.expiresAt - probe.start) / 86_400_000),
    wakeUps,
    bySource: [...bySource.values()].sort((a, b) => b.fired - a.fired),
    statusBarChanges,
    notifications: probe.notifications.length,
    displayedChanges,
    wakeUpsWithoutChange: firings.filter((at) => !changedAt.has(at)).length,
    ratio: displayedChanges === 0 ? (wakeUps === 0 ? 0 : Infinity) : wakeUps / displayedChanges,
    timersPendingAtEnd: probe.pendingAtEnd.length,
    firstTexts: texts.slice(0, 3),
    lastTexts: texts.slice(-3),
    // The countdown must really have run (it changed), and an idle month sends nothing: no client bundle.
    pass: wakeUps <= displayedChanges && statusBarChanges > 0 && probe.bundlesLoaded.length === 0,
  };
}

export function formatTable(result: IdleBenchResult): string {
  return [
    `${result.days} virtual days, key stored expiring on day ${result.expiresInDays}, nothing happening (production bundle, fake clock)`,
    `${'timer source'.padEnd(52)} ${'set'.padStart(5)} ${'fired'.padStart(6)} ${'cleared'.padStart(8)}`,
    ...result.bySource.map((s) => `${s.source.slice(0, 52).padEnd(52)} ${String(s.set).padStart(5)} ${String(s.fired).padStart(6)} ${String(s.cleared).padStart(8)}`),
    '',
    `status bar: ${result.firstTexts.join(' → ')} … ${result.lastTexts.join(' → ')}`,
    `displayed changes: ${result.displayedChanges} (${result.statusBarChanges} status bar texts + ${result.notifications} reminders)`,
    `wake-ups: ${result.wakeUps}, of which ${result.wakeUpsWithoutChange} changed nothing on screen; timers left pending: ${result.timersPendingAtEnd}`,
    `wake-ups per displayed change: ${result.ratio.toFixed(2)} (target ≤ 1) ${result.pass ? 'PASS' : 'FAIL'}`,
  ].join('\n');
}

if (require.main === module) {
  try {
    console.log(formatTable(runIdleBench()));
  } catch (error) {
    console.error(error);
    process.exit(1);
  }
}
