/**
 * Set-up shared by the asset, multipart-upload and indexed-asset tests: a harness (fake + client)
 * whose fake checks its own answers against the spec, and after each test the checks every such
 * test must pass: the storage origin saw no key, every request the client made matches the spec,
 * every answer did, and no log line holds the key or a URL signature.
 */
import * as assert from 'node:assert/strict';
import { createCipheriv, createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { canaryForms } from '../../canary';
import { validateRequest } from '../../fake/openapi';
import type { FakeServerOptions, FakeTwelveLabs } from '../../fake/server';
import { CANARY_KEY, startHarness, type Harness, type HarnessOptions } from './helpers';

export const KiB = 1024;
export const MiB = 1024 * KiB;

/** Starts a harness per test and runs the common checks after it. */
export function useAssetHarness(options: HarnessOptions & { fake?: FakeServerOptions } = {}): { readonly h: Harness; restart(next: HarnessOptions): Promise<Harness> } {
  let current: Harness | undefined;
  beforeEach(async () => {
    current = await startHarness({ ...options, fake: { validateResponses: true, ...options.fake } });
  });
  afterEach(async function () {
    const h = current;
    current = undefined;
    if (!h) return;
    await h.fake.close();
    // A failed test keeps its own message; the checks below would only hide it.
    if (this.currentTest?.state === 'failed') return;
    assertAllClean(h);
  });
  return {
    get h(): Harness {
      if (!current) throw new Error('harness not started');
      return current;
    },
    async restart(next: HarnessOptions): Promise<Harness> {
      await current?.fake.close();
      current = await startHarness({ ...next, fake: { validateResponses: true, ...next.fake } });
      return current;
    },
  };
}

/** The checks every asset test passes. */
export function assertAllClean(h: Harness): void {
  assert.deepEqual(h.fake.storage.requestsWithApiKey(), [], 'the storage origin saw an x-api-key');
  assert.deepEqual(h.fake.responseProblems, [], 'the fake answered outside the spec');
  for (const request of h.fake.requests) {
    // A form cut short by an abort reaches the log as `{error}`: there is no body to check.
    if (isCutForm(request.body)) continue;
    const contentType = request.headers['content-type'];
    const errors = validateRequest(request.method, request.path, {
      query: request.query,
      body: request.body,
      headers: request.headers,
      contentType: typeof contentType === 'string' ? contentType : undefined,
    });
    assert.deepEqual(errors, [], `${request.method} ${request.path}`);
  }
  assertLogsClean(h);
}

function isCutForm(body: unknown): boolean {
  return typeof body === 'object' && body !== null && Object.keys(body).length === 1 && 'error' in body;
}

/** No line holds the key (in any form) or anything of a presigned URL's query. */
export function assertLogsClean(h: Harness): void {
  const text = h.logger.lines.join('\n');
  for (const form of canaryForms(CANARY_KEY)) {
    assert.ok(!text.includes(form), 'the key reached the log');
  }
  assert.doesNotMatch(text, /X-Amz-|Signature|Credential/i, 'a URL signature reached the log');
  assert.doesNotMatch(text, /\/uploads\/[^\s]*\?/, 'a chunk URL with its query reached the log');
}

/** The key appears nowhere in what the error carries: message, stack, JSON, string form. */
export function assertNoCanary(error: unknown): void {
  const text = [String(error), JSON.stringify(error), (error as Error | undefined)?.stack ?? '', (error as Error | undefined)?.message ?? ''].join('\n');
  for (const form of canaryForms(CANARY_KEY)) {
    assert.ok(!text.includes(form), `the key leaked into an error: ${String(error)}`);
  }
}

/** A temporary folder, removed after the suite. */
export function useTempDir(prefix: string): { readonly dir: string } {
  let dir = '';
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  });
  after(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return {
    get dir(): string {
      return dir;
    },
  };
}

/** A file of `size` pseudo-random bytes (AES-CTR of zeros, seeded by its name): every chunk differs. */
export function writeRandomFile(dir: string, name: string, size: number): string {
  const file = path.join(dir, name);
  const seed = createHash('sha256').update(name).digest();
  const cipher = createCipheriv('aes-128-ctr', seed.subarray(0, 16), seed.subarray(16, 32));
  const fd = fs.openSync(file, 'w');
  const zeros = Buffer.alloc(MiB);
  try {
    for (let written = 0; written < size; ) {
      const n = Math.min(zeros.length, size - written);
      fs.writeSync(fd, cipher.update(zeros.subarray(0, n)));
      written += n;
    }
  } finally {
    fs.closeSync(fd);
  }
  return file;
}

/** The quoted MD5 the fake storage answers for chunk `index` (1-based) of `file`. */
export function chunkEtag(file: string, chunkSize: number, index: number): string {
  const bytes = fs.readFileSync(file).subarray((index - 1) * chunkSize, index * chunkSize);
  return `"${createHash('md5').update(bytes).digest('hex')}"`;
}

/** Storage PUTs (any answer, reset included) for one session. */
export function putsFor(fake: FakeTwelveLabs, uploadId: string): number {
  return fake.storage.requests.filter((request) => request.method === 'PUT' && request.uploadId === uploadId).length;
}

export function apiRequests(fake: FakeTwelveLabs, method: string, pattern: RegExp): number {
  return fake.requests.filter((request) => request.method === method && pattern.test(request.path)).length;
}

export const REPORT_PATH = /^\/assets\/multipart-uploads\/[0-9a-f]{24}$/;
export const URLS_PATH = /^\/assets\/multipart-uploads\/[0-9a-f]{24}\/presigned-urls$/;

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
