import * as assert from 'node:assert/strict';
import { parsePlayQuery, timestampQuery } from '../../../src/player/timestampLink';

describe('timestamp links', () => {
  it('round-trips an index, a video and a time', () => {
    const query = timestampQuery({ indexId: 'idx_1', videoId: '6b0f70c3f30d11aa027a8220', start: 83.456 });
    assert.equal(query, 'index=idx_1&video=6b0f70c3f30d11aa027a8220&t=83.5');
    assert.deepEqual(parsePlayQuery('/play', query), { indexId: 'idx_1', videoId: '6b0f70c3f30d11aa027a8220', start: 83.5, end: undefined });
  });

  it('reads m:ss and h:mm:ss, and an end after the start', () => {
    assert.deepEqual(parsePlayQuery('/play', 'index=a&video=b&t=1:23&end=1:30'), { indexId: 'a', videoId: 'b', start: 83, end: 90 });
    assert.deepEqual(parsePlayQuery('/play', 'index=a&video=b&t=1:00:00'), { indexId: 'a', videoId: 'b', start: 3600, end: undefined });
    assert.deepEqual(parsePlayQuery('/play', 'index=a&video=b&t=90&end=10'), { indexId: 'a', videoId: 'b', start: 90, end: undefined });
  });

  it('refuses another path, ids of another shape and unreadable times: a link can open a player and nothing else', () => {
    for (const [path, query] of [
      ['/clear', 'index=a&video=b'],
      ['/play', 'index=a'],
      ['/play', 'index=a/../b&video=c'],
      ['/play', 'index=a&video=command:x'],
      ['/play', 'index=a&video=b&t=-5'],
      ['/play', 'index=a&video=b&t=1e9'],
      ['/play', 'index=a&video=b&t=99999999'],
    ]) {
      assert.equal(parsePlayQuery(path, query), undefined, `${path}?${query}`);
    }
  });
});
