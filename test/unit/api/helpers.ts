/** Shared set-up for the API client's unit tests: a fake server, a client wired to it, no real waiting. */
import { TwelveLabsClient } from '../../../src/api/client';
import type { RetryPolicy } from '../../../src/api/ports';
import type { RetryClock } from '../../../src/api/retry';
import { CANARY_KEY } from '../../canary';
import { startFakeServer, type FakeServerOptions, type FakeTwelveLabs } from '../../fake/server';
import { MemoryLogger } from '../fakes/logger';

export { CANARY_KEY };

/** Records what the retry loop asked to wait, and waits for nothing. */
export class RecordingClock implements RetryClock {
  readonly sleeps: number[] = [];
  constructor(private readonly randomValue = 0.5) {}
  now(): number {
    return Date.now();
  }
  sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    return Promise.resolve();
  }
  random(): number {
    return this.randomValue;
  }
}

export interface Harness {
  fake: FakeTwelveLabs;
  client: TwelveLabsClient;
  clock: RecordingClock;
  logger: MemoryLogger;
  /** How many times the client reported a 401 for the stored key. */
  unauthorized: () => number;
  /** The key each 401 was reported for. */
  unauthorizedKeys: () => string[];
  /** Replace the key the key source hands out. */
  setKey(key: string | undefined): void;
}

export interface HarnessOptions {
  fake?: FakeServerOptions;
  retry?: Partial<RetryPolicy>;
  timeoutMs?: number;
  key?: string;
  /** A client for another base URL (e.g. a closed port). */
  baseUrl?: string;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const fake = await startFakeServer({ validKeys: [CANARY_KEY], ...options.fake });
  const clock = new RecordingClock();
  const logger = new MemoryLogger();
  let key: string | undefined = options.key ?? CANARY_KEY;
  const unauthorizedKeys: string[] = [];
  const client = new TwelveLabsClient(
    {
      baseUrl: options.baseUrl ?? fake.url,
      keySource: { getKey: () => Promise.resolve(key) },
      logger,
      userAgent: 'twelvelabs-vscode/0.0.0-test (unit)',
      onUnauthorized: (keyUsed) => {
        unauthorizedKeys.push(keyUsed);
      },
      timeoutMs: options.timeoutMs ?? 2_000,
      retry: options.retry,
    },
    { clock },
  );
  return {
    fake,
    client,
    clock,
    logger,
    unauthorized: () => unauthorizedKeys.length,
    unauthorizedKeys: () => [...unauthorizedKeys],
    setKey: (next) => {
      key = next;
    },
  };
}

/** Runs `fn` and returns what it threw (fails if it did not throw). */
export async function rejection(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    await fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection, but the call succeeded');
}
