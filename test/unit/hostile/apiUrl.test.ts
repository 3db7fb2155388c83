import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { checkApiUrl, isLoopbackHost } from '../../../src/api/apiUrl';
import { TwelveLabsError } from '../../../src/api/errors';
import { ApiClientProvider } from '../../../src/api/provider';
import { CANARY_KEY } from '../../canary';
import { startFakeServer, type FakeTwelveLabs } from '../../fake/server';
import { rejection } from '../api/helpers';
import { MemoryLogger } from '../fakes/logger';

// Labels with '--' in places 3 and 4 are reserved by IDNA ('xn--' must be valid punycode): URL parsers
// refuse them, which would make an ordinary host look like garbage.
const hostLabel = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}[a-z0-9]$/).filter((label) => label.slice(2, 4) !== '--');
const publicHost = fc.tuple(hostLabel, fc.constantFrom('com', 'io', 'example', 'net')).map(([label, tld]) => `${label}.${tld}`);
const path = fc.array(fc.stringMatching(/^[a-z0-9][a-z0-9.]{0,7}$/), { maxLength: 3 }).map((parts) => parts.map((p) => `/${p}`).join(''));
const slashes = fc.stringMatching(/^\/{0,5}$/);
const badScheme = fc.constantFrom('ftp:', 'file:', 'javascript:', 'data:', 'ws:', 'wss:', 'gopher:', 'mailto:', 'chrome:', 'vscode:', 'ssh:');

function setup(options: { url: () => string; confirm?: (url: string) => Promise<boolean> }) {
  const keyReads: string[] = [];
  const provider = new ApiClientProvider({
    baseUrl: options.url,
    keySource: {
      getKey: () => {
        keyReads.push('read');
        return Promise.resolve(CANARY_KEY);
      },
    },
    logger: new MemoryLogger(),
    userAgent: 'test',
    confirmInsecureUrl: options.confirm,
    timing: () => TIMING,
  });
  return { provider, keyReads };
}

const TIMING = { retry: { maxAttempts: 1 }, timeoutMs: 500 };

describe('hostile input: the API URL setting', () => {
  it('non-http(s) schemes are refused with a message naming the scheme', () => {
    fc.assert(
      fc.property(badScheme, publicHost, path, (scheme, host, p) => {
        const check = checkApiUrl(`${scheme}//${host}${p}`);
        assert.ok(!check.ok);
        assert.equal(check.code, 'api_url_scheme');
        assert.ok(check.reason.includes(scheme) && /https:\/\//.test(check.reason));
      }),
    );
  });

  it('credentials inside the URL are refused, and the message does not repeat them', () => {
    const secret = fc.stringMatching(/^[A-Z0-9]{6,20}$/);
    fc.assert(
      fc.property(fc.constantFrom('https:', 'http:'), secret, fc.option(secret, { nil: undefined }), publicHost, (scheme, user, password, host) => {
        const userinfo = password === undefined ? user : `${user}:${password}`;
        const check = checkApiUrl(`${scheme}//${userinfo}@${host}/v1.3`);
        assert.ok(!check.ok);
        assert.equal(check.code, 'api_url_credentials');
        assert.ok(!check.reason.includes(user) && (password === undefined || !check.reason.includes(password)));
      }),
    );
  });

  it('trailing slashes are normalised away: one URL, one server', () => {
    fc.assert(
      fc.property(fc.constantFrom('https:', 'http:'), fc.oneof(publicHost, fc.constant('127.0.0.1:8080')), path, slashes, (scheme, host, p, tail) => {
        const check = checkApiUrl(`  ${scheme}//${host}${p}${tail}  `);
        assert.ok(check.ok);
        assert.equal(check.url, `${scheme}//${host}${p}`);
        assert.ok(!check.url.endsWith('/'));
      }),
    );
  });

  it('query strings, fragments and garbage are refused', () => {
    fc.assert(
      fc.property(publicHost, fc.constantFrom('?a=1', '#frag', '?x-api-key=1'), (host, extra) => {
        const check = checkApiUrl(`https://${host}/v1.3${extra}`);
        assert.ok(!check.ok && check.code === 'api_url_query');
      }),
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }).filter((text) => !/^\s*[a-z][a-z0-9+.-]*:/i.test(text)), (text) => {
        const check = checkApiUrl(text);
        assert.ok(!check.ok && check.reason.length > 20);
      }),
    );
  });

  it('plain http needs consent unless the host is loopback; https never does', () => {
    fc.assert(
      fc.property(publicHost, path, (host, p) => {
        const http = checkApiUrl(`http://${host}${p}`);
        assert.ok(http.ok && http.needsInsecureConsent);
        const https = checkApiUrl(`https://${host}${p}`);
        assert.ok(https.ok && !https.needsInsecureConsent);
      }),
    );
    const loopback = fc.oneof(
      fc.constantFrom('localhost', 'LOCALHOST', '[::1]'),
      fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255)).map(([a, b, c]) => `127.${a}.${b}.${c}`),
    );
    fc.assert(
      fc.property(loopback, fc.integer({ min: 1, max: 65535 }), (host, port) => {
        const check = checkApiUrl(`http://${host}:${port}/v1.3`);
        assert.ok(check.ok && !check.needsInsecureConsent, host);
      }),
    );
    for (const host of ['127.0.0.1.evil.com', '128.0.0.1', '10.0.0.1', '0.0.0.0', 'localhost.evil.com', '[::2]', 'api.localhost', 'evil.localhost']) {
      assert.equal(isLoopbackHost(new URL(`http://${host}`).hostname), false, host);
    }
  });

  describe('the provider: nothing is sent, not even the key read, before the URL is accepted', () => {
    let fake: FakeTwelveLabs;
    before(async () => {
      fake = await startFakeServer({ validKeys: [CANARY_KEY] });
    });
    after(() => fake.close());

    it('a refused URL rejects with a config error before the key is read', async () => {
      await fc.assert(
        fc.asyncProperty(fc.oneof(badScheme.map((s) => `${s}//x.example/v1.3`), fc.constant('https://u:p@x.example/v1.3')), async (url) => {
          const { provider, keyReads } = setup({ url: () => url });
          const error = await rejection(() => provider.get());
          assert.ok(error instanceof TwelveLabsError && error.kind === 'config');
          assert.deepEqual(keyReads, []);
        }),
        { numRuns: 20 },
      );
    });

    it('plain http to another machine: asked once per URL before the key is read; declined means nothing is sent', async () => {
      const asked: { url: string; keyReadsBefore: number }[] = [];
      let current = 'http://videos.example/v1.3/';
      const { provider, keyReads } = setup({
        url: () => current,
        confirm: (url) => {
          asked.push({ url, keyReadsBefore: keyReads.length });
          return Promise.resolve(false);
        },
      });
      const errors = await Promise.all([rejection(() => provider.get()), rejection(() => provider.get()), rejection(() => provider.get())]);
      for (const error of errors) {
        assert.ok(error instanceof TwelveLabsError && error.kind === 'config' && error.code === 'api_url_insecure');
        assert.match(error.message, /unencrypted/);
      }
      assert.deepEqual(asked, [{ url: 'http://videos.example/v1.3', keyReadsBefore: 0 }]);
      await rejection(() => provider.get());
      assert.equal(asked.length, 1, 'a "no" holds until the setting changes');
      current = 'http://other.example/v1.3';
      await rejection(() => provider.get());
      assert.equal(asked.length, 2);
      assert.deepEqual(keyReads, []);
    });

    it('plain http to loopback (the fake) is used without asking, and an accepted insecure URL is asked once', async () => {
      let asked = 0;
      const { provider } = setup({
        url: () => `${fake.url}//`,
        confirm: () => {
          asked++;
          return Promise.resolve(true);
        },
      });
      fake.clearRequests();
      const client = await provider.get();
      assert.equal(client.baseUrl, fake.url);
      await client.listIndexes();
      assert.equal(fake.requests.length, 1);
      assert.equal(asked, 0);

      const remote = setup({
        url: () => 'http://videos.example/v1.3',
        confirm: () => {
          asked++;
          return Promise.resolve(true);
        },
      });
      await remote.provider.get();
      await remote.provider.get();
      assert.equal(asked, 1);
    });
  });
});
