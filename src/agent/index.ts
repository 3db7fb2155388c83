import vscode = require('vscode');
import type { KeyStore } from '../common/keyStore';
import type { Settings } from '../common/settings';
import type { AgentDeps } from './deps';
import { findMcpApi, MCP_PROVIDER_ID, TwelveLabsMcpProvider } from './mcpProvider';
import { registerAgentTool, type RegisteredTool } from './registerTools';
import type { AgentTool } from './tool';
import { analyzeTool } from './tools/analyze';
import { createIndexTool } from './tools/createIndex';
import { getTranscriptTool } from './tools/getTranscript';
import { listIndexesTool } from './tools/listIndexes';
import { listVideosTool } from './tools/listVideos';
import { searchTool } from './tools/search';
import { uploadFileTool } from './tools/uploadFile';
import { uploadStatusTool } from './tools/uploadStatus';

export type { AgentDeps, CreateIndexOutcome, UploadOutcome } from './deps';
export type { RegisteredTool } from './registerTools';

export interface AgentFeatureInput extends AgentDeps {
  keyStore: Pick<KeyStore, 'getState' | 'settled' | 'onDidChange' | 'refresh' | 'getKey'>;
  settings: Pick<Settings, 'mcpUrl' | 'mcpEnabled' | 'onDidChange'>;
  version: string;
  /** A modal question for the mutating tools when VS Code did not ask; true when the user chose `action`. */
  ask: (title: string, message: string, action: string) => Promise<boolean>;
}

export interface AgentFeatures {
  tools: RegisteredTool[];
  /** Undefined before VS Code 1.101, which has no MCP provider API. */
  mcp: TwelveLabsMcpProvider | undefined;
}

/** Every tool, in package.json's order. */
export function agentTools(deps: AgentDeps): AgentTool<never>[] {
  return [
    listIndexesTool(deps.api),
    listVideosTool(deps.api),
    searchTool(deps.api),
    getTranscriptTool(deps.api),
    analyzeTool(deps.api),
    uploadStatusTool(deps),
    createIndexTool(deps),
    uploadFileTool(deps),
  ] as AgentTool<never>[];
}

/**
 * Agent mode: the language-model tools (`#twelvelabs_…`) and the Twelve Labs MCP server. Nothing here
 * touches SecretStorage or the network at activation: tools run when a model calls them, and the
 * MCP provider reads the key only when VS Code resolves the server.
 */
export function registerAgentFeatures(context: vscode.ExtensionContext, input: AgentFeatureInput): AgentFeatures {
  const tools: RegisteredTool[] = [];
  for (const tool of agentTools(input)) {
    const registered = registerAgentTool(tool, { redact: input.redact, logger: input.logger, ask: input.ask });
    context.subscriptions.push(registered.registration);
    tools.push(registered.tool);
  }

  const api = findMcpApi();
  if (!api) {
    input.logger.debug(`MCP: VS Code ${vscode.version} has no MCP server provider API (1.101+); the Twelve Labs MCP server is not offered.`);
    return { tools, mcp: undefined };
  }
  const { keyStore, settings } = input;
  const mcp = new TwelveLabsMcpProvider({
    Definition: api.Definition,
    keys: {
      identity: async () => {
        if (keyStore.getState().kind === 'loading') {
          await keyStore.settled();
        }
        const state = keyStore.getState();
        return state.kind === 'present' ? state.id : undefined;
      },
      onDidChange: (listener) => keyStore.onDidChange(() => listener()),
      readNow: async () => {
        await keyStore.refresh();
        return keyStore.getKey();
      },
    },
    settings: {
      url: () => settings.mcpUrl,
      enabled: () => settings.mcpEnabled,
      onDidChange: (listener) => settings.onDidChange((affects) => (affects('mcp.url') || affects('mcp.enabled')) && listener()),
    },
    logger: input.logger,
    version: input.version,
  });
  context.subscriptions.push(mcp);
  try {
    context.subscriptions.push(api.register(MCP_PROVIDER_ID, mcp));
  } catch (error) {
    // A host whose API differs from the one we know must not cost the rest of the extension.
    input.logger.warn('MCP: VS Code refused the Twelve Labs MCP server provider; it is not offered.', error);
    return { tools, mcp: undefined };
  }
  return { tools, mcp };
}
