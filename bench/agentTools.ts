/**
 * Agent-mode tool overhead in the real host (VS Code in code-server), measured by the
 * `Agent tool overhead` test: the `vscode.lm.invokeTool` round trip of `twelvelabs_listVideos`
 * minus the fake's own time for its one request (arrival → answer handed to the socket), median of
 * 20 after a warm-up call. What is left is VS Code's tool plumbing, our API client and the tool's
 * formatting. Target ≤ 5 ms. Also reported: `twelvelabs_uploadStatus`, which sends no request, and one
 * bare extension host ↔ workbench exchange: `invokeTool` makes three (the call, then the workbench's
 * `$prepareToolInvocation` and `$invokeTool`), each a websocket message each way in code-server.
 *
 *   node out/bench/agentTools.js
 */
import { AGENT_TOOLS_FILE, type AgentToolFigures } from '../test/host/perfFiles';
import { FIGURES_HOST, readRealHostFigures } from './realHostFigures';
import { median } from './stats';

export const OVERHEAD_TARGET_MS = 5;

export type AgentToolsBenchResult =
  | { name: 'agentTools'; host: string; skipped: string; pass: boolean }
  | ({ name: 'agentTools'; host: string; skipped?: undefined; targetMs: number; pass: boolean } & AgentToolFigures);

export function runAgentToolsBench(): AgentToolsBenchResult {
  const run = readRealHostFigures<AgentToolFigures>({ grep: 'Agent tool overhead', file: AGENT_TOOLS_FILE, what: 'the agent tool overhead test', timeoutSeconds: 600 });
  if (run.skipped !== undefined) {
    return { name: 'agentTools', host: FIGURES_HOST, skipped: run.skipped, pass: true };
  }
  const { figures } = run;
  return { name: 'agentTools', host: FIGURES_HOST, ...figures, targetMs: OVERHEAD_TARGET_MS, pass: run.exitStatus === 0 && figures.medianOverheadMs <= OVERHEAD_TARGET_MS };
}

export function formatTable(result: AgentToolsBenchResult): string {
  if (result.skipped !== undefined) {
    return `agent tool overhead: skipped: ${result.skipped} (code-server ${result.host}; scripts/install-vscode-host.sh ${result.host})`;
  }
  const ms = (values: number[]) => values.map((value) => value.toFixed(1)).join(', ');
  return [
    `vscode.lm.invokeTool(${result.tool}), VS Code ${result.vscodeVersion} (real host), ${result.roundTripMs.length} runs`,
    `round trip, ms:      ${ms(result.roundTripMs)}`,
    `fake's own time, ms: ${ms(result.fakeMs)}`,
    `median round trip ${median(result.roundTripMs).toFixed(2)} ms, fake ${median(result.fakeMs).toFixed(2)} ms`,
    `median overhead: ${result.medianOverheadMs.toFixed(2)} ms (target ≤ ${result.targetMs} ms) ${result.pass ? 'PASS' : 'FAIL'}`,
    `of which VS Code's own round trip (twelvelabs_uploadStatus, which sends no request): ${result.medianNoRequestMs.toFixed(2)} ms`,
    `  (one extension host ↔ workbench exchange alone: ${result.medianHostRoundTripMs.toFixed(2)} ms; invokeTool makes three);`,
    `the rest (our client's request over loopback and the tool's formatting): ${(result.medianOverheadMs - result.medianNoRequestMs).toFixed(2)} ms`,
  ].join('\n');
}

if (require.main === module) {
  try {
    console.log(formatTable(runAgentToolsBench()));
  } catch (error) {
    console.error(error);
    process.exit(1);
  }
}
