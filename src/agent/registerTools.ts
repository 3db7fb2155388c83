import vscode = require('vscode');
import type { Logger } from '../common/logging/logger';
import { markdownText } from '../common/untrustedText';
import type { AgentTool, Confirmation } from './tool';
import { runTool } from './toolRunner';

/** A tool as VS Code's `lm.registerTool` takes it, and what the test build asks of it. */
export interface RegisteredTool {
  readonly name: string;
  /** What `prepareInvocation` answers, as plain text. */
  prepare(input: unknown): Promise<{ invocationMessage: string; confirmation?: { title: string; message: string } }>;
}

/** Confirmed plans, per input, waiting for their `invoke`; a few at most, since each call prepares then invokes. */
const MAX_PENDING_PLANS = 20;

export interface ToolRegistrationDeps {
  redact: (text: string) => string;
  logger: Logger;
  /** A modal question; true when the user chose `action`. */
  ask: (title: string, message: string, action: string) => Promise<boolean>;
}

export function implementAgentTool<T>(tool: AgentTool<T>, deps: ToolRegistrationDeps): { implementation: vscode.LanguageModelTool<unknown>; tool: RegisteredTool } {
  // `prepareInvocation` and `invoke` are two calls with the same input: the plan the user was asked
  // about is kept between them, so `invoke` acts only on what was confirmed.
  const plans = new Map<string, Confirmation>();
  const prepare = async (input: unknown, token?: vscode.CancellationToken): Promise<{ invocationMessage: string; confirmation?: Confirmation }> => {
    const check = tool.read(input);
    if (!check.ok) {
      return { invocationMessage: vscode.l10n.t('Checking the input of {0}', tool.name) };
    }
    const invocationMessage = tool.invocationMessage(check.value);
    const confirmation = tool.confirmation ? await tool.confirmation(check.value, abortSignal(token)) : undefined;
    if (confirmation) {
      plans.set(JSON.stringify(input), confirmation);
      while (plans.size > MAX_PENDING_PLANS) {
        plans.delete(plans.keys().next().value as string);
      }
    }
    return { invocationMessage, confirmation };
  };
  const implementation: vscode.LanguageModelTool<unknown> = {
    async prepareInvocation(options, token) {
      const prepared = await prepare(options.input, token);
      return {
        invocationMessage: prepared.invocationMessage,
        ...(prepared.confirmation
          ? { confirmationMessages: { title: prepared.confirmation.title, message: new vscode.MarkdownString(markdownText(prepared.confirmation.message)) } }
          : {}),
      };
    },
    async invoke(options, token) {
      const key = JSON.stringify(options.input);
      const confirmation = plans.get(key);
      plans.delete(key);
      // In a chat, VS Code asks with the confirmation messages. Called from outside one (another
      // extension's `lm.invokeTool` without a token), newer versions go ahead unasked: then the
      // extension asks itself, so nothing changes on the account without the user's yes.
      if (confirmation && options.toolInvocationToken === undefined && !(await deps.ask(confirmation.title, confirmation.message, confirmation.action))) {
        return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(`${tool.name}: the user declined; nothing was done. Do not call it again unless the user asks.`)]);
      }
      const run = await runTool(tool, options.input, { signal: abortSignal(token), confirmedPlan: confirmation?.plan }, deps);
      return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(run.text)]);
    },
  };
  return {
    implementation,
    tool: {
      name: tool.name,
      prepare: async (input) => {
        const prepared = await prepare(input);
        return { invocationMessage: prepared.invocationMessage, ...(prepared.confirmation ? { confirmation: { title: prepared.confirmation.title, message: prepared.confirmation.message } } : {}) };
      },
    },
  };
}

/** The token's cancellation as an AbortSignal, which the API client takes. */
function abortSignal(token: vscode.CancellationToken | undefined): AbortSignal {
  const controller = new AbortController();
  if (token?.isCancellationRequested) {
    controller.abort();
  } else {
    token?.onCancellationRequested(() => controller.abort());
  }
  return controller.signal;
}
