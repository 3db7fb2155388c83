import * as assert from 'node:assert/strict';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { startFakeServer, type FakeTwelveLabs } from '../../fake/server';

const KEY = 'tlk_MCPUNIT0fake0key0for0the0mcp0endpoint';

describe('fake MCP endpoint', () => {
  let fake: FakeTwelveLabs;

  beforeEach(async () => {
    fake = await startFakeServer({ validKeys: [KEY], seedIndexes: 2 });
  });

  afterEach(async () => {
    await fake.close();
  });

  function connect(key: string | undefined): { client: Client; transport: StreamableHTTPClientTransport } {
    const transport = new StreamableHTTPClientTransport(new URL(fake.mcpUrl), { requestInit: { headers: key === undefined ? {} : { 'X-api-key': key } } });
    return { client: new Client({ name: 'unit-test', version: '0.0.0' }), transport };
  }

  it('a real MCP client initializes, lists the tools and calls one, each call logged without the key', async () => {
    const { client, transport } = connect(KEY);
    await client.connect(transport);
    try {
      assert.equal(client.getServerVersion()?.name, 'fake-twelvelabs-mcp');
      const { tools } = await client.listTools();
      assert.deepEqual(tools.map((tool) => tool.name), ['list-indexes', 'get-index']);
      const called = await client.callTool({ name: 'list-indexes', arguments: {} });
      const [part] = called.content as { type: string; text: string }[];
      assert.equal((JSON.parse(part.text) as { data: unknown[] }).data.length, 2);
    } finally {
      await client.close();
    }
    const methods = fake.mcpCalls.filter((call) => call.method !== '(http GET)' && call.method !== '(http DELETE)').map((call) => call.method);
    assert.deepEqual(methods, ['initialize', 'notifications/initialized', 'tools/list', 'tools/call']);
    assert.ok(fake.mcpCalls.every((call) => call.keyAccepted));
    assert.equal(fake.mcpCalls.find((call) => call.method === 'tools/call')?.tool, 'list-indexes');
    assert.ok(!JSON.stringify(fake.mcpCalls).includes(KEY));
  });

  it('refuses a missing or wrong key with 401, and the client cannot initialize', async () => {
    for (const key of [undefined, 'tlk_wrong0key0for0the0fake0mcp0endpoint0']) {
      const { client, transport } = connect(key);
      await assert.rejects(client.connect(transport));
      await client.close();
    }
    assert.ok(fake.mcpCalls.length >= 2);
    assert.ok(fake.mcpCalls.every((call) => !call.keyAccepted));
  });

  it('answers an unknown method with JSON-RPC -32601 and GET with 405', async () => {
    const post = await fetch(fake.mcpUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream', 'X-api-key': KEY },
      body: JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'resources/list' }),
    });
    assert.equal(post.status, 200);
    assert.equal(((await post.json()) as { error: { code: number } }).error.code, -32601);
    const get = await fetch(fake.mcpUrl, { headers: { 'X-api-key': KEY } });
    assert.equal(get.status, 405);
  });
});
