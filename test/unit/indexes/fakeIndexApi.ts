import { TwelveLabsError } from '../../../src/api/errors';
import type { IndexedAsset, IndexedAssetFilters } from '../../../src/api/assetTypes';
import type { Index, IndexFilters, Page, PageInfo } from '../../../src/api/types';
import type { ErrorPresentation } from '../../../src/common/presentError';
import type { IndexListingSource, ListingLoad } from '../../../src/indexes/tree/indexListing';

export type FakeCall =
  | { method: 'listIndexes'; page: number; limit: number; filters: IndexFilters }
  | { method: 'listIndexedAssets'; indexId: string; page: number; limit: number; filters: IndexedAssetFilters }
  | { method: 'getIndex'; indexId: string };

/** A request the test answers when it chooses; aborting does not answer it, so a late answer can be played. */
export interface FakeRequest {
  readonly call: FakeCall;
  readonly signal: AbortSignal;
  answer(value: unknown): void;
  fail(error: unknown): void;
}

/** The API client as the listing sees it: every request waits for the test to answer it. */
export class FakeIndexApi implements IndexListingSource {
  readonly requests: FakeRequest[] = [];
  private waiters: { count: number; resolve: () => void }[] = [];

  listIndexes(page: number, limit: number, filters: IndexFilters, options: { signal: AbortSignal }): Promise<Page<Index>> {
    return this.record<Page<Index>>({ method: 'listIndexes', page, limit, filters }, options.signal);
  }

  listIndexedAssets(indexId: string, page: number, limit: number, filters: IndexedAssetFilters, options: { signal: AbortSignal }): Promise<Page<IndexedAsset>> {
    return this.record<Page<IndexedAsset>>({ method: 'listIndexedAssets', indexId, page, limit, filters }, options.signal);
  }

  getIndex(indexId: string, options: { signal: AbortSignal }): Promise<Index> {
    return this.record<Index>({ method: 'getIndex', indexId }, options.signal);
  }

  /** The `n`th request (1-based), once it has been made. */
  async request(n: number): Promise<FakeRequest> {
    if (this.requests.length < n) {
      await new Promise<void>((resolve) => this.waiters.push({ count: n, resolve }));
    }
    return this.requests[n - 1];
  }

  private record<T>(call: FakeCall, signal: AbortSignal): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.requests.push({ call, signal, answer: (value) => resolve(value as T), fail: reject });
      const ready = this.waiters.filter((waiter) => this.requests.length >= waiter.count);
      this.waiters = this.waiters.filter((waiter) => this.requests.length < waiter.count);
      ready.forEach((waiter) => waiter.resolve());
    });
  }
}

export function index(id: string, name = `index ${id}`): Index {
  return { _id: id, index_name: name, models: [] };
}

export function video(id: string, status = 'ready'): IndexedAsset {
  return { _id: id, status, system_metadata: { filename: `${id}.mp4` } };
}

export function page<T>(data: T[], info: Partial<PageInfo> = {}): Page<T> {
  return { data, page_info: { page: 1, limit_per_page: 50, total_page: 1, total_results: data.length, ...info } };
}

export const cancelled = () => new TwelveLabsError('cancelled', 0, 'cancelled', 'The request was cancelled.');
export const unavailable = () => new TwelveLabsError('http', 503, 'service_unavailable', 'Try later.');
export const noKey = () => new TwelveLabsError('noKey', 0, 'api_key_missing', 'No Twelve Labs API key is set.');

/** Stands in for `presentListingFailure` (which needs `vscode`) and keeps what it was asked to present. */
export class RecordingPresenter {
  readonly presented: { load: ListingLoad; error: unknown }[] = [];

  readonly present = (load: ListingLoad, error: unknown): ErrorPresentation => {
    this.presented.push({ load, error });
    const info =
      error instanceof TwelveLabsError
        ? { kind: error.kind, status: error.status, code: error.code, message: error.message }
        : { kind: 'noResponse' as const, status: 0, code: 'internal_error', message: String(error) };
    return { message: `${load.kind} failed: ${info.message}`, actions: [], info };
  };
}

/** Lets the promise jobs already queued run, so a request that something would start has been started. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
