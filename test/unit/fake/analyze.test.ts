import assert from 'node:assert/strict';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { TASK_TOO_LONG_MESSAGE, TRUNCATED_MESSAGE } from '../../fake/analyze';
import { validateStreamEvent } from '../../fake/openapi';
import type { FakeTwelveLabs } from '../../fake/server';
import { useAssetFake, valid } from './assetHelpers';
import { call, KEY, type CallResult } from './helpers';

interface Streamed {
  status: number;
  headers: IncomingHttpHeaders;
  /** Each non-blank line, parsed. */
  events: Record<string, unknown>[];
  /** The body as it arrived. */
  raw: string;
  /** Whether the connection broke before the body's end. */
  cut: boolean;
}

/** POST /analyze, reading the answer as it comes, whether or not the connection ends cleanly. */
function stream(fake: FakeTwelveLabs, body: unknown): Promise<Streamed> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${fake.url}/analyze`,
      { method: 'POST', headers: { 'x-api-key': KEY, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) }, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        let done = false;
        const finish = (cut: boolean): void => {
          if (done) return;
          done = true;
          const raw = Buffer.concat(chunks).toString('utf8');
          const events = raw
            .split('\n')
            .filter((line) => line.trim() !== '')
            .map((line) => JSON.parse(line) as Record<string, unknown>);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, events, raw, cut });
        };
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => finish(!res.complete));
        res.on('aborted', () => finish(true));
        res.on('error', () => finish(true));
        res.on('close', () => finish(!res.complete));
      },
    );
    req.setTimeout(5000, () => req.destroy(new Error('no answer within 5 s')));
    req.on('error', reject);
    req.end(payload);
  });
}

function textOf(events: Record<string, unknown>[]): string {
  return events
    .filter((event) => event.event_type === 'text_generation')
    .map((event) => event.text as string)
    .join('');
}

async function analyzeJson(fake: FakeTwelveLabs, body: Record<string, unknown>): Promise<CallResult> {
  const r = await call(fake, 'POST', '/analyze', { json: { stream: false, ...body } });
  valid('POST', '/analyze', r);
  return r;
}

function errorOf(r: CallResult): { code: string; message: string } {
  const body = r.body as { code?: string; message?: string; error?: { code: string; message: string } };
  return body.error ?? { code: body.code ?? '', message: body.message ?? '' };
}

describe('fake: POST /analyze', () => {
  const ctx = useAssetFake();
  const fake = () => ctx.fake;
  let asset = '';
  beforeEach(() => {
    [asset] = fake().seedAssets(1);
  });
  const base = () => ({ video: { type: 'asset_id', asset_id: asset }, prompt: 'Summarize the video' });

  it('streams NDJSON by default: stream_start, text_generation events, stream_end with stop and usage; every line in the spec shape', async () => {
    const r = await stream(fake(), base());
    assert.equal(r.status, 200);
    assert.equal(r.cut, false);
    assert.match(String(r.headers['content-type']), /^application\/json/);
    assert.equal(r.headers['transfer-encoding'], 'chunked');
    const [start, ...rest] = r.events;
    const end = rest.pop();
    assert.equal(start.event_type, 'stream_start');
    const id = (start.metadata as { generation_id: string }).generation_id;
    assert.ok(id);
    assert.ok(rest.length > 5 && rest.every((event) => event.event_type === 'text_generation'));
    assert.equal(end?.event_type, 'stream_end');
    assert.equal(end?.finish_reason, 'stop');
    const metadata = end?.metadata as { generation_id: string; usage: { input_tokens: number; output_tokens: number } };
    assert.equal(metadata.generation_id, id);
    assert.equal(metadata.usage.output_tokens, (textOf(r.events).match(/\s*\S{1,8}/g) ?? []).length);
    for (const event of r.events) assert.deepEqual(validateStreamEvent(event), []);
  });

  it('the answer is plausible, deterministic for (video, prompt, model), and names moments as 0:05, 00:00:12 and [00:12-00:18]', async () => {
    const first = textOf((await stream(fake(), base())).events);
    const again = textOf((await stream(fake(), base())).events);
    const otherPrompt = textOf((await stream(fake(), { ...base(), prompt: 'What happens at the end?' })).events);
    const otherModel = textOf((await stream(fake(), { ...base(), model_name: 'pegasus1.5' })).events);
    assert.equal(again, first);
    assert.notEqual(otherPrompt, first);
    assert.notEqual(otherModel, first);
    assert.match(first, /asset-\d+\.mp4 \(0:20 long\), by pegasus1\.2/);
    assert.match(first, /You asked: "Summarize the video"/);
    assert.match(first, /At 0:0\d, /);
    assert.match(first, /Around 00:00:\d\d, /);
    assert.match(first, /During \[00:1\d-00:1\d\], /);
  });

  it('stream: false answers {id, data, finish_reason, usage}, the same text as the stream', async () => {
    const streamed = textOf((await stream(fake(), base())).events);
    const r = await analyzeJson(fake(), base());
    assert.equal(r.status, 200);
    const body = r.body as { id: string; data: string; finish_reason: string; usage: { output_tokens: number } };
    assert.deepEqual(Object.keys(body).sort(), ['data', 'finish_reason', 'id', 'usage']);
    assert.equal(body.data, streamed);
    assert.equal(body.finish_reason, 'stop');
  });

  it('max_tokens cuts the answer: finish_reason length, the spec\'s truncation message, output_tokens = max_tokens', async () => {
    const whole = ((await analyzeJson(fake(), base())).body as { data: string }).data;
    const r = await analyzeJson(fake(), { ...base(), max_tokens: 5 });
    const body = r.body as { data: string; finish_reason: string; usage: { output_tokens: number }; error: { message: string } };
    assert.equal(body.finish_reason, 'length');
    assert.equal(body.usage.output_tokens, 5);
    assert.equal(body.error.message, TRUNCATED_MESSAGE);
    assert.ok(whole.startsWith(body.data) && body.data.length < whole.length);
    const streamed = await stream(fake(), { ...base(), max_tokens: 5 });
    const end = streamed.events.at(-1);
    assert.equal(end?.finish_reason, 'length');
    assert.deepEqual(end?.error, { message: TRUNCATED_MESSAGE });
    assert.equal(textOf(streamed.events), body.data);
  });

  it('with a JSON schema the answer is JSON of that schema, streamed in pieces', async () => {
    const schema = {
      type: 'object',
      properties: {
        title: { type: 'string' },
        rating: { type: 'integer', minimum: 1, maximum: 5 },
        score: { type: 'number' },
        mood: { type: 'string', enum: ['calm', 'busy'] },
        tags: { type: 'array', items: { type: 'string' } },
        scenes: { type: 'array', items: { type: 'object', properties: { start_time: { type: 'number' }, end_time: { type: 'number' }, what: { type: 'string' } }, required: ['start_time'] } },
        at: { type: 'timestamp', format: 'hh:mm:ss' },
        ok: { type: 'boolean' },
      },
      required: ['title'],
    };
    const r = await stream(fake(), { ...base(), model_name: 'pegasus1.5', response_format: { type: 'json_schema', json_schema: schema } });
    assert.ok(r.events.filter((event) => event.event_type === 'text_generation').length > 3);
    const value = JSON.parse(textOf(r.events)) as Record<string, unknown>;
    assert.deepEqual(Object.keys(value), Object.keys(schema.properties));
    assert.equal(typeof value.title, 'string');
    assert.ok(Number.isInteger(value.rating) && (value.rating as number) >= 1 && (value.rating as number) <= 5);
    assert.equal(typeof value.score, 'number');
    assert.ok(['calm', 'busy'].includes(value.mood as string));
    assert.ok(Array.isArray(value.tags) && value.tags.every((tag) => typeof tag === 'string'));
    const scenes = value.scenes as { start_time: number; end_time: number; what: string }[];
    assert.ok(scenes.length >= 2 && scenes.every((scene) => scene.end_time >= scene.start_time && scene.end_time <= 20));
    assert.match(value.at as string, /^\d\d:\d\d:\d\d$/);
    assert.equal(typeof value.ok, 'boolean');
  });

  it('video_id: a video of an index with Pegasus, its transcript in the answer; without Pegasus index_not_supported_for_generate', async () => {
    const [marengoOnly, pegasus] = fake().seedIndexes(2);
    const [video] = fake().seedSearchableVideos(pegasus, [{ filename: 'talk.mp4', duration: 30, transcript: [{ start: 0, end: 5, value: 'A robot juggles three oranges.' }] }]);
    const [other] = fake().seedSearchableVideos(marengoOnly, [{ filename: 'other.mp4', duration: 30, transcript: [] }]);
    const r = await analyzeJson(fake(), { video_id: video, prompt: 'What happens?' });
    assert.equal(r.status, 200, r.text);
    assert.match((r.body as { data: string }).data, /a robot juggles three oranges/);
    const refused = await analyzeJson(fake(), { video_id: other, prompt: 'What happens?' });
    assert.equal(refused.status, 400);
    assert.equal(errorOf(refused).code, 'index_not_supported_for_generate');
  });

  it('refuses what the platform refuses, with its codes', async () => {
    const [long] = fake().seedAssets(1, { duration: 3_601 });
    const [short] = fake().seedAssets(1, { duration: 3 });
    const [, pegasus] = fake().seedIndexes(2);
    const [video] = fake().seedSearchableVideos(pegasus, [{ filename: 'v.mp4', duration: 30, transcript: [] }]);
    const cases: [string, Record<string, unknown>, number, string, RegExp?][] = [
      ['an unknown field', { ...base(), language: 'en' }, 400, 'parameter_unknown', /language/],
      ['an unknown model', { ...base(), model_name: 'pegasus1.1' }, 400, 'parameter_invalid', /model_name/],
      ['stream not a boolean', { ...base(), stream: 'yes' }, 400, 'parameter_invalid'],
      ['video_id with pegasus1.5', { model_name: 'pegasus1.5', video_id: video, prompt: 'x' }, 400, 'parameter_invalid', /video_id.*pegasus1\.5/],
      ['video and video_id', { ...base(), video_id: video }, 400, 'parameter_invalid'],
      ['no video', { prompt: 'x' }, 400, 'parameter_not_provided', /video/],
      ['a video with another field', { video: { type: 'asset_id', asset_id: asset, url: 'https://e.com/v.mp4' }, prompt: 'x' }, 400, 'parameter_unknown', /video\.url/],
      ['a video of another type', { video: { type: 'file', file: 'x' }, prompt: 'x' }, 400, 'parameter_invalid'],
      ['a file: URL', { video: { type: 'url', url: 'file:///etc/passwd' }, prompt: 'x' }, 400, 'parameter_invalid'],
      ['no prompt', { video: base().video }, 400, 'parameter_not_provided', /prompt/],
      ['a blank prompt', { ...base(), prompt: '   ' }, 400, 'parameter_not_provided'],
      ['prompt_v2 with 1.2', { video: base().video, prompt_v2: { input_text: 'x' } }, 400, 'parameter_invalid', /pegasus1\.5/],
      ['2,001 words with 1.2', { ...base(), prompt: 'word '.repeat(2_001) }, 400, 'parameter_invalid', /2,000/],
      ['temperature 1.5', { ...base(), temperature: 1.5 }, 400, 'parameter_invalid', /temperature/],
      ['max_tokens 1 with 1.2', { ...base(), max_tokens: 1 }, 400, 'parameter_invalid', /2 and 4096/],
      ['max_tokens 4,097 with 1.2', { ...base(), max_tokens: 4_097 }, 400, 'parameter_invalid'],
      ['max_tokens 511 with 1.5', { ...base(), model_name: 'pegasus1.5', max_tokens: 511 }, 400, 'parameter_invalid', /512 and 98304/],
      ['max_tokens 98,305 with 1.5', { ...base(), model_name: 'pegasus1.5', max_tokens: 98_305 }, 400, 'parameter_invalid'],
      ['max_tokens 600.5', { ...base(), model_name: 'pegasus1.5', max_tokens: 600.5 }, 400, 'parameter_invalid'],
      ['start_time with 1.2', { ...base(), start_time: 0, end_time: 10 }, 400, 'parameter_invalid', /pegasus1\.5/],
      ['a window under 4 s', { ...base(), model_name: 'pegasus1.5', start_time: 2, end_time: 5 }, 400, 'parameter_invalid'],
      ['a window past the end', { ...base(), model_name: 'pegasus1.5', start_time: 2, end_time: 21 }, 400, 'parameter_invalid'],
      ['a window starting after the end', { ...base(), model_name: 'pegasus1.5', start_time: 25 }, 400, 'parameter_invalid'],
      ['response_format of another type', { ...base(), response_format: { type: 'text' } }, 400, 'parameter_invalid'],
      ['response_format without its schema', { ...base(), response_format: { type: 'json_schema' } }, 400, 'parameter_not_provided'],
      ['additionalProperties in the schema', { ...base(), response_format: { type: 'json_schema', json_schema: { type: 'object', additionalProperties: false } } }, 422, 'parameter_invalid', /additionalProperties/],
      ['minLength in the schema', { ...base(), response_format: { type: 'json_schema', json_schema: { type: 'object', properties: { a: { type: 'string', minLength: 1 } } } } }, 422, 'parameter_invalid', /String length constraints \(minLength\)/],
      ['a timestamp with 1.2', { ...base(), response_format: { type: 'json_schema', json_schema: { type: 'object', properties: { at: { type: 'timestamp', format: 'seconds' } } } } }, 400, 'parameter_invalid', /pegasus1\.5/],
      ['a timestamp without format', { ...base(), model_name: 'pegasus1.5', response_format: { type: 'json_schema', json_schema: { type: 'object', properties: { at: { type: 'timestamp' } } } } }, 400, 'parameter_invalid', /format is required for timestamp type/],
      ['an unknown asset', { video: { type: 'asset_id', asset_id: '0123456789abcdef01234567' }, prompt: 'x' }, 404, 'resource_not_exist'],
      ['an unknown video_id', { video_id: '0123456789abcdef01234567', prompt: 'x' }, 404, 'resource_not_exist'],
      ['a video over 1 hour', { video: { type: 'asset_id', asset_id: long }, prompt: 'x' }, 400, 'video_duration_too_long', /analyze\/tasks/],
      ['a video under 4 s', { video: { type: 'asset_id', asset_id: short }, prompt: 'x' }, 400, 'video_duration_too_short'],
    ];
    for (const [what, body, status, code, message] of cases) {
      const r = await analyzeJson(fake(), body);
      assert.equal(r.status, status, `${what}: ${r.text}`);
      assert.equal(errorOf(r).code, code, what);
      if (message) assert.match(errorOf(r).message, message, what);
    }
    const wrongType = await call(fake(), 'POST', '/analyze', { raw: JSON.stringify(base()), headers: { 'content-type': 'text/plain' } });
    assert.deepEqual([wrongType.status, errorOf(wrongType).code], [400, 'content_type_invalid']);
  });

  it('accepts the edges of every range', async () => {
    const accepted: Record<string, unknown>[] = [
      { ...base(), temperature: 0, max_tokens: 2 },
      { ...base(), temperature: 1, max_tokens: 4_096 },
      { ...base(), model_name: 'pegasus1.5', max_tokens: 512, start_time: 0, end_time: 4 },
      { ...base(), model_name: 'pegasus1.5', max_tokens: 98_304, start_time: 16, end_time: 20 },
      { video: { type: 'url', url: 'https://cdn.example.com/clips/beach.mp4' }, prompt: 'x', model_name: 'pegasus1.5' },
      { ...base(), prompt: 'word '.repeat(2_000) },
    ];
    for (const body of accepted) {
      const r = await analyzeJson(fake(), body);
      assert.equal(r.status, 200, `${JSON.stringify(body).slice(0, 200)}: ${r.text}`);
    }
  });

  it('refuseModel answers 400 parameter_invalid with the documented template until it is lifted', async () => {
    fake().refuseModel('pegasus1.2');
    const refused = await analyzeJson(fake(), base());
    assert.deepEqual([refused.status, errorOf(refused)], [400, { code: 'parameter_invalid', message: 'The model_name parameter is invalid.' }]);
    // The default model is pegasus1.2: leaving model_name out is refused too.
    assert.equal((await analyzeJson(fake(), { ...base(), model_name: 'pegasus1.2' })).status, 400);
    assert.equal((await analyzeJson(fake(), { ...base(), model_name: 'pegasus1.5' })).status, 200);
    fake().refuseModel('pegasus1.2', false);
    assert.equal((await analyzeJson(fake(), base())).status, 200);
  });

  it('usageLimitNextAnalyze: the next analysis gets usage_limit_exceeded, once', async () => {
    fake().usageLimitNextAnalyze();
    const r = await analyzeJson(fake(), base());
    assert.deepEqual([r.status, errorOf(r).code], [400, 'usage_limit_exceeded']);
    assert.equal((await analyzeJson(fake(), base())).status, 200);
  });

  it('a 429 with an empty body, as documented, through the rateLimited fault', async () => {
    fake().injectFault({ kind: 'rateLimited', method: 'POST', path: '/analyze' });
    const r = await call(fake(), 'POST', '/analyze', { json: base() });
    assert.deepEqual([r.status, r.text], [429, '']);
  });

  it('cutNextAnalyzeStream(n): n lines arrive, then the connection goes, without stream_end', async () => {
    fake().cutNextAnalyzeStream(3);
    const r = await stream(fake(), base());
    assert.equal(r.cut, true);
    assert.deepEqual(
      r.events.map((event) => event.event_type),
      ['stream_start', 'text_generation', 'text_generation'],
    );
    // Once only.
    assert.equal((await stream(fake(), base())).cut, false);
    fake().cutNextAnalyzeStream(1_000);
    const late = await stream(fake(), base());
    assert.equal(late.cut, true);
    assert.notEqual(late.events.at(-1)?.event_type, 'stream_end');
  });

  it('setAnalyzeChunkDelay spaces the writes; openAnalyzeStreams counts the streams in flight', async () => {
    fake().setAnalyzeChunkDelay(30);
    const started = Date.now();
    const pending = stream(fake(), { ...base(), max_tokens: 9 });
    await new Promise((resolve) => setTimeout(resolve, 40));
    assert.equal(fake().openAnalyzeStreams, 1);
    const r = await pending;
    // stream_start, 3 text events, stream_end: four gaps.
    assert.equal(r.events.length, 5);
    assert.ok(Date.now() - started >= 4 * 30, `${Date.now() - started} ms`);
    assert.equal(fake().openAnalyzeStreams, 0);
  });

  it('scriptNextAnalyze: exact chunks and finish reason, streamed or not, with its own delay; rawWrites exact bytes', async () => {
    fake().scriptNextAnalyze({ chunks: ['<b>hi</b> ', '\u0000', 'é😀'], finishReason: 'length', generationId: 'gen-1' });
    const r = await stream(fake(), base());
    assert.deepEqual(
      r.events.map((event) => (event.event_type === 'text_generation' ? event.text : event.event_type)),
      ['stream_start', '<b>hi</b> ', '\u0000', 'é😀', 'stream_end'],
    );
    assert.equal(r.events.at(-1)?.finish_reason, 'length');
    assert.deepEqual(r.events[0].metadata, { generation_id: 'gen-1' });
    fake().scriptNextAnalyze({ chunks: ['one ', 'two'] });
    const whole = await analyzeJson(fake(), base());
    assert.equal((whole.body as { data: string }).data, 'one two');
    fake().scriptNextAnalyze({ chunks: [], rawWrites: ['{"event_type":"stream_st', 'art"}\r\n\r\n', 'not json\n'] });
    const raw = await call(fake(), 'POST', '/analyze', { json: base() });
    assert.equal(raw.text, '{"event_type":"stream_start"}\r\n\r\nnot json\n');
  });

  it('a 1 MB script in 2,000 chunks streams whole', async () => {
    const chunk = 'x'.repeat(499) + '\n';
    fake().scriptNextAnalyze({ chunks: Array.from({ length: 2_000 }, () => chunk) });
    const r = await stream(fake(), base());
    assert.equal(r.events.length, 2_002);
    assert.equal(textOf(r.events).length, 1_000_000);
  });
});

describe('fake: /analyze/tasks', () => {
  const ctx = useAssetFake();
  const fake = () => ctx.fake;
  let asset = '';
  beforeEach(() => {
    [asset] = fake().seedAssets(1, { duration: 4_000 });
  });
  const body = () => ({ model_name: 'pegasus1.5', video: { type: 'asset_id', asset_id: asset }, prompt: 'Describe every scene of this long video' });

  async function create(json: Record<string, unknown>): Promise<CallResult> {
    const r = await call(fake(), 'POST', '/analyze/tasks', { json });
    valid('POST', '/analyze/tasks', r);
    return r;
  }

  async function retrieve(id: string): Promise<CallResult> {
    const r = await call(fake(), 'GET', `/analyze/tasks/${id}`);
    valid('GET', `/analyze/tasks/${id}`, r);
    return r;
  }

  it('202 {task_id, status: queued}; one state per poll to ready, then the result (a video over 1 h is fine here)', async () => {
    const created = await create(body());
    assert.equal(created.status, 202, created.text);
    const { task_id: id, status } = created.body as { task_id: string; status: string };
    assert.equal(status, 'queued');
    const seen: string[] = [];
    let last: Record<string, unknown> = {};
    for (let i = 0; i < 3; i++) {
      last = (await retrieve(id)).body as Record<string, unknown>;
      seen.push(String(last.status));
    }
    assert.deepEqual(seen, ['pending', 'processing', 'ready']);
    assert.equal(last.custom_id, null);
    assert.deepEqual(last.video_source, { type: 'asset_id', asset_id: asset, system_metadata: { duration: 4_000 } });
    assert.deepEqual(last.request_params, { analysis_mode: 'general', prompt: body().prompt });
    const result = last.result as { generation_id: string; data: string; finish_reason: string; usage: { output_tokens: number } };
    assert.equal(result.finish_reason, 'stop');
    assert.match(result.data, /During \[\d\d:\d\d:\d\d-\d\d:\d\d:\d\d\]/);
    assert.ok(typeof last.completed_at === 'string');
    assert.equal(last.error, undefined);
  });

  it('instant and time-based advance, as for the other tasks', async () => {
    fake().setTaskAdvance('instant');
    const { task_id: id } = (await create(body())).body as { task_id: string };
    assert.equal(((await retrieve(id)).body as { status: string }).status, 'ready');
  });

  it('a task fails on reaching processing: failNextAnalyzeTask, or a video over 2 hours (the spec\'s example message)', async () => {
    fake().failNextAnalyzeTask('Boom.');
    const failing = ((await create(body())).body as { task_id: string }).task_id;
    const [tooLong] = fake().seedAssets(1, { duration: 7_201 });
    const overLimit = ((await create({ ...body(), video: { type: 'asset_id', asset_id: tooLong } })).body as { task_id: string }).task_id;
    for (const [id, message] of [
      [failing, 'Boom.'],
      [overLimit, TASK_TOO_LONG_MESSAGE],
    ]) {
      await retrieve(id);
      const task = (await retrieve(id)).body as { status: string; error: { message: string }; result?: unknown };
      assert.equal(task.status, 'failed');
      assert.deepEqual(task.error, { message });
      assert.equal(task.result, undefined);
    }
  });

  it('errors are {error: {code, message}}: unknown fields (video_id and stream are not task fields), ranges, unknown ids', async () => {
    const cases: [Record<string, unknown>, number, string][] = [
      [{ ...body(), stream: true }, 400, 'parameter_unknown'],
      [{ ...body(), video: undefined, video_id: '0123456789abcdef01234567' }, 400, 'parameter_unknown'],
      [{ ...body(), max_tokens: 100 }, 400, 'parameter_invalid'],
      [{ ...body(), custom_id: 'not ok!' }, 400, 'parameter_invalid'],
      [{ ...body(), video: { type: 'asset_id', asset_id: '0123456789abcdef01234567' } }, 400, 'resource_not_exist'],
      [{ ...body(), analysis_mode: 'time_based_metadata' }, 400, 'parameter_invalid'],
    ];
    for (const [json, status, code] of cases) {
      const r = await create(json);
      assert.equal(r.status, status, r.text);
      assert.equal((r.body as { error: { code: string } }).error.code, code, r.text);
    }
    const missing = await retrieve('0123456789abcdef01234567');
    assert.equal(missing.status, 404);
    assert.equal((missing.body as { error: { code: string } }).error.code, 'resource_not_exist');
    fake().usageLimitNextAnalyze();
    const limited = await create(body());
    assert.deepEqual([limited.status, (limited.body as { error: { code: string } }).error.code], [400, 'usage_limit_exceeded']);
  });

  it('segmentation (1.5, time_based_metadata): JSON keyed by definition, segments inside the window', async () => {
    fake().setTaskAdvance('instant');
    const r = await create({
      model_name: 'pegasus1.5',
      video: { type: 'asset_id', asset_id: asset },
      analysis_mode: 'time_based_metadata',
      start_time: 100,
      end_time: 200,
      response_format: {
        type: 'segment_definitions',
        segment_definitions: [{ id: 'goal', description: 'A goal is scored', fields: [{ name: 'team', type: 'string', description: 'Who scored' }, { name: 'at', type: 'timestamp', format: 'hh:mm:ss', description: 'When' }] }],
      },
    });
    assert.equal(r.status, 202, r.text);
    const task = (await retrieve((r.body as { task_id: string }).task_id)).body as { result: { data: string } };
    const data = JSON.parse(task.result.data) as Record<string, { start_time: number; end_time: number; metadata: { team: string; at: string } }[]>;
    assert.equal(data.goal.length, 2);
    for (const segment of data.goal) {
      assert.ok(segment.start_time >= 100 && segment.end_time <= 200 && segment.end_time > segment.start_time);
      assert.equal(typeof segment.metadata.team, 'string');
      assert.match(segment.metadata.at, /^\d\d:\d\d:\d\d$/);
    }
  });

  it('the list (newest first, prompts cut to 30 characters, filters) and DELETE (409 while processing)', async () => {
    const first = ((await create(body())).body as { task_id: string }).task_id;
    const second = ((await create({ ...body(), video: { type: 'url', url: 'https://cdn.example.com/a.mp4' } })).body as { task_id: string }).task_id;
    const list = await call(fake(), 'GET', '/analyze/tasks?page_limit=10');
    valid('GET', '/analyze/tasks', list);
    const page = list.body as { data: { task_id: string; request_params: { prompt: string } }[]; page_info: { total_results: number } };
    assert.deepEqual(page.data.map((task) => task.task_id), [second, first]);
    assert.equal(page.data[0].request_params.prompt, body().prompt.slice(0, 30));
    const byAsset = (await call(fake(), 'GET', `/analyze/tasks?asset_id=${asset}`)).body as { data: { task_id: string }[] };
    assert.deepEqual(byAsset.data.map((task) => task.task_id), [first]);
    await retrieve(first);
    await retrieve(first);
    const busy = await call(fake(), 'DELETE', `/analyze/tasks/${first}`);
    valid('DELETE', `/analyze/tasks/${first}`, busy);
    assert.equal(busy.status, 409);
    await retrieve(first);
    const gone = await call(fake(), 'DELETE', `/analyze/tasks/${first}`);
    assert.deepEqual([gone.status, gone.text], [200, '']);
    assert.equal((await retrieve(first)).status, 404);
    assert.deepEqual(
      fake().analyzeTasks().map((task) => task.task_id),
      [second],
    );
  });
});
