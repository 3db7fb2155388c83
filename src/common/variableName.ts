import { API_KEY_ENV_VARIABLE } from './storageKeys';

/** The name the official SDKs' examples read, e.g. `TwelveLabs(api_key=os.environ["TWELVE_LABS_API_KEY"])`. */
export const DEFAULT_VARIABLE_NAME = API_KEY_ENV_VARIABLE;

/**
 * Portable environment variable names (POSIX): letters, digits and `_`, not starting with a digit.
 * The same pattern is in package.json, so the Settings editor refuses others; a name typed into
 * settings.json by hand that does not match falls back to the default.
 */
export const VARIABLE_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function effectiveVariableName(configured: unknown): string {
  return typeof configured === 'string' && VARIABLE_NAME_PATTERN.test(configured.trim()) ? configured.trim() : DEFAULT_VARIABLE_NAME;
}
