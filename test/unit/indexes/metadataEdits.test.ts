import * as assert from 'node:assert/strict';
import { MetadataDraft, checkMetadataKey, formatMetadataValue, metadataValueKind, parseMetadataValue } from '../../../src/indexes/videos/metadataEdits';
import { fakeL10n } from '../fakes/l10n';

describe('metadata edits', () => {
  describe('typed values', () => {
    it('numbers and true/false become numbers and booleans; everything else stays text', () => {
      assert.equal(parseMetadataValue('12'), 12);
      assert.equal(parseMetadataValue('-4.5'), -4.5);
      assert.equal(parseMetadataValue('1e3'), 1000);
      assert.equal(parseMetadataValue('0'), 0);
      assert.equal(parseMetadataValue('true'), true);
      assert.equal(parseMetadataValue('false'), false);
      for (const text of ['01234', 'True', ' 5', '5 ', '0x10', '1_000', '+3', 'NaN', 'Infinity', '1e999', '', 'hello', '12 apples']) {
        assert.equal(parseMetadataValue(text), text, JSON.stringify(text));
      }
    });

    it('double quotes keep a value text', () => {
      assert.equal(parseMetadataValue('"42"'), '42');
      assert.equal(parseMetadataValue('"true"'), 'true');
      assert.equal(parseMetadataValue('""'), '');
      assert.equal(parseMetadataValue('"'), '"');
    });

    it('a value is shown as the text that reads back as it', () => {
      for (const value of [12, -4.5, true, false, 'hello', '42', 'true', '"quoted"', '01234', '']) {
        const shown = formatMetadataValue(value);
        assert.equal(parseMetadataValue(shown), value, `${JSON.stringify(value)} shown as ${shown}`);
      }
      assert.equal(formatMetadataValue('42'), '"42"');
      assert.equal(formatMetadataValue('hello'), 'hello');
      assert.deepEqual([metadataValueKind('x'), metadataValueKind(1), metadataValueKind(false)], ['text', 'number', 'boolean']);
    });
  });

  describe('field names', () => {
    const taken = new Set(['category']);
    it('trims, and refuses blank, taken, reserved and bracketed names with the reason', () => {
      assert.deepEqual(checkMetadataKey('  rating ', taken, fakeL10n), { ok: true, key: 'rating' });
      const reasons = ['', '   ', 'category', 'filename', 'status', 'duration', 'tags[0]'].map((key) => {
        const check = checkMetadataKey(key, taken, fakeL10n);
        assert.equal(check.ok, false, key);
        return check.ok ? '' : check.reason;
      });
      assert.match(reasons[0], /Type a field name/);
      assert.match(reasons[2], /already has a field “category”/);
      assert.match(reasons[3], /“filename” is the name of one of the list’s own filters/);
      assert.match(reasons[6], /cannot contain/);
    });
  });

  describe('the draft', () => {
    it('sends exactly what changed: new and changed values, null for removed fields', () => {
      const draft = new MetadataDraft({ topic: 'old', take: 1, keep: true });
      draft.set('topic', 'new');
      draft.remove('take');
      draft.set('rating', 9.5);
      assert.deepEqual(draft.changes(), { topic: 'new', take: null, rating: 9.5 });
      assert.equal(draft.changeCount, 3);
      assert.deepEqual(draft.result(), { topic: 'new', keep: true, rating: 9.5 });
      assert.deepEqual(
        draft.fields.map((field) => [field.key, field.state]),
        [
          ['topic', 'changed'],
          ['take', 'removed'],
          ['keep', 'unchanged'],
          ['rating', 'added'],
        ],
      );
    });

    it('setting a field back to what it was, removing an added one, or restoring one is no change', () => {
      const draft = new MetadataDraft({ topic: 'old', take: 1 });
      draft.set('topic', 'new');
      draft.set('topic', 'old');
      draft.set('extra', 'x');
      draft.remove('extra');
      draft.remove('take');
      draft.restore('take');
      assert.deepEqual(draft.changes(), {});
      assert.equal(draft.changeCount, 0);
      assert.deepEqual(new Set(draft.keys), new Set(['topic', 'take']));
    });

    it('a type change is a change: the number 1 and the text "1" differ', () => {
      const draft = new MetadataDraft({ take: 1 });
      draft.set('take', '1');
      assert.deepEqual(draft.changes(), { take: '1' });
    });

    it('earlier edits (a Retry) start the draft, minus those that no longer change anything or are not values', () => {
      const draft = MetadataDraft.withChanges({ topic: 'new', take: 1 }, { topic: 'new', take: null, rating: 2, bad: { x: 1 } as unknown as string });
      assert.deepEqual(draft.changes(), { take: null, rating: 2 });
    });
  });
});
