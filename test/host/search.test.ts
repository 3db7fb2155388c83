import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionTestApi } from '../build/testApi';
import { canaryForms } from '../canary';
import type { FakeTwelveLabs } from '../fake/server';
import type { SearchViewState } from '../../src/webviews/shared/searchProtocol';
import { CANARY_KEY, activateExtension, lastSearchState, quickInputDriver, requireUi, screenshot, setSetting, startFake, ui, waitFor } from './support';

function run<T>(command: string, ...args: unknown[]): Thenable<T> {
  return vscode.commands.executeCommand<T>(command, ...args);
}

const HOSTILE_NAME = '<img src=x onerror=alert(1)> [Fix](command:twelvelabs.clearApiKey).mp4';

/** A transcript of 2-second lines, one per phrase. */
function lines(...phrases: string[]): { start: number; end: number; value: string }[] {
  return phrases.map((value, i) => ({ start: i * 2, end: i * 2 + 2, value }));
}

describe('Search view and player (real host)', () => {
  let api: ExtensionTestApi;
  let fake: FakeTwelveLabs;
  let indexId: string;
  let kitchen: string;

  const searches = () => fake.requests.filter((r) => r.method === 'POST' && r.path === '/search');
  const lastState = () => lastSearchState(api);
  const cardsShown = () => (lastState()?.groups ?? []).flatMap((group) => group.cards.map((card) => card.key));
  const lastCard = () => lastState()?.groups.flatMap((group) => group.cards).at(-1);
  const quickInputs = quickInputDriver(() => api);

  async function searchFor(text: string): Promise<void> {
    await ui.run([
      { fill: '#query', text, inView: 'search' },
      { click: '#search', inView: 'search' },
    ]);
  }

  before(async function () {
    requireUi(this);
    api = await activateExtension();
    fake = await startFake({ taskAdvance: 'instant' });
    // The first seeded index has Marengo and the thumbnail add-on.
    [indexId] = fake.seedIndexes(1, { namePrefix: 'search-target', videosPerIndex: 0 });
    [kitchen] = fake.seedSearchableVideos(indexId, [
      {
        filename: 'kitchen.mp4',
        duration: 8,
        transcript: lines('welcome to the kitchen', 'we chop the onions', 'then fry the onions slowly', 'serve it hot'),
        stream: true,
        userMetadata: { topic: 'cooking' },
      },
      { filename: 'garden.mp4', duration: 8, transcript: lines('onions grow in the garden', 'water them daily'), stream: true },
      { filename: HOSTILE_NAME, duration: 4, transcript: lines('onions <b>bold</b> [link](command:twelvelabs.clearApiKey)', 'the end') },
      ...Array.from({ length: 24 }, (_, i) => ({ filename: `onion-${String(i).padStart(2, '0')}.mp4`, duration: 4, transcript: lines(`onions number ${i}`) })),
    ]);
    assert.equal((await api.keys.store({ key: CANARY_KEY })).status, 'saved');
    await api.keys.settled();
    await run('twelvelabs.refreshIndexes');
  });

  after(async () => {
    await run('workbench.action.closeAllEditors');
    await api?.keys.clear();
    await fake?.close();
    await setSetting('apiUrl', undefined);
  });

  beforeEach(() => {
    fake?.clearFaults();
    fake?.clearRequests();
  });

  it('"Search This Index" opens the view on the index; a query typed and searched shows cards with the words marked', async () => {
    await run('twelvelabs.searchIndex', { indexId });
    await waitFor('the view on the index', () => lastState()?.indexId === indexId);
    await searchFor('onions');
    await ui.run([{ waitFor: '.card', inView: 'search' }]);
    const [post] = searches();
    const body = post.body as Record<string, unknown>;
    assert.equal(body.index_id, indexId);
    assert.equal(body.query_text, 'onions');
    assert.deepEqual(body.search_options, ['visual', 'audio', 'transcription']);
    const [title, marks, summary] = await ui.run([
      { read: '.card[data-key="r0"] .filename', property: 'textContent', inView: 'search' },
      { count: '.card mark', inView: 'search' },
      { read: '#summary', property: 'textContent', inView: 'search' },
    ]);
    assert.ok(typeof title === 'string' && title.length > 0);
    assert.ok(Number(marks) > 0, 'the query\'s word is marked in the snippets');
    assert.match(String(summary), /\d+ results/);
    await screenshot('search-results', '.part.sidebar');
  });

  it('grouping by video draws one header per video', async () => {
    await ui.run([
      { click: '#options summary', inView: 'search' },
      { select: '#group-by', value: 'video', inView: 'search' },
      { click: '#search', inView: 'search' },
      { waitFor: '.group-header', inView: 'search' },
    ]);
    assert.equal((searches().at(-1)?.body as Record<string, unknown>).group_by, 'video');
    assert.ok(lastState()?.groups.every((group) => group.videoId !== undefined));
    await ui.run([{ select: '#group-by', value: 'clip', inView: 'search' }]);
  });

  it('a filter: duration range and user metadata go to the API as its filter JSON', async () => {
    await ui.run([
      { fill: '#min-duration', text: '5', inView: 'search' },
      { fill: '#metadata-key', text: 'topic', inView: 'search' },
      { fill: '#metadata-value', text: 'cooking', inView: 'search' },
      { click: '#search', inView: 'search' },
      { waitFor: '.card', text: 'kitchen.mp4', inView: 'search' },
    ]);
    const body = searches().at(-1)?.body as Record<string, unknown>;
    assert.deepEqual(JSON.parse(String(body.filter)), { duration: { gte: 5 }, topic: 'cooking' });
    assert.ok(lastState()?.groups.every((group) => group.cards.every((card) => card.filename === 'kitchen.mp4')), 'only the matching video');
    await ui.run([
      { fill: '#min-duration', text: '', inView: 'search' },
      { fill: '#metadata-key', text: '', inView: 'search' },
      { fill: '#metadata-value', text: '', inView: 'search' },
    ]);
  });

  it('an image query by URL: sent as query_media_url, and what it shows is found', async () => {
    await ui.run([
      { fill: '#query', text: '', inView: 'search' },
      { fill: '#image-url', text: 'https://images.example.com/garden.png', inView: 'search' },
      { click: '#search', inView: 'search' },
      { waitFor: '.card', text: 'garden.mp4', inView: 'search' },
    ]);
    const body = searches().at(-1)?.body as Record<string, unknown>;
    assert.equal(body.query_media_type, 'image');
    assert.deepEqual([body.query_media_url].flat(), ['https://images.example.com/garden.png']);
    await ui.run([{ fill: '#image-url', text: '', inView: 'search' }]);
  });

  it('Load more follows the page token; an expired token runs the query again and says so', async () => {
    await run('twelvelabs.searchIndex', { indexId });
    await searchFor('onions');
    const first = await waitFor('the first page', () => (lastState()?.status === 'results' && lastState()?.canLoadMore ? cardsShown() : undefined));
    assert.equal(first.length, 20, 'one page of 20');
    fake.clearRequests();
    await ui.run([{ click: '#load-more', inView: 'search' }]);
    const both = await waitFor('the next page appended', () => (cardsShown().length > first.length && !lastState()?.loadingMore ? cardsShown() : undefined));
    assert.deepEqual(both.slice(0, first.length), first, 'the first page stays as it was');
    assert.equal(fake.requests.filter((r) => r.method === 'GET' && r.path.startsWith('/search/')).length, 1, 'one GET /search/{page-token}');
    assert.equal(searches().length, 0, 'no new search');

    // A third page exists only for a query with more results: the first page again, with an expired token behind it.
    await searchFor('onions');
    await waitFor('the first page again', () => (lastState()?.canLoadMore && cardsShown().length === 20 ? true : undefined));
    fake.expireSearchTokens();
    fake.clearRequests();
    await ui.run([{ click: '#load-more', inView: 'search' }]);
    await waitFor('the re-run query', () => /expired/.test(lastState()?.message?.text ?? '') && lastState()?.status === 'results');
    assert.equal(searches().length, 1, 'the query ran again');
    assert.equal(cardsShown().length, 20, 'from its first page');
    await ui.run([{ waitFor: '#message', text: 'expired', inView: 'search' }]);
  });

  it('an expired thumbnail is fetched again with a fresh URL, and drawn', async () => {
    await run('twelvelabs.searchIndex', { indexId });
    // URLs of a new generation: an earlier test may have drawn these clips, and the page would take
    // their pictures from its memory cache without asking.
    fake.expireThumbnails();
    const since = api.webviews.messages().length;
    await searchFor('onions');
    // This search's page, not the last one an earlier test left on screen.
    const drawnSince = () => api.webviews.messages().slice(since).some((m) => m.direction === 'toWebview' && (m.message as { state?: SearchViewState }).state?.status === 'searching');
    await waitFor('a page with thumbnails', () => (drawnSince() && lastState()?.status === 'results' && cardsShown().length === 20 && lastCard()?.thumbnailUrl ? true : undefined));
    const last = lastCard();
    assert.ok(last?.thumbnailUrl);
    // The view draws only the rows in sight: the last card's picture has not been asked for yet.
    const [drawnBefore] = await ui.run([{ count: `.card[data-key="${last.key}"]`, inView: 'search' }]);
    assert.equal(drawnBefore, 0, 'the last card is out of sight');
    fake.expireThumbnails();
    fake.media.clearRequests();
    fake.clearRequests();
    await ui.run([{ scroll: '#scroller', to: 'bottom', inView: 'search' }]);
    await waitFor('the webview reporting the failed picture', () =>
      api.webviews.messages().some((m) => m.direction === 'fromWebview' && (m.message as { type?: string; key?: string }).type === 'thumbnailFailed'),
    ).catch(async (error: unknown) => {
      const [drawn, imgs] = await ui.run([{ count: `.card[data-key="${last.key}"]`, inView: 'search' }, { count: 'img.thumbnail', inView: 'search' }]);
      throw new Error(`${String(error)} ${JSON.stringify({ drawn, imgs, media: fake.media.requests.slice(-5), from: api.webviews.messages().filter((m) => m.direction === 'fromWebview').slice(-3) })}`);
    });
    const fresh = await waitFor('a fresh URL for the last card', () => {
      const url = lastState()?.groups.flatMap((group) => group.cards).find((card) => card.key === last.key)?.thumbnailUrl;
      return url !== undefined && url !== last.thumbnailUrl ? url : undefined;
    });
    assert.ok(fresh.startsWith(fake.mediaOrigin));
    assert.ok(searches().length >= 1, 'the query ran again for the fresh URLs');
    const width = await waitFor('the picture drawn', async () => {
      const [natural] = await ui.run([{ read: `.card[data-key="${last.key}"] img.thumbnail`, property: 'naturalWidth', inView: 'search' }]);
      return Number(natural) > 0 ? Number(natural) : undefined;
    }).catch(async (error: unknown) => {
      const [src, count] = await ui.run([{ read: `.card[data-key="${last.key}"] .thumbnail`, property: 'outerHTML', inView: 'search' }, { count: 'img.thumbnail', inView: 'search' }]);
      throw new Error(`${String(error)} ${JSON.stringify({ src, count, fresh, media: fake.media.requests.slice(-6) })}`);
    });
    assert.ok(width > 0);
    assert.ok(fake.media.requests.some((r) => r.status === 403), 'the old URL was refused');
    assert.ok(fake.media.requests.some((r) => r.status === 200), 'the fresh one served');
    assert.deepEqual(fake.media.requestsWithApiKey(), [], 'no key to the media origin');
    await ui.run([{ scroll: '#scroller', to: 'top', inView: 'search' }]);
  });

  it('hostile names and transcripts are shown as text: no element comes from them', async () => {
    // Only the hostile video says "bold": its card is the first, drawn for sure.
    await searchFor('bold');
    await ui.run([{ waitFor: '.card', text: '<img src=x', inView: 'search' }]);
    const state = lastState();
    const hostile = state?.groups.flatMap((group) => group.cards).find((card) => card.filename === HOSTILE_NAME);
    assert.ok(hostile, 'the hostile video is among the results');
    const [shown, images, links, bold] = await ui.run([
      { read: '.card .filename', property: 'textContent', inView: 'search' },
      { count: '.results img:not(.thumbnail)', inView: 'search' },
      { count: '.results a', inView: 'search' },
      { count: '.results b', inView: 'search' },
    ]);
    assert.equal(shown, HOSTILE_NAME, 'the name as it is, as text');
    assert.deepEqual([images, links, bold], [0, 0, 0]);
  });

  it('a result opens the player at the clip\'s start, and the video plays on', async () => {
    await searchFor('fry');
    await ui.run([{ waitFor: '.card', text: 'kitchen.mp4', inView: 'search' }, { click: '.card', text: 'kitchen.mp4', inView: 'search' }]);
    await waitFor('the player on the clip', () => api.webviews.playing()?.videoId === kitchen);
    assert.equal(api.webviews.playing()?.start, 4);
    await ui.run([{ waitFor: '#transcript .line', text: 'fry the onions', inView: 'player' }]);
    const [first] = await waitForPlayback(4);
    const [later] = await waitForPlayback(Number(first) + 0.5);
    assert.ok(Number(later) > Number(first), `currentTime advances: ${String(first)} → ${String(later)}`);
    const [current] = await ui.run([{ read: '#transcript .line.current .text', property: 'textContent', inView: 'player' }]);
    assert.match(String(current), /onions/);
    await screenshot('player');
  });

  it('a transcript line clicked seeks the player there', async () => {
    await ui.run([{ click: '#transcript .line', text: 'welcome to the kitchen', inView: 'player' }]);
    const [time] = await ui.run([{ read: '#video', property: 'currentTime', inView: 'player' }]);
    assert.ok(Number(time) < 2, `seeked to the first line: ${String(time)}`);
  });

  it('a timestamp link opens the player at its video and time', async () => {
    await run('workbench.action.closeAllEditors');
    await waitFor('the player closed', () => api.webviews.playing() === undefined);
    const link = vscode.Uri.from({ scheme: vscode.env.uriScheme, authority: 'reelsmith.twelvelabs-vscode', path: '/play', query: `index=${indexId}&video=${kitchen}&t=6` });
    await api.webviews.openLink(link.toString());
    await waitFor('the player from the link', () => api.webviews.playing()?.videoId === kitchen && api.webviews.playing()?.start === 6, 15_000);
    await waitForPlayback(6);
  });

  it('Copy Timestamp Link puts a link to this moment on the clipboard', async () => {
    await ui.run([{ click: '#copy-link', inView: 'player' }]);
    const copied = await waitFor('the link', async () => {
      const text = await vscode.env.clipboard.readText();
      return text.includes('/play?') ? text : undefined;
    });
    const uri = vscode.Uri.parse(copied);
    assert.equal(uri.authority, 'reelsmith.twelvelabs-vscode');
    const query = new URLSearchParams(uri.query);
    assert.equal(query.get('index'), indexId);
    assert.equal(query.get('video'), kitchen);
    assert.ok(Number(query.get('t')) >= 6);
  });

  it('Edit Metadata in the player: the same steps as on the video node, one PATCH, and the player shows the new value', async () => {
    await ui.run([{ waitFor: '#metadata', text: 'cooking', inView: 'player' }]);
    fake.clearRequests();
    await ui.run([{ click: '#edit-metadata', inView: 'player' }]);
    const list = await quickInputs.nextInput(undefined, 'quickPick', quickInputs.hasItem('topic'));
    await quickInputs.choose(list, 'topic');
    const field = await quickInputs.nextInput(list, 'quickPick', quickInputs.hasItem('Change Value…'));
    await quickInputs.choose(field, 'Change Value…');
    const value = await quickInputs.nextInput(field, 'inputBox');
    await quickInputs.type(value, 'baking');
    const ready = await quickInputs.nextInput(value, 'quickPick', quickInputs.hasItem('Save 1 Change'));
    await quickInputs.choose(ready, 'Save 1 Change');
    await ui.run([{ waitFor: '#metadata', text: 'baking', inView: 'player' }]);
    const patches = fake.requests.filter((r) => r.method === 'PATCH');
    assert.equal(patches.length, 1);
    assert.equal(patches[0].path, `/indexes/${indexId}/indexed-assets/${kitchen}`);
    assert.deepEqual(patches[0].body, { user_metadata: { topic: 'baking' } });
    const [shown] = await ui.run([{ read: '#metadata', property: 'textContent', inView: 'player' }]);
    assert.doesNotMatch(String(shown), /cooking/);
  });

  it('a video without a stream: the player says why it cannot play', async () => {
    const [silent] = fake.seedSearchableVideos(indexId, [{ filename: 'no-stream.mp4', duration: 4, transcript: lines('nothing to see') }]);
    await run('twelvelabs.playVideo', { indexId, videoId: silent });
    await ui.run([{ waitFor: '#notes .message', text: 'without a stream', inView: 'player' }]);
  });

  it('401 and 429 in the view: each with its next step', async () => {
    api.reliability.setNetworkTiming({ timeoutMs: 2_000, retry: { baseDelayMs: 20, maxDelayMs: 80, maxTotalMs: 5_000 } });
    await run('twelvelabs.search.focus');
    fake.injectFault({ kind: 'rateLimited', method: 'POST', path: '/search', times: 10 });
    await searchFor('onions');
    await waitFor('the rate-limited state', () => lastState()?.status === 'rateLimited', 20_000).catch((error: unknown) => {
      throw new Error(`${String(error)}: ${JSON.stringify({ status: lastState()?.status, message: lastState()?.message, searches: searches().length, from: api.webviews.messages().filter((m) => m.direction === 'fromWebview').slice(-5), log: api.logLines().slice(-8) })}`);
    });
    assert.deepEqual(
      lastState()?.message?.actions.map((a) => a.id),
      ['retry'],
    );
    await ui.run([{ waitFor: '#message', text: 'rate limiting', inView: 'search' }]);
    fake.clearFaults();
    fake.injectFault({ kind: 'unauthorized', method: 'POST', path: '/search', times: 1 });
    await searchFor('onions');
    await waitFor('the 401 state', () => lastState()?.status === 'error' && lastState()?.message?.actions.some((a) => a.id === 'rotateKey'));
    await ui.run([{ waitFor: '#message button', text: 'Rotate API Key', inView: 'search' }]);
    await screenshot('search-401', '.part.sidebar');
    // The 401 marked the key rejected: it is valid again once the fault is gone.
    await run('twelvelabs.validateApiKey');
    api.reliability.setNetworkTiming(undefined);
  });

  it('Analyze… on a result card and in the player: Analyze Video asks about that video; nothing is sent before the questions', async () => {
    const analyzeRequests = () => fake.requests.filter((r) => r.path.startsWith('/analyze'));
    const askedAbout = async (previous: unknown) => {
      const template = await quickInputs.nextInput(previous, 'quickPick', quickInputs.hasItem('Summary'));
      assert.equal(template.title, 'Analyze “kitchen.mp4”');
      await run('workbench.action.closeQuickOpen');
      await waitFor('the question closed', () => (api.indexes.activeQuickInput()?.input === template ? undefined : true));
      return template;
    };
    await run('twelvelabs.searchIndex', { indexId });
    await searchFor('fry');
    await ui.run([{ waitFor: '.card', text: 'kitchen.mp4', inView: 'search' }, { click: '.card .analyze', inView: 'search' }]);
    const fromCard = await askedAbout(undefined);
    await run('twelvelabs.playVideo', { indexId, videoId: kitchen, start: 4, end: 6 });
    await waitFor('the player on the clip', () => api.webviews.playing()?.videoId === kitchen);
    await ui.run([{ waitFor: '#analyze', inView: 'player' }, { click: '#analyze', inView: 'player' }]);
    await askedAbout(fromCard);
    assert.deepEqual(analyzeRequests(), [], 'nothing sent before the questions are answered');
  });

  it('the key is in no webview: not in their HTML, not in what they were sent or sent back', async () => {
    await run('twelvelabs.playVideo', { indexId, videoId: kitchen, start: 0 });
    await run('twelvelabs.search.focus');
    const [searchHtml, playerHtml] = await ui.run([
      { read: 'html', property: 'outerHTML', inView: 'search' },
      { read: 'html', property: 'outerHTML', inView: 'player' },
    ]);
    const everything = JSON.stringify([searchHtml, playerHtml, api.webviews.messages()]);
    for (const form of canaryForms(CANARY_KEY)) {
      assert.ok(!everything.includes(form), 'the key is in a webview');
    }
    assert.match(String(searchHtml), /Content-Security-Policy/);
    assert.match(String(searchHtml), /default-src 'none'/);
  });

  async function waitForPlayback(atLeast: number): Promise<unknown[]> {
    let last: unknown[] = [];
    await waitFor(`currentTime ≥ ${atLeast}`, async () => {
      last = await ui.run([{ read: '#video', property: 'currentTime', inView: 'player' }]);
      return Number(last[0]) >= atLeast ? true : undefined;
    }, 15_000);
    return last;
  }
});
