import { isLoopbackHost } from './apiUrl';
import type {
  Asset,
  ChunkReport,
  IncompleteUpload,
  IndexedAsset,
  MultipartSession,
  PresignedUrl,
  PresignedUrlBatch,
  UploadChunkState,
  UploadStatus,
} from './assetTypes';
import {
  boundedRecord,
  completePageInfo,
  isId,
  isRecord,
  nested,
  readAmount,
  readFields,
  readMaskedText,
  readPageInfo,
  readStrings,
  readText,
  type FieldReader,
  type Json,
  type ShapeContext,
} from './shapes';

/**
 * Reads the answers of the asset, multipart-upload and indexed-asset endpoints at the client
 * boundary, in the manner of shapes.ts: a field of the wrong type is dropped (and named in the
 * report), an object that cannot be used at all is `undefined` (an error where it is the whole
 * answer, left out where it is a list item), and nothing deeper than MAX_NESTING_DEPTH survives.
 *
 * The multipart answers are checked harder than display data, because the upload acts on them:
 * ids must be plain tokens (they end up in paths, logs and the persisted state), the chunk count
 * must agree with the size and chunk size, chunk URLs must be https (or http to this machine) and
 * carry no credentials, and `upload_headers` may not set the request's framing.
 */

/** Ids that go into paths, log lines and globalState: plain tokens only. */
const PLAIN_ID = /^[A-Za-z0-9_-]{1,128}$/;
/** RFC 7230 token. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** Visible ASCII and tabs: no CR/LF, nothing a header could not carry. */
const HEADER_VALUE = /^[\t\x20-\x7e]*$/;
/** Headers a server must not set on our chunk PUTs: framing, routing, and the API's own credential. */
const RESERVED_HEADERS = new Set(['host', 'content-length', 'transfer-encoding', 'connection', 'keep-alive', 'upgrade', 'te', 'trailer', 'expect', 'x-api-key']);

export function readAsset(value: unknown, context: ShapeContext): Asset | undefined {
  const record = boundedRecord(value);
  if (!record || !isId(record._id) || typeof record.status !== 'string') {
    return undefined;
  }
  readFields(record, context, '', {
    method: readText,
    filename: readText,
    file_type: readText,
    created_at: readText,
    user_metadata: readUserMetadata,
    hls: nested({ manifest_url: readText, status: readText }),
    thumbnail: nested({ representative_url: readText, status: readText }),
    technical_metadata: readObject,
    size: readAmount,
    duration: readAmount,
    error: nested({ code: readMaskedText, message: readMaskedText }),
  });
  return record as unknown as Asset;
}

export function readIndexedAsset(value: unknown, context: ShapeContext): IndexedAsset | undefined {
  const record = boundedRecord(value);
  if (!record || !isId(record._id) || typeof record.status !== 'string') {
    return undefined;
  }
  readFields(record, context, '', {
    asset_id: readText,
    created_at: readText,
    updated_at: readText,
    indexed_at: readText,
    system_metadata: nested({ filename: readText, duration: readAmount, fps: readAmount, width: readAmount, height: readAmount, size: readAmount }),
    user_metadata: readUserMetadata,
    hls: nested({ video_url: readText, thumbnail_urls: readStrings, status: readText, updated_at: readText }),
    transcription: readTranscription,
    error: nested({ code: readMaskedText, message: readMaskedText }),
  });
  return record as unknown as IndexedAsset;
}

/** `{_id, asset_id}` of a 202; the asset id falls back to the one asked for when the answer leaves it out. */
export function readCreatedIndexedAsset(value: unknown, requestedAssetId: string): { id: string; assetId: string } | undefined {
  if (!isRecord(value) || !isId(value._id)) {
    return undefined;
  }
  return { id: value._id, assetId: isId(value.asset_id) ? value.asset_id : requestedAssetId };
}

/**
 * The create answer of a session for a file of `totalSize` bytes. Undefined when it cannot drive an
 * upload: ids that are not plain tokens, a chunk size or count that is not a positive integer, or a
 * count that does not split `totalSize` into `chunk_size` pieces.
 */
export function readMultipartSession(value: unknown, context: ShapeContext, totalSize: number): MultipartSession | undefined {
  const record = boundedRecord(value);
  if (!record || !isPlainId(record.upload_id) || !isPlainId(record.asset_id)) {
    return undefined;
  }
  const { chunk_size: chunkSize, total_chunks: totalChunks } = record;
  if (!isPositiveInteger(chunkSize) || !isPositiveInteger(totalChunks) || totalChunks !== Math.ceil(totalSize / chunkSize)) {
    return undefined;
  }
  const urls = record.upload_urls === undefined || record.upload_urls === null ? [] : readUrlList(record.upload_urls, { first: 1, last: totalChunks }, context);
  if (!urls) {
    return undefined;
  }
  return {
    upload_id: record.upload_id,
    asset_id: record.asset_id,
    upload_urls: urls,
    upload_headers: readUploadHeaders(record.upload_headers, context),
    chunk_size: chunkSize,
    total_chunks: totalChunks,
    ...(typeof record.expires_at === 'string' ? { expires_at: record.expires_at } : {}),
  };
}

/** Fresh URLs for the chunks `range.first`..`range.last`; entries for other chunks are dropped. */
export function readPresignedUrlBatch(value: unknown, context: ShapeContext, range: ChunkRange): PresignedUrlBatch | undefined {
  const record = boundedRecord(value);
  if (!record) {
    return undefined;
  }
  const urls = readUrlList(record.upload_urls, range, context);
  if (!urls) {
    return undefined;
  }
  readFields(record, context, '', { upload_id: readText, start_index: readCount, count: readCount, generated_at: readText, expires_at: readText });
  const batch: PresignedUrlBatch = { ...record, upload_urls: urls };
  return batch;
}

export function readChunkReport(value: unknown, context: ShapeContext): ChunkReport | undefined {
  const record = boundedRecord(value);
  if (!record) {
    return undefined;
  }
  readFields(record, context, '', { url: readText, asset_id: readText, processed_chunks: readCount, duplicate_chunks: readCount, total_completed: readCount });
  const report: ChunkReport = record;
  return report;
}

/** One page of chunk status; undefined without a `status` or an `uploaded_chunks` list. Malformed chunk entries are left out. */
export function readUploadStatus(value: unknown, context: ShapeContext, requested: { page: number; limit: number }): UploadStatus | undefined {
  const record = boundedRecord(value);
  if (!record || typeof record.status !== 'string' || !Array.isArray(record.uploaded_chunks)) {
    return undefined;
  }
  const declared = readPageInfo(record.page_info);
  if (!declared) {
    return undefined;
  }
  const entries: unknown[] = record.uploaded_chunks;
  const chunks: UploadChunkState[] = [];
  for (const entry of entries) {
    if (isRecord(entry) && isPositiveInteger(entry.index) && typeof entry.status === 'string') {
      readFields(entry, context, 'uploaded_chunks.', { uploaded_at: readText, updated_at: readText, error: readMaskedText });
      chunks.push(entry as unknown as UploadChunkState);
    } else {
      context.report.droppedFields.add('uploaded_chunks');
    }
  }
  readFields(record, context, '', {
    upload_id: readText,
    chunks_completed: readCount,
    chunks_failed: readCount,
    chunks_pending: readCount,
    total_size: readCount,
    uploaded_size: readCount,
    created_at: readText,
    updated_at: readText,
  });
  return { ...record, uploaded_chunks: chunks, page_info: completePageInfo(declared, requested, entries.length) } as unknown as UploadStatus;
}

export function readIncompleteUpload(value: unknown, context: ShapeContext): IncompleteUpload | undefined {
  const record = boundedRecord(value);
  if (!record || !isPlainId(record.upload_id) || typeof record.status !== 'string') {
    return undefined;
  }
  readFields(record, context, '', { total_size: readCount, chunk_size: readCount, total_chunks: readCount, created_at: readText, expires_at: readText });
  return record as unknown as IncompleteUpload;
}

/** 1-based chunk indexes, both ends included. */
interface ChunkRange {
  first: number;
  last: number;
}

function readUrlList(value: unknown, range: ChunkRange, context: ShapeContext): PresignedUrl[] | undefined {
  if (!Array.isArray(value)) {
    return undefined;
  }
  const urls: PresignedUrl[] = [];
  for (const entry of value as unknown[]) {
    const url = readPresignedUrl(entry, range);
    if (url) {
      urls.push(url);
    } else {
      context.report.droppedFields.add('upload_urls');
    }
  }
  return urls;
}

function readPresignedUrl(value: unknown, range: ChunkRange): PresignedUrl | undefined {
  if (!isRecord(value)) {
    return undefined;
  }
  const { chunk_index: index, url, expires_at: expiresAt } = value;
  if (!isPositiveInteger(index) || index < range.first || index > range.last || typeof url !== 'string' || !usableRemoteUrl(url)) {
    return undefined;
  }
  return typeof expiresAt === 'string' && !Number.isNaN(Date.parse(expiresAt)) ? { chunk_index: index, url, expires_at: expiresAt } : { chunk_index: index, url };
}

/** https anywhere, plain http only to this machine (the fake, a local proxy); never with credentials in it. For chunk URLs and thumbnails alike. */
export function usableRemoteUrl(text: string): boolean {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return false;
  }
  if (url.username !== '' || url.password !== '' || url.hostname === '') {
    return false;
  }
  return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
}

function readUploadHeaders(value: unknown, context: ShapeContext): Record<string, string> {
  if (value === undefined || value === null) {
    return {};
  }
  if (!isRecord(value)) {
    context.report.droppedFields.add('upload_headers');
    return {};
  }
  const headers: Record<string, string> = {};
  for (const [name, entry] of Object.entries(value)) {
    if (HEADER_NAME.test(name) && !RESERVED_HEADERS.has(name.toLowerCase()) && typeof entry === 'string' && HEADER_VALUE.test(entry)) {
      headers[name] = entry;
    } else {
      context.report.droppedFields.add('upload_headers');
    }
  }
  return headers;
}

/** Scalar values only (the spec's UserMetadata); other entries are dropped and the field named. */
export const readUserMetadata: FieldReader = (value, context, name) => {
  if (!isRecord(value)) {
    return undefined;
  }
  const kept: Json = {};
  for (const [key, entry] of Object.entries(value)) {
    if (typeof entry === 'string' || typeof entry === 'boolean' || (typeof entry === 'number' && Number.isFinite(entry))) {
      kept[key] = entry;
    } else {
      context.report.droppedFields.add(name);
    }
  }
  return kept;
};

const readTranscription: FieldReader = (value, context, name) => {
  if (!Array.isArray(value)) {
    return undefined;
  }
  const lines = (value as unknown[]).filter(
    (line): line is Json =>
      isRecord(line) && typeof line.start === 'number' && Number.isFinite(line.start) && typeof line.end === 'number' && Number.isFinite(line.end) && typeof line.value === 'string',
  );
  if (lines.length < value.length) {
    context.report.droppedFields.add(name);
  }
  return lines.map((line) => ({ start: line.start, end: line.end, value: line.value }));
};

function readObject(value: unknown): unknown {
  return isRecord(value) ? value : undefined;
}

function readCount(value: unknown): unknown {
  return isNonNegativeInteger(value) ? value : undefined;
}

function isPlainId(value: unknown): value is string {
  return typeof value === 'string' && PLAIN_ID.test(value);
}

function isPositiveInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}

function isNonNegativeInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}
