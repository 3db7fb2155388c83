// A bare node:http client, so the tests see exactly what the fake puts on the wire (status,
// raw headers, raw body, resets) without a library's interpretation in between.
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { startFakeServer, type FakeServerOptions, type FakeTwelveLabs } from '../../fake/server';

export const KEY = 'tlk_TESTKEY0000000000000000000';

export interface CallOptions {
  key?: string | null;
  /** Serialised as JSON with Content-Type application/json unless `raw` is given. */
  json?: unknown;
  raw?: string | Buffer;
  headers?: Record<string, string>;
}

export interface CallResult {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  /** Parsed body when it is JSON, else undefined. */
  body: unknown;
}

export function call(fake: FakeTwelveLabs, method: string, path: string, options: CallOptions = {}): Promise<CallResult> {
  const url = new URL(path.startsWith('/v') || path.startsWith('http') ? path : fake.url + path, fake.origin);
  const headers: Record<string, string> = { ...options.headers };
  if (options.key !== null) headers['x-api-key'] = options.key ?? KEY;
  let payload: string | Buffer | undefined = options.raw;
  if (options.json !== undefined) {
    payload = JSON.stringify(options.json);
    headers['content-type'] ??= 'application/json';
  }
  if (payload !== undefined) headers['content-length'] = String(Buffer.byteLength(payload));
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('aborted', () => reject(new Error('response aborted')));
      res.on('end', () => {
        if (!res.complete) {
          reject(new Error('response incomplete'));
          return;
        }
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown;
        if ((res.headers['content-type'] ?? '').includes('json') && text.length > 0) {
          try {
            body = JSON.parse(text);
          } catch {
            body = undefined;
          }
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body });
      });
    });
    // A broken fake must fail the test, not stall the run: mocha waits for open sockets.
    req.setTimeout(5000, () => req.destroy(new Error('no answer within 5 s')));
    req.on('error', reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

/** Starts a fake with the test key and stops it after the suite. */
export function useFake(options: FakeServerOptions = {}): { readonly fake: FakeTwelveLabs } {
  const holder: { fake?: FakeTwelveLabs } = {};
  beforeEach(async () => {
    holder.fake = await startFakeServer({ validKeys: [KEY], ...options });
  });
  afterEach(async () => {
    await holder.fake?.close();
    holder.fake = undefined;
  });
  return {
    get fake(): FakeTwelveLabs {
      if (!holder.fake) throw new Error('fake not started');
      return holder.fake;
    },
  };
}

export function errorBody(result: CallResult): { code: string; message: string } {
  return result.body as { code: string; message: string };
}

export const FIXED_NOW = new Date('2026-05-01T12:00:00.000Z');

export const VALID_CREATE = {
  index_name: 'my-index',
  models: [{ model_name: 'marengo3.0', model_options: ['visual', 'audio'] }],
};
