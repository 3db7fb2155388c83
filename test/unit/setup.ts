/** Loaded before every unit test file (see .mocharc.json). */

// An unhandled rejection is a bug the test run must not swallow.
process.on('unhandledRejection', (reason) => {
  throw reason instanceof Error ? reason : new Error(String(reason));
});
