import vscode = require('vscode');
import { CommandIds } from '../common/commandIds';
import { MultiStepInput, type Step, type StepMessage } from '../common/multiStepInput';
import { maskKey, type ValidationRecord } from '../common/keyStore';
import type { KeyFeatureDeps, SaveKeyResult } from './deps';
import { PLATFORM_DEFAULT_LIFETIME_DAYS, calendarDaysLeft, expiryFromCreationDate, expiryFromExpiryDate, expiryFromLifetime, localDateToInstant } from './expiry';
import { type KeyFlowMode, openApiKeysPage, storeCheckedKey, validateWithProgress } from './keyFlow';
import { type DateInputCheck, checkCreationDateInput, checkExpiryDateInput, checkKeyInput, localeDateReader } from './validation';
import { type ValidationResult, runValidation } from './validationOutcome';
import { accountItems, checkAccountName, forAccount } from './accountPick';
import { QuickInputSession } from '../common/quickInputSession';
import type { Account } from '../common/accounts';
import { labelText } from '../common/untrustedText';

/**
 * Set and Rotate as one multi-step input, like Create Index: the key is checked against the API on
 * Enter, inside the key step, so a wrong key is said at once, next to what was typed, and nothing
 * closes between the key and the expiry question (focus never falls back to whatever opened it).
 */

type DateKind = 'expiryDate' | 'creationDate';

interface KeyDraft {
  mode: KeyFlowMode;
  title: string;
  /** Number of the key step; the expiry step follows it. */
  keyStep: number;
  totalSteps: number;
  currentKey: string | undefined;
  /** Add Account: the name typed, and the keys other accounts hold (a key is one account). */
  name?: string;
  otherKeys?: Map<string, string>;
  /** The key came with the command (found in code, or from the environment): no key box is shown. */
  keyPreset?: boolean;
  /** As the user left the key box: kept across Back and a rejection. */
  typed: string;
  /** The key that passed the check, and how. */
  key?: string;
  record?: ValidationRecord;
  /** What the server said when a key that came with the command was checked again and refused. */
  rejection?: string;
  /** Why the API could not confirm the key; set when the next step asks what to do. */
  unconfirmed?: { kind: 'unreachable' | 'refused'; detail: string };
  dateTexts: Record<DateKind, string>;
  expiresAt?: number;
}

/** Runs Set or Rotate as the user does: every question in one input, then one SecretStorage write. */
export async function runKeyFlow(deps: KeyFeatureDeps, mode: KeyFlowMode, presetKey?: string): Promise<SaveKeyResult> {
  const l10n = vscode.l10n;
  const currentKey = await deps.keyStore.getKey();
  if (mode === 'rotate' && currentKey === undefined) {
    return nothingToRotate(deps);
  }
  const rotating = mode === 'rotate';
  // Adding the first account is what Set API Key does.
  const adding = mode === 'add' && deps.accounts.list().length > 0;
  const draft: KeyDraft = {
    mode: mode === 'add' && !adding ? 'set' : mode,
    title: rotating ? rotateTitle(deps) : adding ? l10n.t('Add Twelve Labs Account') : l10n.t('Set Twelve Labs API Key'),
    keyStep: rotating || adding ? 2 : 1,
    totalSteps: rotating || adding ? 3 : 2,
    currentKey: adding ? undefined : currentKey,
    otherKeys: await keysOfOtherAccounts(deps),
    typed: '',
    dateTexts: { expiryDate: '', creationDate: '' },
  };
  const steps = new KeySteps(deps);
  let start: Step<KeyDraft> = rotating ? steps.dashboardStep : adding ? steps.nameStep : steps.keyStep;
  if (presetKey !== undefined) {
    // The environment import: the key is known, so it is checked before anything opens.
    const early = await checkPresetKey(deps, draft, presetKey);
    if (early) {
      return early;
    }
    // Only the expiry (and perhaps whether to save an unconfirmed key) is left to ask, and a new account's name.
    draft.keyPreset = true;
    draft.keyStep = adding ? 1 : 0;
    draft.totalSteps = adding ? 2 : 1;
    start = adding ? steps.nameStep : steps.afterKey(draft);
  }
  const completed = await new MultiStepInput(deps.window).run(start, draft);
  if (draft.rejection !== undefined) {
    return presetKeyRejected(deps, draft.rejection);
  }
  if (!completed || draft.key === undefined || draft.record === undefined || draft.expiresAt === undefined) {
    return { status: 'cancelled' };
  }
  return storeCheckedKey(deps, draft.mode, { key: draft.key, expiresAt: draft.expiresAt, record: draft.record, name: draft.name });
}

type Destination = vscode.QuickPickItem & { account?: Account };

/**
 * "Store This Key…" on a key found in code. With an account stored, the user says where the key goes:
 * as the new key of one of the accounts (a rotation; its old key stays until this one is checked), or
 * as an account of its own. Without one it is what Set API Key does.
 */
export async function runFoundKeyFlow(deps: KeyFeatureDeps, key: string): Promise<SaveKeyResult> {
  const accounts = deps.accounts.list();
  if (accounts.length === 0) {
    return runKeyFlow(deps, 'set', key);
  }
  const l10n = vscode.l10n;
  const items: Destination[] = [
    ...accountItems(deps, accounts).map((item) => ({
      label: `$(key) ${l10n.t('Replace the Key of "{0}"', labelText(item.account.name))}`,
      description: item.description,
      account: item.account,
    })),
    { label: `$(add) ${l10n.t('Add as a New Account…')}`, description: l10n.t('you name it next') },
  ];
  const session = new QuickInputSession(deps.window);
  let destination: Destination | undefined;
  try {
    destination = await session.pick({ title: l10n.t('Store the Key Found in Code'), placeholder: l10n.t('Where does this key go? It is checked with Twelve Labs first.'), items, matchOnDescription: true });
  } finally {
    session.dispose();
  }
  if (!destination) {
    return { status: 'cancelled' };
  }
  return destination.account ? runKeyFlow(forAccount(deps, destination.account), 'rotate', key) : runKeyFlow(deps, 'add', key);
}

/** "Rotate Twelve Labs API Key", with the account's name when there are several. */
function rotateTitle(deps: KeyFeatureDeps): string {
  const state = deps.keyStore.getState();
  const name = state.kind === 'present' && deps.accounts.list().length > 1 ? deps.accounts.get(state.account?.id ?? '')?.name : undefined;
  return name === undefined ? vscode.l10n.t('Rotate Twelve Labs API Key') : vscode.l10n.t('Rotate Twelve Labs API Key · {0}', labelText(name));
}

/** Key → account name for every account but the one this flow writes: a key belongs to one account only. */
async function keysOfOtherAccounts(deps: KeyFeatureDeps): Promise<Map<string, string>> {
  const state = deps.keyStore.getState();
  const own = state.kind === 'present' ? state.account?.id : undefined;
  return new Map((await deps.accounts.keys()).filter((account) => account.accountId !== own).map((account) => [account.key, account.name]));
}

/** Change Expiry Date: the expiry step alone. Undefined when cancelled. */
export async function askExpiry(deps: KeyFeatureDeps, title: string): Promise<number | undefined> {
  const draft: KeyDraft = {
    mode: 'set',
    title,
    keyStep: 0,
    totalSteps: 1,
    currentKey: undefined,
    typed: '',
    dateTexts: { expiryDate: '', creationDate: '' },
  };
  const completed = await new MultiStepInput(deps.window).run(new KeySteps(deps).expiryStep, draft);
  return completed ? draft.expiresAt : undefined;
}

function nothingToRotate(deps: KeyFeatureDeps): SaveKeyResult {
  const l10n = vscode.l10n;
  const setKey = l10n.t('Set API Key');
  void deps.notifier.show('info', l10n.t('There is no Twelve Labs API key to rotate yet.'), setKey).then((choice) => {
    if (choice === setKey) {
      void vscode.commands.executeCommand(CommandIds.setApiKey);
    }
  });
  return { status: 'noKey' };
}

async function checkPresetKey(deps: KeyFeatureDeps, draft: KeyDraft, key: string): Promise<SaveKeyResult | undefined> {
  const result = await validateWithProgress(deps, key);
  if (result.kind === 'cancelled') {
    return { status: 'cancelled' };
  }
  if (result.kind === 'rejected') {
    return presetKeyRejected(deps, deps.keyStore.redact(result.message));
  }
  recordOutcome(deps, draft, key, result);
  return undefined;
}

/** A key that came with the command has no box to show the refusal under: a notification says it. */
function presetKeyRejected(deps: KeyFeatureDeps, reason: string): SaveKeyResult {
  void deps.notifier.show('error', vscode.l10n.t('Twelve Labs rejected this key: it is invalid or expired. The API says: "{0}"', reason));
  return { status: 'rejected', reason };
}

/** Keeps what the check said about `key` in the draft. */
function recordOutcome(deps: KeyFeatureDeps, draft: KeyDraft, key: string, result: Exclude<ValidationResult, { kind: 'cancelled' | 'rejected' }>): void {
  draft.key = key;
  if (result.kind === 'valid') {
    draft.record = { at: deps.clock.now(), outcome: 'valid' };
    draft.unconfirmed = undefined;
  } else {
    draft.record = undefined;
    draft.unconfirmed = { kind: result.kind, detail: deps.keyStore.redact(result.message) };
  }
}

/** Why the key is not confirmed, as the unconfirmed step's placeholder. */
function unconfirmedText(problem: KeyDraft['unconfirmed']): string {
  return problem?.kind === 'refused'
    ? vscode.l10n.t('Twelve Labs did not confirm the key: "{0}"', problem.detail)
    : vscode.l10n.t('Could not reach Twelve Labs to check the key ({0}). Check your connection and the twelveLabs.apiUrl setting.', problem?.detail ?? '');
}

type ExpiryChoice = { kind: 'lifetime'; days: number } | { kind: DateKind };

class KeySteps {
  private readonly l10n = vscode.l10n;

  constructor(private readonly deps: KeyFeatureDeps) {}

  /** Add Account's first question: what to call it. Checked as typed: not empty, not another account's name. */
  readonly nameStep: Step<KeyDraft> = async (input, draft) => {
    const l10n = this.l10n;
    const value = await input.showInputBox({
      title: draft.title,
      step: 1,
      totalSteps: draft.totalSteps,
      value: draft.name ?? '',
      prompt: l10n.t('A name for the account, for example "Personal" or "Acme (prod)". It shows in the status bar, the Accounts menu and reminders.'),
      placeholder: l10n.t('Account name'),
      validate: (text) => (text.trim() === '' ? undefined : checkAccountName(this.deps, text)),
      validateOnAccept: (text) => Promise.resolve(checkAccountName(this.deps, text)),
    });
    draft.name = value.trim();
    return draft.keyPreset ? this.afterKey(draft) : this.keyStep;
  };

  /** Once the key is checked: whether to save a key the API could not confirm, else its expiry. */
  afterKey(draft: KeyDraft): Step<KeyDraft> {
    return draft.unconfirmed ? this.unconfirmedStep : this.expiryStep;
  }

  readonly dashboardStep: Step<KeyDraft> = async (input, draft) => {
    const l10n = this.l10n;
    const items: (vscode.QuickPickItem & { open: boolean })[] = [
      { label: l10n.t('I have the new key'), description: l10n.t('paste it next'), open: false },
      { label: l10n.t('Open the API Keys page to create one'), description: l10n.t('then come back and paste it'), open: true },
    ];
    const [picked] = await input.showQuickPick({
      title: draft.title,
      step: 1,
      totalSteps: draft.totalSteps,
      placeholder: l10n.t('Create the new key on the Twelve Labs dashboard first'),
      items,
      canSelectMany: false,
    });
    if (picked?.open) {
      // The input ignores focus loss, so it is still here when the user comes back with the key.
      void openApiKeysPage();
    }
    return this.keyStep;
  };

  readonly keyStep: Step<KeyDraft> = async (input, draft) => {
    const l10n = this.l10n;
    const sameKeyMessage = l10n.t('This is the key already stored. Paste the new key you created on the API Keys page.');
    const isCurrent = (key: string) => draft.mode === 'rotate' && key === draft.currentKey;
    const heldBy = (key: string) => {
      const name = draft.otherKeys?.get(key);
      return name === undefined ? undefined : l10n.t('This key is already stored as the account "{0}". Each account holds a key of its own.', labelText(name));
    };
    const value = await input.showInputBox({
      title: draft.title,
      step: draft.keyStep,
      totalSteps: draft.totalSteps,
      value: draft.typed,
      password: true,
      prompt: l10n.t('Paste the API key from the Twelve Labs API Keys page. It is checked with Twelve Labs, then stored in VS Code\'s secret storage.'),
      placeholder: 'tlk_…',
      busyMessage: l10n.t('Checking the key with Twelve Labs…'),
      initialMessage: draft.unconfirmed ? { message: l10n.t('Press Enter to check the key again.'), severity: vscode.InputBoxValidationSeverity.Info } : undefined,
      validate: (text) => {
        if (text.trim() === '') {
          // Not an error before the user has typed anything; Enter on an empty box says what to do.
          return undefined;
        }
        const check = checkKeyInput(text, l10n);
        if (!check.ok) {
          return check.reason;
        }
        if (isCurrent(check.key)) {
          return sameKeyMessage;
        }
        const duplicate = heldBy(check.key);
        if (duplicate) {
          return duplicate;
        }
        return check.warning ? { message: check.warning, severity: vscode.InputBoxValidationSeverity.Warning } : undefined;
      },
      validateOnAccept: async (text, signal) => {
        draft.typed = text;
        const check = checkKeyInput(text, l10n);
        if (!check.ok) {
          return check.reason;
        }
        if (isCurrent(check.key)) {
          return sameKeyMessage;
        }
        const duplicate = heldBy(check.key);
        if (duplicate) {
          return duplicate;
        }
        return this.checkWithApi(draft, check.key, signal);
      },
    });
    draft.typed = value;
    return this.afterKey(draft);
  };

  /** One authenticated call. A rejection keeps the step open with the API's words under the key. */
  private async checkWithApi(draft: KeyDraft, key: string, signal: AbortSignal): Promise<StepMessage> {
    const l10n = this.l10n;
    const result = await runValidation(this.deps.validate, key, signal);
    this.deps.logger.info(`Validation of ${maskKey(key)}: ${result.kind}`);
    switch (result.kind) {
      case 'cancelled':
        return l10n.t('The check was cancelled. Press Enter to try again.');
      case 'rejected': {
        const serverMessage = this.deps.keyStore.redact(result.message);
        const kept = draft.currentKey !== undefined ? ` ${l10n.t('Your current key ({0}) is kept.', maskKey(draft.currentKey))}` : '';
        return l10n.t('Twelve Labs rejected this key: it is invalid or expired. The API says: "{0}" Check that you copied all of it, or create a new key on the API Keys page.', serverMessage) + kept;
      }
      case 'valid':
      case 'unreachable':
      case 'refused':
        recordOutcome(this.deps, draft, key, result);
        return undefined;
    }
  }

  /**
   * The API could not say whether the key is good: try again, or save it and let the first call tell.
   * A typed key is tried again from its box; a key that came with the command (the environment, a
   * file) has no box, so it is checked again here, with the pick busy.
   */
  readonly unconfirmedStep: Step<KeyDraft> = async (input, draft) => {
    const l10n = this.l10n;
    const items: (vscode.QuickPickItem & { save: boolean })[] = [
      { label: `$(refresh) ${l10n.t('Try Again')}`, description: l10n.t('check the key with Twelve Labs again'), save: false },
      { label: `$(save) ${l10n.t('Save without validating')}`, description: l10n.t('the first API call will check it'), save: true },
    ];
    const presetKey = draft.keyPreset ? draft.key : undefined;
    const [picked] = await input.showQuickPick({
      title: draft.title,
      step: draft.keyStep,
      totalSteps: draft.totalSteps,
      placeholder: unconfirmedText(draft.unconfirmed),
      items,
      canSelectMany: false,
      validateOnAccept:
        presetKey === undefined ? undefined : ([chosen], signal) => (chosen?.save ? Promise.resolve(undefined) : this.checkAgain(draft, presetKey, signal)),
    });
    if (draft.rejection !== undefined) {
      return undefined;
    }
    if (!picked?.save) {
      if (presetKey === undefined) {
        return this.keyStep;
      }
      if (draft.unconfirmed === undefined) {
        // Confirmed on the retry: Back from the expiry has nothing to ask here any more.
        input.forgetThisStep();
      }
      return this.afterKey(draft);
    }
    draft.record = { at: this.deps.clock.now(), outcome: 'unverified', detail: draft.unconfirmed?.detail };
    draft.unconfirmed = undefined;
    return this.expiryStep;
  };

  /** Try Again on a key that came with the command: a message (still unconfirmed) keeps the pick open. */
  private async checkAgain(draft: KeyDraft, key: string, signal: AbortSignal): Promise<string | undefined> {
    const result = await runValidation(this.deps.validate, key, signal);
    this.deps.logger.info(`Validation of ${maskKey(key)} again: ${result.kind}`);
    switch (result.kind) {
      case 'cancelled':
        return this.l10n.t('The check was cancelled. Press Enter to try again.');
      case 'rejected':
        draft.rejection = this.deps.keyStore.redact(result.message);
        return undefined;
      case 'valid':
        recordOutcome(this.deps, draft, key, result);
        return undefined;
      case 'unreachable':
      case 'refused':
        recordOutcome(this.deps, draft, key, result);
        return unconfirmedText(draft.unconfirmed);
    }
  }

  /** The default first, so that one Enter accepts it. No API reports a key's expiry. */
  readonly expiryStep: Step<KeyDraft> = async (input, draft) => {
    const l10n = this.l10n;
    const { deps } = this;
    const now = deps.clock.now();
    const lifetime = deps.settings.keyLifetimeDays;
    const items: (vscode.QuickPickItem & { choice: ExpiryChoice })[] = [];
    if (lifetime !== PLATFORM_DEFAULT_LIFETIME_DAYS) {
      items.push({
        label: l10n.t('{0} days from today (your key lifetime setting)', lifetime),
        description: deps.formatDate(expiryFromLifetime(now, lifetime)),
        choice: { kind: 'lifetime', days: lifetime },
      });
    }
    items.push(
      {
        label: l10n.t('{0} days from today (platform default)', PLATFORM_DEFAULT_LIFETIME_DAYS),
        description: deps.formatDate(expiryFromLifetime(now, PLATFORM_DEFAULT_LIFETIME_DAYS)),
        choice: { kind: 'lifetime', days: PLATFORM_DEFAULT_LIFETIME_DAYS },
      },
      { label: l10n.t('On a date I enter…'), description: l10n.t('the expiry date shown on the API Keys page'), choice: { kind: 'expiryDate' } },
      { label: l10n.t('It was created on a date I enter…'), description: l10n.t('counts {0} days from that date', lifetime), choice: { kind: 'creationDate' } },
    );
    const [picked] = await input.showQuickPick({
      title: draft.title,
      step: draft.keyStep + 1,
      totalSteps: draft.totalSteps,
      placeholder: l10n.t('When does this key expire? No API reports it, so the countdown starts from your answer.'),
      items,
      canSelectMany: false,
    });
    if (!picked) {
      return this.expiryStep;
    }
    if (picked.choice.kind === 'lifetime') {
      draft.expiresAt = expiryFromLifetime(deps.clock.now(), picked.choice.days);
      return undefined;
    }
    return picked.choice.kind === 'expiryDate' ? this.expiryDateStep : this.creationDateStep;
  };

  readonly expiryDateStep: Step<KeyDraft> = (input, draft) => this.dateStep(input, draft, 'expiryDate');

  readonly creationDateStep: Step<KeyDraft> = (input, draft) => this.dateStep(input, draft, 'creationDate');

  /** A date as the user's locale writes it; the step echoes how it was read before anything is stored. */
  private async dateStep(input: MultiStepInput, draft: KeyDraft, kind: DateKind): Promise<Step<KeyDraft> | undefined> {
    const l10n = this.l10n;
    const { deps } = this;
    const lifetime = deps.settings.keyLifetimeDays;
    const reader = localeDateReader(deps.locale, l10n, deps.formatDate);
    const check = (text: string): DateInputCheck =>
      kind === 'expiryDate' ? checkExpiryDateInput(text, deps.clock.now(), l10n, reader) : checkCreationDateInput(text, deps.clock.now(), lifetime, l10n, reader);
    const expiryOf = (result: Extract<DateInputCheck, { ok: true }>) =>
      kind === 'expiryDate' ? expiryFromExpiryDate(result.date) : expiryFromCreationDate(result.date, lifetime);
    const value = await input.showInputBox({
      title: draft.title,
      step: draft.keyStep + 1,
      totalSteps: draft.totalSteps,
      value: draft.dateTexts[kind],
      prompt:
        kind === 'expiryDate'
          ? l10n.t('The date the key expires, for example {0}.', reader.examples(deps.clock.now()))
          : l10n.t('The date the key was created, for example {0}. The countdown runs {1} days from it.', reader.examples(deps.clock.now()), lifetime),
      validate: (text) => {
        // Kept as typed, so that Back and forth returns to it.
        draft.dateTexts[kind] = text;
        if (text.trim() === '') {
          return undefined;
        }
        const result = check(text);
        if (!result.ok) {
          return result.reason;
        }
        return this.echo(result, expiryOf(result), kind);
      },
      // An untouched field shows no error while typing; Enter on it says what to type.
      validateOnAccept: (text) => {
        const result = check(text);
        return Promise.resolve(result.ok ? this.echo(result, expiryOf(result), kind) : result.reason);
      },
    });
    const result = check(value);
    if (!result.ok) {
      return kind === 'expiryDate' ? this.expiryDateStep : this.creationDateStep;
    }
    draft.dateTexts[kind] = value;
    draft.expiresAt = expiryOf(result);
    return undefined;
  }

  /** "Read as Monday, March 1, 2027: the countdown ends in 90 days." A warning keeps its own words. */
  private echo(result: Extract<DateInputCheck, { ok: true }>, expiresAt: number, kind: DateKind): vscode.InputBoxValidationMessage {
    const l10n = this.l10n;
    const read = this.deps.formatLongDate(localDateToInstant(result.date));
    if (result.warning) {
      return { message: `${l10n.t('Read as {0}.', read)} ${result.warning}`, severity: vscode.InputBoxValidationSeverity.Warning };
    }
    const days = calendarDaysLeft(expiresAt, this.deps.clock.now());
    const message =
      kind === 'expiryDate'
        ? l10n.t('Read as {0}: the countdown ends in {1} days.', read, days)
        : l10n.t('Read as {0}: the key expires on {1}, in {2} days.', read, this.deps.formatDate(expiresAt), days);
    return { message, severity: vscode.InputBoxValidationSeverity.Info };
  }
}
