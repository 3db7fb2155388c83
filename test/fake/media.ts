// The media origin: a third node:http server on its own port, standing in for the CDN behind search
// thumbnails and HLS streams. A different origin on purpose, like the storage origin: a client (or a
// webview) that sends its x-api-key "wherever the URL points" is caught, since every such request is
// recorded. What it serves is real: thumbnails are small PNGs drawn here, streams are the H.264
// fixtures of test/fixtures/hls (scripts/make-hls-fixtures.sh). Every answer carries
// `Access-Control-Allow-Origin: *`, because a webview fetches from a `vscode-webview://` origin.
//
// URLs are signed in their path, `/signed/<generation>/<expires>/<signature>/<resource>`, so that
// the relative segment names of a playlist resolve to URLs that carry the same signature. A stream's
// signature covers its folder (`hls/<id>/`); a thumbnail's its file. Expired (fake clock), tampered
// or revoked (`expireThumbnails()`) URLs get 403, in the S3/CloudFront dialect of the storage origin.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoopbackOrigin, type ApiKeyRequest } from './loopback';
import { join } from 'node:path';
import { deflateSync, crc32 } from 'node:zlib';
import { findRepoRoot } from './openapi';
import { xmlError, type StorageAnswer } from './storage';

/** The two fixture streams: `silent` plays in VS Code's desktop webviews; `aac` has an AAC track, which they cannot decode. */
export type StreamVariant = 'silent' | 'aac';

export interface MediaRequest {
  method: string;
  /** The resource path, without the signature segments. */
  path: string;
  status: number;
  /** The request carried an x-api-key header (it never should). */
  apiKey: boolean;
  /** 'served', 'expired', 'bad signature', 'no such stream'... */
  note: string;
}

export type MediaApiKeyRequest = ApiKeyRequest;

export interface MediaOriginOptions {
  now: () => Date;
  /** Lifetime of thumbnail and stream URLs; default 3600 s ("the URL expires in one hour"). */
  urlTtlSeconds?: number;
  /** Which stream an indexed asset plays, when it has a COMPLETE one; undefined otherwise (404). */
  streamOf: (indexedAssetId: string) => StreamVariant | undefined;
}

/** An answer of the storage origin's kind, whose body may be bytes. */
type MediaAnswer = Omit<StorageAnswer, 'body'> & { body: string | Buffer };

export const DEFAULT_MEDIA_URL_TTL_SECONDS = 3600;
const SIGNED_PATH = /^\/signed\/(\d+)\/(\d+)\/([0-9a-f]{64})\/(.+)$/;
const STREAM_FILE = /^hls\/([0-9a-f]{24})\/([A-Za-z0-9_.-]+)$/;
const THUMBNAIL_FILE = /^thumbnails\/([0-9a-f]{24})\/(\d+)\.png$/;
/** 16:9, small enough to draw per request. */
const THUMBNAIL_WIDTH = 160;
const THUMBNAIL_HEIGHT = 90;
const CORS: Record<string, string> = { 'Access-Control-Allow-Origin': '*' };
const CONTENT_TYPES: Record<string, string> = { m3u8: 'application/vnd.apple.mpegurl', mp4: 'video/mp4', m4s: 'video/iso.segment' };

/** The fixture streams, read once: file name → bytes, per variant. */
function readStreams(): Map<StreamVariant, Map<string, Buffer>> {
  const root = join(findRepoRoot(), 'test', 'fixtures', 'hls');
  const streams = new Map<StreamVariant, Map<string, Buffer>>();
  for (const variant of ['silent', 'aac'] as const) {
    const files = new Map<string, Buffer>();
    for (const name of readdirSync(join(root, variant))) files.set(name, readFileSync(join(root, variant, name)));
    streams.set(variant, files);
  }
  return streams;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

/**
 * A real PNG (8-bit RGB, no dependency): a diagonal gradient whose hue comes from the video id and
 * a bar whose position is the clip's start, so thumbnails of different clips differ visibly.
 */
export function thumbnailPng(videoId: string, startMs: number): Buffer {
  const seed = parseInt(videoId.slice(-6), 16) || 0;
  const [r0, g0, b0] = [seed & 0xff, (seed >> 8) & 0xff, (seed >> 16) & 0xff];
  const bar = Math.floor((startMs / 1000) * 8) % THUMBNAIL_WIDTH;
  const rows: Buffer[] = [];
  for (let y = 0; y < THUMBNAIL_HEIGHT; y++) {
    const row = Buffer.alloc(1 + THUMBNAIL_WIDTH * 3);
    for (let x = 0; x < THUMBNAIL_WIDTH; x++) {
      const onBar = Math.abs(x - bar) < 3;
      const shade = (x + y) & 0xff;
      row[1 + x * 3] = onBar ? 255 : (r0 + shade) & 0xff;
      row[2 + x * 3] = onBar ? 255 : (g0 + y * 2) & 0xff;
      row[3 + x * 3] = onBar ? 255 : (b0 + x) & 0xff;
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(THUMBNAIL_WIDTH, 0);
  header.writeUInt32BE(THUMBNAIL_HEIGHT, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, pngChunk('IHDR', header), pngChunk('IDAT', deflateSync(Buffer.concat(rows))), pngChunk('IEND', Buffer.alloc(0))]);
}

export class MediaOrigin extends LoopbackOrigin<MediaRequest> {
  private readonly secret = randomBytes(32);
  private readonly streams = readStreams();
  private readonly ttlSeconds: number;
  /** Thumbnail URLs of an older generation are refused: `expireThumbnails()`. */
  private thumbnailGeneration = 0;

  constructor(private readonly options: MediaOriginOptions) {
    super();
    this.ttlSeconds = options.urlTtlSeconds ?? DEFAULT_MEDIA_URL_TTL_SECONDS;
  }

  /** Every thumbnail URL issued so far is refused from now on, as if its hour were over. */
  expireThumbnails(): void {
    this.thumbnailGeneration += 1;
  }

  /** The playlist of an indexed asset's stream; its segments are relative to it. */
  streamUrl(indexedAssetId: string): string {
    return this.signedUrl(0, `hls/${indexedAssetId}/`, 'index.m3u8');
  }

  /** The thumbnail of the frame at `startSeconds` of a video. */
  thumbnailUrl(videoId: string, startSeconds: number): string {
    return this.signedUrl(this.thumbnailGeneration, `thumbnails/${videoId}/${Math.round(startSeconds * 1000)}.png`, '');
  }

  /** `scope` is what the signature covers (a folder, or a file); `rest` follows it unsigned. */
  private signedUrl(generation: number, scope: string, rest: string): string {
    const expires = Math.floor(this.options.now().getTime() / 1000) + this.ttlSeconds;
    return `${this.origin}/signed/${generation}/${expires}/${this.sign(generation, expires, scope)}/${scope}${rest}`;
  }

  private sign(generation: number, expires: number, scope: string): string {
    return createHmac('sha256', this.secret).update(`${generation}\n${expires}\n${scope}`).digest('hex');
  }

  protected serve(req: IncomingMessage, res: ServerResponse): void {
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const signed = SIGNED_PATH.exec(url.pathname);
    const path = signed ? `/${signed[4]}` : url.pathname;
    const apiKey = this.noteApiKey(method, path, req.headers);
    const answer = this.answerFor(method, signed);
    this.requests.push({ method, path, status: answer.status, apiKey, note: answer.note });
    const body = method === 'HEAD' ? Buffer.alloc(0) : Buffer.from(answer.body);
    res.writeHead(answer.status, { ...CORS, ...answer.headers, 'Content-Length': String(method === 'HEAD' ? Buffer.byteLength(answer.body) : body.length) });
    res.end(body);
  }

  private answerFor(method: string, signed: RegExpExecArray | null): MediaAnswer {
    if (method === 'OPTIONS') {
      // A CORS preflight (a player sending Range, say): allowed without a signature, as CDNs do.
      return { status: 204, headers: { 'Access-Control-Allow-Methods': 'GET, HEAD, OPTIONS', 'Access-Control-Allow-Headers': 'Range', 'Access-Control-Max-Age': '600' }, body: '', note: 'preflight' };
    }
    if (method !== 'GET' && method !== 'HEAD') {
      return xmlError(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.', 'method not allowed', {}, { Allow: 'GET, HEAD, OPTIONS' });
    }
    if (!signed) return xmlError(403, 'AccessDenied', 'Access Denied', 'unsigned');
    const [, generationText, expiresText, signature, resource] = signed;
    const generation = Number(generationText);
    const expires = Number(expiresText);
    const stream = STREAM_FILE.exec(resource);
    const thumbnail = THUMBNAIL_FILE.exec(resource);
    const scope = stream ? `hls/${stream[1]}/` : resource;
    const expected = Buffer.from(this.sign(generation, expires, scope), 'utf8');
    const given = Buffer.from(signature, 'utf8');
    if ((!stream && !thumbnail) || given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return xmlError(403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.', 'bad signature');
    }
    const nowMs = this.options.now().getTime();
    if (nowMs > expires * 1000 || (thumbnail && generation < this.thumbnailGeneration)) {
      return xmlError(403, 'AccessDenied', 'Request has expired', nowMs > expires * 1000 ? 'expired' : 'expired (revoked)', {
        Expires: new Date(expires * 1000).toISOString(),
        ServerTime: new Date(nowMs).toISOString(),
      });
    }
    if (thumbnail) {
      return { status: 200, headers: { 'Content-Type': 'image/png', 'Cache-Control': 'private, max-age=3600' }, body: thumbnailPng(thumbnail[1], Number(thumbnail[2])), note: 'served' };
    }
    const variant = stream ? this.options.streamOf(stream[1]) : undefined;
    const file = stream && variant ? this.streams.get(variant)?.get(stream[2]) : undefined;
    if (!stream || !file) return xmlError(404, 'NoSuchKey', 'The specified key does not exist.', variant ? 'no such file' : 'no such stream');
    const extension = /\.([a-z0-9]+)$/.exec(stream[2])?.[1] ?? '';
    return { status: 200, headers: { 'Content-Type': CONTENT_TYPES[extension] ?? 'application/octet-stream' }, body: file, note: 'served' };
  }
}
