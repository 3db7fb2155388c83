// A minimal stand-in for the vendor's remote MCP server (https://mcp.twelvelabs.io/mcp): Streamable
// HTTP, JSON-RPC 2.0, JSON answers (no SSE stream), no sessions. Enough for a real MCP client to
// initialize, list tools and call a few, with the same key rule as the API: a valid `X-api-key` or 401.
import type { IncomingHttpHeaders } from 'node:http';
import type { ParsedBody } from './http';
import { toWireIndex, type FakeStore } from './state';

export const MCP_PATH = '/mcp';
/** The newest protocol version this fake speaks; a client asking for another known one gets it back. */
export const MCP_PROTOCOL_VERSION = '2025-06-18';
const KNOWN_VERSIONS = ['2024-11-05', '2025-03-26', '2025-06-18', '2025-11-25'];

/** One JSON-RPC message the fake received, as tests see it. Never the key: only whether it was valid. */
export interface McpCall {
  /** `initialize`, `tools/list`, `tools/call`, `notifications/initialized`…; `(http GET)` for a non-POST. */
  method: string;
  /** For `tools/call`: the tool's name. */
  tool?: string;
  keyAccepted: boolean;
  at: number;
}

export interface McpAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

interface McpContext {
  validKeys: ReadonlySet<string>;
  store: FakeStore;
  calls: McpCall[];
}

const TOOLS = [
  {
    name: 'list-indexes',
    description: 'Lists the indexes of the account: id, name, models and video count.',
    inputSchema: { type: 'object', properties: { page: { type: 'integer', minimum: 1 } } },
  },
  {
    name: 'get-index',
    description: 'One index by its id.',
    inputSchema: { type: 'object', properties: { index_id: { type: 'string' } }, required: ['index_id'] },
  },
];

function json(status: number, value: unknown, headers: Record<string, string> = {}): McpAnswer {
  return { status, headers: { 'Content-Type': 'application/json', ...headers }, body: value === undefined ? '' : JSON.stringify(value) };
}

function rpcError(id: unknown, code: number, message: string): McpAnswer {
  return json(200, { jsonrpc: '2.0', id: id ?? null, error: { code, message } });
}

export function answerMcp(method: string, headers: IncomingHttpHeaders, body: ParsedBody, ctx: McpContext): McpAnswer {
  const header = headers['x-api-key'];
  const key = Array.isArray(header) ? header[0] : header;
  const keyAccepted = key !== undefined && ctx.validKeys.has(key);
  const message = body.kind === 'json' && typeof body.value === 'object' && body.value !== null ? (body.value as Record<string, unknown>) : undefined;
  const rpcMethod = method === 'POST' ? (typeof message?.method === 'string' ? message.method : '(no method)') : `(http ${method})`;
  const params = (message?.params ?? {}) as Record<string, unknown>;
  ctx.calls.push({ method: rpcMethod, ...(rpcMethod === 'tools/call' && typeof params.name === 'string' ? { tool: params.name } : {}), keyAccepted, at: Date.now() });

  // The vendor's server reads the key from the header; without a good one nothing is answered [?].
  if (!keyAccepted) {
    return json(401, { code: 'api_key_invalid', message: 'Provided API key is invalid. Please check your API key or generate a new one from the dashboard and try again.' });
  }
  // No server-initiated stream: Streamable HTTP lets a server answer GET with 405.
  if (method !== 'POST') {
    return json(405, { code: 'method_not_allowed', message: `The ${method} method is not allowed here.` }, { Allow: 'POST' });
  }
  if (!message || Array.isArray(body.kind === 'json' ? body.value : undefined)) {
    return json(400, { jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Expected one JSON-RPC message as JSON.' } });
  }
  if (message.jsonrpc !== '2.0') {
    return rpcError(message.id, -32600, 'Not a JSON-RPC 2.0 message.');
  }
  // A notification (no id) or a response to us gets 202 and no body.
  if (message.id === undefined) {
    return { status: 202, headers: {}, body: '' };
  }
  const result = (value: unknown) => json(200, { jsonrpc: '2.0', id: message.id, result: value });
  switch (rpcMethod) {
    case 'initialize': {
      const asked = typeof params.protocolVersion === 'string' ? params.protocolVersion : MCP_PROTOCOL_VERSION;
      return result({
        protocolVersion: KNOWN_VERSIONS.includes(asked) ? asked : MCP_PROTOCOL_VERSION,
        capabilities: { tools: { listChanged: false } },
        serverInfo: { name: 'fake-twelvelabs-mcp', version: '0.0.1' },
      });
    }
    case 'ping':
      return result({});
    case 'tools/list':
      return result({ tools: TOOLS });
    case 'tools/call':
      return callTool(params, ctx, result, message.id);
    default:
      return rpcError(message.id, -32601, `Method not found: ${rpcMethod}`);
  }
}

function callTool(params: Record<string, unknown>, ctx: McpContext, result: (value: unknown) => McpAnswer, id: unknown): McpAnswer {
  const args = (params.arguments ?? {}) as Record<string, unknown>;
  const text = (value: unknown) => result({ content: [{ type: 'text', text: JSON.stringify(value) }], isError: false });
  switch (params.name) {
    case 'list-indexes':
      return text({ data: ctx.store.all().map(toWireIndex).map((index) => ({ _id: index._id, index_name: index.index_name, models: index.models, video_count: index.video_count })) });
    case 'get-index': {
      const index = typeof args.index_id === 'string' ? ctx.store.get(args.index_id) : undefined;
      return index ? text(toWireIndex(index)) : result({ content: [{ type: 'text', text: `Resource with id ${String(args.index_id)} does not exist in indexes.` }], isError: true });
    }
    default:
      return rpcError(id, -32602, `Unknown tool: ${String(params.name)}`);
  }
}
