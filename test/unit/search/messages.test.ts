import * as assert from 'node:assert/strict';
import { parseSearchMessage } from '../../../src/search/messages';

const FORM = {
  text: 'car',
  imageUrl: '',
  modalities: ['visual'],
  operator: 'or',
  groupBy: 'clip',
  transcriptionModes: ['lexical'],
  filter: { minDuration: '', maxDuration: '', filename: '', metadataKey: '', metadataValue: '' },
};

describe('Search view messages (from an untrusted webview)', () => {
  it('takes the messages it knows, in their shape', () => {
    assert.deepEqual(parseSearchMessage({ type: 'ready' }), { type: 'ready' });
    assert.deepEqual(parseSearchMessage({ type: 'search', form: FORM }), { type: 'search', form: FORM });
    assert.deepEqual(parseSearchMessage({ type: 'open', key: 'r12' }), { type: 'open', key: 'r12' });
    assert.deepEqual(parseSearchMessage({ type: 'action', id: 'setKey' }), { type: 'action', id: 'setKey' });
  });

  it('drops unknown types, wrong shapes, values outside the enums and oversized text', () => {
    const bad: unknown[] = [
      null,
      'search',
      [],
      { type: 'runCommand', command: 'twelvelabs.clearApiKey' },
      { type: 'action', id: 'clearApiKey' },
      { type: 'open', key: '../../etc' },
      { type: 'search', form: { ...FORM, modalities: ['visual', 'everything'] } },
      { type: 'search', form: { ...FORM, operator: 'xor' } },
      { type: 'search', form: { ...FORM, text: 'x'.repeat(10_000) } },
      { type: 'search', form: { ...FORM, filter: { ...FORM.filter, metadataKey: 42 } } },
      { type: 'search', form: { ...FORM, filter: undefined } },
      { type: 'selectIndex', indexId: { toString: 'x' } },
    ];
    for (const message of bad) {
      assert.equal(parseSearchMessage(message), undefined, JSON.stringify(message));
    }
  });

  it('copies what it keeps: extra fields and duplicate modalities do not pass through', () => {
    const parsed = parseSearchMessage({ type: 'search', form: { ...FORM, modalities: ['visual', 'visual'], extra: 'x' }, alsoExtra: true });
    assert.deepEqual(parsed, { type: 'search', form: FORM });
  });
});
