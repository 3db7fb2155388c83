import type { Logger } from '../logging/logger';
import type { ClientTestHooks, TwelveLabsClient } from './client';
import type { KeySource, RetryPolicy } from './ports';

export interface ApiClientProviderOptions {
  /** Read on every `get()`: a changed `twelvelabs.apiUrl` gives a new client. */
  baseUrl: () => string;
  keySource: KeySource;
  logger: Logger;
  userAgent: string;
  onUnauthorized?: (keyUsed: string) => void;
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  hooks?: ClientTestHooks;
}

/**
 * Hands out the API client, loading it on first use. `client.ts` pulls in axios (and with it
 * form-data, follow-redirects, ...), which costs far more than everything else at activation, so
 * nothing on the activation path may import it: only this dynamic import does, and only types
 * cross the boundary elsewhere.
 */
export class ApiClientProvider {
  private current: { baseUrl: string; client: Promise<TwelveLabsClient> } | undefined;

  constructor(private readonly options: ApiClientProviderOptions) {}

  async get(): Promise<TwelveLabsClient> {
    const baseUrl = this.options.baseUrl();
    if (!this.current || this.current.baseUrl !== baseUrl) {
      const client = this.create(baseUrl);
      const entry = { baseUrl, client };
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

  private async create(baseUrl: string): Promise<TwelveLabsClient> {
    const { TwelveLabsClient } = await import('./client.js');
    this.options.logger.debug(`API client ready for ${baseUrl}`);
    return new TwelveLabsClient(
      {
        baseUrl,
        keySource: this.options.keySource,
        logger: this.options.logger,
        userAgent: this.options.userAgent,
        onUnauthorized: this.options.onUnauthorized,
        timeoutMs: this.options.timeoutMs,
        retry: this.options.retry,
      },
      this.options.hooks,
    );
  }
}
