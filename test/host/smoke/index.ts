/**
 * The smoke suite's entry: the same runner shape as the main suite, for the extension installed from
 * its .vsix (production mode, so no test API: only what a user can reach).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 30_000 });
  for (const file of fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort()) {
    mocha.addFile(path.join(__dirname, file));
  }
  console.log(`Smoke suite against the installed package on VS Code ${vscode.version}`);
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const dir = process.env.TWELVELABS_TEST_RESULTS;
      if (dir && runner.stats) {
        fs.writeFileSync(
          path.join(dir, 'summary.json'),
          JSON.stringify({ passed: runner.stats.passes, failed: runner.stats.failures, pending: runner.stats.pending, vscodeVersion: vscode.version }),
        );
      }
      if (failures > 0) {
        reject(new Error(`${failures} smoke tests failed.`));
      } else {
        resolve();
      }
    });
  });
}
