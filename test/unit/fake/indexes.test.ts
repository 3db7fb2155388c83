import assert from 'node:assert/strict';
import { startFakeServer, type FakeIndex } from '../../fake/server';
import { call, errorBody, FIXED_NOW, KEY, useFake, VALID_CREATE } from './helpers';

const API_KEY_INVALID_MESSAGE =
  'API Key is either invalid or expired. Please check your API key or generate a new one from the dashboard and try again.';

interface ListBody<T> {
  data: T[];
  page_info: { limit_per_page: number; page: number; total_page: number; total_results: number };
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const HEX24 = /^[0-9a-f]{24}$/;

describe('fake server: auth and routing', () => {
  const ctx = useFake();

  it('answers 401 api_key_invalid with the documented message for a wrong key', async () => {
    const r = await call(ctx.fake, 'GET', '/indexes', { key: 'tlk_wrong' });
    assert.equal(r.status, 401);
    assert.deepEqual(r.body, { code: 'api_key_invalid', message: API_KEY_INVALID_MESSAGE });
  });

  it('answers 401 for a missing key', async () => {
    const r = await call(ctx.fake, 'GET', '/indexes', { key: null });
    assert.equal(r.status, 401);
    assert.equal(errorBody(r).code, 'api_key_invalid');
  });

  it('checks the key before validating the request', async () => {
    const r = await call(ctx.fake, 'POST', '/indexes', { key: 'bad', json: {} });
    assert.equal(r.status, 401);
    assert.equal(ctx.fake.listIndexes().length, 0);
  });

  it('accepts keys added at runtime and refuses removed ones', async () => {
    ctx.fake.addKey('tlk_second');
    assert.equal((await call(ctx.fake, 'GET', '/indexes', { key: 'tlk_second' })).status, 200);
    ctx.fake.removeKey('tlk_second');
    assert.equal((await call(ctx.fake, 'GET', '/indexes', { key: 'tlk_second' })).status, 401);
    ctx.fake.removeKey(KEY);
    assert.equal((await call(ctx.fake, 'GET', '/indexes')).status, 401);
  });

  it('does not judge a key by its shape', async () => {
    ctx.fake.addKey('no-prefix-at-all');
    assert.equal((await call(ctx.fake, 'GET', '/indexes', { key: 'no-prefix-at-all' })).status, 200);
  });

  it('sends X-Api-Version: 1.3 on success and error responses', async () => {
    assert.equal((await call(ctx.fake, 'GET', '/indexes')).headers['x-api-version'], '1.3');
    assert.equal((await call(ctx.fake, 'GET', '/indexes', { key: 'x' })).headers['x-api-version'], '1.3');
    assert.equal((await call(ctx.fake, 'GET', '/nope')).headers['x-api-version'], '1.3');
  });

  it('answers 404 not_found for unknown routes under the prefix', async () => {
    const r = await call(ctx.fake, 'GET', '/nope');
    assert.equal(r.status, 404);
    assert.equal(errorBody(r).code, 'not_found');
    assert.equal((await call(ctx.fake, 'GET', '/indexes/')).status, 404, 'a trailing slash is not forgiven');
    assert.equal((await call(ctx.fake, 'GET', '/indexes/0123456789abcdef01234567/videos/x/y')).status, 404);
  });

  it('answers 404 outside the /v1.3 prefix even without a key', async () => {
    const r = await call(ctx.fake, 'GET', '/v1.2/indexes', { key: null });
    assert.equal(r.status, 404);
    assert.equal(errorBody(r).code, 'not_found');
  });

  it('answers 405 with Allow for a known path and wrong method', async () => {
    const r = await call(ctx.fake, 'PATCH', '/indexes');
    assert.equal(r.status, 405);
    assert.equal(errorBody(r).code, 'method_not_allowed');
    assert.equal(r.headers.allow, 'POST, GET');
  });
});

describe('fake server: POST /indexes', () => {
  const ctx = useFake({ now: () => FIXED_NOW });

  it('creates an index: 201 {_id} with 24 hex digits, visible in state and via GET', async () => {
    const r = await call(ctx.fake, 'POST', '/indexes', {
      json: { ...VALID_CREATE, addons: ['thumbnail'] },
    });
    assert.equal(r.status, 201);
    const id = (r.body as { _id: string })._id;
    assert.match(id, HEX24);
    assert.deepEqual(Object.keys(r.body as object), ['_id']);
    const got = await call(ctx.fake, 'GET', `/indexes/${id}`);
    assert.equal(got.status, 200);
    assert.deepEqual(got.body, {
      _id: id,
      index_name: 'my-index',
      models: [{ model_name: 'marengo3.0', model_options: ['visual', 'audio'] }],
      addons: ['thumbnail'],
      video_count: 0,
      total_duration: 0,
      created_at: '2026-05-01T12:00:00.000Z',
      updated_at: '2026-05-01T12:00:00.000Z',
      expires_at: '2026-07-30T12:00:00.000Z',
    });
    assert.deepEqual(ctx.fake.listIndexes().map((i) => i._id), [id]);
  });

  it('accepts both models, either option alone, and charset parameters on the content type', async () => {
    const r = await call(ctx.fake, 'POST', '/indexes', {
      json: {
        index_name: 'both',
        models: [
          { model_name: 'marengo3.0', model_options: ['audio'] },
          { model_name: 'pegasus1.2', model_options: ['visual'] },
        ],
      },
      headers: { 'content-type': 'application/json; charset=utf-8' },
    });
    assert.equal(r.status, 201);
  });

  it('refuses a duplicate name with 400 index_name_already_exists and the documented message', async () => {
    assert.equal((await call(ctx.fake, 'POST', '/indexes', { json: VALID_CREATE })).status, 201);
    const r = await call(ctx.fake, 'POST', '/indexes', { json: VALID_CREATE });
    assert.equal(r.status, 400);
    assert.deepEqual(r.body, {
      code: 'index_name_already_exists',
      message: 'Index name my-index already exists. Please use another unique name and try again.',
    });
    assert.equal(ctx.fake.listIndexes().length, 1);
  });

  const invalid: [string, unknown, string, string][] = [
    ['missing index_name', { models: VALID_CREATE.models }, 'parameter_not_provided', 'The index_name parameter is required.'],
    ['missing models', { index_name: 'a' }, 'parameter_not_provided', 'The models parameter is required.'],
    ['blank index_name', { ...VALID_CREATE, index_name: '   ' }, 'parameter_invalid', 'The index_name parameter is invalid.'],
    ['empty index_name', { ...VALID_CREATE, index_name: '' }, 'parameter_invalid', 'The index_name parameter is invalid.'],
    ['non-string index_name', { ...VALID_CREATE, index_name: 42 }, 'parameter_invalid', 'The index_name parameter is invalid.'],
    ['empty models', { index_name: 'a', models: [] }, 'parameter_invalid', 'The models parameter is invalid.'],
    ['models not an array', { index_name: 'a', models: { model_name: 'marengo3.0' } }, 'parameter_invalid', 'The models parameter is invalid.'],
    ['model item not an object', { index_name: 'a', models: ['marengo3.0'] }, 'parameter_invalid', 'The models[0] parameter is invalid.'],
    [
      'unknown model name',
      { index_name: 'a', models: [{ model_name: 'marengo2.7', model_options: ['visual'] }] },
      'parameter_invalid',
      'The models[0].model_name parameter is invalid.',
    ],
    [
      'missing model_name',
      { index_name: 'a', models: [{ model_options: ['visual'] }] },
      'parameter_not_provided',
      'The models[0].model_name parameter is required.',
    ],
    [
      'missing model_options',
      { index_name: 'a', models: [{ model_name: 'marengo3.0' }] },
      'parameter_not_provided',
      'The models[0].model_options parameter is required.',
    ],
    [
      'empty model_options',
      { index_name: 'a', models: [{ model_name: 'marengo3.0', model_options: [] }] },
      'parameter_invalid',
      'The models[0].model_options parameter is invalid.',
    ],
    [
      'unknown model option',
      { index_name: 'a', models: [{ model_name: 'marengo3.0', model_options: ['visual', 'smell'] }] },
      'parameter_invalid',
      'The models[0].model_options parameter is invalid.',
    ],
    [
      'duplicate model option',
      { index_name: 'a', models: [{ model_name: 'marengo3.0', model_options: ['visual', 'visual'] }] },
      'parameter_invalid',
      'The models[0].model_options parameter is invalid.',
    ],
    [
      'duplicate model',
      {
        index_name: 'a',
        models: [
          { model_name: 'marengo3.0', model_options: ['visual'] },
          { model_name: 'marengo3.0', model_options: ['audio'] },
        ],
      },
      'parameter_invalid',
      'The models[1].model_name parameter is invalid.',
    ],
    ['unknown addon', { ...VALID_CREATE, addons: ['watermark'] }, 'parameter_invalid', 'The addons parameter is invalid.'],
    ['duplicate addon', { ...VALID_CREATE, addons: ['thumbnail', 'thumbnail'] }, 'parameter_invalid', 'The addons parameter is invalid.'],
    ['addons not an array', { ...VALID_CREATE, addons: 'thumbnail' }, 'parameter_invalid', 'The addons parameter is invalid.'],
    [
      'thumbnail without marengo',
      { index_name: 'a', models: [{ model_name: 'pegasus1.2', model_options: ['visual'] }], addons: ['thumbnail'] },
      'parameter_invalid',
      'The addons parameter is invalid.',
    ],
    ['unknown top-level field', { ...VALID_CREATE, engines: [] }, 'parameter_unknown', 'The engines parameter is unknown.'],
    [
      'unknown model field',
      { index_name: 'a', models: [{ model_name: 'marengo3.0', model_options: ['visual'], engine_name: 'x' }] },
      'parameter_unknown',
      'The models[0].engine_name parameter is unknown.',
    ],
    ['a JSON array body', [VALID_CREATE], 'parameter_invalid', 'The body parameter is invalid.'],
  ];
  for (const [name, body, code, message] of invalid) {
    it(`refuses ${name}: 400 ${code}`, async () => {
      const r = await call(ctx.fake, 'POST', '/indexes', { json: body });
      assert.equal(r.status, 400);
      assert.deepEqual(r.body, { code, message });
      assert.equal(ctx.fake.listIndexes().length, 0);
    });
  }

  it('refuses unparsable JSON with 400 parameter_invalid', async () => {
    const r = await call(ctx.fake, 'POST', '/indexes', { raw: '{"index_name":', headers: { 'content-type': 'application/json' } });
    assert.equal(r.status, 400);
    assert.equal(errorBody(r).code, 'parameter_invalid');
  });

  it('refuses form-encoded and multipart bodies with 400 content_type_invalid', async () => {
    const form = await call(ctx.fake, 'POST', '/indexes', {
      raw: 'index_name=a',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(form.status, 400);
    assert.equal(errorBody(form).code, 'content_type_invalid');
    const boundary = 'XyZ';
    const multipart = await call(ctx.fake, 'POST', '/indexes', {
      raw: `--${boundary}\r\nContent-Disposition: form-data; name="index_name"\r\n\r\na\r\n--${boundary}--\r\n`,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    assert.equal(multipart.status, 400);
    assert.equal(errorBody(multipart).code, 'content_type_invalid');
    const noType = await call(ctx.fake, 'POST', '/indexes', { raw: JSON.stringify(VALID_CREATE) });
    assert.equal(noType.status, 400);
    assert.equal(errorBody(noType).code, 'content_type_invalid');
  });

  it('treats an empty body as missing parameters', async () => {
    const r = await call(ctx.fake, 'POST', '/indexes');
    assert.equal(r.status, 400);
    assert.equal(errorBody(r).code, 'parameter_not_provided');
  });

  it('refuses unknown query parameters on create', async () => {
    const r = await call(ctx.fake, 'POST', '/indexes?dry_run=1', { json: VALID_CREATE });
    assert.equal(r.status, 400);
    assert.deepEqual(r.body, { code: 'parameter_unknown', message: 'The dry_run parameter is unknown.' });
  });
});

describe('fake server: create options', () => {
  it('accepts the configured model list only', async () => {
    const fake = await startFakeServer({ validKeys: [KEY], models: ['marengo2.7'] });
    try {
      const old = await call(fake, 'POST', '/indexes', {
        json: { index_name: 'seed-doc', models: [{ model_name: 'marengo2.7', model_options: ['visual', 'audio'] }] },
      });
      assert.equal(old.status, 201);
      const current = await call(fake, 'POST', '/indexes', { json: VALID_CREATE });
      assert.equal(current.status, 400);
      assert.equal(errorBody(current).code, 'parameter_invalid');
    } finally {
      await fake.close();
    }
  });

  it('rejectUnknownFields: false lets unknown fields and query parameters through', async () => {
    const fake = await startFakeServer({ validKeys: [KEY], rejectUnknownFields: false });
    try {
      assert.equal((await call(fake, 'POST', '/indexes?x=1', { json: { ...VALID_CREATE, extra: true } })).status, 201);
      assert.equal((await call(fake, 'GET', '/indexes?x=1')).status, 200);
    } finally {
      await fake.close();
    }
  });

  it("plan 'developer' creates indexes with expires_at null", async () => {
    const fake = await startFakeServer({ validKeys: [KEY], plan: 'developer' });
    try {
      const r = await call(fake, 'POST', '/indexes', { json: VALID_CREATE });
      const id = (r.body as { _id: string })._id;
      assert.equal(((await call(fake, 'GET', `/indexes/${id}`)).body as FakeIndex).expires_at, null);
    } finally {
      await fake.close();
    }
  });
});

describe('fake server: GET /indexes', () => {
  const ctx = useFake({ now: () => FIXED_NOW, seedIndexes: 23 });

  async function list(query: string): Promise<ListBody<FakeIndex>> {
    const r = await call(ctx.fake, 'GET', `/indexes${query}`);
    assert.equal(r.status, 200, r.text);
    return r.body as ListBody<FakeIndex>;
  }

  it('defaults to page 1, 10 per page, newest created first', async () => {
    const body = await list('');
    assert.deepEqual(body.page_info, { limit_per_page: 10, page: 1, total_page: 3, total_results: 23 });
    assert.deepEqual(
      body.data.map((i) => i.index_name),
      Array.from({ length: 10 }, (_, k) => `seed-index-${String(23 - k).padStart(3, '0')}`),
    );
  });

  it('returns index objects with exactly the documented fields', async () => {
    const [index] = (await list('?page_limit=1')).data;
    assert.deepEqual(Object.keys(index).sort(), [
      '_id',
      'addons',
      'created_at',
      'expires_at',
      'index_name',
      'models',
      'total_duration',
      'updated_at',
      'video_count',
    ]);
    assert.match(index._id, HEX24);
    assert.match(index.created_at, RFC3339);
    assert.match(index.updated_at, RFC3339);
    assert.equal(Date.parse(index.expires_at ?? ''), Date.parse(index.created_at) + 90 * 24 * 3600 * 1000);
  });

  it('pages through every index exactly once, the last page partial', async () => {
    const seen: string[] = [];
    for (let page = 1; page <= 3; page++) {
      const body = await list(`?page=${page}&page_limit=10`);
      assert.equal(body.page_info.page, page);
      assert.equal(body.data.length, page === 3 ? 3 : 10);
      seen.push(...body.data.map((i) => i._id));
    }
    assert.equal(new Set(seen).size, 23);
  });

  it('answers a page past the end with 200 and empty data', async () => {
    const body = await list('?page=4');
    assert.deepEqual(body.data, []);
    assert.deepEqual(body.page_info, { limit_per_page: 10, page: 4, total_page: 3, total_results: 23 });
    assert.deepEqual((await list('?page=999999')).data, []);
  });

  it('accepts page_limit 1 and 50 (the maximum)', async () => {
    assert.equal((await list('?page_limit=1')).data.length, 1);
    const all = await list('?page_limit=50');
    assert.equal(all.data.length, 23);
    assert.equal(all.page_info.total_page, 1);
  });

  for (const bad of ['page=0', 'page=-1', 'page=abc', 'page=1.5', 'page=', 'page=1&page=2', 'page_limit=0', 'page_limit=51', 'page_limit=ten']) {
    it(`refuses ${bad} with 400 parameter_invalid`, async () => {
      const r = await call(ctx.fake, 'GET', `/indexes?${bad}`);
      assert.equal(r.status, 400);
      const name = bad.split('=')[0];
      assert.deepEqual(r.body, { code: 'parameter_invalid', message: `The ${name} parameter is invalid.` });
    });
  }

  it('sorts by created_at ascending', async () => {
    const body = await list('?sort_by=created_at&sort_option=asc&page_limit=3');
    assert.deepEqual(body.data.map((i) => i.index_name), ['seed-index-001', 'seed-index-002', 'seed-index-003']);
  });

  it('sorts by updated_at, in an order that differs from created_at', async () => {
    const desc = (await list('?sort_by=updated_at&page_limit=50')).data;
    const times = desc.map((i) => Date.parse(i.updated_at));
    assert.deepEqual(times, [...times].sort((a, b) => b - a));
    const byCreated = (await list('?page_limit=50')).data.map((i) => i._id);
    assert.notDeepEqual(desc.map((i) => i._id), byCreated);
    const asc = (await list('?sort_by=updated_at&sort_option=asc&page_limit=50')).data;
    assert.deepEqual(asc.map((i) => i._id), desc.map((i) => i._id).reverse());
  });

  for (const bad of ['sort_by=name', 'sort_option=up', 'model_family=gpt', 'model_options=smell', 'created_at=yesterday', 'updated_at=2026-01-01']) {
    it(`refuses ${bad} with 400 parameter_invalid`, async () => {
      const r = await call(ctx.fake, 'GET', `/indexes?${bad}`);
      assert.equal(r.status, 400);
      assert.equal(errorBody(r).code, 'parameter_invalid');
    });
  }

  it('refuses unknown query parameters with 400 parameter_unknown', async () => {
    const r = await call(ctx.fake, 'GET', '/indexes?pageLimit=5');
    assert.equal(r.status, 400);
    assert.deepEqual(r.body, { code: 'parameter_unknown', message: 'The pageLimit parameter is unknown.' });
  });

  it('filters by index_name, case-insensitive substring, and pages the filtered set', async () => {
    const body = await list('?index_name=INDEX-01&page_limit=5');
    assert.equal(body.page_info.total_results, 10);
    assert.equal(body.page_info.total_page, 2);
    assert.ok(body.data.every((i) => i.index_name.startsWith('seed-index-01')));
    const none = await list('?index_name=nothing-like-this');
    assert.deepEqual(none.data, []);
    assert.deepEqual(none.page_info, { limit_per_page: 10, page: 1, total_page: 0, total_results: 0 });
  });

  it('filters by model_family', async () => {
    const pegasus = (await list('?model_family=pegasus&page_limit=50')).data;
    assert.ok(pegasus.length > 0);
    assert.ok(pegasus.every((i) => i.models.some((m) => m.model_name.startsWith('pegasus'))));
    const marengo = (await list('?model_family=marengo&page_limit=50')).data;
    assert.ok(marengo.every((i) => i.models.some((m) => m.model_name.startsWith('marengo'))));
    assert.ok(marengo.length + pegasus.length > 23, 'indexes with both families appear in both lists');
  });

  it('filters by model_options (every listed option must be enabled)', async () => {
    const r = await call(ctx.fake, 'POST', '/indexes', {
      json: { index_name: 'visual-only', models: [{ model_name: 'pegasus1.2', model_options: ['visual'] }] },
    });
    assert.equal(r.status, 201);
    const both = (await list('?model_options=visual,audio&page_limit=50')).data.map((i) => i.index_name);
    assert.ok(!both.includes('visual-only'));
    assert.equal(both.length, 23);
    const visual = (await list('?model_options=visual&page_limit=50')).data.map((i) => i.index_name);
    assert.ok(visual.includes('visual-only'));
  });

  it('filters by created_at and updated_at (at or after)', async () => {
    const all = (await list('?page_limit=50&sort_option=asc')).data;
    const pivot = all[20].created_at;
    const created = (await list(`?created_at=${encodeURIComponent(pivot)}&page_limit=50`)).data;
    assert.equal(created.length, 3);
    const latestUpdate = all.map((i) => i.updated_at).sort().at(-1) ?? '';
    const updated = (await list(`?updated_at=${encodeURIComponent(latestUpdate)}`)).data;
    assert.equal(updated.length, 1);
  });
});

describe('fake server: GET/PUT/DELETE /indexes/{id}', () => {
  const ctx = useFake({ now: () => FIXED_NOW, seedIndexes: 3 });
  const unknownId = '0123456789abcdef01234567';

  function firstId(): string {
    return ctx.fake.listIndexes()[0]._id;
  }

  it('retrieves an index', async () => {
    const r = await call(ctx.fake, 'GET', `/indexes/${firstId()}`);
    assert.equal(r.status, 200);
    assert.deepEqual(r.body, ctx.fake.listIndexes()[0]);
  });

  for (const method of ['GET', 'PUT', 'DELETE']) {
    it(`${method} on an unknown id: 400 resource_not_exist with the documented message`, async () => {
      const r = await call(ctx.fake, method, `/indexes/${unknownId}`, method === 'PUT' ? { json: { index_name: 'x' } } : {});
      assert.equal(r.status, 400);
      assert.deepEqual(r.body, {
        code: 'resource_not_exist',
        message: `Resource with id ${unknownId} does not exist in indexes.`,
      });
    });

    it(`${method} on a malformed id: 400 resource_not_exist`, async () => {
      const r = await call(ctx.fake, method, '/indexes/not-an-id', method === 'PUT' ? { json: { index_name: 'x' } } : {});
      assert.equal(r.status, 400);
      assert.equal(errorBody(r).code, 'resource_not_exist');
      assert.equal(errorBody(r).message, 'Resource with id not-an-id does not exist in indexes.');
    });
  }

  it('renames with 204 and an empty body, updating updated_at only', async () => {
    const before = ctx.fake.listIndexes()[0];
    const r = await call(ctx.fake, 'PUT', `/indexes/${before._id}`, { json: { index_name: 'renamed' } });
    assert.equal(r.status, 204);
    assert.equal(r.text, '');
    const after = ctx.fake.listIndexes()[0];
    assert.equal(after.index_name, 'renamed');
    assert.equal(after.created_at, before.created_at);
    assert.equal(after.updated_at, FIXED_NOW.toISOString());
    assert.deepEqual(after.models, before.models);
  });

  it('renaming to a name taken by another index: 400 index_name_already_exists, nothing changes', async () => {
    const [a, b] = ctx.fake.listIndexes();
    const r = await call(ctx.fake, 'PUT', `/indexes/${a._id}`, { json: { index_name: b.index_name } });
    assert.equal(r.status, 400);
    assert.deepEqual(r.body, {
      code: 'index_name_already_exists',
      message: `Index name ${b.index_name} already exists. Please use another unique name and try again.`,
    });
    assert.equal(ctx.fake.listIndexes()[0].index_name, a.index_name);
  });

  it('renaming an index to its own name is accepted', async () => {
    const a = ctx.fake.listIndexes()[0];
    assert.equal((await call(ctx.fake, 'PUT', `/indexes/${a._id}`, { json: { index_name: a.index_name } })).status, 204);
  });

  const badRenames: [string, unknown, string][] = [
    ['missing index_name', {}, 'parameter_not_provided'],
    ['blank index_name', { index_name: ' \t' }, 'parameter_invalid'],
    ['non-string index_name', { index_name: ['a'] }, 'parameter_invalid'],
    ['unknown field', { index_name: 'a', models: [] }, 'parameter_unknown'],
  ];
  for (const [name, body, code] of badRenames) {
    it(`rename refuses ${name}: 400 ${code}`, async () => {
      const r = await call(ctx.fake, 'PUT', `/indexes/${firstId()}`, { json: body });
      assert.equal(r.status, 400);
      assert.equal(errorBody(r).code, code);
    });
  }

  it('rename refuses a non-JSON body', async () => {
    const r = await call(ctx.fake, 'PUT', `/indexes/${firstId()}`, { raw: 'renamed', headers: { 'content-type': 'text/plain' } });
    assert.equal(r.status, 400);
    assert.equal(errorBody(r).code, 'content_type_invalid');
  });

  it('deletes with 204 and an empty body; the index is gone afterwards', async () => {
    const id = firstId();
    const r = await call(ctx.fake, 'DELETE', `/indexes/${id}`);
    assert.equal(r.status, 204);
    assert.equal(r.text, '');
    assert.equal(ctx.fake.listIndexes().length, 2);
    assert.equal((await call(ctx.fake, 'GET', `/indexes/${id}`)).status, 400);
    assert.equal((await call(ctx.fake, 'DELETE', `/indexes/${id}`)).status, 400, 'a second delete fails');
  });

  it('frees the name of a deleted index', async () => {
    const a = ctx.fake.listIndexes()[0];
    await call(ctx.fake, 'DELETE', `/indexes/${a._id}`);
    const r = await call(ctx.fake, 'POST', '/indexes', { json: { ...VALID_CREATE, index_name: a.index_name } });
    assert.equal(r.status, 201);
  });
});

describe('fake server: not-found options', () => {
  it('notFoundStatus: 404 changes the status, not the body', async () => {
    const fake = await startFakeServer({ validKeys: [KEY], notFoundStatus: 404 });
    try {
      const r = await call(fake, 'GET', '/indexes/0123456789abcdef01234567');
      assert.equal(r.status, 404);
      assert.equal(errorBody(r).code, 'resource_not_exist');
    } finally {
      await fake.close();
    }
  });

  it("malformedIdError: 'parameter_invalid' answers malformed ids differently from unknown ones", async () => {
    const fake = await startFakeServer({ validKeys: [KEY], malformedIdError: 'parameter_invalid' });
    try {
      const malformed = await call(fake, 'GET', '/indexes/xyz');
      assert.equal(malformed.status, 400);
      assert.deepEqual(malformed.body, { code: 'parameter_invalid', message: 'The index_id parameter is invalid.' });
      assert.equal(errorBody(await call(fake, 'GET', '/indexes/0123456789abcdef01234567')).code, 'resource_not_exist');
    } finally {
      await fake.close();
    }
  });
});

describe('fake server: GET /indexes/{id}/videos', () => {
  const ctx = useFake({ now: () => FIXED_NOW });

  it('lists seeded videos with page_info, newest first, with the documented fields', async () => {
    const [id] = ctx.fake.seedIndexes(1, { videosPerIndex: 12 });
    const r = await call(ctx.fake, 'GET', `/indexes/${id}/videos`);
    assert.equal(r.status, 200);
    const body = r.body as ListBody<{ _id: string; created_at: string; system_metadata: Record<string, unknown> }>;
    assert.deepEqual(body.page_info, { limit_per_page: 10, page: 1, total_page: 2, total_results: 12 });
    assert.equal(body.data[0].system_metadata.filename, 'video-012.mp4');
    assert.deepEqual(Object.keys(body.data[0]).sort(), ['_id', 'created_at', 'indexed_at', 'system_metadata', 'updated_at']);
    assert.deepEqual(Object.keys(body.data[0].system_metadata).sort(), ['duration', 'filename', 'fps', 'height', 'size', 'width']);
    const index = (await call(ctx.fake, 'GET', `/indexes/${id}`)).body as FakeIndex;
    assert.equal(index.video_count, 12);
    assert.equal(index.total_duration, ctx.fake.listVideos(id)?.reduce((s, v) => s + v.system_metadata.duration, 0));
  });

  it('pages, sorts ascending, filters by filename and returns [] past the end', async () => {
    const [id] = ctx.fake.seedIndexes(1, { videosPerIndex: 5 });
    const page2 = (await call(ctx.fake, 'GET', `/indexes/${id}/videos?page=2&page_limit=2&sort_option=asc`)).body as ListBody<{
      system_metadata: { filename: string };
    }>;
    assert.deepEqual(page2.data.map((v) => v.system_metadata.filename), ['video-003.mp4', 'video-004.mp4']);
    const filtered = (await call(ctx.fake, 'GET', `/indexes/${id}/videos?filename=VIDEO-005`)).body as ListBody<unknown>;
    assert.equal(filtered.page_info.total_results, 1);
    const past = (await call(ctx.fake, 'GET', `/indexes/${id}/videos?page=9`)).body as ListBody<unknown>;
    assert.deepEqual(past.data, []);
  });

  it('an index without videos lists none', async () => {
    const [id] = ctx.fake.seedIndexes(1);
    const body = (await call(ctx.fake, 'GET', `/indexes/${id}/videos`)).body as ListBody<unknown>;
    assert.deepEqual(body, { data: [], page_info: { limit_per_page: 10, page: 1, total_page: 0, total_results: 0 } });
  });

  it('refuses bad paging and unknown indexes', async () => {
    const [id] = ctx.fake.seedIndexes(1);
    assert.equal(errorBody(await call(ctx.fake, 'GET', `/indexes/${id}/videos?page_limit=51`)).code, 'parameter_invalid');
    const r = await call(ctx.fake, 'GET', '/indexes/0123456789abcdef01234567/videos');
    assert.equal(r.status, 400);
    assert.equal(errorBody(r).code, 'resource_not_exist');
  });

  it('accepts user_metadata-style filters (arbitrary keys) without refusing them', async () => {
    const [id] = ctx.fake.seedIndexes(1, { videosPerIndex: 1 });
    assert.equal((await call(ctx.fake, 'GET', `/indexes/${id}/videos?category=news`)).status, 200);
  });

  it('deleting an index deletes its videos', async () => {
    const [id] = ctx.fake.seedIndexes(1, { videosPerIndex: 2 });
    await call(ctx.fake, 'DELETE', `/indexes/${id}`);
    assert.equal(ctx.fake.listVideos(id), undefined);
    assert.equal((await call(ctx.fake, 'GET', `/indexes/${id}/videos`)).status, 400);
  });
});
