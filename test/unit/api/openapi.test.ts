import * as assert from 'node:assert/strict';
import { validateRequest } from '../../fake/openapi';
import type { RecordedRequest } from '../../fake/server';
import { startHarness, type Harness } from './helpers';

/** Every request the client can send, checked against the vendor's OpenAPI document. */
describe('client requests validate against the OpenAPI document', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ fake: { seedIndexes: 0 } });
  });
  afterEach(async () => {
    await h.fake.close();
  });

  function check(request: RecordedRequest): void {
    const contentType = request.headers['content-type'];
    const errors = validateRequest(request.method, request.path, {
      query: request.query,
      body: request.body === undefined || request.body === '' ? undefined : request.body,
      contentType: typeof contentType === 'string' ? contentType : undefined,
      headers: request.headers,
    });
    assert.deepEqual(errors, [], `${request.method} ${request.path} ${JSON.stringify(request.query)}`);
  }

  it('createIndex, with and without add-ons', async () => {
    await h.client.createIndex({
      name: 'spec-a',
      models: [
        { model_name: 'marengo3.0', model_options: ['visual', 'audio'] },
        { model_name: 'pegasus1.2', model_options: ['audio'] },
      ],
      addons: ['thumbnail'],
    });
    await h.client.createIndex({ name: 'spec-b', models: [{ model_name: 'marengo3.0', model_options: ['visual'] }] });
    assert.equal(h.fake.requests.length, 2);
    h.fake.requests.forEach(check);
  });

  it('listIndexes with every filter, listAllIndexes, and validateKey', async () => {
    h.fake.seedIndexes(120);
    await h.client.listIndexes(2, 25, {
      indexName: 'seed',
      modelOptions: ['visual'],
      modelFamily: 'marengo',
      createdAt: '2020-01-01T00:00:00Z',
      updatedAt: '2020-01-01T00:00:00Z',
      sortBy: 'updated_at',
      sortOption: 'asc',
    });
    await h.client.listAllIndexes();
    await h.client.validateKey(h.fake.requests[0].headers['x-api-key'] as string);
    assert.equal(h.fake.requests.length, 5);
    h.fake.requests.forEach(check);
  });

  it('getIndex, renameIndex, deleteIndex and listVideos', async () => {
    const [id] = h.fake.seedIndexes(1, { videosPerIndex: 3 });
    await h.client.getIndex(id);
    await h.client.listVideos(id, 1, 2);
    await h.client.renameIndex(id, 'renamed');
    await h.client.deleteIndex(id);
    assert.equal(h.fake.requests.length, 4);
    h.fake.requests.forEach(check);
  });

  it('the validator does catch a bad request (sanity check of this test)', () => {
    const errors = validateRequest('POST', '/indexes', { body: { index_name: 'x', model: [] } });
    assert.notDeepEqual(errors, []);
  });
});
