import type { Settings } from '../common/settings';
import type { Logger } from '../common/logging/logger';
import type { Clock } from '../common/clock';
import type { KeyStore } from '../common/keyStore';
import type { Notifications } from './notifications';
import type { KeyValidator } from './validationOutcome';

/** What every key command needs; built once in `index.ts` and passed down, no module state. */
export interface KeyFeatureDeps {
  keyStore: KeyStore;
  validate: KeyValidator;
  settings: Pick<Settings, 'keyLifetimeDays' | 'expiryWarningDays' | 'statusBarVisibility'>;
  logger: Logger;
  notifications: Notifications;
  clock: Clock;
  formatDateTime: (instant: number) => string;
  formatDate: (instant: number) => string;
}

/** The programmatic form of Set / Rotate: no prompts at all. Never echoed back in results. */
export interface KeyCommandArgs {
  key: string;
  /** Epoch ms, `YYYY-MM-DD` (start of that local day) or an ISO instant. Default: the lifetime setting from now. */
  expiresAt?: number | string;
  /** When the API cannot be reached, save anyway (the interactive flow asks instead). */
  saveIfUnreachable?: boolean;
}

export type SaveKeyStatus =
  | 'saved'
  | 'rotated'
  /** Saved although the API could not confirm it (the user chose "Save without validating"). */
  | 'savedUnvalidated'
  /** 401: invalid or expired. Nothing was stored; any previous key stays. */
  | 'rejected'
  /** No answer from the API; nothing stored. */
  | 'unreachable'
  /** The API refused the check for another reason (plan, region); nothing stored. */
  | 'refused'
  | 'invalidInput'
  /** Rotate only: the new key is the one already stored. */
  | 'sameKey'
  /** Rotate only: there is nothing to rotate. */
  | 'noKey'
  | 'cancelled'
  /** SecretStorage failed or timed out; any previous key stays. */
  | 'storageFailed';

export interface SaveKeyResult {
  status: SaveKeyStatus;
  /** Why it did not work, in words (server message, validation reason). Never the key. */
  reason?: string;
  /** ISO 8601, when something was stored. */
  expiresAt?: string;
  /** e.g. `tlk_…a1b2`, when something was stored. */
  masked?: string;
}

export function readKeyArgs(arg: unknown): KeyCommandArgs | undefined {
  // Menus pass their own objects (tree nodes); only a `{ key: string }` is the programmatic form.
  if (typeof arg !== 'object' || arg === null || typeof (arg as { key?: unknown }).key !== 'string') {
    return undefined;
  }
  const { key, expiresAt, saveIfUnreachable } = arg as Record<string, unknown>;
  return {
    key: key as string,
    // Passed through whatever its type, so that a malformed value is refused rather than ignored.
    ...(expiresAt !== undefined ? { expiresAt: expiresAt as number | string } : {}),
    ...(saveIfUnreachable === true ? { saveIfUnreachable: true } : {}),
  };
}
