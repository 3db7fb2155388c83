/**
 * Checks the `twelveLabs.apiUrl` setting (and `twelveLabs.mcp.url`, by the same rules) before any key is sent to it. Knows nothing of VS Code, so
 * that every rule is unit-tested (property-based) in plain Node.
 *
 * - Only `https:` and `http:`: any other scheme (file:, ftp:, javascript:, data:) is refused, because
 *   axios would either fail obscurely or, worse, do something other than an HTTP request.
 * - Credentials inside the URL are refused: axios turns them into an `Authorization` header, and the
 *   setting's value is shown in settings sync, screenshots and logs.
 * - Query strings and fragments are refused: the client appends paths, so they would end up mid-URL.
 * - Trailing slashes are dropped, so `…/v1.3/` and `…/v1.3` are one server (and one remembered consent).
 * - Plain `http:` is allowed silently only to a loopback host (a local proxy or a fake server);
 *   elsewhere the key would cross the network in clear text, so the caller must ask the user first.
 */

export type ApiUrlCheck =
  | { ok: true; url: string; needsInsecureConsent: boolean }
  | { ok: false; code: ApiUrlProblem; reason: string };

export type ApiUrlProblem = 'api_url_invalid' | 'api_url_scheme' | 'api_url_credentials' | 'api_url_query';

/** Which setting a URL comes from, for the reasons: the MCP server's URL is checked by the same rules. */
export interface UrlSetting {
  name: string;
  example: string;
}

export const API_URL_SETTING: UrlSetting = { name: 'twelveLabs.apiUrl', example: 'https://api.twelvelabs.io/v1.3' };

export function checkApiUrl(raw: string, setting: UrlSetting = API_URL_SETTING): ApiUrlCheck {
  const { name, example } = setting;
  const text = raw.trim();
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    return { ok: false, code: 'api_url_invalid', reason: `The ${name} setting is not a valid URL. Use an https:// address, e.g. ${example}.` };
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    return {
      ok: false,
      code: 'api_url_scheme',
      reason: `The ${name} setting uses "${parsed.protocol}", which is not allowed: only https:// (or http:// to this machine) can carry the API key.`,
    };
  }
  if (parsed.username !== '' || parsed.password !== '') {
    // The URL is not echoed: the credentials are the point.
    return {
      ok: false,
      code: 'api_url_credentials',
      reason: `The ${name} setting contains a user name or password. Remove them: the API key is the only credential the extension sends.`,
    };
  }
  if (parsed.hostname === '') {
    return { ok: false, code: 'api_url_invalid', reason: `The ${name} setting has no host name. Use an https:// address, e.g. ${example}.` };
  }
  if (parsed.search !== '' || parsed.hash !== '') {
    return { ok: false, code: 'api_url_query', reason: `The ${name} setting must not contain "?" or "#": give the base URL only, e.g. ${example}.` };
  }
  const path = parsed.pathname.replace(/\/+$/, '');
  const url = `${parsed.protocol}//${parsed.host}${path}`;
  return { ok: true, url, needsInsecureConsent: parsed.protocol === 'http:' && !isLoopbackHost(parsed.hostname) };
}

/**
 * `localhost`, 127.0.0.0/8 and ::1: traffic that never leaves this machine. Not `*.localhost`: whether
 * such a name resolves to loopback is up to the resolver, and one that does not would get the key in clear.
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host === '::1') {
    return true;
  }
  const match = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  return match !== null && match.slice(1).every((part) => Number(part) <= 255);
}
