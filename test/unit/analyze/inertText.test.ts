import * as assert from 'node:assert/strict';
import { defuseSchemes, SchemeDefuser } from '../../../src/analyze/inertText';

const ZWSP = '\u200B';

describe('analyze: the model\'s text stays text', () => {
  it('breaks command: and vscode: targets, and the entities or escapes that would stand for their colon', () => {
    assert.equal(defuseSchemes('[Fix](command:twelvelabs.clearApiKey)'), `[Fix](command${ZWSP}:twelvelabs.clearApiKey)`);
    assert.equal(defuseSchemes('<vscode://reelsmith.x/play>'), `<vscode${ZWSP}://reelsmith.x/play>`);
    assert.equal(defuseSchemes('[a](Command&#58;x) [b](command\\:y) [c](VSCODE-INSIDERS:z)'), `[a](Command${ZWSP}&#58;x) [b](command${ZWSP}\\:y) [c](VSCODE-INSIDERS${ZWSP}:z)`);
  });

  it('leaves ordinary words, timestamps and web links as they are', () => {
    const text = 'Note: at 1:23 see https://example.com and mailto:a@b.c; the command is "run".';
    assert.equal(defuseSchemes(text), text);
    assert.equal(defuseSchemes('xcommand:y'), 'xcommand:y');
  });

  it('catches a scheme split across chunks, whatever the split', () => {
    const text = 'see [Fix](command:twelvelabs.clearApiKey) now';
    for (let cut = 0; cut <= text.length; cut++) {
      const defuser = new SchemeDefuser();
      assert.equal(defuser.feed(text.slice(0, cut)) + defuser.feed(text.slice(cut)), defuseSchemes(text), `cut at ${cut}`);
    }
    assert.ok(defuseSchemes(text).includes(`command${ZWSP}:`));
  });
});
