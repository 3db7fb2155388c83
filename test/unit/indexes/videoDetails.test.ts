import * as assert from 'node:assert/strict';
import { videoDetails } from '../../../src/indexes/videos/videoDetails';
import { videoDescription, videoName } from '../../../src/indexes/videos/videoStatus';
import { fakeL10n } from '../fakes/l10n';

describe('video details and names', () => {
  const streamed = {
    _id: '6650f0c2a1b2c3d4e5f60718',
    asset_id: '6650f0c2a1b2c3d4e5f60719',
    status: 'ready',
    created_at: '2026-05-01T12:00:00Z',
    indexed_at: '2026-05-01T12:02:00Z',
    system_metadata: { filename: 'talk.mp4', duration: 45, fps: 30, width: 1280, height: 720, size: 2_500_000 },
    user_metadata: { topic: 'demo', take: 2 },
    hls: { video_url: 'https://cdn.example/hls/x.m3u8?token=secret', thumbnail_urls: ['https://cdn.example/t.jpg'], status: 'COMPLETE', updated_at: '2026-05-01T12:03:00Z' },
  };

  it('has ids, status, dates, both metadata, and only the presence of the stream and thumbnail URLs', () => {
    const details = videoDetails('6650f0c2a1b2c3d4e5f60700', streamed);
    assert.deepEqual(details, {
      _id: streamed._id,
      asset_id: streamed.asset_id,
      index_id: '6650f0c2a1b2c3d4e5f60700',
      status: 'ready',
      created_at: '2026-05-01T12:00:00Z',
      updated_at: null,
      indexed_at: '2026-05-01T12:02:00Z',
      system_metadata: streamed.system_metadata,
      user_metadata: { topic: 'demo', take: 2 },
      hls: { status: 'COMPLETE', has_video_url: true, thumbnail_count: 1, updated_at: '2026-05-01T12:03:00Z' },
    });
    assert.doesNotMatch(JSON.stringify(details), /https?:/);
  });

  it('a video indexed without a stream has hls null and empty user metadata; a failed one keeps its reason', () => {
    const details = videoDetails('i', { _id: 'v', status: 'failed', error: { code: 'video_file_broken', message: 'Broken.' } });
    assert.equal(details.hls, null);
    assert.deepEqual(details.user_metadata, {});
    assert.equal(details.asset_id, null);
    assert.deepEqual(details.error, { code: 'video_file_broken', message: 'Broken.' });
  });

  it('a video is named by its filename on one line, else its id; described by duration, resolution and a status that is not ready', () => {
    assert.equal(videoName(streamed), 'talk.mp4');
    assert.equal(videoName({ _id: 'v1', status: 'ready', system_metadata: { filename: 'a\nb\u202E.mp4' } }), 'a b.mp4');
    assert.equal(videoName({ _id: 'v1', status: 'ready', system_metadata: { filename: ' \n' } }), 'v1');
    assert.equal(videoName({ _id: 'v1', status: 'ready' }), 'v1');
    assert.equal(videoDescription(streamed, fakeL10n), '0:45 · 1280×720');
    assert.equal(videoDescription({ _id: 'v', status: 'indexing', system_metadata: { filename: 'x' } }, fakeL10n), 'indexing…');
    assert.equal(videoDescription({ _id: 'v', status: 'failed', system_metadata: { duration: 5 } }, fakeL10n), '0:05 · failed');
  });
});
