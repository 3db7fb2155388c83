import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { productionBuild, testBuild } from './productionBuild';

/** Names only the test build has: its API, its recorders, its fault injection. */
const TEST_ONLY = [
  'answerModal',
  'activeQuickInput',
  'changeKeyAsAnotherWindow',
  'storedKeyAsAnotherWindow',
  'setNetworkTiming',
  'simulateReload',
  'startupStorageCalls',
  'progressMessages',
  'notificationTexts',
  'Injected ',
  'createTestApi',
  'RecordingWindow',
  'FaultInjectingSecretStorage',
];

describe('the shipped bundles (production build)', function () {
  this.timeout(60_000);

  it('are two: extension.js with the features, client.js with axios and form-data', async () => {
    const { dir, inputs } = await productionBuild();
    assert.deepEqual(fs.readdirSync(dir).sort(), ['client.js', 'extension.js']);
    assert.ok(inputs['client.js'].some((input) => input.includes('node_modules/axios/')), 'axios is not in client.js');
    assert.ok(!inputs['extension.js'].some((input) => input.includes('node_modules/')), 'extension.js bundles a dependency');
  });

  it('are built from src/ and the dependencies only: no file of test/ goes in', async () => {
    const { inputs } = await productionBuild();
    const fromTests = Object.values(inputs)
      .flat()
      .filter((input) => !input.startsWith('src/') && !input.startsWith('node_modules/'));
    assert.deepEqual(fromTests, []);
  });

  it('contain none of the test build\'s names (which the test build does contain)', async () => {
    const test = fs.readFileSync(path.join((await testBuild()).dir, 'extension.js'), 'utf8');
    assert.deepEqual(TEST_ONLY.filter((name) => !test.includes(name)), [], 'names the test build does not have prove nothing');
    const { dir } = await productionBuild();
    for (const bundle of ['extension.js', 'client.js']) {
      const text = fs.readFileSync(path.join(dir, bundle), 'utf8');
      const found = TEST_ONLY.filter((name) => text.includes(name));
      assert.deepEqual(found, [], `${bundle} contains test-only code`);
    }
  });
});
