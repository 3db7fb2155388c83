/**
 * Figures for `npm run bench` (bench/searchPaint.ts): the Search view from a search response to its
 * first cards painted, and paging through 1,000 results. Behaviour is asserted (every result arrives,
 * the view draws a bounded window); time and memory are only recorded.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionTestApi } from '../build/testApi';
import type { FakeTwelveLabs } from '../fake/server';
import { SEARCH_PAINT_FILE, type SearchPaintFigures } from './perfFiles';
import { CANARY_KEY, activateExtension, lastSearchState, requireUi, setSetting, startFake, ui, waitFor } from './support';

const PAINT_RUNS = 5;
const PAGE = 50;
const PAGED_RESULTS = 1_000;

interface PageMetrics {
  elements: number;
  heapBytes?: number;
}

describe('Search view paint (real host)', () => {
  let api: ExtensionTestApi;
  let fake: FakeTwelveLabs;
  let indexId: string;

  const lastState = () => lastSearchState(api);
  const resultCount = () => (lastState()?.groups ?? []).reduce((sum, group) => sum + group.cards.length, 0);

  before(async function () {
    requireUi(this);
    this.timeout(120_000);
    api = await activateExtension();
    fake = await startFake({ taskAdvance: 'instant' });
    [indexId] = fake.seedIndexes(1, { namePrefix: 'paint', videosPerIndex: 0 });
    for (let run = 0; run < PAINT_RUNS; run++) {
      // Each run's query matches its own ten videos, five lines each: 50 clips, and a first card no earlier run drew.
      fake.seedSearchableVideos(
        indexId,
        Array.from({ length: 10 }, (_, v) => ({
          filename: `run${run}-video${v}.mp4`,
          duration: 10,
          transcript: Array.from({ length: 5 }, (_, line) => ({ start: line * 2, end: line * 2 + 2, value: `marker${run} line ${line}` })),
        })),
      );
    }
    fake.seedSearchableVideos(
      indexId,
      Array.from({ length: 20 }, (_, v) => ({
        filename: `paged-${v}.mp4`,
        duration: 100,
        transcript: Array.from({ length: 50 }, (_, line) => ({ start: line * 2, end: line * 2 + 2, value: `pageable moment ${line}` })),
      })),
    );
    await setSetting('search.resultsPerPage', PAGE);
    assert.equal((await api.keys.store({ key: CANARY_KEY })).status, 'saved');
    await api.keys.settled();
    await vscode.commands.executeCommand('twelvelabs.refreshIndexes');
    await vscode.commands.executeCommand('twelvelabs.searchIndex', { indexId });
    await waitFor('the view on the index', () => lastState()?.indexId === indexId);
  });

  after(async () => {
    await setSetting('search.resultsPerPage', undefined);
    await api?.keys.clear();
    await fake?.close();
    await setSetting('apiUrl', undefined);
  });

  it(`response → first ${PAGE} cards painted (${PAINT_RUNS} runs), and paging through ${PAGED_RESULTS} results with a bounded page`, async function () {
    this.timeout(300_000);
    // The view's first results bring the thumbnails' origin into its policy, and the page is drawn
    // anew for it (a fresh document, where no paint is being watched): that search is not timed.
    await ui.run([{ fill: '#query', text: 'pageable', inView: 'search' }, { click: '#search', inView: 'search' }]);
    await waitFor('the untimed first search', () => (resultCount() === PAGE ? true : undefined));
    await waitFor('the page drawn with thumbnails allowed', () => (api.webviews.messages().filter((m) => m.view === 'search' && m.direction === 'fromWebview' && (m.message as { type?: string }).type === 'ready').length >= 2 ? true : undefined));
    await ui.run([{ waitFor: 'img.thumbnail', inView: 'search' }]);
    const paintMs: number[] = [];
    for (let run = 0; run < PAINT_RUNS; run++) {
      fake.clearRequests();
      const [paintedAt] = await ui.run([
        { armPaint: `.card[data-key="r0"] .filename`, inView: 'search' },
        { fill: '#query', text: `marker${run}`, inView: 'search' },
        { click: '#search', inView: 'search' },
        { paintedAt: true, inView: 'search' },
      ]);
      await waitFor(`run ${run + 1}'s results`, () => (resultCount() === PAGE && lastState()?.groups[0]?.cards[0]?.filename.startsWith(`run${run}-`) ? true : undefined));
      // The view's state leads its page by one message: the page shows this run's card a moment later.
      const shown = await waitFor(`the page showing run ${run + 1}'s first card`, async () => {
        const [text] = await ui.run([{ read: '.card[data-key="r0"] .filename', property: 'textContent', inView: 'search' }]);
        return String(text).startsWith(`run${run}-`) ? String(text) : undefined;
      });
      assert.match(shown, new RegExp(`^run${run}-`), 'the card painted is this run\'s');
      const answeredAt = fake.requests.find((r) => r.method === 'POST' && r.path === '/search')?.answeredAt;
      assert.ok(answeredAt !== undefined, 'the fake answered the search');
      assert.equal(typeof paintedAt, 'number', 'the paint was seen in the page being watched');
      paintMs.push(Number(paintedAt) - answeredAt);
    }

    fake.clearRequests();
    await ui.run([{ fill: '#query', text: 'pageable', inView: 'search' }, { click: '#search', inView: 'search' }]);
    await waitFor('the first page', () => (resultCount() === PAGE && lastState()?.canLoadMore ? true : undefined));
    const paging: SearchPaintFigures['paging'] = [];
    const measure = async () => {
      const [metrics, cardsDrawn] = await ui.run([{ pageMetrics: true, inView: 'search' }, { count: '.card', inView: 'search' }]);
      const { elements, heapBytes } = metrics as PageMetrics;
      paging.push({ results: resultCount(), elements, heapBytes, cardsDrawn: Number(cardsDrawn) });
    };
    await measure();
    while (resultCount() < PAGED_RESULTS) {
      const before = resultCount();
      await ui.run([{ click: '#load-more', inView: 'search' }]);
      await waitFor(`more than ${before} results`, () => (resultCount() > before && !lastState()?.loadingMore ? true : undefined), 30_000);
      await measure();
    }
    assert.equal(resultCount(), PAGED_RESULTS, 'every result arrived');
    assert.equal(lastState()?.canLoadMore, false, 'and nothing more is offered');

    const sorted = [...paintMs].sort((a, b) => a - b);
    const figures: SearchPaintFigures = {
      vscodeVersion: vscode.version,
      resultsPerPage: PAGE,
      paintMs,
      medianPaintMs: sorted[Math.floor(sorted.length / 2)],
      paging,
    };
    console.log(`[perf] search paint: ${JSON.stringify({ ...figures, paging: paging.length })}`);
    const dir = process.env.TWELVELABS_TEST_RESULTS;
    if (dir) {
      fs.writeFileSync(path.join(dir, SEARCH_PAINT_FILE), JSON.stringify(figures, null, 2));
    }
    // The view draws the rows in sight, not the list: with 1,000 results no more cards than with 100
    // (from the second page on the view is scrolled to its end, with rows above and below in sight).
    const drawn = paging.map((page) => page.cardsDrawn);
    assert.ok(Math.max(...drawn.slice(1)) <= drawn[1] + 1, `cards drawn per page: ${drawn.join(', ')}`);
    assert.ok(drawn.every((count) => count < PAGE), `never a page's worth of cards: ${drawn.join(', ')}`);
  });
});
