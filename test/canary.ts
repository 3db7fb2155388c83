/**
 * The key every test run uses. It looks like a real key so that shape-based redaction is exercised,
 * and it is unique enough that finding it anywhere in output or on disk is proof of a leak.
 */
export const CANARY_KEY = 'tlk_CANARYfake0TEST0KEY0do0not0leak0X7Q9';
/** Put in TWELVE_LABS_API_KEY for the installed smoke run only, where the import offer is tested. */
export const ENVIRONMENT_KEY = 'tlk_SMOKEtestFAKEenvironmentKEY0a1b2c';

/** The forms a leaked key could take: verbatim, URL-encoded in a query, base64 in a header dump. */
export function canaryForms(key: string = CANARY_KEY): string[] {
  return [...new Set([key, encodeURIComponent(key), Buffer.from(key, 'utf8').toString('base64')])];
}
