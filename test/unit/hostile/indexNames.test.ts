import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { TwelveLabsError } from '../../../src/api/errors';
import { checkIndexName } from '../../../src/indexes/indexName';
import { type Harness, rejection, startHarness } from '../api/helpers';
import { fakeL10n } from '../fakes/l10n';

const whitespaceOnly = fc.array(fc.constantFrom(' ', '\t', '\n', '\r', '\u00a0', '\u2003', '\u3000'), { maxLength: 30 }).map((chars) => chars.join(''));
/** Letters and symbols from many scripts, combining marks, emoji: everything a name may hold. */
const unicodeName = fc
  .string({ unit: 'grapheme', minLength: 1, maxLength: 40 })
  .filter((name) => name.trim() !== '' && name.trim() === name);
const longName = fc.array(fc.constantFrom(...'abcxyzé中😀-_ '.split('')), { minLength: 1000, maxLength: 1000 }).map((chars) => `n${chars.join('').slice(1, -1)}n`);

const MODELS = [{ model_name: 'marengo3.0', model_options: ['visual', 'audio'] }];

describe('hostile input: index names', () => {
  it('empty and whitespace-only names are refused with a clear message (the wizard, Rename and the command share the rule)', () => {
    fc.assert(
      fc.property(whitespaceOnly, (text) => {
        const check = checkIndexName(text, fakeL10n);
        assert.equal(check.ok, false);
        assert.ok(!check.ok && check.code === 'name_empty' && /Enter a name/.test(check.reason));
      }),
    );
  });

  it('anything with a visible character passes, trimmed and otherwise untouched (length and charset rules are the server’s)', () => {
    fc.assert(
      fc.property(fc.tuple(whitespaceOnly, fc.oneof(unicodeName, longName), whitespaceOnly), ([before, name, after]) => {
        const check = checkIndexName(`${before}${name}${after}`, fakeL10n);
        assert.ok(check.ok);
        assert.equal(check.name, name.trim());
      }),
      { numRuns: 200 },
    );
  });

  describe('against the client and the fake', () => {
    let harness: Harness;
    before(async () => {
      harness = await startHarness({ retry: { maxAttempts: 1 } });
    });
    after(() => harness.fake.close());

    it('unicode and 1,000-character names travel verbatim in the JSON body and come back the same', async () => {
      await fc.assert(
        fc.asyncProperty(fc.oneof(unicodeName, longName), async (name) => {
          for (const index of harness.fake.listIndexes()) {
            await harness.client.deleteIndex(index._id);
          }
          harness.fake.clearRequests();
          const created = await harness.client.createIndex({ name, models: MODELS });
          const post = harness.fake.requests.filter((request) => request.method === 'POST');
          assert.equal(post.length, 1);
          assert.equal((post[0].body as { index_name: string }).index_name, name);
          assert.equal((await harness.client.getIndex(created.id)).index_name, name);
        }),
        { numRuns: 40 },
      );
    });

    it('a duplicate name is refused by the server with its own message, and there is still one index of that name', async () => {
      await fc.assert(
        fc.asyncProperty(unicodeName, async (name) => {
          if (!harness.fake.listIndexes().some((index) => index.index_name === name)) {
            await harness.client.createIndex({ name, models: MODELS });
          }
          const error = await rejection(() => harness.client.createIndex({ name, models: MODELS }));
          assert.ok(error instanceof TwelveLabsError);
          assert.equal(error.status, 400);
          assert.equal(error.code, 'index_name_already_exists');
          assert.match(error.message, /already exists/);
          assert.equal(harness.fake.listIndexes().filter((index) => index.index_name === name).length, 1);
        }),
        { numRuns: 30 },
      );
    });

    it('a whitespace-only name that slipped past the client is refused by the server too (parameter_invalid)', async () => {
      await fc.assert(
        fc.asyncProperty(whitespaceOnly, async (name) => {
          const error = await rejection(() => harness.client.createIndex({ name, models: MODELS }));
          assert.ok(error instanceof TwelveLabsError && error.status === 400, String(error));
        }),
        { numRuns: 20 },
      );
    });
  });
});
