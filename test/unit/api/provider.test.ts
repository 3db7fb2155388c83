import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { ApiClientProvider } from '../../../src/api/provider';
import { silentLogger } from '../../../src/common/logging/logger';
import { CANARY_KEY } from '../../canary';
import { startFakeServer } from '../../fake/server';

describe('ApiClientProvider', () => {
  it('does not load the client (or axios) until get() is called', () => {
    const clientModule = path.join(__dirname, '..', '..', '..', 'src', 'api', 'client.js');
    const providerModule = require.resolve('../../../src/api/provider');
    // The provider module is already loaded by this file's import; what matters is that loading it
    // did not pull the client in. Other test files load client.js directly, so check the provider's own
    // module record instead of the global cache.
    const children = require.cache[providerModule]?.children.map((child) => child.id) ?? [];
    assert.ok(!children.includes(clientModule), 'provider.ts imports client.ts statically');
    assert.ok(!children.some((id) => id.includes(`${path.sep}axios${path.sep}`)), 'provider.ts imports axios statically');
  });

  it('builds one client per base URL and rebuilds when the URL changes', async () => {
    const fake = await startFakeServer({ validKeys: [CANARY_KEY], seedIndexes: 2 });
    try {
      let baseUrl = fake.url;
      const provider = new ApiClientProvider({
        baseUrl: () => baseUrl,
        keySource: { getKey: () => Promise.resolve(CANARY_KEY) },
        logger: silentLogger,
        userAgent: 'test',
      });
      const first = await provider.get();
      assert.equal(await provider.get(), first);
      assert.equal((await first.listIndexes()).data.length, 2);
      // A trailing slash is the same server (the URL is normalised before use).
      baseUrl = `${fake.origin}/v1.3/`;
      assert.equal(await provider.get(), first);
      baseUrl = fake.url.replace('127.0.0.1', 'localhost');
      const second = await provider.get();
      assert.notEqual(second, first);
      assert.equal(second.baseUrl, baseUrl);
    } finally {
      await fake.close();
    }
  });
});
