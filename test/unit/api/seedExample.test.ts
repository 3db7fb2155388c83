import * as assert from 'node:assert/strict';
import { TwelveLabsError } from '../../../src/api/errors';
import { rejection, startHarness, type Harness } from './helpers';

/**
 * The seed document's own example, kept working: POST {API_URL}/indexes with x-api-key and a
 * marengo2.7 index answers {_id}; an invalid key answers 401 api_key_invalid. marengo2.7 left the
 * default catalogue in 2026, so the fake accepts it here as the API did when the example was written.
 */
describe('the seed document example', () => {
  let h: Harness;

  beforeEach(async () => {
    h = await startHarness({ fake: { models: ['marengo2.7', 'marengo3.0', 'pegasus1.2'] } });
  });
  afterEach(() => h.fake.close());

  it('creates an index with the example body and returns its 24-hex id', async () => {
    const created = await h.client.createIndex({
      name: 'seed-example',
      models: [{ model_name: 'marengo2.7', model_options: ['visual', 'audio'] }],
    });
    assert.match(created.id, /^[0-9a-f]{24}$/);
    const sent = h.fake.requests.find((r) => r.method === 'POST' && r.path === '/indexes');
    assert.ok(sent);
    assert.deepEqual(sent.body, { index_name: 'seed-example', models: [{ model_name: 'marengo2.7', model_options: ['visual', 'audio'] }] });
    assert.equal(typeof sent.headers['x-api-key'], 'string');
  });

  it('with an invalid or expired key, the caller gets the API\'s 401 api_key_invalid message', async () => {
    h.setKey('tlk_EXPIREDfake0key0for0the0seed0example');
    const error = await rejection(() => h.client.createIndex({ name: 'never', models: [{ model_name: 'marengo2.7', model_options: ['visual'] }] }));
    assert.ok(error instanceof TwelveLabsError);
    assert.equal(error.status, 401);
    assert.equal(error.code, 'api_key_invalid');
    assert.match(error.message, /invalid or expired/);
    assert.equal(h.fake.listIndexes().length, 0);
  });
});
