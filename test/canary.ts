/**
 * The key every test run uses. It looks like a real key so that shape-based redaction is exercised,
 * and it is unique enough that finding it anywhere in output or on disk is proof of a leak.
 */
export const CANARY_KEY = 'tlk_CANARYfake0TEST0KEY0do0not0leak0X7Q9';
/** The second account's key in the accounts tests: the leak scans look for it as for the first. */
export const SECOND_CANARY_KEY = 'tlk_CANARYfake0ACME0PROD0do0not0leak0A7Z2';
/** Every key the real-host runs store: what the harness's leak scan looks for. */
export const CANARY_KEYS: readonly string[] = [CANARY_KEY, SECOND_CANARY_KEY];
/** Put in TWELVE_LABS_API_KEY for the installed smoke run only, where the import offer is tested. */
export const ENVIRONMENT_KEY = 'tlk_SMOKEtestFAKEenvironmentKEY0a1b2c';

/** The forms a leaked key could take: verbatim, URL-encoded in a query, base64 in a header dump. */
export function canaryForms(key: string = CANARY_KEY): string[] {
  return [...new Set([key, encodeURIComponent(key), Buffer.from(key, 'utf8').toString('base64')])];
}
