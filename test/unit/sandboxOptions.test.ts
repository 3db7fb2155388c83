import * as assert from 'node:assert/strict';
import { parseSandboxOptions, SANDBOX_FLAGS } from '../harness/sandboxOptions';

describe('sandbox options', () => {
  it('turn on the second key, the revocation and the slow upload line', () => {
    assert.deepEqual(parseSandboxOptions(['--second-key', '--revoke-after', '30', '--upload-speed', '64', '--port', '8080']), {
      port: 8080,
      screenshot: undefined,
      vsix: undefined,
      secondKey: true,
      revokeAfterSeconds: 30,
      uploadBytesPerSecond: 64 * 1024,
    });
    assert.deepEqual(parseSandboxOptions([]), { port: undefined, screenshot: undefined, vsix: undefined, secondKey: false, revokeAfterSeconds: undefined, uploadBytesPerSecond: undefined });
  });

  it('refuse a value that is not a positive number, saying which option', () => {
    assert.throws(() => parseSandboxOptions(['--revoke-after', 'soon']), /--revoke-after takes a positive number/);
    assert.throws(() => parseSandboxOptions(['--upload-speed', '0']), /--upload-speed/);
  });

  it('are all listed for the banner', () => {
    for (const flag of ['--second-key', '--revoke-after', '--upload-speed']) {
      assert.ok(SANDBOX_FLAGS.some(([listed]) => listed.startsWith(flag)), flag);
    }
  });
});
