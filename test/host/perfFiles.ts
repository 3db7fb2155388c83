/**
 * Figures real-host tests write for `npm run bench` (into TWELVELABS_TEST_RESULTS; the harness copies
 * them to test-results/perf/<host>/). Free of `vscode`, so the benchmarks can import it in plain Node.
 */
export const ACTIVATION_FILE = 'perf-activation.json';
export const FIRST_PAINT_FILE = 'perf-first-paint.json';
/** The Search view: response → first cards painted, and paging through 1,000 results (test/host/searchPaint.test.ts). */
export const SEARCH_PAINT_FILE = 'perf-search-paint.json';

export interface SearchPaintFigures {
  vscodeVersion: string;
  resultsPerPage: number;
  /** Response's last byte → first card painted, per run; the first includes the view's first image policy. */
  paintMs: number[];
  medianPaintMs: number;
  paging: { results: number; elements: number; heapBytes: number | undefined; cardsDrawn: number }[];
}

export const ANALYZE_STREAM_FILE = 'perf-analyze-stream.json';

/** What the Analyze stream benchmark measures in the real host (test/host/analyzePerf.test.ts). */
export interface AnalyzeStreamFigures {
  vscodeVersion: string;
  chunks: number;
  bytes: number;
  delayMs: number;
  /** Edits the writer made to the document for all those chunks. */
  edits: number;
  /** Arrival of each chunk to the completion of the edit that put it in the document. */
  latencyP50Ms: number;
  latencyP95Ms: number;
  latencyMaxMs: number;
  /** First arrival to last arrival. */
  streamMs: number;
  /** First arrival to the last chunk in the document. */
  runMs: number;
  ratio: number;
  /** Extension host memory after the run less before it (MB), and the heap's peak seen during it. */
  rssDeltaMb: number;
  heapDeltaMb: number;
  heapPeakMb: number;
  /** The same chunks appended by a bare loop with no extension code: what VS Code itself costs here. */
  floor: { edits: number; latencyP50Ms: number; latencyP95Ms: number };
}

/** Agent mode: `vscode.lm.invokeTool` round trips (test/host/agent.test.ts). */
export const AGENT_TOOLS_FILE = 'perf-agent-tools.json';

export interface AgentToolFigures {
  vscodeVersion: string;
  tool: string;
  /** invokeTool call → result, per run. */
  roundTripMs: number[];
  /** The fake's own time for the tool's one request (arrival → answer handed to the socket), per run. */
  fakeMs: number[];
  /** Round trip minus the fake's time: VS Code's tool plumbing, our client and the tool's formatting. */
  overheadMs: number[];
  medianOverheadMs: number;
  /** The same for twelvelabs_uploadStatus, which makes no request: VS Code's round trip alone. */
  medianNoRequestMs: number;
  /**
   * One extension host → workbench → extension host message exchange (a `setContext` command), median
   * of 20: the host's floor per leg. `invokeTool` makes three (the call, `$prepareToolInvocation`,
   * `$invokeTool`), whether or not the tool implements `prepareInvocation`.
   */
  medianHostRoundTripMs: number;
}
