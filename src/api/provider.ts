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
  /** One client per URL in use (the setting's, and any account's own); a changed timing replaces it. */
  private readonly clients = new Map<string, { timing: NetworkTiming | undefined; client: Promise<TwelveLabsClient> }>();
  /** One question per insecure URL: concurrent requests share it, and the answer holds until the setting changes. */
  private consent: { url: string; answer: Promise<boolean> } | undefined;

  constructor(private readonly options: ApiClientProviderOptions) {}

  /**
   * The client for the current `twelveLabs.apiUrl`. Rejects with a `config` TwelveLabsError, before
   * anything is sent, when the URL is unusable or the user declined plain http.
   */
  async get(): Promise<TwelveLabsClient> {
    return this.clientFor(this.options.baseUrl());
  }

  /**
   * A client for another URL than the one in force: to check a key against the server of the
   * account it is for, before that account is active. It only sends keys it is given: the key
   * source hands it none while its URL is not the one in force.
   */
  async getFor(rawUrl: string): Promise<TwelveLabsClient> {
    return this.clientFor(rawUrl);
  }

  private async clientFor(rawUrl: string): Promise<TwelveLabsClient> {
    const baseUrl = await this.checkedBaseUrl(rawUrl);
    const timing = this.options.timing?.();
    const cached = this.clients.get(baseUrl);
    if (cached && cached.timing === timing) {
      return cached.client;
    }
    const client = this.create(baseUrl, timing);
    const entry = { timing, client };
    this.clients.set(baseUrl, entry);
    // A failed load must not stick: the next call tries again.
    client.catch(() => {
      if (this.clients.get(baseUrl) === entry) {
        this.clients.delete(baseUrl);
      }
    });
    return client;
  }

  private async checkedBaseUrl(rawUrl: string): Promise<string> {
    const check = checkApiUrl(rawUrl);
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
    const { keySource } = this.options;
    return new TwelveLabsClient(
      {
        baseUrl,
        // The key and the URL can both change with the account; a key is only ever handed to a
        // client for the URL in force when it is read, so a switch never sends one account's key to
        // another account's server.
        keySource: {
          getKey: async () => {
            const key = await keySource.getKey();
            const now = checkApiUrl(this.options.baseUrl());
            return now.ok && now.url === baseUrl ? key : undefined;
          },
        },
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
