import * as assert from 'node:assert/strict';
import { TwelveLabsClient } from '../../src/api/client';
import { startFakeServer } from '../fake/server';
import { parseSandboxOptions, SANDBOX_FLAGS } from '../harness/sandboxOptions';
import { SANDBOX_SEARCH_EXAMPLES, SANDBOX_SEARCH_VIDEOS, seedSandboxSearch } from '../harness/sandboxSearch';
import { MemoryLogger } from './fakes/logger';

describe('sandbox options', () => {
  it('turn on the second key, the revocation and the slow upload line', () => {
    assert.deepEqual(parseSandboxOptions(['--second-key', '--revoke-after', '30', '--upload-speed', '64', '--port', '8080']), {
      port: 8080,
      screenshot: undefined,
      vsix: undefined,
      secondKey: true,
      revokeAfterSeconds: 30,
      uploadBytesPerSecond: 64 * 1024,
    });
    assert.deepEqual(parseSandboxOptions([]), { port: undefined, screenshot: undefined, vsix: undefined, secondKey: false, revokeAfterSeconds: undefined, uploadBytesPerSecond: undefined });
  });

  it('refuse a value that is not a positive number, saying which option', () => {
    assert.throws(() => parseSandboxOptions(['--revoke-after', 'soon']), /--revoke-after takes a positive number/);
    assert.throws(() => parseSandboxOptions(['--upload-speed', '0']), /--upload-speed/);
  });

  it('are all listed for the banner', () => {
    for (const flag of ['--second-key', '--revoke-after', '--upload-speed']) {
      assert.ok(SANDBOX_FLAGS.some(([listed]) => listed.startsWith(flag)), flag);
    }
  });
});

describe('sandbox search demo', () => {
  it('every example query of the banner finds a clip in the seeded index, with a thumbnail and a playable stream', async () => {
    const fake = await startFakeServer({ validKeys: ['sandbox'] });
    try {
      const [indexId] = fake.seedIndexes(6, { namePrefix: 'demo-index', videosPerIndex: 3 });
      const ids = seedSandboxSearch(fake, indexId);
      assert.equal(ids.length, SANDBOX_SEARCH_VIDEOS.length);
      const client = new TwelveLabsClient({ baseUrl: fake.url, keySource: { getKey: () => Promise.resolve('sandbox') }, logger: new MemoryLogger(), userAgent: 'test' });
      for (const query of SANDBOX_SEARCH_EXAMPLES) {
        const page = await client.search({ indexId, searchOptions: ['visual', 'audio', 'transcription'], queryText: query });
        assert.ok(page.data.length > 0, query);
        assert.ok(page.data.every((clip) => clip.thumbnail_url !== undefined), query);
      }
      for (const video of fake.indexedAssets(indexId) ?? []) {
        assert.equal(video.hls?.status, 'COMPLETE', video.system_metadata.filename);
      }
    } finally {
      await fake.close();
    }
  });
});
