import * as assert from 'node:assert/strict';
import type { SearchPage } from '../../../src/api/searchTypes';
import { cardsFromPage, durationValue, mergeGroups, queryWords, requestFromForm, videoIdsOf } from '../../../src/search/searchRequest';
import type { SearchForm } from '../../../src/webviews/shared/searchProtocol';

const PROBLEMS = { noModality: 'no modality', noQuery: 'no query', badDuration: 'bad duration', metadataHalf: 'half' };

function form(overrides: Partial<SearchForm> = {}): SearchForm {
  return {
    text: 'red car',
    imageUrl: '',
    modalities: ['visual', 'transcription'],
    operator: 'or',
    groupBy: 'clip',
    transcriptionModes: ['lexical', 'semantic'],
    filter: { minDuration: '', maxDuration: '', filename: '', metadataKey: '', metadataValue: '' },
    ...overrides,
  };
}

describe('search form → request', () => {
  it('sends the text, the modalities, the grouping and the operator; both transcription modes are the default and not sent', () => {
    const built = requestFromForm(form(), 'idx1', undefined, PROBLEMS);
    assert.ok('request' in built);
    assert.deepEqual(built.request, { indexId: 'idx1', searchOptions: ['visual', 'transcription'], queryText: 'red car', groupBy: 'clip', operator: 'or', pageLimit: 20, includeUserMetadata: true });
  });

  it('one transcription mode is sent; none applies only with transcription searched', () => {
    const lexical = requestFromForm(form({ transcriptionModes: ['lexical'] }), 'idx1', undefined, PROBLEMS);
    assert.ok('request' in lexical && lexical.request.transcriptionOptions?.join() === 'lexical');
    const visualOnly = requestFromForm(form({ modalities: ['visual'], transcriptionModes: ['lexical'] }), 'idx1', undefined, PROBLEMS);
    assert.ok('request' in visualOnly && visualOnly.request.transcriptionOptions === undefined);
  });

  it('an image: a picked file is streamed by path, a URL is sent as such; text is optional then', () => {
    const file = requestFromForm(form({ text: '' }), 'idx1', { kind: 'file', path: '/tmp/q.png', name: 'q.png' }, PROBLEMS);
    assert.ok('request' in file);
    assert.deepEqual(file.request.queryMedia, { type: 'image', path: '/tmp/q.png' });
    assert.equal(file.request.queryText, undefined);
    const url = requestFromForm(form({ text: '', imageUrl: 'https://example.com/q.jpg' }), 'idx1', undefined, PROBLEMS);
    assert.ok('request' in url);
    assert.deepEqual(url.request.queryMedia, { type: 'image', url: 'https://example.com/q.jpg' });
  });

  it('the filter: a duration range, a file name and one metadata field, typed as numbers and booleans where they read so', () => {
    const built = requestFromForm(
      form({ filter: { minDuration: '1:30', maxDuration: '600', filename: 'talk.mp4', metadataKey: 'take', metadataValue: '2' } }),
      'idx1',
      undefined,
      PROBLEMS,
    );
    assert.ok('request' in built);
    assert.deepEqual(built.request.filter, { duration: { gte: 90, lte: 600 }, filename: 'talk.mp4', take: 2 });
    const flag = requestFromForm(form({ filter: { ...form().filter, metadataKey: 'reviewed', metadataValue: 'true' } }), 'idx1', undefined, PROBLEMS);
    assert.ok('request' in flag && flag.request.filter?.reviewed === true);
    const code = requestFromForm(form({ filter: { ...form().filter, metadataKey: 'code', metadataValue: '007' } }), 'idx1', undefined, PROBLEMS);
    assert.ok('request' in code && code.request.filter?.code === '007', 'a leading zero stays text');
  });

  it('refuses what the API would refuse, with the view\'s words: no modality, no query, a bad duration, half a metadata filter', () => {
    assert.deepEqual(requestFromForm(form({ modalities: [] }), 'i', undefined, PROBLEMS), { problem: 'no modality' });
    assert.deepEqual(requestFromForm(form({ text: '  ' }), 'i', undefined, PROBLEMS), { problem: 'no query' });
    assert.deepEqual(requestFromForm(form({ filter: { ...form().filter, minDuration: 'ten' } }), 'i', undefined, PROBLEMS), { problem: 'bad duration' });
    assert.deepEqual(requestFromForm(form({ filter: { ...form().filter, minDuration: '90', maxDuration: '60' } }), 'i', undefined, PROBLEMS), { problem: 'bad duration' });
    assert.deepEqual(requestFromForm(form({ filter: { ...form().filter, metadataKey: 'take' } }), 'i', undefined, PROBLEMS), { problem: 'half' });
  });

  it('reads durations as seconds, m:ss or h:mm:ss', () => {
    assert.equal(durationValue(''), undefined);
    assert.equal(durationValue('45'), 45);
    assert.equal(durationValue('1:05'), 65);
    assert.equal(durationValue('1:00:00'), 3600);
    assert.equal(durationValue('-3'), null);
    assert.equal(durationValue('1:2:3:4'), null);
  });

  it('the words to mark are the query\'s, lower-cased, once each', () => {
    assert.deepEqual(queryWords(form({ text: 'Red car, red CAR!' })), ['red', 'car']);
  });
});

describe('search page → cards', () => {
  const clips: SearchPage = {
    data: [
      { video_id: 'v1', start: 1, end: 4, rank: 1, thumbnail_url: 'https://media.example/t1.png', transcription: 'a red car' },
      { video_id: 'v2', start: 10, end: 12.5, rank: 2 },
    ],
    page_info: { total_results: 2 },
  };

  it('a flat list of clips, named from what the index said, keyed on from earlier pages', () => {
    const groups = cardsFromPage(clips, (id) => (id === 'v1' ? 'talk.mp4' : undefined), 5);
    assert.equal(groups.length, 1);
    assert.equal(groups[0].videoId, undefined);
    assert.deepEqual(
      groups[0].cards.map((card) => [card.key, card.filename, card.start, card.end, card.rank]),
      [
        ['r5', 'talk.mp4', 1, 4, 1],
        ['r6', 'v2', 10, 12.5, 2],
      ],
    );
    assert.deepEqual(videoIdsOf(clips), ['v1', 'v2']);
  });

  it('grouped by video: one group per video with its clips; the next page continues the last video\'s group', () => {
    const grouped: SearchPage = {
      data: [
        { id: 'v1', clips: [{ video_id: 'v1', start: 0, end: 2 }, { video_id: 'v1', start: 5, end: 6 }] },
        { id: 'v2', clips: [{ video_id: 'v2', start: 3, end: 4 }] },
      ],
      page_info: {},
    };
    const first = cardsFromPage(grouped, () => undefined, 0);
    assert.deepEqual(
      first.map((group) => [group.videoId, group.cards.length]),
      [
        ['v1', 2],
        ['v2', 1],
      ],
    );
    const next = cardsFromPage({ data: [{ id: 'v2', clips: [{ video_id: 'v2', start: 8, end: 9 }] }, { id: 'v3', clips: [{ video_id: 'v3', start: 1, end: 2 }] }], page_info: {} }, () => undefined, 3);
    const merged = mergeGroups(first, next);
    assert.deepEqual(
      merged.map((group) => [group.videoId, group.cards.map((card) => card.key)]),
      [
        ['v1', ['r0', 'r1']],
        ['v2', ['r2', 'r3']],
        ['v3', ['r4']],
      ],
    );
    assert.equal(first[1].cards.length, 1, 'merging copies: the earlier state is not changed');
  });

  it('items of another shape are left out, not guessed at', () => {
    const odd = { data: [{ video_id: 'v1' }, { start: 1, end: 2 }, { clips: [] }], page_info: {} } as unknown as SearchPage;
    assert.deepEqual(cardsFromPage(odd, () => undefined, 0), []);
  });
});
