import * as assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { readAnalyzeEvent, readAnalyzeResult, readAnalyzeTask, readCreatedAnalyzeTask } from '../../../src/api/analyzeShapes';
import { readAnalyzeEvents } from '../../../src/api/analyzeStream';
import {
  ANALYZE_STREAM_INCOMPLETE_CODE,
  AnalyzeStreamIncompleteError,
  checkAnalyzeRequest,
  findAnalyzeRequestProblem,
  isAnalyzeTaskDone,
  isAnalyzeVideoTooLong,
  MODEL_RULES,
  toAnalyzeBody,
  VIDEO_TOO_LONG_CODE,
  type AnalyzeEvent,
  type AnalyzeRequest,
  type AnalyzeStreamOptions,
} from '../../../src/api/analyzeTypes';
import type { TwelveLabsClient } from '../../../src/api/client';
import { TwelveLabsError } from '../../../src/api/errors';
import { ShapeReport, type ShapeContext } from '../../../src/api/shapes';
import { canaryForms } from '../../canary';
import { assertNoCanary, sleep, useAssetHarness } from './assetHarness';
import { CANARY_KEY, rejection } from './helpers';

/** Every event of a stream, and what it threw (if it threw). */
async function drain(client: TwelveLabsClient, request: AnalyzeRequest, options: AnalyzeStreamOptions = {}): Promise<{ events: AnalyzeEvent[]; error: unknown }> {
  const events: AnalyzeEvent[] = [];
  try {
    for await (const event of client.analyzeStream(request, options)) {
      events.push(event);
    }
  } catch (error) {
    return { events, error };
  }
  return { events, error: undefined };
}

function textOf(events: AnalyzeEvent[]): string {
  return events.map((event) => (event.kind === 'text' ? event.text : '')).join('');
}

/** Polls until `condition` holds, or fails after `ms`. */
async function eventually(condition: () => boolean, ms = 2_000, what = 'the condition'): Promise<void> {
  const until = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > until) {
      assert.fail(`${what} did not hold within ${ms} ms`);
    }
    await sleep(10);
  }
}

const context = (): ShapeContext => ({ report: new ShapeReport(), mask: (text) => text.split('SECRET').join('[redacted]') });

describe('API client: analyze', () => {
  const harness = useAssetHarness();
  const h = () => harness.h;
  let asset = '';
  beforeEach(() => {
    [asset] = h().fake.seedAssets(1);
  });
  const request = (extra: Partial<AnalyzeRequest> = {}): AnalyzeRequest => ({ model: 'pegasus1.2', video: { type: 'asset_id', assetId: asset }, prompt: 'Summarize the video', ...extra });
  const analyzeRequests = () => h().fake.requests.filter((r) => r.path === '/analyze');

  describe('analyzeStream', () => {
    it('POST /analyze with the spec\'s names and stream: true; start, the text as it comes, end with stop and usage', async () => {
      const schema = { type: 'object', properties: { title: { type: 'string' } } };
      const { events, error } = await drain(h().client, request({ model: 'pegasus1.5', temperature: 0.4, maxTokens: 600, startTime: 2, endTime: 18, jsonSchema: schema }));
      assert.equal(error, undefined);
      assert.deepEqual(analyzeRequests().map((r) => r.body), [
        {
          model_name: 'pegasus1.5',
          video: { type: 'asset_id', asset_id: asset },
          prompt: 'Summarize the video',
          temperature: 0.4,
          max_tokens: 600,
          response_format: { type: 'json_schema', json_schema: schema },
          start_time: 2,
          end_time: 18,
          stream: true,
        },
      ]);
      const [start, ...rest] = events;
      const end = rest.pop();
      assert.equal(start.kind, 'start');
      assert.ok(start.kind === 'start' && start.generationId !== '');
      assert.ok(rest.length > 1 && rest.every((event) => event.kind === 'text'));
      assert.ok(end?.kind === 'end');
      assert.equal(end.finishReason, 'stop');
      assert.equal(end.generationId, start.kind === 'start' ? start.generationId : '');
      assert.ok((end.usage?.outputTokens ?? 0) > 0 && (end.usage?.inputTokens ?? 0) > 0);
      const value = JSON.parse(textOf(events)) as { title: string };
      assert.equal(typeof value.title, 'string');
    });

    it('the same text as the non-streamed answer; timestamps survive the pieces', async () => {
      const streamed = textOf((await drain(h().client, request())).events);
      const whole = await h().client.analyze(request());
      assert.equal(streamed, whole.data);
      assert.match(streamed, /At 0:0\d, .*\n- Around 00:00:0\d, .*\n- During \[00:1\d-00:1\d\]/);
    });

    it('yields each event as it arrives, not once the body is complete', async () => {
      h().fake.setAnalyzeChunkDelay(80);
      const started = Date.now();
      const arrivals: number[] = [];
      for await (const event of h().client.analyzeStream(request({ maxTokens: 9 }))) {
        arrivals.push(Date.now() - started);
        assert.ok(event.kind);
      }
      // Five events, 80 ms apart: the first well before the last.
      assert.equal(arrivals.length, 5);
      assert.ok(arrivals[4] - arrivals[0] >= 4 * 70, String(arrivals));
    });

    it('parses lines across any chunk boundary: split lines, several in one chunk, blank lines, CRLF, no last newline', async () => {
      const lines = [
        '{"event_type":"stream_start","metadata":{"generation_id":"g-1"}}',
        '{"event_type":"text_generation","text":"Hello "}',
        '{"event_type":"text_generation","text":"at 0:05, "}',
        '{"event_type":"text_generation","text":"wörld ✓"}',
        '{"event_type":"stream_end","finish_reason":"stop","metadata":{"generation_id":"g-1","usage":{"input_tokens":3,"output_tokens":4}}}',
      ];
      h().fake.scriptNextAnalyze({
        chunks: [],
        delayMs: 15,
        rawWrites: [lines[0].slice(0, 7), `${lines[0].slice(7)}\r\n\r\n${lines[1].slice(0, 30)}`, `${lines[1].slice(30)}\n${lines[2]}\n\n${lines[3]}\r\n`, '   \n', lines[4]],
      });
      const { events, error } = await drain(h().client, request());
      assert.equal(error, undefined);
      assert.deepEqual(events, [
        { kind: 'start', generationId: 'g-1' },
        { kind: 'text', text: 'Hello ' },
        { kind: 'text', text: 'at 0:05, ' },
        { kind: 'text', text: 'wörld ✓' },
        { kind: 'end', finishReason: 'stop', generationId: 'g-1', usage: { inputTokens: 3, outputTokens: 4 } },
      ]);
    });

    it('a stream cut before stream_end is AnalyzeStreamIncompleteError with the text so far', async () => {
      h().fake.cutNextAnalyzeStream(3);
      const { events, error } = await drain(h().client, request());
      assert.deepEqual(events.map((event) => event.kind), ['start', 'text', 'text']);
      assert.ok(error instanceof AnalyzeStreamIncompleteError, String(error));
      assert.ok(error instanceof TwelveLabsError);
      assert.deepEqual([error.kind, error.status, error.code], ['noResponse', 200, ANALYZE_STREAM_INCOMPLETE_CODE]);
      assert.equal(error.text, textOf(events));
      assert.equal(error.generationId, events[0].kind === 'start' ? events[0].generationId : undefined);
      assert.equal(analyzeRequests().length, 1, 'an analysis that started is not repeated');
      assertNoCanary(error);
      // The subclass checks its own brand: a plain TwelveLabsError is not one.
      assert.equal(new TwelveLabsError('noResponse', 0, 'x', 'y') instanceof AnalyzeStreamIncompleteError, false);
    });

    it('a body that ends cleanly without stream_end is incomplete too, and so is one cut right after the headers', async () => {
      h().fake.scriptNextAnalyze({ chunks: [], rawWrites: ['{"event_type":"stream_start"}\n', '{"event_type":"text_generation","text":"half"}\n'] });
      const clean = await drain(h().client, request());
      assert.ok(clean.error instanceof AnalyzeStreamIncompleteError);
      assert.equal(clean.error.text, 'half');
      assert.equal(clean.error.generationId, undefined);
      h().fake.cutNextAnalyzeStream(0);
      const cut = await drain(h().client, request());
      assert.ok(cut.error instanceof AnalyzeStreamIncompleteError);
      assert.deepEqual([cut.events, cut.error.text], [[], '']);
    });

    it('a dripping server: the idle timeout between chunks is a timeout error, soon after the last chunk', async () => {
      h().fake.scriptNextAnalyze({ chunks: ['a', 'b', 'c'], delayMs: 3_000 });
      const started = Date.now();
      const { events, error } = await drain(h().client, request(), { idleTimeoutMs: 200 });
      assert.deepEqual(events.map((event) => event.kind), ['start']);
      assert.ok(error instanceof TwelveLabsError);
      assert.deepEqual([error.kind, error.code], ['noResponse', 'ETIMEDOUT']);
      assert.ok(Date.now() - started < 1_500, `${Date.now() - started} ms`);
      await eventually(() => h().fake.openAnalyzeStreams === 0, 2_000, 'the connection closing');
    });

    it('a hung server (no headers): the idle timeout applies to the wait for the answer too', async () => {
      h().fake.injectFault({ kind: 'hang', method: 'POST', path: '/analyze' });
      const started = Date.now();
      const { error } = await drain(h().client, request(), { idleTimeoutMs: 200 });
      assert.ok(error instanceof TwelveLabsError);
      assert.equal(error.code, 'ETIMEDOUT');
      assert.ok(Date.now() - started < 1_500);
    });

    it('time spent by the caller between events is not idleness', async () => {
      h().fake.scriptNextAnalyze({ chunks: ['a', 'b'] });
      const events: AnalyzeEvent[] = [];
      for await (const event of h().client.analyzeStream(request(), { idleTimeoutMs: 100 })) {
        events.push(event);
        await sleep(150);
      }
      assert.deepEqual(events.map((event) => event.kind), ['start', 'text', 'text', 'end']);
    });

    it('abort: the next step throws the cancellation error at once, and the connection closes', async () => {
      h().fake.setAnalyzeChunkDelay(500);
      const controller = new AbortController();
      const events: AnalyzeEvent[] = [];
      let aborted = 0;
      const error = await rejection(async () => {
        for await (const event of h().client.analyzeStream(request(), { signal: controller.signal })) {
          events.push(event);
          if (events.length === 2) {
            aborted = Date.now();
            controller.abort();
          }
        }
      });
      assert.ok(error instanceof TwelveLabsError && error.isCancelled, String(error));
      assert.ok(Date.now() - aborted < 200, `${Date.now() - aborted} ms`);
      assert.equal(events.length, 2);
      await eventually(() => h().fake.openAnalyzeStreams === 0, 2_000, 'the connection closing');
    });

    it('abort while waiting for the server (it is slow to answer, or hangs): cancelled promptly, nothing retried', async () => {
      h().fake.injectFault({ kind: 'hang', method: 'POST', path: '/analyze' });
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 50);
      const started = Date.now();
      const { error } = await drain(h().client, request(), { signal: controller.signal });
      assert.ok(error instanceof TwelveLabsError && error.isCancelled, String(error));
      assert.ok(Date.now() - started < 500);
      assert.equal(analyzeRequests().length, 1);
      const already = new AbortController();
      already.abort();
      assert.ok(((await drain(h().client, request(), { signal: already.signal })).error as TwelveLabsError).isCancelled);
      assert.equal(analyzeRequests().length, 1, 'an aborted signal sends nothing');
    });

    it('a caller that stops iterating early closes the connection', async () => {
      h().fake.setAnalyzeChunkDelay(200);
      for await (const event of h().client.analyzeStream(request())) {
        if (event.kind === 'start') {
          break;
        }
      }
      await eventually(() => h().fake.openAnalyzeStreams === 0, 2_000, 'the connection closing');
    });

    it('1 MB in 2,000 chunks arrives whole, event by event', async () => {
      const chunk = `${'x'.repeat(480)} at 0:05\n`;
      h().fake.scriptNextAnalyze({ chunks: Array.from({ length: 2_000 }, () => chunk) });
      let texts = 0;
      let length = 0;
      for await (const event of h().client.analyzeStream(request())) {
        if (event.kind === 'text') {
          texts++;
          length += event.text.length;
        }
      }
      assert.deepEqual([texts, length], [2_000, 2_000 * chunk.length]);
    });

    it('the existing faults on a stream: an endless body without newlines stops at the line cap; a slow drip times out; a FIN mid-stream is incomplete', async () => {
      h().fake.injectFault({ kind: 'endlessBody', method: 'POST', path: '/analyze' });
      const endless = (await drain(h().client, request())).error;
      assert.ok(endless instanceof TwelveLabsError && endless.kind === 'malformedResponse', String(endless));
      h().fake.injectFault({ kind: 'slowDrip', method: 'POST', path: '/analyze', dripIntervalMs: 400 });
      const drip = await drain(h().client, request(), { idleTimeoutMs: 150 });
      assert.ok(drip.error instanceof TwelveLabsError && drip.error.code === 'ETIMEDOUT', String(drip.error));
      h().fake.injectFault({ kind: 'finMidBody', method: 'POST', path: '/analyze', afterResponse: true });
      const fin = await drain(h().client, request());
      assert.ok(fin.error instanceof AnalyzeStreamIncompleteError, String(fin.error));
      assert.ok(fin.events.length > 1);
    });

    it('nothing is sent until iteration starts', async () => {
      const iterable = h().client.analyzeStream(request());
      await sleep(20);
      assert.equal(analyzeRequests().length, 0);
      for await (const event of iterable) {
        assert.ok(event);
      }
      assert.equal(analyzeRequests().length, 1);
    });
  });

  describe('errors, streamed or not', () => {
    const both = (): [string, (client: TwelveLabsClient, r: AnalyzeRequest) => Promise<unknown>][] => [
      ['analyzeStream', async (client, r) => (await drain(client, r)).error ?? 'no error'],
      ['analyze', (client, r) => rejection(() => client.analyze(r))],
    ];

    it('401: api_key_invalid, reported for the key that was sent', async () => {
      for (const [name, call] of both()) {
        h().setKey('tlk_someOtherKeyThatTheFakeDoesNotKnow00');
        const error = await call(h().client, request());
        assert.ok(error instanceof TwelveLabsError, name);
        assert.deepEqual([error.kind, error.status, error.code], ['http', 401, 'api_key_invalid'], name);
      }
      assert.equal(h().unauthorized(), 2);
    });

    it('429 with an empty body: retried with backoff, then too_many_requests; once, it recovers', async () => {
      for (const [name, call] of both()) {
        h().fake.clearRequests();
        h().fake.injectFault({ kind: 'rateLimited', method: 'POST', path: '/analyze', times: Infinity });
        const error = await call(h().client, request());
        h().fake.clearFaults();
        assert.ok(error instanceof TwelveLabsError, name);
        assert.deepEqual([error.kind, error.status, error.code], ['http', 429, 'too_many_requests'], name);
        assert.equal(analyzeRequests().length, 4, name);
        assertNoCanary(error);
      }
      h().fake.injectFault({ kind: 'rateLimited', method: 'POST', path: '/analyze' });
      const { events, error } = await drain(h().client, request());
      assert.equal(error, undefined);
      assert.equal(events.at(-1)?.kind, 'end');
    });

    it('a 503 gateway page is retried; a connection reset before the answer is not (the analysis may have run)', async () => {
      h().fake.injectFault({ kind: 'unavailable', method: 'POST', path: '/analyze' });
      assert.equal((await drain(h().client, request())).error, undefined);
      assert.equal(analyzeRequests().length, 2);
      h().fake.clearRequests();
      h().fake.injectFault({ kind: 'reset', method: 'POST', path: '/analyze' });
      const error = await rejection(() => h().client.analyze(request()));
      assert.ok(error instanceof TwelveLabsError && error.kind === 'noResponse', String(error));
      assert.equal(analyzeRequests().length, 1);
    });

    it('a model the server refuses: 400 parameter_invalid with its message', async () => {
      h().fake.refuseModel('pegasus1.2');
      for (const [name, call] of both()) {
        const error = await call(h().client, request());
        assert.ok(error instanceof TwelveLabsError, name);
        assert.deepEqual([error.status, error.code, error.message], [400, 'parameter_invalid', 'The model_name parameter is invalid.'], name);
      }
      assert.equal((await drain(h().client, request({ model: 'pegasus1.5' }))).error, undefined);
    });

    it('usage_limit_exceeded', async () => {
      for (const [name, call] of both()) {
        h().fake.usageLimitNextAnalyze();
        const error = await call(h().client, request());
        assert.ok(error instanceof TwelveLabsError && error.code === 'usage_limit_exceeded', `${name}: ${String(error)}`);
      }
    });

    it('a video over an hour: video_duration_too_long, which says to run a task instead', async () => {
      const [long] = h().fake.seedAssets(1, { duration: 4_000 });
      for (const [name, call] of both()) {
        const error = await call(h().client, request({ video: { type: 'asset_id', assetId: long } }));
        assert.ok(error instanceof TwelveLabsError && error.code === VIDEO_TOO_LONG_CODE, `${name}: ${String(error)}`);
        assert.ok(isAnalyzeVideoTooLong(error));
      }
      assert.equal(isAnalyzeVideoTooLong(new Error('video_duration_too_long')), false);
    });

    it('an unknown asset: 404 resource_not_exist', async () => {
      const error = await rejection(() => h().client.analyze(request({ video: { type: 'asset_id', assetId: '0123456789abcdef01234567' } })));
      assert.ok(error instanceof TwelveLabsError);
      assert.deepEqual([error.status, error.code], [404, 'resource_not_exist']);
    });

    it('the key is in no error of any of these, in any form', async () => {
      const errors: unknown[] = [];
      h().fake.injectFault({ kind: 'rateLimited', method: 'POST', path: '/analyze', times: Infinity });
      errors.push((await drain(h().client, request())).error);
      h().fake.clearFaults();
      h().fake.injectFault({ kind: 'serverErrorHtml', method: 'POST', path: '/analyze' });
      errors.push((await drain(h().client, request())).error);
      h().fake.injectFault({ kind: 'hang', method: 'POST', path: '/analyze' });
      errors.push((await drain(h().client, request(), { idleTimeoutMs: 100 })).error);
      // The fake never echoes the key verbatim; the encoded forms reach the client, which must mask them.
      const encoded = canaryForms(CANARY_KEY).filter((form) => form !== CANARY_KEY);
      h().fake.scriptNextAnalyze({ chunks: ['leaked: ', ...encoded.map((form) => `${form} `)] });
      h().fake.cutNextAnalyzeStream(encoded.length + 2);
      const incomplete = (await drain(h().client, request())).error;
      assert.ok(incomplete instanceof AnalyzeStreamIncompleteError);
      assert.ok(incomplete.text.startsWith('leaked: '), incomplete.text);
      errors.push(incomplete);
      errors.push(await rejection(() => h().client.analyze(request({ model: 'pegasus1.5', video: { type: 'video_id', videoId: CANARY_KEY } }))));
      h().setKey('tlk_someOtherKeyThatTheFakeDoesNotKnow00');
      errors.push((await drain(h().client, request())).error);
      for (const error of errors) {
        assert.ok(error instanceof TwelveLabsError, String(error));
        assertNoCanary(error);
      }
    });
  });

  describe('refusals before sending', () => {
    it('the client refuses what the server would, with its codes, and sends nothing', async () => {
      const cases: [string, AnalyzeRequest, string][] = [
        ['video_id with pegasus1.5', { model: 'pegasus1.5', video: { type: 'video_id', videoId: 'v' }, prompt: 'x' }, 'parameter_invalid'],
        ['a blank prompt', { model: 'pegasus1.2', video: { type: 'asset_id', assetId: 'a' }, prompt: '  ' }, 'parameter_not_provided'],
        ['no asset id', { model: 'pegasus1.2', video: { type: 'asset_id', assetId: '' }, prompt: 'x' }, 'parameter_not_provided'],
        ['a file: URL', { model: 'pegasus1.2', video: { type: 'url', url: 'file:///etc/passwd' }, prompt: 'x' }, 'parameter_invalid'],
        ['temperature 1.1', { model: 'pegasus1.2', video: { type: 'asset_id', assetId: 'a' }, prompt: 'x', temperature: 1.1 }, 'parameter_invalid'],
        ['max_tokens 1 with 1.2', { model: 'pegasus1.2', video: { type: 'asset_id', assetId: 'a' }, prompt: 'x', maxTokens: 1 }, 'parameter_invalid'],
        ['max_tokens 4,097 with 1.2', { model: 'pegasus1.2', video: { type: 'asset_id', assetId: 'a' }, prompt: 'x', maxTokens: 4_097 }, 'parameter_invalid'],
        ['max_tokens 511 with 1.5', { model: 'pegasus1.5', video: { type: 'asset_id', assetId: 'a' }, prompt: 'x', maxTokens: 511 }, 'parameter_invalid'],
        ['max_tokens 512.5', { model: 'pegasus1.5', video: { type: 'asset_id', assetId: 'a' }, prompt: 'x', maxTokens: 512.5 }, 'parameter_invalid'],
        ['a window with 1.2', { model: 'pegasus1.2', video: { type: 'asset_id', assetId: 'a' }, prompt: 'x', startTime: 0, endTime: 10 }, 'parameter_invalid'],
        ['a window under 4 s', { model: 'pegasus1.5', video: { type: 'asset_id', assetId: 'a' }, prompt: 'x', startTime: 1, endTime: 4 }, 'parameter_invalid'],
        ['a negative start', { model: 'pegasus1.5', video: { type: 'asset_id', assetId: 'a' }, prompt: 'x', startTime: -1 }, 'parameter_invalid'],
        ['additionalProperties', { model: 'pegasus1.2', video: { type: 'asset_id', assetId: 'a' }, prompt: 'x', jsonSchema: { type: 'object', additionalProperties: false } }, 'parameter_invalid'],
        ['a nested maxItems', { model: 'pegasus1.2', video: { type: 'asset_id', assetId: 'a' }, prompt: 'x', jsonSchema: { type: 'object', properties: { tags: { type: 'array', maxItems: 3 } } } }, 'parameter_invalid'],
        ['a timestamp with 1.2', { model: 'pegasus1.2', video: { type: 'asset_id', assetId: 'a' }, prompt: 'x', jsonSchema: { type: 'object', properties: { at: { type: 'timestamp', format: 'seconds' } } } }, 'parameter_invalid'],
        ['2,001 words with 1.2', { model: 'pegasus1.2', video: { type: 'asset_id', assetId: 'a' }, prompt: 'w '.repeat(2_001), temperature: 0 }, 'parameter_invalid'],
      ];
      for (const [what, r, code] of cases) {
        assert.equal(typeof checkAnalyzeRequest(r), 'string', what);
        const streamed = (await drain(harness.h.client, r)).error;
        assert.ok(streamed instanceof TwelveLabsError && streamed.kind === 'http' && streamed.status === 0 && streamed.code === code, `${what}: ${String(streamed)}`);
        assert.equal(streamed.message, checkAnalyzeRequest(r), what);
        await assert.rejects(harness.h.client.analyze(r), (e: unknown) => e instanceof TwelveLabsError && e.code === code, what);
      }
      assert.equal(harness.h.fake.requests.length, 0);
    });

    it('checkAnalyzeRequest: the edges pass, a property named like a keyword is fine, durations are checked when known', () => {
      const r: AnalyzeRequest = { model: 'pegasus1.5', video: { type: 'asset_id', assetId: 'a' }, prompt: 'x', temperature: 1, maxTokens: 98_304, startTime: 0, endTime: 4 };
      assert.equal(checkAnalyzeRequest(r), undefined);
      assert.equal(checkAnalyzeRequest({ ...r, model: 'pegasus1.2', startTime: undefined, endTime: undefined, maxTokens: 2, temperature: 0 }), undefined);
      assert.equal(checkAnalyzeRequest({ ...r, jsonSchema: { type: 'object', properties: { maxItems: { type: 'integer' }, additionalProperties: { type: 'string', enum: [{ minLength: 1 }] } } } }), undefined);
      assert.match(checkAnalyzeRequest({ ...r, model: 'pegasus1.1' as 'pegasus1.5' }) ?? '', /pegasus1\.2 and pegasus1\.5/);
      assert.equal(findAnalyzeRequestProblem(r, { durationSeconds: 3_601 })?.code, VIDEO_TOO_LONG_CODE);
      assert.equal(findAnalyzeRequestProblem({ ...r, startTime: undefined, endTime: undefined }, { durationSeconds: 3_601, mode: 'task' }), undefined);
      assert.equal(findAnalyzeRequestProblem({ ...r, startTime: undefined, endTime: undefined }, { durationSeconds: 7_201, mode: 'task' })?.code, VIDEO_TOO_LONG_CODE);
      assert.equal(findAnalyzeRequestProblem({ ...r, startTime: undefined, endTime: undefined }, { durationSeconds: 3 })?.code, 'video_duration_too_short');
      assert.equal(findAnalyzeRequestProblem(r, { durationSeconds: 3.5 })?.parameter, 'end_time');
      assert.equal(findAnalyzeRequestProblem({ ...r, video: { type: 'video_id', videoId: 'v' }, model: 'pegasus1.2', startTime: undefined, endTime: undefined }, { mode: 'task' })?.parameter, 'video_id');
      assert.deepEqual(MODEL_RULES['pegasus1.2'].maxTokens, { min: 2, max: 4_096, default: 4_096 });
      assert.deepEqual(MODEL_RULES['pegasus1.5'].maxTokens, { min: 512, max: 98_304, default: 4_096 });
    });

    it('toAnalyzeBody: video_id for the legacy input, no stream field for a task', () => {
      assert.deepEqual(toAnalyzeBody({ model: 'pegasus1.2', video: { type: 'video_id', videoId: 'v1' }, prompt: 'p' }, false), { model_name: 'pegasus1.2', video_id: 'v1', prompt: 'p', stream: false });
      assert.deepEqual(toAnalyzeBody({ model: 'pegasus1.5', video: { type: 'url', url: 'https://e.com/v.mp4' }, prompt: 'p' }, undefined), {
        model_name: 'pegasus1.5',
        video: { type: 'url', url: 'https://e.com/v.mp4' },
        prompt: 'p',
      });
    });
  });

  describe('analyze (not streamed)', () => {
    it('reads {id, data, finish_reason, usage}; a cut answer is length with the server\'s note', async () => {
      const whole = await h().client.analyze(request());
      assert.ok(whole.id !== '' && whole.data.length > 50);
      assert.equal(whole.finishReason, 'stop');
      assert.equal(whole.warning, undefined);
      assert.equal((analyzeRequests().at(-1)?.body as { stream?: boolean }).stream, false);
      const cut = await h().client.analyze(request({ maxTokens: 4 }));
      assert.equal(cut.finishReason, 'length');
      assert.equal(cut.usage?.outputTokens, 4);
      assert.match(cut.warning ?? '', /max_tokens/);
      assert.ok(whole.data.startsWith(cut.data));
    });

    it('a legacy video_id with pegasus1.2', async () => {
      const [, pegasus] = h().fake.seedIndexes(2);
      const [video] = h().fake.seedSearchableVideos(pegasus, [{ filename: 'talk.mp4', duration: 30, transcript: [{ start: 0, end: 5, value: 'A robot juggles three oranges.' }] }]);
      const result = await h().client.analyze({ model: 'pegasus1.2', video: { type: 'video_id', videoId: video }, prompt: 'What happens?' });
      assert.match(result.data, /robot juggles/);
      assert.deepEqual((analyzeRequests().at(-1)?.body as { video_id: string }).video_id, video);
    });

    it('a hung answer is given up after the call\'s timeout', async () => {
      h().fake.injectFault({ kind: 'hang', method: 'POST', path: '/analyze' });
      const error = await rejection(() => h().client.analyze(request(), { timeoutMs: 200 }));
      assert.ok(error instanceof TwelveLabsError && error.code === 'ETIMEDOUT', String(error));
    });
  });

  describe('analysis tasks', () => {
    it('POST /analyze/tasks (no stream field), then GET until ready with the result', async () => {
      const [long] = h().fake.seedAssets(1, { duration: 4_000 });
      const created = await h().client.createAnalyzeTask({ model: 'pegasus1.5', video: { type: 'asset_id', assetId: long }, prompt: 'Chapters, please', maxTokens: 1_000 });
      assert.equal(created.status, 'queued');
      assert.deepEqual(h().fake.requests.at(-1)?.body, { model_name: 'pegasus1.5', video: { type: 'asset_id', asset_id: long }, prompt: 'Chapters, please', max_tokens: 1_000 });
      const seen: string[] = [];
      let task = await h().client.getAnalyzeTask(created.id);
      seen.push(task.status);
      while (!isAnalyzeTaskDone(task.status)) {
        task = await h().client.getAnalyzeTask(created.id);
        seen.push(task.status);
      }
      assert.deepEqual(seen, ['pending', 'processing', 'ready']);
      assert.ok(task.result);
      assert.equal(task.result.finishReason, 'stop');
      assert.match(task.result.data, /Chapters, please/);
      assert.ok(task.result.id !== '');
      assert.equal(typeof task.createdAt, 'string');
      assert.equal(typeof task.completedAt, 'string');
      assert.equal(task.error, undefined);
    });

    it('a failed task carries its reason; the {error: {code, message}} body of an unknown task is read', async () => {
      h().fake.setTaskAdvance('instant');
      h().fake.failNextAnalyzeTask('The video could not be decoded.');
      const created = await h().client.createAnalyzeTask(request());
      const task = await h().client.getAnalyzeTask(created.id);
      assert.equal(task.status, 'failed');
      assert.deepEqual(task.error, { code: 'analyze_task_failed', message: 'The video could not be decoded.' });
      assert.equal(task.result, undefined);
      const missing = await rejection(() => h().client.getAnalyzeTask('0123456789abcdef01234567'));
      assert.ok(missing instanceof TwelveLabsError);
      assert.deepEqual([missing.status, missing.code, missing.message], [404, 'resource_not_exist', 'Resource with id 0123456789abcdef01234567 does not exist in analyze tasks.']);
      const refused = await rejection(() => h().client.createAnalyzeTask(request({ model: 'pegasus1.5', maxTokens: 99_999 })));
      assert.ok(refused instanceof TwelveLabsError && refused.code === 'parameter_invalid' && refused.status === 0);
      h().fake.usageLimitNextAnalyze();
      const limited = await rejection(() => h().client.createAnalyzeTask(request()));
      assert.ok(limited instanceof TwelveLabsError && limited.code === 'usage_limit_exceeded' && limited.status === 400, String(limited));
    });

    it('a task takes no video_id; an empty task id is refused; creation is retried on 429 only', async () => {
      const error = await rejection(() => h().client.createAnalyzeTask({ model: 'pegasus1.2', video: { type: 'video_id', videoId: 'v' }, prompt: 'x' }));
      assert.ok(error instanceof TwelveLabsError && error.code === 'parameter_invalid' && /asset or a URL/.test(error.message));
      await assert.rejects(h().client.getAnalyzeTask(' '), (e: unknown) => e instanceof TwelveLabsError && e.code === 'parameter_not_provided');
      assert.equal(h().fake.requests.length, 0);
      h().fake.injectFault({ kind: 'rateLimited', method: 'POST', path: '/analyze/tasks' });
      await h().client.createAnalyzeTask(request());
      assert.equal(h().fake.requests.length, 2);
      h().fake.injectFault({ kind: 'unavailable', method: 'POST', path: '/analyze/tasks' });
      await assert.rejects(h().client.createAnalyzeTask(request()), (e: unknown) => e instanceof TwelveLabsError && e.status === 503);
      assert.equal(h().fake.requests.length, 3);
      assert.equal(h().fake.analyzeTasks().length, 1);
    });
  });
});

describe('analyze answers at the boundary', () => {
  it('events: the three kinds; unknown kinds skipped; wrong shapes malformed; bad optional fields dropped and named', () => {
    const ctx = context();
    assert.deepEqual(readAnalyzeEvent({ event_type: 'stream_start', metadata: { generation_id: 'g' } }, ctx), { kind: 'event', event: { kind: 'start', generationId: 'g' } });
    assert.deepEqual(readAnalyzeEvent({ event_type: 'stream_start' }, ctx), { kind: 'event', event: { kind: 'start', generationId: '' } });
    assert.deepEqual(readAnalyzeEvent({ event_type: 'text_generation', text: '' }, ctx), { kind: 'event', event: { kind: 'text', text: '' } });
    assert.deepEqual(readAnalyzeEvent({ event_type: 'stream_end' }, ctx), { kind: 'event', event: { kind: 'end', finishReason: 'unknown' } });
    assert.deepEqual(
      readAnalyzeEvent({ event_type: 'stream_end', finish_reason: 'length', metadata: { generation_id: 5, usage: { output_tokens: 2, input_tokens: -1 } }, error: { message: 'cut: SECRET' } }, ctx),
      { kind: 'event', event: { kind: 'end', finishReason: 'length', usage: { outputTokens: 2 }, warning: 'cut: [redacted]' } },
    );
    assert.deepEqual(readAnalyzeEvent({ event_type: 'stream_end', finish_reason: 'stop', metadata: { usage: { input_tokens: 1 } } }, ctx), { kind: 'event', event: { kind: 'end', finishReason: 'stop' } });
    assert.deepEqual([...ctx.report.droppedFields].sort(), ['metadata.generation_id', 'metadata.usage', 'metadata.usage.input_tokens']);
    assert.deepEqual(readAnalyzeEvent({ event_type: 'stream_error', text: 'x' }, ctx), { kind: 'unknown', eventType: 'stream_error' });
    for (const bad of [null, [], 'text', { text: 'x' }, { event_type: 5 }, { event_type: 'text_generation' }, { event_type: 'text_generation', text: 5 }, { event_type: 'stream_end', finish_reason: 7 }]) {
      assert.deepEqual(readAnalyzeEvent(bad, ctx), { kind: 'malformed' }, JSON.stringify(bad));
    }
  });

  it('results and tasks: required fields, unknown statuses, a ready task without a result, failures masked', () => {
    const ctx = context();
    assert.deepEqual(readAnalyzeResult({ id: 'r', data: 'd', finish_reason: 'stop', usage: { output_tokens: 1, input_tokens: 2 } }, ctx), {
      id: 'r',
      data: 'd',
      finishReason: 'stop',
      usage: { inputTokens: 2, outputTokens: 1 },
    });
    assert.equal(readAnalyzeResult({ data: 'd' }, ctx), undefined);
    assert.equal(readAnalyzeResult({ id: 'r', data: 5 }, ctx), undefined);
    assert.deepEqual(readCreatedAnalyzeTask({ task_id: 't1', status: 'queued' }), { id: 't1', status: 'queued' });
    assert.equal(readCreatedAnalyzeTask({ task_id: 't1', status: 'sleeping' }), undefined);
    assert.equal(readCreatedAnalyzeTask({ task_id: '../t', status: 'queued' }), undefined);
    assert.deepEqual(readAnalyzeTask({ task_id: 't', status: 'processing', created_at: 'c' }, ctx), { id: 't', status: 'processing', createdAt: 'c' });
    assert.equal(readAnalyzeTask({ task_id: 't', status: 'ready' }, ctx), undefined);
    assert.equal(readAnalyzeTask({ task_id: 't', status: 'ready', result: { data: 7 } }, ctx), undefined);
    assert.deepEqual(readAnalyzeTask({ task_id: 't', status: 'ready', result: { generation_id: 'g', data: 'half', finish_reason: 'length', usage: { output_tokens: 9 } }, error: { message: 'truncated' } }, ctx), {
      id: 't',
      status: 'ready',
      result: { id: 'g', data: 'half', finishReason: 'length', usage: { outputTokens: 9 }, warning: 'truncated' },
    });
    assert.deepEqual(readAnalyzeTask({ task_id: 't', status: 'failed', error: { code: 'video_too_long', message: 'SECRET too long' } }, ctx)?.error, { code: 'video_too_long', message: '[redacted] too long' });
    assert.deepEqual(readAnalyzeTask({ task_id: 't', status: 'failed', error: { code: 'not a code!', message: '' } }, ctx)?.error, {
      code: 'analyze_task_failed',
      message: 'The analysis failed; the server gave no reason.',
    });
    assert.equal(readAnalyzeTask({ task_id: 't', status: 'cancelled' }, ctx), undefined);
  });
});

describe('readAnalyzeEvents (the stream reader alone)', () => {
  const ctx = (): ShapeContext => ({ report: new ShapeReport(), mask: (text) => text });
  const read = async (pieces: (string | Buffer)[], options: Partial<Parameters<typeof readAnalyzeEvents>[1]> = {}): Promise<{ events: AnalyzeEvent[]; error: unknown }> => {
    const events: AnalyzeEvent[] = [];
    try {
      for await (const event of readAnalyzeEvents(Readable.from(pieces.map((piece) => (typeof piece === 'string' ? Buffer.from(piece) : piece))), { idleTimeoutMs: 1_000, context: ctx(), ...options })) {
        events.push(event);
      }
    } catch (error) {
      return { events, error };
    }
    return { events, error: undefined };
  };
  const end = '{"event_type":"stream_end","finish_reason":"stop"}';

  it('a character split between two chunks, a BOM, one byte at a time', async () => {
    const line = Buffer.from('\ufeff{"event_type":"text_generation","text":"é😀"}\n');
    const split = line.indexOf(Buffer.from('😀')) + 2;
    const { events, error } = await read([line.subarray(0, split), line.subarray(split), end]);
    assert.equal(error, undefined);
    assert.deepEqual(events[0], { kind: 'text', text: 'é😀' });
    const bytes = Buffer.from(`{"event_type":"text_generation","text":"ab"}\r\n${end}\n`);
    const byByte = await read([...bytes].map((byte) => Buffer.from([byte])));
    assert.deepEqual(byByte.events.map((event) => event.kind), ['text', 'end']);
  });

  it('nothing after stream_end is read; an unknown event is skipped and reported', async () => {
    const unknown: string[] = [];
    const { events, error } = await read([`{"event_type":"heartbeat"}\n${end}\nnot json at all\n`], { onUnknownEvent: (type) => unknown.push(type) });
    assert.equal(error, undefined);
    assert.deepEqual(events.map((event) => event.kind), ['end']);
    assert.deepEqual(unknown, ['heartbeat']);
  });

  it('wrong shapes: not JSON, not an event, a line over the cap (even without its newline), a stream over the cap', async () => {
    for (const pieces of [['{"event_type":\n'], ['[1,2]\n'], ['{"event_type":"text_generation","text":{"a":1}}\n']]) {
      const { error } = await read(pieces);
      assert.ok(error instanceof TwelveLabsError && error.kind === 'malformedResponse' && error.code === 'malformed_response', String(error));
    }
    const long = await read(['{"event_type":"text_generation","text":"', 'x'.repeat(300), 'x'.repeat(300)], { maxLineBytes: 512 });
    assert.ok(long.error instanceof TwelveLabsError && long.error.code === 'malformed_response' && /KiB/.test(long.error.message), String(long.error));
    const line = '{"event_type":"text_generation","text":"0123456789"}\n';
    const endless = await read(Array.from({ length: 100 }, () => line), { maxStreamBytes: 1_000 });
    assert.ok(endless.error instanceof TwelveLabsError && endless.error.code === 'response_too_large', String(endless.error));
    assert.ok(endless.events.length < 20);
  });

  it('an endless stream without newlines costs no more than the line cap', async () => {
    let served = 0;
    const endless = new Readable({
      read() {
        served += 64 * 1024;
        this.push(Buffer.alloc(64 * 1024, 0x61));
      },
    });
    const events: AnalyzeEvent[] = [];
    const error = await rejection(async () => {
      for await (const event of readAnalyzeEvents(endless, { idleTimeoutMs: 1_000, context: ctx() })) {
        events.push(event);
      }
    });
    assert.ok(error instanceof TwelveLabsError && error.code === 'malformed_response');
    assert.ok(served <= 2 * 1024 * 1024, `${served} bytes read`);
    assert.ok(endless.destroyed);
  });

  it('bytes that arrived just before a reset are still read, and kept in the incomplete error', async () => {
    const body = new Readable({ read: () => undefined });
    const events: AnalyzeEvent[] = [];
    const reading = (async () => {
      for await (const event of readAnalyzeEvents(body, { idleTimeoutMs: 1_000, context: ctx() })) {
        events.push(event);
      }
    })();
    // The reader is waiting; the last bytes and the reset come together, as they do off a socket.
    await sleep(10);
    body.push(Buffer.from('{"event_type":"text_generation","text":"a"}\n{"event_type":"text_generation","text":"b"}\n'));
    body.destroy(new Error('read ECONNRESET'));
    const error = await rejection(() => reading);
    assert.deepEqual(events.map((event) => event.kind), ['text', 'text']);
    assert.ok(error instanceof AnalyzeStreamIncompleteError);
    assert.equal(error.text, 'ab');
  });

  it('the last line without its newline is read; an end without stream_end is incomplete', async () => {
    assert.deepEqual((await read(['{"event_type":"text_generation","text":"a"}\n', end])).events.map((event) => event.kind), ['text', 'end']);
    const { events, error } = await read(['{"event_type":"stream_start","metadata":{"generation_id":"g"}}\n{"event_type":"text_generation","text":"a"}\n{"event_type":"text_generation","text":"b"}']);
    assert.equal(events.length, 3);
    assert.ok(error instanceof AnalyzeStreamIncompleteError);
    assert.deepEqual([error.text, error.generationId], ['ab', 'g']);
  });
});
