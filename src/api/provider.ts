import type { Logger } from '../common/logging/logger';
import { checkApiUrl } from './apiUrl';
import type { ClientTestHooks, TwelveLabsClient } from './client';
import { TwelveLabsError } from './errors';
import type { KeySource, RetryPolicy } from './ports';

export interface ApiClientProviderOptions {
  /** Read on every `get()`: a changed `twelveLabs.apiUrl` gives a new client. */
  baseUrl: () => string;
  keySource: KeySource;
  logger: Logger;
  userAgent: string;
  onUnauthorized?: (keyUsed: string) => void;
  /**
   * Asked before the first request to a plain `http:` URL that is not loopback (the key would travel
   * in clear text). Resolves true to go ahead. Without it such URLs are refused.
   */
  confirmInsecureUrl?: (url: string) => Promise<boolean>;
  /** Read on every `get()`, like `baseUrl`: a different object gives a new client. */
  timing?: () => NetworkTiming | undefined;
  hooks?: ClientTestHooks;
}

export interface NetworkTiming {
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** How long an upload may make no progress (or wait for its answer). */
  stallTimeoutMs?: number;
}

/**
 * Hands out the API client, loading it on first use. `client.ts` pulls in axios (and with it
 * form-data, follow-redirects, ...), which costs far more than everything else at activation, so
 * nothing on the activation path may import it: only this dynamic import does, and only types
 * cross the boundary elsewhere.
 */
export class ApiClientProvider {
  private current: { baseUrl: string; timing: NetworkTiming | undefined; client: Promise<TwelveLabsClient> } | undefined;
  /** One question per insecure URL: concurrent requests share it, and the answer holds until the setting changes. */
  private consent: { url: string; answer: Promise<boolean> } | undefined;

  constructor(private readonly options: ApiClientProviderOptions) {}

  /**
   * The client for the current `twelveLabs.apiUrl`. Rejects with a `config` TwelveLabsError, before
   * anything is sent, when the URL is unusable or the user declined plain http.
   */
  async get(): Promise<TwelveLabsClient> {
    const baseUrl = await this.checkedBaseUrl();
    const timing = this.options.timing?.();
    if (this.current?.baseUrl !== baseUrl || this.current.timing !== timing) {
      const client = this.create(baseUrl, timing);
      const entry = { baseUrl, timing, client };
      this.current = entry;
      // A failed load must not stick: the next call tries again.
      client.catch(() => {
        if (this.current === entry) {
          this.current = undefined;
        }
      });
    }
    return this.current.client;
  }

  private async checkedBaseUrl(): Promise<string> {
    const check = checkApiUrl(this.options.baseUrl());
    if (!check.ok) {
      throw new TwelveLabsError('config', 0, check.code, check.reason);
    }
    if (!check.needsInsecureConsent) {
      return check.url;
    }
    if (this.consent?.url !== check.url) {
      const ask = this.options.confirmInsecureUrl;
      this.consent = { url: check.url, answer: ask ? ask(check.url).catch(() => false) : Promise.resolve(false) };
    }
    if (!(await this.consent.answer)) {
      throw new TwelveLabsError(
        'config',
        0,
        'api_url_insecure',
        `The twelveLabs.apiUrl setting (${check.url}) uses plain http to another machine, so the API key would travel unencrypted. Nothing was sent. Use https:// instead.`);
    }
    return check.url;
  }

  private async create(baseUrl: string, timing: NetworkTiming | undefined): Promise<TwelveLabsClient> {
    const { TwelveLabsClient } = await import('./client.js');
    this.options.logger.debug(`API client ready for ${baseUrl}`);
    return new TwelveLabsClient(
      {
        baseUrl,
        keySource: this.options.keySource,
        logger: this.options.logger,
        userAgent: this.options.userAgent,
        onUnauthorized: this.options.onUnauthorized,
        timeoutMs: timing?.timeoutMs,
        retry: timing?.retry,
        stallTimeoutMs: timing?.stallTimeoutMs,
      },
      this.options.hooks,
    );
  }
}
