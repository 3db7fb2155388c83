import type * as vscode from 'vscode';
import { REMINDER_THRESHOLDS, calendarDaysLeft, nextThresholdAt, reachedThresholds } from './expiry';
import type { PresentKeyState } from '../common/keyStore';

/**
 * Which expiry reminders were shown, kept in globalState so that each fires once per key and
 * threshold across restarts. Records are filed under a fingerprint made of the key's random id and
 * its expiry (never the key): a new key or a corrected expiry date starts the reminders afresh.
 */
export const REMINDERS_STATE_KEY = 'twelvelabs.keyReminders';

export interface ReminderRecord {
  /** Thresholds (days) already announced; announcing one also covers every less urgent one. */
  shown: number[];
  /** "Remind Me Tomorrow": no reminder before this instant, then the current one again. */
  snoozedUntil?: number;
}

export interface DueReminder {
  fingerprint: string;
  /** The most urgent threshold reached; 0 means expired. */
  threshold: number;
  daysLeft: number;
  expiresAt: number;
}

type MementoLike = Pick<vscode.Memento, 'get' | 'update'>;

export function reminderFingerprint(state: PresentKeyState): string | undefined {
  // Keys stored by something else have no id of their own, and without an expiry there is nothing to count down.
  if (state.expiresAt === undefined || state.id === 'unrecorded') {
    return undefined;
  }
  return `${state.id}@${state.expiresAt}`;
}

export class ReminderBook {
  constructor(
    private readonly memento: MementoLike,
    private readonly thresholds: readonly number[] = REMINDER_THRESHOLDS,
  ) {}

  /** The reminder to show now, if any. A rejected key gets no countdown reminders: the 401 notice says more. */
  due(state: PresentKeyState, now: number): DueReminder | undefined {
    const fingerprint = reminderFingerprint(state);
    if (!fingerprint || state.expiresAt === undefined || state.rejectedAt !== undefined) {
      return undefined;
    }
    const reached = reachedThresholds(state.expiresAt, now, this.thresholds);
    const mostUrgent = reached[0];
    if (mostUrgent === undefined) {
      return undefined;
    }
    const record = this.record(fingerprint);
    if (record.snoozedUntil !== undefined) {
      if (now < record.snoozedUntil) {
        return undefined;
      }
    } else if (record.shown.includes(mostUrgent)) {
      return undefined;
    }
    return { fingerprint, threshold: mostUrgent, daysLeft: calendarDaysLeft(state.expiresAt, now), expiresAt: state.expiresAt };
  }

  /** When `due` may next return something, so the caller can set one timer and no more. */
  nextCheckAt(state: PresentKeyState, now: number): number | undefined {
    const fingerprint = reminderFingerprint(state);
    if (!fingerprint || state.expiresAt === undefined || state.rejectedAt !== undefined) {
      return undefined;
    }
    const candidates: number[] = [];
    const threshold = nextThresholdAt(state.expiresAt, now, this.thresholds);
    if (threshold !== undefined) {
      candidates.push(threshold);
    }
    const snoozedUntil = this.record(fingerprint).snoozedUntil;
    if (snoozedUntil !== undefined && snoozedUntil > now) {
      candidates.push(snoozedUntil);
    }
    return candidates.length === 0 ? undefined : Math.min(...candidates);
  }

  /**
   * Records a reminder as shown (call it before showing, so a second window that checks a moment
   * later stays quiet). Less urgent thresholds count as shown too: a key set with 2 days left gets
   * the 3-day reminder, not 14, 7 and 3 in a row. Records of other keys are dropped.
   */
  async markShown(fingerprint: string, threshold: number): Promise<void> {
    const shown = new Set([...this.record(fingerprint).shown, ...this.thresholds.filter((t) => t >= threshold)]);
    await this.memento.update(REMINDERS_STATE_KEY, { [fingerprint]: { shown: [...shown].sort((a, b) => b - a) } });
  }

  async snooze(fingerprint: string, until: number): Promise<void> {
    await this.memento.update(REMINDERS_STATE_KEY, { [fingerprint]: { ...this.record(fingerprint), snoozedUntil: until } });
  }

  record(fingerprint: string): ReminderRecord {
    const all = this.memento.get<Record<string, ReminderRecord>>(REMINDERS_STATE_KEY) ?? {};
    const record = all[fingerprint];
    return { shown: Array.isArray(record?.shown) ? record.shown : [], ...(record?.snoozedUntil !== undefined ? { snoozedUntil: record.snoozedUntil } : {}) };
  }
}
