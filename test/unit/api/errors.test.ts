import * as assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { fromResponse, retryAfterFromHeaders, toTwelveLabsError } from '../../../src/api/errorMapping';
import { TwelveLabsError } from '../../../src/api/errors';
import { canaryForms } from '../../canary';
import { CANARY_KEY, rejection, startHarness, type Harness } from './helpers';
import { isRetryable } from '../../../src/api/retry';

const MARENGO = { model_name: 'marengo3.0', model_options: ['visual'] };

/** Every way an error can be turned into text a user, a log or a bug report might see. */
function renderings(error: unknown): string[] {
  const err = error as Error;
  return [
    String(err.message),
    String(err.stack),
    JSON.stringify(error),
    JSON.stringify(Object.getOwnPropertyDescriptors(error)),
    inspect(error, { depth: 10, showHidden: true }),
    String(error),
  ];
}

function assertNoCanary(error: unknown, key = CANARY_KEY): void {
  for (const text of renderings(error)) {
    for (const form of canaryForms(key)) {
      assert.ok(!text.includes(form), `the key leaked into an error rendering: ${text.slice(0, 200)}`);
    }
  }
}

describe('error mapping', () => {
  describe('pure mapping', () => {
    const now = Date.parse('2026-07-01T00:00:00Z');

    it('keeps the server code and message verbatim', () => {
      const error = fromResponse(
        { status: 400, data: '{"code":"parameter_invalid","message":"The index_name parameter is invalid.","docs_url":"x"}' },
        { now },
      );
      assert.equal(error.kind, 'http');
      assert.equal(error.code, 'parameter_invalid');
      assert.equal(error.message, 'The index_name parameter is invalid.');
      assert.equal(isRetryable('GET', error), false);
    });

    it('unwraps {error: {code, message}}', () => {
      const error = fromResponse({ status: 409, data: { error: { code: 'conflict', message: 'No.' } } }, { now });
      assert.equal(error.code, 'conflict');
      assert.equal(error.message, 'No.');
    });

    it('falls back to a code and message of its own for empty and HTML bodies', () => {
      assert.equal(fromResponse({ status: 429, data: '' }, { now }).code, 'too_many_requests');
      const html = fromResponse({ status: 502, data: '<html><body>Bad Gateway</body></html>' }, { now });
      assert.equal(html.code, 'http_502');
      assert.equal(isRetryable('GET', html), true);
      assert.doesNotMatch(html.message, /</);
    });

    it('reads Retry-After as seconds or as an HTTP date, and X-Ratelimit-Reset as epoch seconds', () => {
      assert.equal(retryAfterFromHeaders({ 'retry-after': '7' }, now), 7000);
      assert.equal(retryAfterFromHeaders({ 'Retry-After': new Date(now + 4000).toUTCString() }, now), 4000);
      assert.equal(retryAfterFromHeaders({ 'x-ratelimit-reset': String(now / 1000 + 9) }, now), 9000);
      assert.equal(retryAfterFromHeaders({ 'x-ratelimit-reset': '12' }, now), 12000);
      assert.equal(retryAfterFromHeaders({}, now), undefined);
      assert.equal(retryAfterFromHeaders({ 'retry-after': 'soon' }, now), undefined);
    });

    it('maps cancellation, refused connections and timeouts by kind', () => {
      assert.equal(toTwelveLabsError({ code: 'ERR_CANCELED' }, { now }).kind, 'cancelled');
      const refused = toTwelveLabsError({ code: 'ECONNREFUSED' }, { now });
      assert.equal(refused.kind, 'network');
      assert.equal(isRetryable('GET', refused), true);
      assert.equal(toTwelveLabsError({ code: 'ECONNABORTED' }, { now }).kind, 'noResponse');
      assert.equal(toTwelveLabsError({ code: 'ECONNRESET' }, { now }).kind, 'noResponse');
      assert.equal(toTwelveLabsError(new Error('weird'), { now }).kind, 'noResponse');
    });

    it('drops everything axios attaches: config, headers, request', () => {
      const axiosLike = Object.assign(new Error(`Request failed, x-api-key: ${CANARY_KEY}`), {
        isAxiosError: true,
        code: 'ERR_BAD_REQUEST',
        config: { headers: { 'x-api-key': CANARY_KEY } },
        request: { _header: `GET / HTTP/1.1\r\nx-api-key: ${CANARY_KEY}` },
        response: { status: 401, data: '{"code":"api_key_invalid","message":"API Key is either invalid or expired."}', headers: {} },
      });
      const mapped = toTwelveLabsError(axiosLike, { now, key: CANARY_KEY });
      assert.ok(mapped instanceof TwelveLabsError);
      assert.equal(mapped.code, 'api_key_invalid');
      assert.equal(mapped.cause, undefined);
      assertNoCanary(mapped);
    });

    it('scrubs the key if a server ever echoes it in a message', () => {
      const mapped = fromResponse(
        { status: 400, data: JSON.stringify({ code: 'parameter_invalid', message: `bad key ${CANARY_KEY}` }) },
        { now, key: CANARY_KEY },
      );
      assert.equal(mapped.message, 'bad key [redacted]');
    });

    const encodings: [string, string][] = [
      ['verbatim', CANARY_KEY],
      ['upper-case', CANARY_KEY.toUpperCase()],
      ['base64', Buffer.from(CANARY_KEY, 'utf8').toString('base64')],
      ['URL-encoded', encodeURIComponent(CANARY_KEY)],
    ];
    for (const [encoding, echo] of encodings) {
      it(`masks a ${encoding} echo of the key in the message and in the code`, () => {
        const mapped = fromResponse({ status: 400, data: JSON.stringify({ code: echo, message: `The key ${echo} is not allowed here.` }) }, { now, key: CANARY_KEY });
        assertNoCanary(mapped);
        assert.ok(!mapped.message.includes(echo), mapped.message);
        assert.ok(!mapped.code.includes(echo), mapped.code);
        assert.match(mapped.message, /\[redacted\]/);
      });
    }

    it('masks a key-shaped token even when it is not the key that was sent', () => {
      const other = 'tlk_SOMEONEelse0000000000000';
      const mapped = fromResponse({ status: 403, data: JSON.stringify({ code: 'forbidden', message: `Key ${other} has no access.` }) }, { now, key: CANARY_KEY });
      assert.ok(!mapped.message.includes(other), mapped.message);
    });

    it('keeps identifier-like codes', () => {
      for (const code of ['api_key_invalid', 'parameter_invalid', 'index_name_already_exists', 'resource_not_exist', 'video_filesize_too_large', 'E429', 'rate-limit.exceeded']) {
        assert.equal(fromResponse({ status: 400, data: JSON.stringify({ code, message: 'm' }) }, { now }).code, code);
      }
    });

    it('replaces a code that is not a short identifier with a generic one (http_<status>)', () => {
      const outside = [
        'Please visit https://evil.example/login',
        '**Your key expired** [renew](https://evil.example)',
        'bad\ncode',
        'x'.repeat(65),
        '',
        'with space',
        '`code`',
      ];
      for (const code of outside) {
        const mapped = fromResponse({ status: 400, data: JSON.stringify({ code, message: 'The request was refused.' }) }, { now });
        assert.equal(mapped.code, code === '' ? 'unknown_error' : 'http_400', JSON.stringify(code));
        assert.equal(mapped.message, 'The request was refused.');
      }
      assert.equal(fromResponse({ status: 401, data: JSON.stringify({ code: 'a b', message: 'm' }) }, { now }).code, 'unauthorized');
    });

    it('the same masking in the {error: {code, message}} wrapping', () => {
      const mapped = fromResponse({ status: 400, data: { error: { code: CANARY_KEY.toUpperCase(), message: `x ${CANARY_KEY.toUpperCase()}` } } }, { now, key: CANARY_KEY });
      assertNoCanary(mapped);
      assert.ok(!mapped.message.toUpperCase().includes(CANARY_KEY.toUpperCase()));
      assert.equal(mapped.code, 'http_400');
    });
  });

  describe('no key in any error, over HTTP', () => {
    let h: Harness;
    beforeEach(async () => {
      h = await startHarness({ fake: { seedIndexes: 2 }, timeoutMs: 300 });
    });
    afterEach(async () => {
      await h.fake.close();
    });

    const scenarios: { name: string; run: (h: Harness) => Promise<unknown> }[] = [
      { name: '401 from a removed key', run: (x) => (x.fake.removeKey(CANARY_KEY), x.client.listIndexes()) },
      { name: 'injected 401', run: (x) => (x.fake.injectFault({ kind: 'unauthorized' }), x.client.getIndex('0123456789abcdef01234567')) },
      { name: '403', run: (x) => (x.fake.injectFault({ kind: 'forbidden' }), x.client.listIndexes()) },
      { name: '429 for good', run: (x) => (x.fake.injectFault({ kind: 'rateLimitedJson', times: Infinity }), x.client.listIndexes()) },
      { name: 'HTML 500', run: (x) => (x.fake.injectFault({ kind: 'serverErrorHtml' }), x.client.deleteIndex('0123456789abcdef01234567')) },
      { name: '503 for good', run: (x) => (x.fake.injectFault({ kind: 'unavailable', times: Infinity }), x.client.listIndexes()) },
      { name: 'malformed JSON', run: (x) => (x.fake.injectFault({ kind: 'malformedJson' }), x.client.listIndexes()) },
      { name: 'hang on POST', run: (x) => (x.fake.injectFault({ kind: 'hang' }), x.client.createIndex({ name: 'h', models: [MARENGO] })) },
      { name: 'reset on POST', run: (x) => (x.fake.injectFault({ kind: 'reset' }), x.client.createIndex({ name: 'r', models: [MARENGO] })) },
      { name: 'resource_not_exist', run: (x) => x.client.renameIndex('0123456789abcdef01234567', 'x') },
      { name: 'cancelled', run: (x) => x.client.listIndexes(1, 10, {}, { signal: AbortSignal.abort() }) },
      {
        name: 'candidate key rejected',
        run: (x) => (x.fake.removeKey(CANARY_KEY), x.client.validateKey(CANARY_KEY)),
      },
    ];

    for (const scenario of scenarios) {
      it(`${scenario.name}: a TwelveLabsError without the key in message, stack, JSON or inspect`, async () => {
        const error = await rejection(() => scenario.run(h));
        assert.ok(error instanceof TwelveLabsError, `got ${inspect(error)}`);
        assertNoCanary(error);
        for (const line of h.logger.lines) {
          for (const form of canaryForms()) {
            assert.ok(!line.includes(form), `the key leaked into a log line: ${line}`);
          }
        }
      });
    }

    it('a connection refused error carries no key either', async () => {
      const port = Number(new URL(h.fake.origin).port);
      await h.fake.close();
      const closed = await startHarness({ baseUrl: `http://127.0.0.1:${port}/v1.3`, retry: { maxAttempts: 1 } });
      try {
        const error = await rejection(() => closed.client.listIndexes());
        assert.ok(error instanceof TwelveLabsError);
        assertNoCanary(error);
      } finally {
        await closed.fake.close();
        h = await startHarness();
      }
    });
  });
});
