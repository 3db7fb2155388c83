// Helpers for the asset, multipart, storage and indexed-asset tests: form-data bodies, raw PUTs to
// the storage origin, and a fake that checks every one of its own answers against the spec.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { validateErrorBody, validateRequest, validateResponse } from '../../fake/openapi';
import { startFakeServer, type FakeServerOptions, type FakeTwelveLabs } from '../../fake/server';
import { call, KEY, type CallResult } from './helpers';

export const BOUNDARY = 'assets-b0undary';
export const MULTIPART = `multipart/form-data; boundary=${BOUNDARY}`;

export type Part = string | { filename: string; size: number; type?: string };

export function formData(fields: Record<string, Part>): Buffer {
  const chunks: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    if (typeof value === 'string') {
      chunks.push(Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
    } else {
      chunks.push(
        Buffer.from(
          `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"; filename="${value.filename}"\r\nContent-Type: ${value.type ?? 'video/mp4'}\r\n\r\n`,
        ),
        Buffer.alloc(value.size, 7),
        Buffer.from('\r\n'),
      );
    }
  }
  chunks.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  return Buffer.concat(chunks);
}

export function postAsset(fake: FakeTwelveLabs, fields: Record<string, Part>): Promise<CallResult> {
  return call(fake, 'POST', '/assets', { raw: formData(fields), headers: { 'content-type': MULTIPART } });
}

/** The spec's schema for a documented status; the general error shape for undocumented error statuses. */
export function valid(method: string, path: string, r: CallResult): void {
  let errors = validateResponse(method, path, r.status, r.body ?? r.text);
  if (r.status >= 400 && errors.length === 1 && errors[0].startsWith('status ')) errors = validateErrorBody(r.body);
  assert.deepEqual(errors, [], `${method} ${path} ${r.status} ${r.text}`);
}

/** Every request the fake logged validates against the spec (query, body, content type, x-api-key). */
export function requestsValid(fake: FakeTwelveLabs): void {
  for (const r of fake.requests) {
    const contentType = r.headers['content-type'];
    assert.deepEqual(
      validateRequest(r.method, r.path, {
        query: r.query,
        body: r.body,
        headers: r.headers,
        contentType: typeof contentType === 'string' ? contentType : undefined,
      }),
      [],
      `${r.method} ${r.path}`,
    );
  }
}

/** A mutable clock: tests move it to expire URLs and sessions. */
export class Clock {
  constructor(public ms = Date.parse('2026-05-01T12:00:00.000Z')) {}
  readonly now = (): Date => new Date(this.ms);
  advance(ms: number): void {
    this.ms += ms;
  }
}

/**
 * Like helpers.useFake, with `validateResponses` on: after each test, every answer the fake gave
 * must have matched the spec, or the test fails.
 */
export function useAssetFake(options: FakeServerOptions = {}): { readonly fake: FakeTwelveLabs } {
  const holder: { fake?: FakeTwelveLabs } = {};
  beforeEach(async () => {
    holder.fake = await startFakeServer({ validKeys: [KEY], validateResponses: true, ...options });
  });
  afterEach(async () => {
    const fake = holder.fake;
    holder.fake = undefined;
    if (!fake) return;
    const problems = [...fake.responseProblems];
    await fake.close();
    assert.deepEqual(problems, [], 'the fake answered outside the spec');
  });
  return {
    get fake(): FakeTwelveLabs {
      if (!holder.fake) throw new Error('fake not started');
      return holder.fake;
    },
  };
}

export interface PutResult {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

/** A bare PUT, as a client uploads a chunk: no key unless the test adds one. */
export function put(url: string, body: Buffer, headers: Record<string, string> = {}, options: { chunked?: boolean } = {}): Promise<PutResult> {
  return new Promise((resolve, reject) => {
    const all: Record<string, string> = { 'content-type': 'application/octet-stream', ...headers };
    if (!options.chunked) all['content-length'] = String(body.length);
    const req = httpRequest(url, { method: 'PUT', headers: all, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.setTimeout(5000, () => req.destroy(new Error('no answer within 5 s')));
    req.on('error', reject);
    if (options.chunked) {
      req.write(body.subarray(0, Math.floor(body.length / 2)));
      req.end(body.subarray(Math.floor(body.length / 2)));
    } else {
      req.end(body);
    }
  });
}

/** A GET (or other bodiless method) to any URL, without a key. */
export function fetchRaw(url: string, method = 'GET'): Promise<PutResult> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

export function md5Etag(body: Buffer): string {
  return `"${createHash('md5').update(body).digest('hex')}"`;
}

/** A file's bytes, distinct per position so that chunks differ. */
export function fileBytes(size: number): Buffer {
  const b = Buffer.alloc(size);
  for (let i = 0; i < size; i++) b[i] = (i * 31 + (i >> 8)) & 0xff;
  return b;
}

export interface Session {
  upload_id: string;
  asset_id: string;
  upload_urls: { chunk_index: number; url: string; expires_at: string }[];
  upload_headers: Record<string, string>;
  chunk_size: number;
  total_chunks: number;
  expires_at: string;
}

export async function createSession(fake: FakeTwelveLabs, body: Record<string, unknown>): Promise<Session> {
  const r = await call(fake, 'POST', '/assets/multipart-uploads', { json: body });
  assert.equal(r.status, 201, r.text);
  valid('POST', '/assets/multipart-uploads', r);
  return r.body as Session;
}

export function chunkOf(file: Buffer, chunkSize: number, index: number): Buffer {
  return file.subarray((index - 1) * chunkSize, index * chunkSize);
}

/** URLs for every chunk, the initial ones first, the rest through /presigned-urls. */
export async function allUrls(fake: FakeTwelveLabs, session: Session): Promise<Map<number, string>> {
  const urls = new Map(session.upload_urls.map((u) => [u.chunk_index, u.url]));
  for (let start = 1; start <= session.total_chunks; start += 50) {
    const missing = Array.from({ length: Math.min(50, session.total_chunks - start + 1) }, (_, i) => start + i).filter((i) => !urls.has(i));
    if (missing.length === 0) continue;
    const r = await call(fake, 'POST', `/assets/multipart-uploads/${session.upload_id}/presigned-urls`, {
      json: { start: missing[0], count: missing[missing.length - 1] - missing[0] + 1 },
    });
    assert.equal(r.status, 200, r.text);
    for (const u of (r.body as { upload_urls: { chunk_index: number; url: string }[] }).upload_urls) if (!urls.has(u.chunk_index)) urls.set(u.chunk_index, u.url);
  }
  return urls;
}

export type Report = { chunk_index: number; proof: string; proof_type: 'etag'; chunk_size: number };

/** Uploads every chunk of `file` once and returns the reports a client would send. */
export async function uploadAll(fake: FakeTwelveLabs, session: Session, file: Buffer): Promise<Report[]> {
  const urls = await allUrls(fake, session);
  const reports: Report[] = [];
  for (let index = 1; index <= session.total_chunks; index++) {
    const chunk = chunkOf(file, session.chunk_size, index);
    const r = await put(urls.get(index) ?? '', chunk, session.upload_headers);
    assert.equal(r.status, 200, r.text);
    reports.push({ chunk_index: index, proof: String(r.headers.etag), proof_type: 'etag', chunk_size: chunk.length });
  }
  return reports;
}
