import * as assert from 'node:assert/strict';
import { KeyChangedError, KeyStorageError } from '../../../src/common/keyStore';

/** A second copy of the module, as another bundle (dist/keyInputFlow.js) carries one. */
function anotherCopy(): typeof import('../../../src/common/keyStore') {
  const id = require.resolve('../../../src/common/keyStore');
  const cached = require.cache[id];
  delete require.cache[id];
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(id) as typeof import('../../../src/common/keyStore');
  } finally {
    if (cached) {
      require.cache[id] = cached;
    }
  }
}

describe('key errors across bundles', () => {
  it('an error made by another copy of the key store module still matches instanceof', () => {
    const other = anotherCopy();
    assert.notEqual(other.KeyStorageError, KeyStorageError, 'the test needs a real second copy');
    assert.ok(new other.KeyStorageError('timeout', 'store', 'no answer') instanceof KeyStorageError);
    assert.ok(new other.KeyChangedError('changed') instanceof KeyChangedError);
  });

  it('and nothing else does', () => {
    const other = anotherCopy();
    assert.ok(!(new Error('plain') instanceof KeyStorageError));
    assert.ok(!(new other.KeyChangedError('changed') instanceof KeyStorageError));
    assert.ok(!(new other.KeyStorageError('failed', 'read', 'x') instanceof KeyChangedError));
    assert.ok(!({ name: 'KeyStorageError' } instanceof KeyStorageError));
  });
});
