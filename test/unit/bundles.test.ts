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

  it('are four: extension.js with the features, client.js with axios and form-data, and the Set/Rotate input and Create Index flows on their own', async () => {
    const { dir, inputs } = await productionBuild();
    assert.deepEqual(fs.readdirSync(dir).sort(), ['client.js', 'createIndexFlow.js', 'extension.js', 'keyInputFlow.js', 'videoActionsFlow.js']);
    assert.ok(inputs['client.js'].some((input) => input.includes('node_modules/axios/')), 'axios is not in client.js');
    assert.ok(!inputs['extension.js'].some((input) => input.includes('node_modules/')), 'extension.js bundles a dependency');
    // Not compiled at activation: the input and its date reading are in their own bundle only.
    const lazily: [string, string][] = [
      ['keyInputFlow.js', 'src/keys/keyInputFlow.ts'],
      ['keyInputFlow.js', 'src/keys/dateInput.ts'],
      ['createIndexFlow.js', 'src/indexes/commands/createIndexFlow.ts'],
      ['createIndexFlow.js', 'src/indexes/wizard/createIndexWizard.ts'],
      ['createIndexFlow.js', 'src/common/multiStepInput.ts'],
      ['videoActionsFlow.js', 'src/indexes/commands/videoActionsFlow.ts'],
      ['videoActionsFlow.js', 'src/indexes/videos/metadataEditor.ts'],
      ['videoActionsFlow.js', 'src/indexes/videos/videoTarget.ts'],
      ['videoActionsFlow.js', 'src/common/quickInputSession.ts'],
    ];
    for (const [bundle, source] of lazily) {
      assert.ok(!inputs['extension.js'].includes(source), `${source} is in extension.js`);
      assert.ok(inputs[bundle].includes(source), `${source} is not in ${bundle}`);
      assert.ok(!inputs[bundle].some((input) => input.includes('node_modules/')), `${bundle} bundles a dependency`);
    }
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
    for (const bundle of ['extension.js', 'client.js', 'keyInputFlow.js', 'createIndexFlow.js', 'videoActionsFlow.js']) {
      const text = fs.readFileSync(path.join(dir, bundle), 'utf8');
      const found = TEST_ONLY.filter((name) => text.includes(name));
      assert.deepEqual(found, [], `${bundle} contains test-only code`);
    }
  });
});
