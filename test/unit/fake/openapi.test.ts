import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  findRepoRoot,
  resolvePathTemplate,
  specPath,
  validateErrorBody,
  validateRequest,
  validateResponse,
} from '../../fake/openapi';
import { call, FIXED_NOW, KEY, useFake, VALID_CREATE } from './helpers';

describe('openapi helpers: loading and path resolution', () => {
  it('finds the repo root and the shared spec beside it', () => {
    const root = findRepoRoot();
    assert.ok(existsSync(join(root, 'package.json')));
    assert.ok(existsSync(specPath()));
    assert.match(specPath(), /shared[\\/]twelvelabs-openapi\.json$/);
  });

  it('resolves spec templates, other parameter spellings and concrete paths', () => {
    assert.equal(resolvePathTemplate('/indexes'), '/indexes');
    assert.equal(resolvePathTemplate('/indexes/{index-id}'), '/indexes/{index-id}');
    assert.equal(resolvePathTemplate('/indexes/{id}'), '/indexes/{index-id}');
    assert.equal(resolvePathTemplate('/v1.3/indexes/65f0aa/videos?page=2'), '/indexes/{index-id}/videos');
    assert.equal(resolvePathTemplate('http://127.0.0.1:1/v1.3/tasks/abc'), '/tasks/{task_id}');
    assert.equal(resolvePathTemplate('/assets/multipart-uploads'), '/assets/multipart-uploads', 'literal segments beat parameters');
    assert.equal(resolvePathTemplate('/assets/abc'), '/assets/{asset_id}');
    assert.equal(resolvePathTemplate('/no/such/path'), undefined);
  });

  it('reports unknown paths and methods instead of passing them', () => {
    assert.equal(validateResponse('GET', '/nothing', 200, {}).length, 1);
    assert.equal(validateRequest('PATCH', '/indexes', {}).length, 1);
  });
});

describe('openapi helpers: the fake answers in the spec shapes', () => {
  const ctx = useFake({ now: () => FIXED_NOW, seedIndexes: 4, seedVideosPerIndex: 3, seedNullExpiryEvery: 2 });

  function ok(method: string, path: string, status: number, body: unknown): void {
    assert.deepEqual(validateResponse(method, path, status, body), [], `${method} ${path} ${status}`);
  }

  it('success responses of every endpoint validate (strictly: no undeclared fields)', async () => {
    const created = await call(ctx.fake, 'POST', '/indexes', { json: { ...VALID_CREATE, addons: ['thumbnail'] } });
    assert.equal(created.status, 201);
    ok('POST', '/indexes', 201, created.body);
    const id = (created.body as { _id: string })._id;

    const list = await call(ctx.fake, 'GET', '/indexes?page_limit=50');
    ok('GET', '/indexes', 200, list.body);
    const past = await call(ctx.fake, 'GET', '/indexes?page=9');
    ok('GET', '/indexes', 200, past.body);

    const seededId = ctx.fake.listIndexes()[0]._id;
    ok('GET', `/indexes/${seededId}`, 200, (await call(ctx.fake, 'GET', `/indexes/${seededId}`)).body);
    ok('GET', '/indexes/{index-id}/videos', 200, (await call(ctx.fake, 'GET', `/indexes/${seededId}/videos`)).body);

    const renamed = await call(ctx.fake, 'PUT', `/indexes/${id}`, { json: { index_name: 'renamed' } });
    assert.equal(renamed.status, 204);
    ok('PUT', '/indexes/{index-id}', 204, renamed.text);
    const deleted = await call(ctx.fake, 'DELETE', `/indexes/${id}`);
    assert.equal(deleted.status, 204);
    ok('DELETE', '/indexes/{index-id}', 204, deleted.text);
  });

  it('an index with expires_at null validates (the spec prose documents null for the Developer plan)', async () => {
    const list = (await call(ctx.fake, 'GET', '/indexes')).body as { data: { expires_at: string | null }[] };
    assert.ok(list.data.some((i) => i.expires_at === null));
    ok('GET', '/indexes', 200, list);
  });

  it('400 responses of every endpoint validate', async () => {
    const unknown = '0123456789abcdef01234567';
    const cases: [string, string, string, unknown?][] = [
      ['POST', '/indexes', '/indexes', { index_name: 'x' }],
      ['GET', '/indexes?page_limit=99', '/indexes'],
      ['GET', `/indexes/${unknown}`, '/indexes/{index-id}'],
      ['PUT', `/indexes/${unknown}`, '/indexes/{index-id}', { index_name: 'x' }],
      ['DELETE', `/indexes/${unknown}`, '/indexes/{index-id}'],
      ['GET', `/indexes/${unknown}/videos`, '/indexes/{index-id}/videos'],
    ];
    for (const [method, path, template, body] of cases) {
      const r = await call(ctx.fake, method, path, body === undefined ? {} : { json: body });
      assert.equal(r.status, 400, `${method} ${path}`);
      ok(method, template, 400, r.body);
      assert.deepEqual(validateErrorBody(r.body), []);
    }
  });

  it('statuses the spec omits (401, 429) are reported, and their bodies fit the general error shape', async () => {
    const unauthorized = await call(ctx.fake, 'GET', '/indexes', { key: 'nope' });
    assert.deepEqual(validateResponse('GET', '/indexes', 401, unauthorized.body), ['status 401 is not documented for GET /indexes']);
    assert.deepEqual(validateErrorBody(unauthorized.body), []);
    ctx.fake.injectFault({ kind: 'rateLimitedJson' });
    const limited = await call(ctx.fake, 'GET', '/indexes');
    assert.equal(limited.status, 429);
    assert.deepEqual(validateErrorBody(limited.body), []);
  });

  it('every request the test client sent validates against the spec', async () => {
    const id = ctx.fake.listIndexes()[0]._id;
    await call(ctx.fake, 'POST', '/indexes', { json: VALID_CREATE });
    await call(ctx.fake, 'GET', '/indexes?page=2&page_limit=5&sort_by=updated_at&sort_option=asc&model_family=marengo&model_options=visual,audio');
    await call(ctx.fake, 'GET', `/indexes/${id}/videos?page=1&page_limit=50&filename=video`);
    await call(ctx.fake, 'PUT', `/indexes/${id}`, { json: { index_name: 'n' } });
    for (const r of ctx.fake.requests) {
      assert.deepEqual(
        validateRequest(r.method, r.path, { query: r.query, body: r.body, headers: r.headers, contentType: String(r.headers['content-type'] ?? '') || undefined }),
        [],
        `${r.method} ${r.path}`,
      );
    }
  });
});

describe('openapi helpers: validateResponse refuses wrong shapes', () => {
  const index = {
    _id: '0123456789abcdef01234567',
    index_name: 'a',
    models: [{ model_name: 'marengo3.0', model_options: ['visual'] }],
    addons: [],
    video_count: 0,
    total_duration: 0,
    created_at: '2026-01-01T00:00:00Z',
    updated_at: '2026-01-01T00:00:00Z',
    expires_at: '2026-04-01T00:00:00Z',
  };
  const pageInfo = { limit_per_page: 10, page: 1, total_page: 1, total_results: 1 };

  it('accepts the reference shape', () => {
    assert.deepEqual(validateResponse('GET', '/indexes', 200, { data: [index], page_info: pageInfo }), []);
  });

  it('reports wrong types, undeclared fields and a body on 204', () => {
    assert.notDeepEqual(validateResponse('GET', '/indexes/{index-id}', 200, { ...index, video_count: '0' }), []);
    assert.notDeepEqual(validateResponse('GET', '/indexes/{index-id}', 200, { ...index, models: [{ model_name: 1 }] }), []);
    assert.notDeepEqual(validateResponse('GET', '/indexes', 200, { data: [index], page_info: { ...pageInfo, page: '1' } }), []);
    assert.notDeepEqual(validateResponse('GET', '/indexes', 200, { data: index, page_info: pageInfo }), []);
    assert.deepEqual(validateResponse('GET', '/indexes/{index-id}', 200, { ...index, indexName: 'a' }), [
      'response/indexName: property not declared in the spec',
    ]);
    assert.deepEqual(validateResponse('GET', '/indexes/{index-id}', 200, { ...index, indexName: 'a' }, { allowUnknown: true }), []);
    assert.deepEqual(validateResponse('DELETE', '/indexes/{index-id}', 204, '{}'), ['response: 204 must have no body']);
    assert.notDeepEqual(validateResponse('POST', '/indexes', 400, { code: 1, message: 'x' }), []);
  });

  it('validateErrorBody refuses bodies without code/message', () => {
    assert.notDeepEqual(validateErrorBody({ message: 'x' }), []);
    assert.notDeepEqual(validateErrorBody({ error: { code: 'x', message: 'y' } }), []);
    assert.notDeepEqual(validateErrorBody('oops'), []);
    assert.deepEqual(validateErrorBody({ code: 'x', message: 'y', docs_url: 'https://x' }), []);
  });
});

describe('openapi helpers: validateRequest', () => {
  const headers = { 'x-api-key': KEY };

  it('accepts valid create, rename and list requests', () => {
    assert.deepEqual(validateRequest('POST', '/indexes', { body: VALID_CREATE, headers }), []);
    assert.deepEqual(
      validateRequest('POST', '/indexes', {
        body: {
          index_name: 'x',
          models: [
            { model_name: 'marengo3.0', model_options: ['visual', 'audio'] },
            { model_name: 'pegasus1.2', model_options: ['audio'] },
          ],
          addons: ['thumbnail'],
        },
        contentType: 'application/json; charset=utf-8',
      }),
      [],
    );
    assert.deepEqual(validateRequest('PUT', '/indexes/{index-id}', { body: { index_name: 'y' } }), []);
    assert.deepEqual(validateRequest('GET', '/indexes', { query: { page: '1', page_limit: '50', sort_option: 'desc', created_at: '2026-01-01T00:00:00Z' } }), []);
    assert.deepEqual(validateRequest('DELETE', '/indexes/abc', {}), []);
  });

  it('does not hard-wire model names (the catalogue is extensible)', () => {
    assert.deepEqual(
      validateRequest('POST', '/indexes', { body: { index_name: 'a', models: [{ model_name: 'marengo2.7', model_options: ['visual'] }] } }),
      [],
    );
  });

  const badCreates: [string, unknown][] = [
    ['missing index_name', { models: VALID_CREATE.models }],
    ['missing models', { index_name: 'a' }],
    ['blank index_name', { ...VALID_CREATE, index_name: '  ' }],
    ['empty models', { index_name: 'a', models: [] }],
    ['missing model_options', { index_name: 'a', models: [{ model_name: 'marengo3.0' }] }],
    ['empty model_options', { index_name: 'a', models: [{ model_name: 'marengo3.0', model_options: [] }] }],
    ['unknown model option', { index_name: 'a', models: [{ model_name: 'marengo3.0', model_options: ['smell'] }] }],
    ['v1.2 engines shape', { index_name: 'a', engines: [{ engine_name: 'marengo2.6', engine_options: ['visual'] }] }],
    ['unknown addon', { ...VALID_CREATE, addons: ['watermark'] }],
    ['undeclared top-level field', { ...VALID_CREATE, description: 'x' }],
    ['undeclared model field', { index_name: 'a', models: [{ model_name: 'marengo3.0', model_options: ['visual'], extra: 1 }] }],
  ];
  for (const [name, body] of badCreates) {
    it(`refuses a create body with ${name}`, () => {
      assert.notDeepEqual(validateRequest('POST', '/indexes', { body }), []);
    });
  }

  it('allowUnknown turns off only the undeclared-field check', () => {
    assert.deepEqual(validateRequest('POST', '/indexes', { body: { ...VALID_CREATE, description: 'x' } }, { allowUnknown: true }), []);
    assert.notDeepEqual(validateRequest('POST', '/indexes', { body: { index_name: 'a' } }, { allowUnknown: true }), []);
  });

  const badQueries: Record<string, string>[] = [
    { page: '0' },
    { page: 'two' },
    { page_limit: '51' },
    { page_limit: '0' },
    { sort_by: 'name' },
    { sort_option: 'ascending' },
    { model_family: 'gpt' },
    { model_options: 'visual;audio' },
    { created_at: 'yesterday' },
    { pageLimit: '10' },
  ];
  for (const query of badQueries) {
    it(`refuses list query ${JSON.stringify(query)}`, () => {
      assert.notDeepEqual(validateRequest('GET', '/indexes', { query }), []);
    });
  }

  it('accepts arbitrary user_metadata keys on the videos list', () => {
    assert.deepEqual(validateRequest('GET', '/indexes/{index-id}/videos', { query: { category: 'news', page: '2' } }), []);
    assert.notDeepEqual(validateRequest('GET', '/indexes/{index-id}/videos', { query: { page_limit: '500' } }), []);
  });

  it('refuses a missing key header, a missing body, a body where none is taken and a wrong content type', () => {
    assert.deepEqual(validateRequest('GET', '/indexes', { headers: {} }), ['header/x-api-key: required header missing']);
    assert.deepEqual(validateRequest('POST', '/indexes', {}), ['body: request body missing']);
    assert.notDeepEqual(validateRequest('GET', '/indexes', { body: {} }), []);
    assert.notDeepEqual(validateRequest('POST', '/indexes', { body: VALID_CREATE, contentType: 'multipart/form-data; boundary=x' }), []);
    assert.notDeepEqual(validateRequest('PUT', '/indexes/{index-id}', { body: {} }), []);
  });

  it('checks multipart uploads to /tasks by field', () => {
    const multipart = 'multipart/form-data; boundary=x';
    const file = { filename: 'a.mp4', mimeType: 'video/mp4', size: 10 };
    assert.deepEqual(validateRequest('POST', '/tasks', { body: { index_id: 'abc', video_file: file, enable_video_stream: 'true' }, contentType: multipart }), []);
    assert.notDeepEqual(validateRequest('POST', '/tasks', { body: { video_file: file }, contentType: multipart }), []);
    assert.notDeepEqual(validateRequest('POST', '/tasks', { body: { index_id: 'a', enable_video_stream: 'yes' }, contentType: multipart }), []);
    assert.notDeepEqual(validateRequest('POST', '/tasks', { body: { index_id: 'a', videoFile: file }, contentType: multipart }), []);
    assert.notDeepEqual(validateRequest('POST', '/tasks', { body: { index_id: 'a' } }), [], 'JSON is not accepted on /tasks');
  });
});
