import type { Settings } from '../common/settings';
import type { Logger } from '../common/logging/logger';
import type { Clock } from '../common/clock';
import type { KeyStore } from '../common/keyStore';
import type { Accounts } from '../common/accounts';
import type { Notifier } from '../common/notifier';
import type { KeyValidator } from './validationOutcome';
import type { WindowPort } from '../common/windowPort';

/** What every key command needs; built once in `index.ts` and passed down, no module state. */
export interface KeyFeatureDeps {
  /** The key the command acts on: the active account's, or the one the user picked (see `forAccount`). */
  keyStore: KeyStore;
  /** Checks a key against the server of the account it is for. */
  validate: KeyValidator;
  accounts: Accounts;
  /** A validator for keys bound for `apiUrl` (an account's own), or for the `twelveLabs.apiUrl` setting when undefined. */
  validatorFor: (apiUrl: string | undefined) => KeyValidator;
  /** What an account without a name is called. */
  unnamed: string;
  settings: Pick<Settings, 'keyLifetimeDays' | 'expiryWarningDays' | 'statusBarVisibility'>;
  logger: Logger;
  notifier: Notifier;
  clock: Clock;
  formatDateTime: (instant: number) => string;
  formatDate: (instant: number) => string;
  /** `Monday, March 1, 2027`: how a typed date is echoed back. */
  formatLongDate: (instant: number) => string;
  /** VS Code's display language, for reading typed dates. */
  locale: string | undefined;
  window: Pick<WindowPort, 'createInputBox' | 'createQuickPick'>;
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
  /** Add Account only: the key is already stored as another account. */
  | 'duplicate'
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
  /** The account it was stored in. */
  accountId?: string;
}
