import { isTwelveLabsError } from '../api/errors';

/** Checks a candidate key with one authenticated call; the real one is `TwelveLabsClient.validateKey`. */
export type KeyValidator = (candidateKey: string, signal: AbortSignal) => Promise<void>;

export type ValidationResult =
  | { kind: 'valid' }
  /** 401: the API's word that the key is invalid or expired. `message` is the server's, verbatim. */
  | { kind: 'rejected'; message: string }
  /** No answer, or one that says nothing about the key (5xx, 429): the key may well be fine. */
  | { kind: 'unreachable'; message: string }
  /** Another refusal (403 plan or region limits, 400): the key authenticated or the call was wrong. */
  | { kind: 'refused'; status: number; code: string; message: string }
  | { kind: 'cancelled' };

/** Sorts whatever the validator threw into what the user can act on. */
export function classifyValidationError(error: unknown, signal?: AbortSignal): ValidationResult {
  if (signal?.aborted) {
    return { kind: 'cancelled' };
  }
  if (!isTwelveLabsError(error)) {
    // Not from the client (e.g. the HTTP stack failed to load): nothing is known about the key.
    return { kind: 'unreachable', message: error instanceof Error ? error.message : String(error) };
  }
  if (error.kind === 'cancelled') {
    return { kind: 'cancelled' };
  }
  if (error.status === 401) {
    return { kind: 'rejected', message: error.message };
  }
  if (error.kind !== 'http' || error.status >= 500 || error.status === 429 || error.status === 408) {
    return { kind: 'unreachable', message: error.message };
  }
  return { kind: 'refused', status: error.status, code: error.code, message: error.message };
}

export async function runValidation(validator: KeyValidator, key: string, signal: AbortSignal): Promise<ValidationResult> {
  try {
    await validator(key, signal);
    return { kind: 'valid' };
  } catch (error) {
    return classifyValidationError(error, signal);
  }
}
