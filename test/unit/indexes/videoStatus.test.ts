import * as assert from 'node:assert/strict';
import { VIDEO_CONTEXT_VALUE, videoContextValue, videoPhase, videoStatusText } from '../../../src/indexes/videos/videoStatus';
import { fakeL10n } from '../fakes/l10n';

describe('video status', () => {
  it('a ready video keeps the plain context value other features and menus look for', () => {
    assert.equal(videoContextValue('ready'), VIDEO_CONTEXT_VALUE);
    assert.equal(VIDEO_CONTEXT_VALUE, 'twelvelabs.video');
  });

  it('any other status is a suffix, and a server status that is not plain lowercase becomes "unknown"', () => {
    assert.equal(videoContextValue('indexing'), 'twelvelabs.video.indexing');
    assert.equal(videoContextValue('failed'), 'twelvelabs.video.failed');
    assert.equal(videoContextValue('ready.x'), 'twelvelabs.video.unknown');
    assert.equal(videoContextValue(''), 'twelvelabs.video.unknown');
    assert.equal(videoContextValue('Ready'), 'twelvelabs.video.unknown');
  });

  it('phases: ready, failed, and indexing for everything still moving (unknown statuses included)', () => {
    assert.deepEqual(
      ['ready', 'failed', 'pending', 'queued', 'indexing', 'validating'].map(videoPhase),
      ['ready', 'failed', 'indexing', 'indexing', 'indexing', 'indexing'],
    );
  });

  it('words for the known statuses; an unknown one as sent, on one line', () => {
    assert.equal(videoStatusText('indexing', fakeL10n), 'indexing…');
    assert.equal(videoStatusText('failed', fakeL10n), 'failed');
    assert.equal(videoStatusText('odd\nstate\u202E', fakeL10n), 'odd state');
  });
});
