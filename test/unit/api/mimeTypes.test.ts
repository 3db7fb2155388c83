import * as assert from 'node:assert/strict';
import { lookup, videoContentType } from '../../../src/api/mimeTypes';

describe('video content types (the bundle\'s stand-in for mime-types)', () => {
  it('knows the common video containers, whatever the case of the extension', () => {
    assert.equal(lookup('clip.mp4'), 'video/mp4');
    assert.equal(lookup('/home/me/Talk.MOV'), 'video/quicktime');
    assert.equal(lookup('C:\\videos\\demo.webm'), 'video/webm');
  });

  it('answers false, as mime-types does, for anything else', () => {
    assert.equal(lookup('notes.txt'), false);
    assert.equal(lookup('no-extension'), false);
    assert.equal(lookup('archive.mp4.zip'), false);
  });

  it('falls back to application/octet-stream for the upload part', () => {
    assert.equal(videoContentType('raw.bin'), 'application/octet-stream');
    assert.equal(videoContentType('a.mkv'), 'video/x-matroska');
  });
});
