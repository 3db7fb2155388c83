import type { IndexedAsset, IndexedAssetFilters, UserMetadata } from '../../api/assetTypes';
import { isTwelveLabsError } from '../../api/errors';
import type { Index, IndexFilters, Page, PageInfo } from '../../api/types';
import type { Clock } from '../../common/clock';
import { uniqueById } from '../../common/collections';
import { Emitter, type Disposable, type Event } from '../../common/emitter';
import { InFlight } from '../../common/inFlight';
import type { L10n } from '../../common/l10n';
import type { Logger } from '../../common/logging/logger';
import type { ErrorPresentation } from '../../common/presentError';
import type { LoadMoreResult, RefreshResult } from '../results';

/** Indexes per request: the server's maximum, so "Load more…" is rarely needed. */
export const INDEX_PAGE_SIZE = 50;
export const VIDEO_PAGE_SIZE = 20;

export type LoadMoreScope = { kind: 'indexes' } | { kind: 'videos'; indexId: string };

/** Which load failed, so that the failure can be named and offer the matching Retry. */
export type ListingLoad = { kind: 'firstPage' } | LoadMoreScope;

/**
 * The part of the API client the listing reads with. An index's videos are its indexed assets: the
 * spec marks `GET /indexes/{id}/videos` "will be deprecated", and every video is an indexed asset
 * under the same id, so the list also shows those still indexing or failed.
 */
export interface IndexListingSource {
  listIndexes(page: number, limit: number, filters: IndexFilters, options: { signal: AbortSignal }): Promise<Page<Index>>;
  listIndexedAssets(indexId: string, page: number, limit: number, filters: IndexedAssetFilters, options: { signal: AbortSignal }): Promise<Page<IndexedAsset>>;
  getIndex(indexId: string, options: { signal: AbortSignal }): Promise<Index>;
}

export interface IndexListingDeps {
  /** As `ApiClientProvider.get()`: it may reject before anything is sent (a bad URL, no consent). */
  client(): Promise<IndexListingSource>;
  clock: Clock;
  logger: Pick<Logger, 'warn'>;
  l10n: L10n;
  /** What the view and the notifications say about a failure; it lives with the view because it needs `vscode`. */
  presentFailure(load: ListingLoad, error: unknown): ErrorPresentation;
}

export interface Pages<T> {
  readonly items: readonly T[];
  readonly pageInfo: PageInfo;
  readonly pagesLoaded: number;
}

export type IndexesState =
  /** Nothing loaded since the last reset: the next `firstPage()` (the view being shown) loads. */
  | { readonly kind: 'stale' }
  | { readonly kind: 'noKey' }
  | ({ readonly kind: 'loaded' } & Pages<Index>)
  | { readonly kind: 'error'; readonly presentation: ErrorPresentation };

export type VideosState = ({ readonly kind: 'loaded' } & Pages<IndexedAsset>) | { readonly kind: 'error'; readonly presentation: ErrorPresentation };

export type ListingChange =
  /**
   * The indexes settled (loaded, failed, no key) or were edited in place. `forReader` is true when the
   * load was `firstPage()`'s: whoever asked for it is waiting to show the result, so needs no notice.
   */
  | { kind: 'indexes'; forReader: boolean }
  /** Everything was dropped without loading again (the view is hidden); the next `firstPage()` loads. */
  | { kind: 'forgotten' }
  /** The filter changed; its page 1 is loading and ends in an `indexes` change. */
  | { kind: 'filter' }
  /** An index's videos settled; `forReader` as for `indexes`, for `loadVideos()`. */
  | { kind: 'videos'; indexId: string; forReader: boolean };

export function hasMore(pages: Pages<unknown>): boolean {
  return pages.items.length < pages.pageInfo.total_results && pages.pagesLoaded < pages.pageInfo.total_page;
}

const NOTHING_MORE: LoadMoreResult = { outcome: 'nothingMore' };

/**
 * What one reset of the listing started, cancelled together. A reset (key, URL, filter, a mutation
 * under way) ends the generation: its requests are aborted and whatever they answer afterwards is
 * dropped. `ended` is the listing's only test of staleness.
 */
class Generation {
  private readonly controller = new AbortController();
  /** Page 1 of the indexes: loaded at most once per generation, so it needs no in-flight bookkeeping. */
  firstPage: Promise<RefreshResult> | undefined;
  /** The pages after it, by what they extend: two clicks on one "Load more…" are one request. */
  readonly morePages = new InFlight<string, LoadMoreResult>();

  constructor(
    readonly filter: string | undefined,
    /** A refresh reloads as many pages as were shown, so "Load more…" clicks are not undone. */
    readonly indexPagesWanted = 1,
    readonly videoPagesWanted: ReadonlyMap<string, number> = new Map(),
  ) {}

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get ended(): boolean {
    return this.controller.signal.aborted;
  }

  end(): void {
    this.controller.abort();
  }
}

/**
 * The indexes (and each index's videos) as far as they are loaded, with the name filter and paging.
 * Loads only when asked; free of `vscode`, so its timing rules are unit-tested in plain Node.
 */
export class IndexListing implements Disposable {
  private readonly changes = new Emitter<ListingChange>();
  readonly onDidChange: Event<ListingChange> = this.changes.event;
  private generation = new Generation(undefined);
  private state: IndexesState = { kind: 'stale' };
  private readonly videos = new Map<string, VideosState>();

  constructor(private readonly deps: IndexListingDeps) {}

  get filter(): string | undefined {
    return this.generation.filter;
  }

  get indexes(): IndexesState {
    return this.state;
  }

  videosOf(indexId: string): VideosState | undefined {
    return this.videos.get(indexId);
  }

  findIndex(indexId: string): Index | undefined {
    return this.state.kind === 'loaded' ? this.state.items.find((index) => index._id === indexId) : undefined;
  }

  findVideo(indexId: string, videoId: string): IndexedAsset | undefined {
    const videos = this.videos.get(indexId);
    return videos?.kind === 'loaded' ? videos.items.find((video) => video._id === videoId) : undefined;
  }

  /** Nothing is loaded and nothing is loading: whoever shows the indexes next must ask for page 1. */
  get needsFirstPage(): boolean {
    return this.state.kind === 'stale' && this.generation.firstPage === undefined;
  }

  /**
   * Page 1 for a reader that shows the result itself (the tree's `getChildren`): one request the first
   * time after a reset, the same answer after that.
   */
  firstPage(): Promise<RefreshResult> {
    return this.loadFirstPage(true);
  }

  /**
   * Resets and loads page 1 (one request). `joinInFlight` (the Refresh command) answers with a page 1
   * already loading instead: a burst of clicks is then one GET.
   */
  refresh(options: { joinInFlight?: boolean } = {}): Promise<RefreshResult> {
    if (!(options.joinInFlight && this.loadingFirstPage)) {
      const indexPages = this.state.kind === 'loaded' ? this.state.pagesLoaded : this.generation.indexPagesWanted;
      const videoPages = new Map<string, number>();
      for (const [indexId, videos] of this.videos) {
        if (videos.kind === 'loaded' && videos.pagesLoaded > 1) {
          videoPages.set(indexId, videos.pagesLoaded);
        }
      }
      this.reset(this.filter, indexPages, videoPages);
    }
    return this.loadFirstPage(false);
  }

  /** Resolves once no page 1 is loading, including one that a reset started while waiting. */
  async settled(): Promise<void> {
    let generation: Generation;
    do {
      generation = this.generation;
      await generation.firstPage?.catch(() => undefined);
    } while (generation !== this.generation);
  }

  /** Drops what was loaded without loading again: for when nobody is looking (the view is hidden). */
  forget(): void {
    this.reset(this.filter);
    this.changes.fire({ kind: 'forgotten' });
  }

  /** Blank clears the filter. */
  setFilter(text: string | undefined): Promise<RefreshResult> {
    this.reset(text?.trim() || undefined);
    this.changes.fire({ kind: 'filter' });
    return this.loadFirstPage(false);
  }

  loadMore(scope: LoadMoreScope): Promise<LoadMoreResult> {
    if (scope.kind === 'videos') {
      return this.loadVideoPage(scope.indexId, true);
    }
    const generation = this.generation;
    return generation.morePages.run('indexes', () => this.loadMoreIndexes(generation));
  }

  /** Page 1 of an index's videos for a reader that shows the result itself; joins a load of them under way. */
  loadVideos(indexId: string): Promise<LoadMoreResult> {
    return this.loadVideoPage(indexId, false);
  }

  /** After a successful rename: no request. */
  applyRename(indexId: string, newName: string): void {
    const updatedAt = new Date(this.deps.clock.now()).toISOString();
    this.edit((loaded) => ({
      ...loaded,
      items: loaded.items.map((index) => (index._id === indexId ? { ...index, index_name: newName, updated_at: updatedAt } : index)),
    }));
  }

  /** After a successful delete: no request. */
  applyDelete(indexId: string): void {
    this.videos.delete(indexId);
    this.edit((loaded) => {
      const items = loaded.items.filter((index) => index._id !== indexId);
      const removed = loaded.items.length - items.length;
      return { ...loaded, items, pageInfo: { ...loaded.pageInfo, total_results: Math.max(0, loaded.pageInfo.total_results - removed) } };
    });
  }

  /**
   * After a successful metadata edit: no request. The list's items carry no `user_metadata` (its
   * schema has none), so what the edit set is what the tooltip can show until the next reload.
   */
  applyVideoMetadata(indexId: string, videoId: string, metadata: UserMetadata): void {
    const updatedAt = new Date(this.deps.clock.now()).toISOString();
    this.editVideos(indexId, (loaded) => ({
      ...loaded,
      items: loaded.items.map((video) => (video._id === videoId ? { ...video, user_metadata: { ...metadata }, updated_at: updatedAt } : video)),
    }));
  }

  /**
   * After a successful video delete: no request. The index's count and duration drop with it, as the
   * server's do, when it was a ready video (only those count in `video_count`).
   */
  applyVideoDelete(indexId: string, deleted: IndexedAsset): void {
    this.editVideos(indexId, (loaded) => {
      const items = loaded.items.filter((video) => video._id !== deleted._id);
      const gone = loaded.items.length - items.length;
      return { ...loaded, items, pageInfo: { ...loaded.pageInfo, total_results: Math.max(0, loaded.pageInfo.total_results - gone) } };
    });
    if (deleted.status !== 'ready') {
      return;
    }
    const duration = deleted.system_metadata?.duration ?? 0;
    this.edit((loaded) => ({
      ...loaded,
      items: loaded.items.map((index) =>
        index._id === indexId
          ? { ...index, video_count: Math.max(0, (index.video_count ?? 0) - 1), total_duration: Math.max(0, (index.total_duration ?? 0) - duration) }
          : index,
      ),
    }));
  }

  /** After Create Index: reload page 1 and, if the new index is not on it (filter, sort), add it on top. */
  async showCreated(indexId: string): Promise<void> {
    await this.refresh();
    const generation = this.generation;
    if (this.state.kind !== 'loaded' || this.findIndex(indexId)) {
      return;
    }
    let index: Index;
    try {
      index = await (await this.deps.client()).getIndex(indexId, { signal: generation.signal });
    } catch (error) {
      if (!generation.ended) {
        this.deps.logger.warn('Could not fetch the new index to show it', error);
      }
      return;
    }
    const current = this.state;
    if (generation.ended || current.kind !== 'loaded' || this.findIndex(indexId)) {
      return;
    }
    this.state = { ...current, items: [index, ...current.items], pageInfo: { ...current.pageInfo, total_results: current.pageInfo.total_results + 1 } };
    this.changes.fire({ kind: 'indexes', forReader: false });
  }

  dispose(): void {
    this.generation.end();
    this.changes.dispose();
  }

  // ---- loading ------------------------------------------------------------------------------

  private get loadingFirstPage(): boolean {
    return this.state.kind === 'stale' && this.generation.firstPage !== undefined;
  }

  private reset(filter: string | undefined, indexPages = 1, videoPages: ReadonlyMap<string, number> = new Map()): void {
    this.generation.end();
    this.generation = new Generation(filter, indexPages, videoPages);
    this.state = { kind: 'stale' };
    this.videos.clear();
  }

  private loadFirstPage(forReader: boolean): Promise<RefreshResult> {
    const generation = this.generation;
    generation.firstPage ??= this.fetchFirstPage(generation, forReader);
    return generation.firstPage;
  }

  private async fetchFirstPage(generation: Generation, forReader: boolean): Promise<RefreshResult> {
    let page: Page<Index>;
    try {
      const client = await this.deps.client();
      page = await client.listIndexes(1, INDEX_PAGE_SIZE, filtersFor(generation.filter), { signal: generation.signal });
    } catch (error) {
      return generation.ended ? this.superseded() : this.settleFirstPageFailure(error, forReader);
    }
    if (generation.ended) {
      return this.superseded();
    }
    const { data, pageInfo, pagesLoaded } = await this.furtherPages(page, generation.indexPagesWanted, generation, (n) =>
      this.deps.client().then((client) => client.listIndexes(n, INDEX_PAGE_SIZE, filtersFor(generation.filter), { signal: generation.signal })),
    );
    if (generation.ended) {
      return this.superseded();
    }
    const items = uniqueById(data);
    this.state = { kind: 'loaded', items, pageInfo, pagesLoaded };
    this.changes.fire({ kind: 'indexes', forReader });
    return { outcome: 'loaded', shown: items.length, total: page.page_info.total_results, filter: generation.filter };
  }

  /**
   * Pages 2…`wanted` after page 1, one request each, shown together with it. A later page that fails
   * ends the list there: what loaded is shown, and "Load more…" picks up from it.
   */
  private async furtherPages<T>(first: Page<T>, wanted: number, generation: Generation, fetch: (page: number) => Promise<Page<T>>): Promise<{ data: T[]; pageInfo: PageInfo; pagesLoaded: number }> {
    const data = [...first.data];
    let pageInfo = first.page_info;
    let pagesLoaded = 1;
    const last = Math.min(wanted, first.page_info.total_page);
    while (pagesLoaded < last && !generation.ended) {
      try {
        const page = await fetch(pagesLoaded + 1);
        data.push(...page.data);
        pageInfo = page.page_info;
        pagesLoaded++;
      } catch (error) {
        if (!generation.ended) {
          this.deps.logger.warn(`Reloading page ${pagesLoaded + 1} failed; showing the first ${pagesLoaded}.`, error);
        }
        break;
      }
    }
    return { data, pageInfo, pagesLoaded };
  }

  private settleFirstPageFailure(error: unknown, forReader: boolean): RefreshResult {
    let result: RefreshResult;
    if (isTwelveLabsError(error) && error.kind === 'noKey' && error.code === 'api_key_missing') {
      this.state = { kind: 'noKey' };
      result = { outcome: 'noKey' };
    } else {
      const presentation = this.deps.presentFailure({ kind: 'firstPage' }, error);
      this.deps.logger.warn(`Loading indexes failed: ${presentation.info.code}`, presentation.info.message);
      this.state = { kind: 'error', presentation };
      result = { outcome: 'failed', error: presentation.info };
    }
    this.changes.fire({ kind: 'indexes', forReader });
    return result;
  }

  /** A page 1 overtaken by a reset answers with the newer page 1 if one is loading; it never starts one (nobody may be looking). */
  private superseded(): Promise<RefreshResult> {
    if (this.loadingFirstPage) {
      return this.loadFirstPage(false);
    }
    const { l10n } = this.deps;
    const message = l10n.t('Superseded by a newer refresh.');
    return Promise.resolve({ outcome: 'failed', error: { kind: 'cancelled', status: 0, code: 'cancelled', message } });
  }

  private async loadMoreIndexes(generation: Generation): Promise<LoadMoreResult> {
    const before = this.state;
    if (before.kind !== 'loaded' || !hasMore(before)) {
      return NOTHING_MORE;
    }
    const pageNumber = before.pagesLoaded + 1;
    let page: Page<Index>;
    try {
      const client = await this.deps.client();
      page = await client.listIndexes(pageNumber, INDEX_PAGE_SIZE, filtersFor(generation.filter), { signal: generation.signal });
    } catch (error) {
      // Overtaken by a reset: the failure (usually just our own abort) concerns a list nobody shows any more.
      return generation.ended ? NOTHING_MORE : { outcome: 'failed', error: this.deps.presentFailure({ kind: 'indexes' }, error).info };
    }
    const current = this.state;
    if (generation.ended || current.kind !== 'loaded') {
      return NOTHING_MORE;
    }
    const items = uniqueById([...current.items, ...page.data]);
    this.state = { kind: 'loaded', items, pageInfo: page.page_info, pagesLoaded: pageNumber };
    this.changes.fire({ kind: 'indexes', forReader: false });
    return { outcome: 'loaded', scope: 'indexes', added: items.length - current.items.length, shown: items.length, total: page.page_info.total_results };
  }

  /** The first and the further pages of one index share a slot: whichever runs, the other joins it. */
  private loadVideoPage(indexId: string, more: boolean): Promise<LoadMoreResult> {
    const generation = this.generation;
    return generation.morePages.run(`videos:${indexId}`, () => this.fetchVideos(generation, indexId, more));
  }

  private async fetchVideos(generation: Generation, indexId: string, more: boolean): Promise<LoadMoreResult> {
    const known = this.videos.get(indexId);
    const loaded = known?.kind === 'loaded' ? known : undefined;
    if (more && loaded && !hasMore(loaded)) {
      return NOTHING_MORE;
    }
    const pageNumber = more && loaded ? loaded.pagesLoaded + 1 : 1;
    const forReader = !more;
    let page: Page<IndexedAsset>;
    try {
      const client = await this.deps.client();
      page = await client.listIndexedAssets(indexId, pageNumber, VIDEO_PAGE_SIZE, {}, { signal: generation.signal });
    } catch (error) {
      if (generation.ended) {
        return NOTHING_MORE;
      }
      const presentation = this.deps.presentFailure({ kind: 'videos', indexId }, error);
      if (!loaded) {
        this.videos.set(indexId, { kind: 'error', presentation });
      }
      this.changes.fire({ kind: 'videos', indexId, forReader });
      return { outcome: 'failed', error: presentation.info };
    }
    if (generation.ended) {
      return NOTHING_MORE;
    }
    let fetched = { data: page.data, pageInfo: page.page_info, pagesLoaded: pageNumber };
    if (pageNumber === 1) {
      fetched = await this.furtherPages(page, generation.videoPagesWanted.get(indexId) ?? 1, generation, (n) =>
        this.deps.client().then((client) => client.listIndexedAssets(indexId, n, VIDEO_PAGE_SIZE, {}, { signal: generation.signal })),
      );
      if (generation.ended) {
        return NOTHING_MORE;
      }
    }
    const previous = pageNumber > 1 && loaded ? loaded.items : [];
    const items = uniqueById([...previous, ...fetched.data]);
    this.videos.set(indexId, { kind: 'loaded', items, pageInfo: fetched.pageInfo, pagesLoaded: fetched.pagesLoaded });
    this.changes.fire({ kind: 'videos', indexId, forReader });
    return { outcome: 'loaded', scope: 'videos', indexId, added: items.length - previous.length, shown: items.length, total: page.page_info.total_results };
  }

  /** Applies a mutation to an index's loaded videos; nothing when they are not loaded (the next load has it). */
  private editVideos(indexId: string, change: (loaded: Extract<VideosState, { kind: 'loaded' }>) => VideosState): void {
    const videos = this.videos.get(indexId);
    if (videos?.kind === 'loaded') {
      this.videos.set(indexId, change(videos));
      this.changes.fire({ kind: 'videos', indexId, forReader: false });
    }
  }

  /**
   * Applies a mutation to the loaded indexes. If page 1 is still loading, its answer may predate the
   * mutation: that load is outdated, so it is aborted and page 1 asked for again.
   */
  private edit(change: (loaded: Extract<IndexesState, { kind: 'loaded' }>) => IndexesState): void {
    if (this.state.kind === 'loaded') {
      this.state = change(this.state);
      this.changes.fire({ kind: 'indexes', forReader: false });
    } else if (this.loadingFirstPage) {
      void this.refresh();
    }
  }
}

function filtersFor(filter: string | undefined): IndexFilters {
  return filter !== undefined ? { indexName: filter } : {};
}
