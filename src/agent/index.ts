import vscode = require('vscode');
import type { KeyStore } from '../common/keyStore';
import type { Settings } from '../common/settings';
import type { AgentDeps } from './deps';
import { findMcpApi, MCP_PROVIDER_ID, TwelveLabsMcpProvider } from './mcpProvider';
import type { RegisteredTool } from './registerTools';
import type { ToolImplementations } from './agentTools';
import { AGENT_TOOL_NAMES } from './toolNames';

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


/**
 * Agent mode: the language-model tools (`#twelvelabs_…`) and the Twelve Labs MCP server. Nothing here
 * touches SecretStorage or the network at activation: tools run when a model calls them, and the
 * MCP provider reads the key only when VS Code resolves the server.
 */
export function registerAgentFeatures(context: vscode.ExtensionContext, input: AgentFeatureInput): AgentFeatures {
  let loading: Promise<ToolImplementations> | undefined;
  const implementationOf = async (name: string) => {
    loading ??= import('./agentTools.js').then((bundle) => bundle.toolImplementations(input, { redact: input.redact, logger: input.logger, ask: input.ask }));
    const found = (await loading).get(name);
    if (!found) {
      throw new Error(`No implementation for the tool ${name}`);
    }
    return found;
  };
  const tools: RegisteredTool[] = [];
  for (const name of AGENT_TOOL_NAMES) {
    context.subscriptions.push(
      vscode.lm.registerTool<unknown>(name, {
        prepareInvocation: async (options, token) => (await implementationOf(name)).implementation.prepareInvocation?.(options, token),
        invoke: async (options, token) => (await implementationOf(name)).implementation.invoke(options, token),
      }),
    );
    tools.push({ name, prepare: async (toolInput) => (await implementationOf(name)).tool.prepare(toolInput) });
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
