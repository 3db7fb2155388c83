import type { Logger } from '../common/logging/logger';

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
  /** Called on each 401 with the key that request carried, so only that key is marked as rejected. */
  onUnauthorized?: (keyUsed: string) => void;
  /** Overrides for tests and benchmarks. */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** Default stall timeout of uploads, when a call does not give its own. */
  stallTimeoutMs?: number;
}

export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Total time budget for all retries of one call. */
  maxTotalMs: number;
}
