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

  it('are nine: extension.js with the features, client.js with axios and form-data, the interactive flows (Analyze Video among them), the agent tools, the Search view and the player on their own', async () => {
    const { dir, inputs } = await productionBuild();
    assert.deepEqual(fs.readdirSync(dir).sort(), ['agentTools.js', 'analyzeFlow.js', 'client.js', 'createIndexFlow.js', 'extension.js', 'keyInputFlow.js', 'playerPanel.js', 'searchView.js', 'videoActionsFlow.js', 'webviews']);
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
      ['searchView.js', 'src/search/searchView.ts'],
      ['searchView.js', 'src/search/searchCode.ts'],
      ['playerPanel.js', 'src/player/playerPanel.ts'],
      ['agentTools.js', 'src/agent/agentTools.ts'],
      ['agentTools.js', 'src/agent/tools/uploadFile.ts'],
      ['agentTools.js', 'src/agent/toolRunner.ts'],
      ['analyzeFlow.js', 'src/analyze/analyzeFlow.ts'],
      ['analyzeFlow.js', 'src/analyze/wizard.ts'],
      ['analyzeFlow.js', 'src/analyze/runner.ts'],
      ['analyzeFlow.js', 'src/analyze/coalescer.ts'],
      ['analyzeFlow.js', 'src/analyze/failures.ts'],
    ];
    for (const [bundle, source] of lazily) {
      assert.ok(!inputs['extension.js'].includes(source), `${source} is in extension.js`);
      assert.ok(inputs[bundle].includes(source), `${source} is not in ${bundle}`);
      assert.ok(!inputs[bundle].some((input) => input.includes('node_modules/')), `${bundle} bundles a dependency`);
    }
  });

  it('the webviews\' scripts: hls.js only in the player\'s, and neither holds anything of the extension host', async () => {
    const { dir } = await productionBuild();
    assert.deepEqual(fs.readdirSync(path.join(dir, 'webviews')).sort(), ['player.js', 'search.js']);
    const search = fs.readFileSync(path.join(dir, 'webviews', 'search.js'), 'utf8');
    const player = fs.readFileSync(path.join(dir, 'webviews', 'player.js'), 'utf8');
    assert.ok(player.includes('MANIFEST_PARSED') || player.includes('manifestParsed') || player.includes('hlsManifestParsed'), 'hls.js is in the player');
    assert.ok(!search.includes('hlsManifestParsed'), 'hls.js is not in the Search view');
    for (const text of [search, player]) {
      assert.ok(!/x-api-key|require\("vscode"\)|axios/.test(text), 'no API client, key header or extension API in a webview');
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
    for (const bundle of ['extension.js', 'client.js', 'keyInputFlow.js', 'createIndexFlow.js', 'videoActionsFlow.js', 'searchView.js', 'playerPanel.js', 'analyzeFlow.js', 'agentTools.js', 'webviews/search.js', 'webviews/player.js']) {
      const text = fs.readFileSync(path.join(dir, bundle), 'utf8');
      const found = TEST_ONLY.filter((name) => text.includes(name));
      assert.deepEqual(found, [], `${bundle} contains test-only code`);
    }
  });
});
