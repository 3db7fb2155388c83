/**
 * The real-host suite's entry, in the shape @vscode/test-electron (and VS Code's browser test
 * runner) expects: the extension host requires this module and awaits `run()`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 30_000, grep: process.env.TWELVELABS_TEST_GREP });
  const testsDir = __dirname;
  for (const file of fs.readdirSync(testsDir).filter((f) => f.endsWith('.test.js')).sort()) {
    mocha.addFile(path.join(testsDir, file));
  }
  console.log(`Real-host suite on VS Code ${vscode.version} (${vscode.env.appHost}, Node ${process.version})`);
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      writeSummary(runner.stats);
      if (failures > 0) {
        reject(new Error(`${failures} real-host tests failed.`));
      } else {
        resolve();
      }
    });
  });
}

/** The harness reads this file for its per-host closing line; other runners need not. */
function writeSummary(stats: Mocha.Stats | undefined): void {
  const dir = process.env.TWELVELABS_TEST_RESULTS;
  if (!dir || !stats) {
    return;
  }
  const summary = { passed: stats.passes, failed: stats.failures, pending: stats.pending, vscodeVersion: vscode.version };
  fs.writeFileSync(path.join(dir, 'summary.json'), JSON.stringify(summary));
}
