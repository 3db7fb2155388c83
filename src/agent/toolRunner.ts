/**
 * A tool call from input to text, apart from VS Code: reads the input, runs the tool, turns failures
 * into text, and masks keys. Free of `vscode`, so unit tests and the benchmark drive it directly.
 */
import type { Logger } from '../common/logging/logger';
import type { AgentTool, ToolContext } from './tool';
import { toolErrorText } from './toolErrors';
import { invalidInputText } from './toolInput';
import { MAX_RESULT_CHARS } from './toolText';

export interface ToolRun {
  text: string;
  outcome: 'done' | 'invalid' | 'failed';
}

export async function runTool<T>(tool: AgentTool<T>, input: unknown, context: ToolContext, deps: { redact: (text: string) => string; logger: Logger }): Promise<ToolRun> {
  const check = tool.read(input);
  if (!check.ok) {
    return { text: invalidInputText(tool.name, check.problems), outcome: 'invalid' };
  }
  const started = Date.now();
  try {
    const text = await tool.run(check.value, context);
    deps.logger.debug(`${tool.name}: ${text.length} characters in ${Date.now() - started} ms`);
    return { text: finish(text, deps.redact), outcome: 'done' };
  } catch (error) {
    const text = toolErrorText(tool.what, error);
    deps.logger.debug(`${tool.name} failed in ${Date.now() - started} ms`, error);
    return { text: finish(text, deps.redact), outcome: 'failed' };
  }
}

/** The bound holds whatever a tool wrote; masking is the last net for a key, never the first. */
function finish(text: string, redact: (text: string) => string): string {
  const masked = redact(text);
  return masked.length > MAX_RESULT_CHARS ? `${masked.slice(0, MAX_RESULT_CHARS - 60)}\n[Truncated at ${MAX_RESULT_CHARS} characters.]` : masked;
}
