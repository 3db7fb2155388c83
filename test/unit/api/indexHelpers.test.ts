import * as assert from 'node:assert/strict';
import { addonsFor, buildCatalogue, type CatalogueModel } from '../../../src/indexes/catalogue';
import { DAY_MS, formatClock, formatResolution, formatTimestamp, indexExpiry } from '../../../src/indexes/format';
import { codeSnippet, SNIPPET_LANGUAGES } from '../../../src/indexes/snippets';
import { CANARY_KEY } from '../../canary';

/** The vscode-free helpers behind the Indexes view: formatting, the model catalogue, code snippets. */
describe('index view helpers', () => {
  describe('format', () => {
    it('formats durations as clock times', () => {
      assert.equal(formatClock(0), '0:00');
      assert.equal(formatClock(45), '0:45');
      assert.equal(formatClock(200.4), '3:20');
      assert.equal(formatClock(3723), '1:02:03');
      assert.equal(formatClock(undefined), '0:00');
    });

    it('formats resolutions and timestamps', () => {
      assert.equal(formatResolution(1920, 1080), '1920×1080');
      assert.equal(formatResolution(undefined, 1080), undefined);
      assert.equal(formatTimestamp('2026-07-01T14:03:59Z'), '2026-07-01 14:03 UTC');
      assert.equal(formatTimestamp(null), undefined);
    });

    it('warns within 14 days of expires_at, and says when it has passed', () => {
      const now = Date.parse('2026-07-01T00:00:00Z');
      const at = (days: number) => new Date(now + days * DAY_MS).toISOString();
      assert.deepEqual(indexExpiry(null, now), { state: 'never' });
      assert.deepEqual(indexExpiry(undefined, now), { state: 'unknown' });
      assert.equal(indexExpiry(at(60), now).state, 'ok');
      assert.equal(indexExpiry(at(14.5), now).state, 'ok');
      assert.equal(indexExpiry(at(14), now).state, 'soon');
      assert.deepEqual(indexExpiry(at(3.5), now), { state: 'soon', daysLeft: 3 });
      assert.equal(indexExpiry(at(-1), now).state, 'expired');
      assert.equal(indexExpiry('not a date', now).state, 'unknown');
    });
  });

  describe('model catalogue', () => {
    const defaults: CatalogueModel[] = [
      { name: 'marengo3.0', description: 'search and embeddings', options: ['visual', 'audio'], addons: ['thumbnail'] },
      { name: 'pegasus1.2', description: 'text generation', options: ['visual', 'audio'], addons: [] },
    ];

    it('is the defaults when the setting is empty', () => {
      assert.deepEqual(buildCatalogue(defaults, []), defaults);
      assert.deepEqual(buildCatalogue(defaults, undefined), defaults);
    });

    it('adds models from twelveLabs.indexModels with default options', () => {
      const catalogue = buildCatalogue(defaults, [{ name: 'marengo2.7', description: 'older search model' }]);
      assert.deepEqual(catalogue[2], { name: 'marengo2.7', description: 'older search model', options: ['visual', 'audio'], addons: [] });
    });

    it('lets an entry refine a built-in model and skips malformed entries', () => {
      const catalogue = buildCatalogue(defaults, [{ name: 'pegasus1.2', options: ['visual'] }, { description: 'no name' }, 42, null, { name: '  ' }]);
      assert.equal(catalogue.length, 2);
      assert.deepEqual(catalogue[1].options, ['visual']);
      assert.equal(catalogue[1].description, 'text generation');
      assert.deepEqual(defaults[1].options, ['visual', 'audio'], 'the defaults are not mutated');
    });

    it('offers the add-ons of the chosen models', () => {
      assert.deepEqual(addonsFor(defaults, ['marengo3.0', 'pegasus1.2']), ['thumbnail']);
      assert.deepEqual(addonsFor(defaults, ['pegasus1.2']), []);
    });
  });

  describe('code snippets', () => {
    for (const language of SNIPPET_LANGUAGES) {
      it(`${language}: names the index, reads TWELVE_LABS_API_KEY, holds no key`, () => {
        const text = codeSnippet(language, '65f0c0ffee0000000000abcd', 'https://api.twelvelabs.io/v1.3');
        assert.match(text, /65f0c0ffee0000000000abcd/);
        assert.match(text, /TWELVE_LABS_API_KEY/);
        assert.doesNotMatch(text, /tlk_/);
        assert.ok(!text.includes(CANARY_KEY));
      });
    }

    it('curl uses the configured base URL', () => {
      const text = codeSnippet('curl', 'abc', 'http://127.0.0.1:9/v1.3');
      assert.match(text, /"http:\/\/127\.0\.0\.1:9\/v1\.3\/indexes\/abc"/);
      assert.match(text, /x-api-key: \$TWELVE_LABS_API_KEY/);
    });
  });
});
