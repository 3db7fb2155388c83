import * as assert from 'node:assert/strict';
import { TwelveLabsError } from '../../../src/api/errors';
import type { Index } from '../../../src/api/types';
import {
  INDEX_PAGE_SIZE,
  IndexListing,
  VIDEO_PAGE_SIZE,
  hasMore,
  type IndexListingSource,
  type IndexesState,
  type ListingChange,
} from '../../../src/indexes/tree/indexListing';
import { FakeClock } from '../fakes/clock';
import { fakeL10n } from '../fakes/l10n';
import { MemoryLogger } from '../fakes/logger';
import { FakeIndexApi, RecordingPresenter, cancelled, index, noKey, page, settle, unavailable, video } from './fakeIndexApi';

const NOW = Date.UTC(2025, 4, 2, 12, 30);

function setup(options: { client?: () => Promise<IndexListingSource> } = {}) {
  const api = new FakeIndexApi();
  const presenter = new RecordingPresenter();
  const logger = new MemoryLogger();
  const listing = new IndexListing({
    client: options.client ?? (() => Promise.resolve(api)),
    clock: new FakeClock(NOW),
    logger,
    l10n: fakeL10n,
    presentFailure: presenter.present,
  });
  const changes: ListingChange[] = [];
  listing.onDidChange((change) => changes.push(change));
  return { api, presenter, logger, listing, changes };
}

type Setup = ReturnType<typeof setup>;

/** Page 1 loaded by a reader with `indexes`, as the `nth` request. */
async function loadFirstPage({ api, listing }: Setup, indexes: Index[], info: Parameters<typeof page>[1] = {}, nth = 1): Promise<void> {
  const loading = listing.firstPage();
  (await api.request(nth)).answer(page(indexes, info));
  await loading;
}

function loaded(state: IndexesState): Extract<IndexesState, { kind: 'loaded' }> {
  assert.ok(state.kind === 'loaded', `expected loaded indexes, got ${state.kind}`);
  return state;
}

function ids(state: IndexesState): string[] {
  return loaded(state).items.map((item) => item._id);
}

const SUPERSEDED = { outcome: 'failed', error: { kind: 'cancelled', status: 0, code: 'cancelled', message: 'Superseded by a newer refresh.' } };

describe('index listing', () => {
  describe('page 1', () => {
    it('asks for nothing until asked', async () => {
      const { api, listing } = setup();
      await settle();
      assert.equal(api.requests.length, 0);
      assert.equal(listing.indexes.kind, 'stale');
      assert.equal(listing.needsFirstPage, true);
    });

    it('appears after exactly one request, which concurrent readers share', async () => {
      const { api, listing, changes } = setup();
      const first = listing.firstPage();
      const second = listing.firstPage();
      assert.equal(listing.needsFirstPage, false, 'a load is under way');
      const request = await api.request(1);
      assert.deepEqual(request.call, { method: 'listIndexes', page: 1, limit: INDEX_PAGE_SIZE, filters: {} });
      request.answer(page([index('a'), index('b')]));
      const expected = { outcome: 'loaded', shown: 2, total: 2, filter: undefined };
      assert.deepEqual(await first, expected);
      assert.deepEqual(await second, expected);
      assert.deepEqual(ids(listing.indexes), ['a', 'b']);
      assert.deepEqual(await listing.firstPage(), expected, 'later readers get the same page 1');
      await settle();
      assert.equal(api.requests.length, 1);
      assert.deepEqual(changes, [{ kind: 'indexes', forReader: true }], 'the reader shows it itself: no separate notice');
    });

    it('a Refresh announces what it loaded', async () => {
      const setupped = setup();
      const refreshed = setupped.listing.refresh();
      (await setupped.api.request(1)).answer(page([index('a')]));
      await refreshed;
      assert.deepEqual(setupped.changes, [{ kind: 'indexes', forReader: false }]);
    });

    it('without a key it is in the no-key state, not failed', async () => {
      const { api, listing, presenter } = setup();
      const loading = listing.firstPage();
      (await api.request(1)).fail(noKey());
      assert.deepEqual(await loading, { outcome: 'noKey' });
      assert.equal(listing.indexes.kind, 'noKey');
      assert.deepEqual(presenter.presented, []);
    });

    it('a failure becomes the error state, presented once and logged', async () => {
      const { api, listing, presenter, logger } = setup();
      const loading = listing.firstPage();
      (await api.request(1)).fail(unavailable());
      const result = await loading;
      assert.ok(result.outcome === 'failed');
      assert.equal(result.error.code, 'service_unavailable');
      const state = listing.indexes;
      assert.ok(state.kind === 'error');
      assert.equal(state.presentation.message, 'firstPage failed: Try later.');
      assert.deepEqual(presenter.presented.map((entry) => entry.load), [{ kind: 'firstPage' }]);
      assert.ok(logger.lines.some((line) => line.startsWith('[warn] Loading indexes failed: service_unavailable')));
    });

    it('a client that cannot be had (bad URL) fails the load before any request', async () => {
      const refused = new TwelveLabsError('config', 0, 'api_url_invalid', 'Not a URL.');
      const { api, listing } = setup({ client: () => Promise.reject(refused) });
      const result = await listing.firstPage();
      assert.ok(result.outcome === 'failed');
      assert.equal(result.error.code, 'api_url_invalid');
      assert.equal(api.requests.length, 0);
    });
  });

  describe('load more', () => {
    it('appends the next page and follows its page info', async () => {
      const setupped = setup();
      const { api, listing } = setupped;
      await loadFirstPage(setupped, [index('a'), index('b')], { total_page: 2, total_results: 3 });
      assert.equal(hasMore(loaded(listing.indexes)), true);
      const more = listing.loadMore({ kind: 'indexes' });
      const request = await api.request(2);
      assert.deepEqual(request.call, { method: 'listIndexes', page: 2, limit: INDEX_PAGE_SIZE, filters: {} });
      // The list shifted meanwhile: page 2 repeats `b`.
      request.answer(page([index('b'), index('c')], { page: 2, total_page: 2, total_results: 3 }));
      assert.deepEqual(await more, { outcome: 'loaded', scope: 'indexes', added: 1, shown: 3, total: 3 });
      assert.deepEqual(ids(listing.indexes), ['a', 'b', 'c']);
      assert.equal(loaded(listing.indexes).pagesLoaded, 2);
      assert.deepEqual(await listing.loadMore({ kind: 'indexes' }), { outcome: 'nothingMore' });
      await settle();
      assert.equal(api.requests.length, 2);
    });

    it('a Refresh reloads as many pages as were shown, one request each, and shows them together', async () => {
      const setupped = setup();
      const { api, listing, changes } = setupped;
      await loadFirstPage(setupped, [index('a')], { total_page: 3, total_results: 3 });
      const more = listing.loadMore({ kind: 'indexes' });
      (await api.request(2)).answer(page([index('b')], { page: 2, total_page: 3, total_results: 3 }));
      await more;
      changes.length = 0;

      const refreshed = listing.refresh();
      const first = await api.request(3);
      assert.deepEqual(first.call, { method: 'listIndexes', page: 1, limit: INDEX_PAGE_SIZE, filters: {} });
      first.answer(page([index('a2')], { total_page: 3, total_results: 3 }));
      const second = await api.request(4);
      assert.deepEqual(second.call, { method: 'listIndexes', page: 2, limit: INDEX_PAGE_SIZE, filters: {} });
      assert.deepEqual(changes, [], 'nothing is shown until both pages are in');
      second.answer(page([index('b2')], { page: 2, total_page: 3, total_results: 3 }));
      assert.deepEqual(await refreshed, { outcome: 'loaded', shown: 2, total: 3, filter: undefined });
      assert.deepEqual(ids(listing.indexes), ['a2', 'b2']);
      assert.equal(loaded(listing.indexes).pagesLoaded, 2);
      assert.equal(hasMore(loaded(listing.indexes)), true, 'page 3 is still one "Load more…" away');
      await settle();
      assert.equal(api.requests.length, 4);
    });

    it('a Refresh whose later page fails shows what loaded, and "Load more…" goes on from there', async () => {
      const setupped = setup();
      const { api, listing, logger } = setupped;
      await loadFirstPage(setupped, [index('a')], { total_page: 2, total_results: 2 });
      const more = listing.loadMore({ kind: 'indexes' });
      (await api.request(2)).answer(page([index('b')], { page: 2, total_page: 2, total_results: 2 }));
      await more;
      const refreshed = listing.refresh();
      (await api.request(3)).answer(page([index('a')], { total_page: 2, total_results: 2 }));
      (await api.request(4)).fail(unavailable());
      assert.equal((await refreshed).outcome, 'loaded');
      assert.deepEqual(ids(listing.indexes), ['a']);
      assert.equal(loaded(listing.indexes).pagesLoaded, 1);
      assert.ok(logger.lines.some((line) => line.includes('Reloading page 2 failed')));
    });

    it('a new filter starts again from page 1 alone', async () => {
      const setupped = setup();
      const { api, listing } = setupped;
      await loadFirstPage(setupped, [index('a')], { total_page: 2, total_results: 2 });
      const more = listing.loadMore({ kind: 'indexes' });
      (await api.request(2)).answer(page([index('b')], { page: 2, total_page: 2, total_results: 2 }));
      await more;
      const filtered = listing.setFilter('x');
      (await api.request(3)).answer(page([index('x1')], { total_page: 2, total_results: 2 }));
      await filtered;
      await settle();
      assert.equal(api.requests.length, 3);
    });

    it('asks for nothing when the page info says there is no more', async () => {
      const setupped = setup();
      await loadFirstPage(setupped, [index('a')], { total_page: 1, total_results: 4 });
      assert.deepEqual(await setupped.listing.loadMore({ kind: 'indexes' }), { outcome: 'nothingMore' });
      assert.equal(setupped.api.requests.length, 1);
    });

    it('two clicks on "Load more…" are one request', async () => {
      const setupped = setup();
      const { api, listing } = setupped;
      await loadFirstPage(setupped, [index('a')], { total_page: 2, total_results: 2 });
      const first = listing.loadMore({ kind: 'indexes' });
      const second = listing.loadMore({ kind: 'indexes' });
      (await api.request(2)).answer(page([index('b')], { page: 2, total_page: 2, total_results: 2 }));
      assert.equal(await first, await second);
      await settle();
      assert.equal(api.requests.length, 2);
    });

    it('a failure keeps the loaded pages and reports it', async () => {
      const setupped = setup();
      const { api, listing, presenter } = setupped;
      await loadFirstPage(setupped, [index('a')], { total_page: 2, total_results: 2 });
      const more = listing.loadMore({ kind: 'indexes' });
      (await api.request(2)).fail(unavailable());
      const result = await more;
      assert.ok(result.outcome === 'failed');
      assert.equal(result.error.status, 503);
      assert.deepEqual(ids(listing.indexes), ['a']);
      assert.deepEqual(presenter.presented.map((entry) => entry.load), [{ kind: 'indexes' }]);
    });
  });

  describe('filter', () => {
    it('resets the paging and sends the filter', async () => {
      const setupped = setup();
      const { api, listing, changes } = setupped;
      await loadFirstPage(setupped, [index('a')], { total_page: 2, total_results: 2 });
      const more = listing.loadMore({ kind: 'indexes' });
      (await api.request(2)).answer(page([index('b')], { page: 2, total_page: 2, total_results: 2 }));
      await more;
      const filtered = listing.setFilter('  cats ');
      assert.equal(listing.filter, 'cats');
      assert.equal(listing.indexes.kind, 'stale');
      assert.deepEqual(changes.at(-1), { kind: 'filter' });
      const request = await api.request(3);
      assert.deepEqual(request.call, { method: 'listIndexes', page: 1, limit: INDEX_PAGE_SIZE, filters: { indexName: 'cats' } });
      request.answer(page([index('c', 'cats')]));
      assert.deepEqual(await filtered, { outcome: 'loaded', shown: 1, total: 1, filter: 'cats' });
      assert.deepEqual(ids(listing.indexes), ['c']);
      assert.equal(loaded(listing.indexes).pagesLoaded, 1);
    });

    it('aborts the load it replaces', async () => {
      const { api, listing } = setup();
      void listing.firstPage();
      const unfiltered = await api.request(1);
      void listing.setFilter('dogs');
      assert.equal(unfiltered.signal.aborted, true);
    });

    it('a blank filter clears it', async () => {
      const { api, listing } = setup();
      void listing.setFilter('cats');
      void listing.setFilter('   ');
      assert.equal(listing.filter, undefined);
      assert.deepEqual((await api.request(2)).call, { method: 'listIndexes', page: 1, limit: INDEX_PAGE_SIZE, filters: {} });
    });
  });

  describe('staleness', () => {
    it('a superseded page 1 that still succeeds is dropped; its callers get the newer page 1', async () => {
      const { api, listing } = setup();
      const old = listing.firstPage();
      const oldRequest = await api.request(1);
      const fresh = listing.refresh();
      assert.equal(oldRequest.signal.aborted, true);
      const freshRequest = await api.request(2);
      oldRequest.answer(page([index('old')]));
      await settle();
      assert.equal(listing.indexes.kind, 'stale', 'the late answer is not shown');
      freshRequest.answer(page([index('new')]));
      const expected = { outcome: 'loaded', shown: 1, total: 1, filter: undefined };
      assert.deepEqual(await fresh, expected);
      assert.deepEqual(await old, expected);
      assert.deepEqual(ids(listing.indexes), ['new']);
    });

    it('a superseded page 1 that fails leaves the newer state alone', async () => {
      const { api, listing, presenter } = setup();
      const old = listing.firstPage();
      const oldRequest = await api.request(1);
      const fresh = listing.refresh();
      (await api.request(2)).answer(page([index('new')]));
      await fresh;
      oldRequest.fail(cancelled());
      assert.deepEqual(await old, SUPERSEDED);
      assert.deepEqual(ids(listing.indexes), ['new']);
      assert.deepEqual(presenter.presented, []);
    });

    it('a "Load more…" overtaken by a reset is dropped when it fails, instead of reporting the abort', async () => {
      const setupped = setup();
      const { api, listing, presenter } = setupped;
      await loadFirstPage(setupped, [index('a')], { total_page: 2, total_results: 2 });
      const more = listing.loadMore({ kind: 'indexes' });
      const moreRequest = await api.request(2);
      const fresh = listing.refresh();
      assert.equal(moreRequest.signal.aborted, true);
      (await api.request(3)).answer(page([index('fresh')]));
      await fresh;
      moreRequest.fail(cancelled());
      assert.deepEqual(await more, { outcome: 'nothingMore' });
      assert.deepEqual(presenter.presented, []);
      assert.deepEqual(ids(listing.indexes), ['fresh']);
    });

    it('a "Load more…" overtaken by a reset is dropped when it succeeds', async () => {
      const setupped = setup();
      const { api, listing } = setupped;
      await loadFirstPage(setupped, [index('a')], { total_page: 2, total_results: 2 });
      const more = listing.loadMore({ kind: 'indexes' });
      const moreRequest = await api.request(2);
      const fresh = listing.refresh();
      (await api.request(3)).answer(page([index('fresh')]));
      await fresh;
      moreRequest.answer(page([index('b')], { page: 2, total_page: 2, total_results: 2 }));
      assert.deepEqual(await more, { outcome: 'nothingMore' });
      assert.deepEqual(ids(listing.indexes), ['fresh']);
      assert.equal(loaded(listing.indexes).pagesLoaded, 1);
    });

    it('videos loading when the listing is reset are dropped, answered or failed', async () => {
      const { api, listing, presenter } = setup();
      const answered = listing.loadVideos('a');
      const failed = listing.loadVideos('b');
      const [aRequest, bRequest] = [await api.request(1), await api.request(2)];
      void listing.refresh();
      aRequest.answer(page([video('v1')]));
      bRequest.fail(cancelled());
      assert.deepEqual(await answered, { outcome: 'nothingMore' });
      assert.deepEqual(await failed, { outcome: 'nothingMore' });
      assert.equal(listing.videosOf('a'), undefined);
      assert.equal(listing.videosOf('b'), undefined);
      assert.deepEqual(presenter.presented, []);
    });
  });

  describe('joining a load under way', () => {
    it('Refresh with joinInFlight answers with the page 1 already loading', async () => {
      const { api, listing } = setup();
      const reading = listing.firstPage();
      const request = await api.request(1);
      const joined = listing.refresh({ joinInFlight: true });
      await settle();
      assert.equal(api.requests.length, 1);
      assert.equal(request.signal.aborted, false);
      request.answer(page([index('a')]));
      assert.deepEqual(await joined, await reading);
    });

    it('without joinInFlight a Refresh aborts it and starts again', async () => {
      const { api, listing } = setup();
      void listing.firstPage();
      const request = await api.request(1);
      void listing.refresh();
      assert.equal(request.signal.aborted, true);
      assert.deepEqual((await api.request(2)).call.method, 'listIndexes');
    });

    it('once page 1 has landed, Refresh with joinInFlight loads again', async () => {
      const setupped = setup();
      await loadFirstPage(setupped, [index('a')]);
      void setupped.listing.refresh({ joinInFlight: true });
      assert.deepEqual((await setupped.api.request(2)).call, { method: 'listIndexes', page: 1, limit: INDEX_PAGE_SIZE, filters: {} });
    });
  });

  describe('mutations', () => {
    it('a rename updates the index in place without a request', async () => {
      const setupped = setup();
      const { api, listing, changes } = setupped;
      await loadFirstPage(setupped, [index('a', 'old name'), index('b')]);
      listing.applyRename('a', 'new name');
      const renamed = listing.findIndex('a');
      assert.equal(renamed?.index_name, 'new name');
      assert.equal(renamed?.updated_at, new Date(NOW).toISOString());
      assert.equal(listing.findIndex('b')?.index_name, 'index b');
      assert.deepEqual(changes.at(-1), { kind: 'indexes', forReader: false });
      await settle();
      assert.equal(api.requests.length, 1);
    });

    it('a delete removes the index, its videos and one from the total, without a request', async () => {
      const setupped = setup();
      const { api, listing } = setupped;
      await loadFirstPage(setupped, [index('a'), index('b')], { total_results: 2 });
      const videos = listing.loadVideos('a');
      (await api.request(2)).answer(page([video('v1')]));
      await videos;
      listing.applyDelete('a');
      assert.deepEqual(ids(listing.indexes), ['b']);
      assert.equal(loaded(listing.indexes).pageInfo.total_results, 1);
      assert.equal(listing.videosOf('a'), undefined);
      listing.applyDelete('not-listed');
      assert.equal(loaded(listing.indexes).pageInfo.total_results, 1, 'an index that was not listed changes no count');
      await settle();
      assert.equal(api.requests.length, 2);
    });

    it('a created index missing from the new page 1 is fetched and put on top', async () => {
      const { api, listing } = setup();
      const shown = listing.showCreated('new');
      (await api.request(1)).answer(page([index('a')], { total_results: 1 }));
      const lookUp = await api.request(2);
      assert.deepEqual(lookUp.call, { method: 'getIndex', indexId: 'new' });
      lookUp.answer(index('new'));
      await shown;
      assert.deepEqual(ids(listing.indexes), ['new', 'a']);
      assert.equal(loaded(listing.indexes).pageInfo.total_results, 2);
    });

    it('a created index already on the new page 1 needs no second request', async () => {
      const { api, listing } = setup();
      const shown = listing.showCreated('new');
      (await api.request(1)).answer(page([index('new'), index('a')]));
      await shown;
      await settle();
      assert.equal(api.requests.length, 1);
      assert.deepEqual(ids(listing.indexes), ['new', 'a']);
    });

    it('a mutation while page 1 is loading makes that load outdated: it is aborted and page 1 asked for again', async () => {
      const { api, listing } = setup();
      const reading = listing.firstPage();
      const before = await api.request(1);
      listing.applyDelete('a');
      assert.equal(before.signal.aborted, true);
      const after = await api.request(2);
      assert.deepEqual(after.call, { method: 'listIndexes', page: 1, limit: INDEX_PAGE_SIZE, filters: {} });
      before.answer(page([index('a'), index('b')]));
      after.answer(page([index('b')]));
      assert.deepEqual(await reading, { outcome: 'loaded', shown: 1, total: 1, filter: undefined });
      assert.deepEqual(ids(listing.indexes), ['b']);
    });
  });

  describe('videos', () => {
    it('a Refresh reloads as many video pages as an index showed, when the view asks for them again', async () => {
      const setupped = setup();
      const { api, listing } = setupped;
      await loadFirstPage(setupped, [index('a')]);
      const first = listing.loadVideos('a');
      (await api.request(2)).answer(page([video('v1')], { total_page: 3, total_results: 3 }));
      await first;
      const more = listing.loadMore({ kind: 'videos', indexId: 'a' });
      (await api.request(3)).answer(page([video('v2')], { page: 2, total_page: 3, total_results: 3 }));
      await more;

      const refreshed = listing.refresh();
      (await api.request(4)).answer(page([index('a')]));
      await refreshed;
      const again = listing.loadVideos('a');
      const one = await api.request(5);
      assert.deepEqual(one.call, { method: 'listIndexedAssets', indexId: 'a', page: 1, limit: VIDEO_PAGE_SIZE, filters: {} });
      one.answer(page([video('v1')], { total_page: 3, total_results: 3 }));
      const two = await api.request(6);
      assert.deepEqual(two.call, { method: 'listIndexedAssets', indexId: 'a', page: 2, limit: VIDEO_PAGE_SIZE, filters: {} });
      two.answer(page([video('v2')], { page: 2, total_page: 3, total_results: 3 }));
      assert.deepEqual(await again, { outcome: 'loaded', scope: 'videos', indexId: 'a', added: 2, shown: 2, total: 3 });
      const a = listing.videosOf('a');
      assert.ok(a?.kind === 'loaded');
      assert.equal(a.pagesLoaded, 2);
    });

    it('are paged per index', async () => {
      const { api, listing } = setup();
      const ofA = listing.loadVideos('a');
      const ofB = listing.loadVideos('b');
      const [aRequest, bRequest] = [await api.request(1), await api.request(2)];
      assert.deepEqual(aRequest.call, { method: 'listIndexedAssets', indexId: 'a', page: 1, limit: VIDEO_PAGE_SIZE, filters: {} });
      assert.deepEqual(bRequest.call, { method: 'listIndexedAssets', indexId: 'b', page: 1, limit: VIDEO_PAGE_SIZE, filters: {} });
      aRequest.answer(page([video('v1'), video('v2')], { total_page: 2, total_results: 3 }));
      bRequest.answer(page([]));
      assert.deepEqual(await ofA, { outcome: 'loaded', scope: 'videos', indexId: 'a', added: 2, shown: 2, total: 3 });
      await ofB;

      const more = listing.loadMore({ kind: 'videos', indexId: 'a' });
      const next = await api.request(3);
      assert.deepEqual(next.call, { method: 'listIndexedAssets', indexId: 'a', page: 2, limit: VIDEO_PAGE_SIZE, filters: {} });
      next.answer(page([video('v3')], { page: 2, total_page: 2, total_results: 3 }));
      assert.deepEqual(await more, { outcome: 'loaded', scope: 'videos', indexId: 'a', added: 1, shown: 3, total: 3 });

      const a = listing.videosOf('a');
      assert.ok(a?.kind === 'loaded');
      assert.deepEqual(
        a.items.map((item) => item._id),
        ['v1', 'v2', 'v3'],
      );
      assert.equal(a.pagesLoaded, 2);
      const b = listing.videosOf('b');
      assert.ok(b?.kind === 'loaded');
      assert.deepEqual(b.items, []);
      assert.deepEqual(await listing.loadMore({ kind: 'videos', indexId: 'a' }), { outcome: 'nothingMore' });
      await settle();
      assert.equal(api.requests.length, 3);
    });

    it('a reader and "Load more…" on the same index share one request', async () => {
      const { api, listing } = setup();
      const reading = listing.loadVideos('a');
      const clicked = listing.loadMore({ kind: 'videos', indexId: 'a' });
      (await api.request(1)).answer(page([video('v1')]));
      assert.equal(await clicked, await reading);
      await settle();
      assert.equal(api.requests.length, 1);
    });

    it('a failed first page is the index error state; a failed later page keeps what is loaded', async () => {
      const { api, listing, changes } = setup();
      const first = listing.loadVideos('a');
      (await api.request(1)).fail(unavailable());
      assert.equal((await first).outcome, 'failed');
      assert.equal(listing.videosOf('a')?.kind, 'error');

      const retry = listing.loadMore({ kind: 'videos', indexId: 'a' });
      const retried = await api.request(2);
      assert.equal(retried.call.method === 'listIndexedAssets' && retried.call.page, 1, 'after a failed first page, "more" is page 1 again');
      retried.answer(page([video('v1')], { total_page: 2, total_results: 2 }));
      await retry;

      const more = listing.loadMore({ kind: 'videos', indexId: 'a' });
      (await api.request(3)).fail(unavailable());
      assert.equal((await more).outcome, 'failed');
      const state = listing.videosOf('a');
      assert.ok(state?.kind === 'loaded');
      assert.deepEqual(
        state.items.map((item) => item._id),
        ['v1'],
      );
      assert.deepEqual(changes, [
        { kind: 'videos', indexId: 'a', forReader: true },
        { kind: 'videos', indexId: 'a', forReader: false },
        { kind: 'videos', indexId: 'a', forReader: false },
      ]);
    });
  });

  describe('video edits', () => {
    async function loadedWithVideos() {
      const setupped = setup();
      const { api, listing } = setupped;
      await loadFirstPage(setupped, [{ ...index('a'), video_count: 2, total_duration: 50 }]);
      const loading = listing.loadVideos('a');
      const ready = { ...video('v1'), system_metadata: { filename: 'v1.mp4', duration: 20 } };
      (await api.request(2)).answer(page([ready, video('v2', 'indexing')], { total_results: 2 }));
      await loading;
      setupped.changes.length = 0;
      return { ...setupped, ready };
    }

    it('new metadata is shown on the loaded video without a request', async () => {
      const { api, listing, changes } = await loadedWithVideos();
      listing.applyVideoMetadata('a', 'v1', { topic: 'demo', take: 2 });
      assert.deepEqual(listing.findVideo('a', 'v1')?.user_metadata, { topic: 'demo', take: 2 });
      assert.equal(listing.findVideo('a', 'v1')?.updated_at, new Date(NOW).toISOString());
      assert.equal(listing.findVideo('a', 'v2')?.user_metadata, undefined);
      assert.deepEqual(changes, [{ kind: 'videos', indexId: 'a', forReader: false }]);
      await settle();
      assert.equal(api.requests.length, 2);
    });

    it('a deleted ready video leaves the list, and the index counts one video and its duration less', async () => {
      const { api, listing, ready } = await loadedWithVideos();
      listing.applyVideoDelete('a', ready);
      const videos = listing.videosOf('a');
      assert.ok(videos?.kind === 'loaded');
      assert.deepEqual(
        videos.items.map((item) => item._id),
        ['v2'],
      );
      assert.equal(videos.pageInfo.total_results, 1);
      assert.deepEqual([listing.findIndex('a')?.video_count, listing.findIndex('a')?.total_duration], [1, 30]);
      await settle();
      assert.equal(api.requests.length, 2);
    });

    it('a deleted video still indexing was never counted, so the index count stays', async () => {
      const { listing } = await loadedWithVideos();
      listing.applyVideoDelete('a', video('v2', 'indexing'));
      assert.equal(listing.findVideo('a', 'v2'), undefined);
      assert.equal(listing.findIndex('a')?.video_count, 2);
    });
  });

  describe('forget', () => {
    it('drops what was loaded without a request; the next reader loads afresh', async () => {
      const setupped = setup();
      const { api, listing, changes } = setupped;
      await loadFirstPage(setupped, [index('a')]);
      listing.forget();
      assert.deepEqual(changes.at(-1), { kind: 'forgotten' });
      assert.equal(listing.indexes.kind, 'stale');
      assert.equal(listing.needsFirstPage, true);
      await settle();
      assert.equal(api.requests.length, 1);
      await loadFirstPage(setupped, [index('b')], {}, 2);
      assert.deepEqual(ids(listing.indexes), ['b']);
    });

    it('aborts a load under way, whose callers then hear it was superseded', async () => {
      const { api, listing } = setup();
      const reading = listing.firstPage();
      const request = await api.request(1);
      listing.forget();
      assert.equal(request.signal.aborted, true);
      request.answer(page([index('a')]));
      assert.deepEqual(await reading, SUPERSEDED);
      assert.equal(listing.indexes.kind, 'stale');
      await settle();
      assert.equal(api.requests.length, 1, 'nothing is loaded again until asked');
    });
  });
});
