import * as assert from 'node:assert/strict';
import { findTimestamps, parseTime } from '../../../src/analyze/timestamps';

const shown = (text: string) => findTimestamps(text).map((found) => ({ text: text.slice(found.from, found.to), start: found.start, end: found.end }));

describe('analyze: timestamp links', () => {
  it('reads m:ss, mm:ss and hh:mm:ss as seconds', () => {
    assert.equal(parseTime('1:23'), 83);
    assert.equal(parseTime('01:02:03'), 3723);
    assert.equal(parseTime('75:10'), 4510);
    assert.equal(parseTime('1:60'), undefined);
    assert.equal(parseTime('1:61:00'), undefined);
  });

  it('finds lone moments and ranges, with the range as one link from its start to its end', () => {
    assert.deepEqual(shown('At 1:23 the cook arrives; by 01:02:03 it is over.'), [
      { text: '1:23', start: 83, end: undefined },
      { text: '01:02:03', start: 3723, end: undefined },
    ]);
    assert.deepEqual(shown('- [00:12-00:30] Chopping\n- [0:30 – 1:05] Frying'), [
      { text: '00:12-00:30', start: 12, end: 30 },
      { text: '0:30 – 1:05', start: 30, end: 65 },
    ]);
  });

  it('leaves alone what only looks like a time: clocks with frames, versions, dates, ratios and bad seconds', () => {
    assert.deepEqual(shown('12:30:45:10 v1.2:30 2024-01-02T10:20:30.5Z 16:9 7:99 ratio 1:2'), []);
  });

  it('keeps the start of a range whose end does not read, and drops an end before the start', () => {
    assert.deepEqual(shown('[0:12-0:75]'), [{ text: '0:12', start: 12, end: undefined }]);
    assert.deepEqual(shown('0:30-0:10'), [{ text: '0:30-0:10', start: 30, end: undefined }]);
  });
});
