import * as assert from 'node:assert/strict';
import { onKeyPresence } from '../../../src/common/keyPresence';
import type { KeyState } from '../../../src/common/keyStore';
import { checkVariableName } from '../../../src/common/variableName';
import { loadWithL10n } from './withL10n';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- with a vscode that has l10n only
const { displayUrl } = loadWithL10n(() => require('../../../src/upload/checks') as typeof import('../../../src/upload/checks'));

describe('hostile settings and URLs', () => {
  it('refuses terminal variable names that change how programs run, and says which was refused', () => {
    for (const name of ['PATH', 'LD_PRELOAD', 'ld_library_path', 'DYLD_INSERT_LIBRARIES', 'BASH_ENV', 'ENV', 'PROMPT_COMMAND', 'NODE_OPTIONS', 'PYTHONSTARTUP', 'PERL5OPT', 'GIT_SSH_COMMAND', 'JAVA_TOOL_OPTIONS', 'HOME', 'IFS']) {
      assert.deepEqual(checkVariableName(name), { name: 'TWELVE_LABS_API_KEY', refused: name }, name);
    }
    for (const name of ['TWELVE_LABS_API_KEY', 'TL_KEY', 'MY_TWELVE_LABS_KEY', 'API_KEY']) {
      assert.deepEqual(checkVariableName(name), { name }, name);
    }
  });

  it('keeps and shows a video URL without its query, fragment or credentials: a presigned signature is a secret', () => {
    const url = 'https://user:pass@bucket.example.com/videos/clip.mp4?X-Amz-Signature=abc123&X-Amz-Credential=AKIA#t=10';
    const shown = displayUrl(url);
    assert.equal(shown, 'https://bucket.example.com/videos/clip.mp4?…');
    for (const secret of ['abc123', 'AKIA', 'pass', 'user', 't=10']) {
      assert.ok(!shown.includes(secret), `${secret} is shown`);
    }
    assert.equal(displayUrl('https://cdn.example.com/a.mp4'), 'https://cdn.example.com/a.mp4');
    assert.equal(displayUrl('not a url ?token=1'), 'not a url ?…');
  });

  it('tells when a key goes away after one and when one comes after none, not on every change', () => {
    const listeners: ((state: KeyState) => void)[] = [];
    const keyStore = { onDidChange: (listener: (state: KeyState) => void) => (listeners.push(listener), { dispose: () => undefined }) };
    const told: boolean[] = [];
    onKeyPresence(keyStore, (present) => told.push(present));
    const present: KeyState = { kind: 'present', id: 'a', masked: 'tlk_…a1b2', setAt: 1, expiresAt: 2, lastValidation: undefined, rejectedAt: undefined };
    for (const state of [{ kind: 'loading' }, present, { ...present, rejectedAt: 3 }, { kind: 'none' }, { kind: 'none' }, { kind: 'unavailable', reason: 'error', message: 'x' }, present] as KeyState[]) {
      listeners.forEach((listener) => listener(state));
    }
    assert.deepEqual(told, [false, true]);
  });
});
