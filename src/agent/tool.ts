import type { TwelveLabsClient } from '../api/client';
import type { InputCheck } from './toolInput';

/**
 * One language-model tool, apart from VS Code's registration of it (registerTools.ts): what it reads,
 * what it asks the user first, and what it does. `run` returns the text the model gets.
 */
export interface AgentTool<T> {
  /** As in package.json `contributes.languageModelTools`. */
  readonly name: string;
  /** For error texts: "Listing indexes", "The search". */
  readonly what: string;
  read(input: unknown): InputCheck<T>;
  /** Shown in the chat while the tool runs; user-facing, so localised. */
  invocationMessage(input: T): string;
  /**
   * For tools that change something: what will happen and what it costs, asked before `run`.
   * `undefined` when nothing would happen (the input is refused in `run` without asking).
   */
  confirmation?(input: T, signal: AbortSignal): Promise<Confirmation | undefined>;
  run(input: T, context: ToolContext): Promise<string>;
}

export interface Confirmation {
  title: string;
  /** Plain text; outside text in it is escaped where it is drawn. */
  message: string;
  /** The button that goes ahead, when the extension asks itself (a call from outside a chat). */
  action: string;
  /** What `run` may act on: a plan `run` finds changed since is refused instead of run unasked. */
  plan: string;
}

export interface ToolContext {
  signal: AbortSignal;
  /** The plan the user confirmed for this input, when the tool asks first. */
  confirmedPlan?: string;
}

/** The API client, loaded on first use (ApiClientProvider). */
export interface ClientSource {
  get(): Promise<TwelveLabsClient>;
}
