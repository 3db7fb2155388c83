import type { AgentDeps } from './deps';
import { implementAgentTool, type RegisteredTool, type ToolRegistrationDeps } from './registerTools';
import type { AgentTool } from './tool';
import type vscode = require('vscode');
import { analyzeTool } from './tools/analyze';
import { createIndexTool } from './tools/createIndex';
import { getTranscriptTool } from './tools/getTranscript';
import { listIndexesTool } from './tools/listIndexes';
import { listVideosTool } from './tools/listVideos';
import { searchTool } from './tools/search';
import { uploadFileTool } from './tools/uploadFile';
import { uploadStatusTool } from './tools/uploadStatus';

/**
 * The tools' bodies: a bundle of its own (dist/agentTools.js), loaded when a model first prepares or
 * calls one. Activation registers the names only.
 */

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

export type ToolImplementations = Map<string, { implementation: vscode.LanguageModelTool<unknown>; tool: RegisteredTool }>;

export function toolImplementations(deps: AgentDeps, registration: ToolRegistrationDeps): ToolImplementations {
  return new Map(agentTools(deps).map((tool) => [tool.name, implementAgentTool(tool, registration)]));
}
