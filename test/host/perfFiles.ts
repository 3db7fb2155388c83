/**
 * Figures real-host tests write for `npm run bench` (into TWELVELABS_TEST_RESULTS; the harness copies
 * them to test-results/perf/<host>/). Free of `vscode`, so the benchmarks can import it in plain Node.
 */
export const ACTIVATION_FILE = 'perf-activation.json';
export const FIRST_PAINT_FILE = 'perf-first-paint.json';
