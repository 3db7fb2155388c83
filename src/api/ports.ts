import type { Logger } from '../logging/logger';

/** Where the client gets the key for each request; the extension backs it with SecretStorage. */
export interface KeySource {
  getKey(): Promise<string | undefined>;
}

export interface ApiClientOptions {
  baseUrl: string;
  keySource: KeySource;
  logger: Logger;
  /** e.g. `twelvelabs-vscode/0.1.0 (VS Code 1.100.3)` */
  userAgent: string;
  /** Called once per 401 response, so the key lifecycle can mark the key as rejected. */
  onUnauthorized?: () => void;
  /** Overrides for tests and benchmarks. */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
}

export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Total time budget for all retries of one call. */
  maxTotalMs: number;
}
