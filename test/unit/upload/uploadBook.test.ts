import * as assert from 'node:assert/strict';
import type { ResumableUpload } from '../../../src/api/assetTypes';
import { StorageKeys } from '../../../src/common/storageKeys';
import { UploadBook, type UploadRecord } from '../../../src/upload/uploadBook';
import { loadWithL10n } from '../hostile/withL10n';
import { CANARY_KEY } from '../../canary';
import { FakeMemento } from '../fakes/memento';

const API = 'https://api.twelvelabs.io/v1.3';
// eslint-disable-next-line @typescript-eslint/no-require-imports -- with a vscode that has l10n only
const { displayUrl } = loadWithL10n(() => require('../../../src/upload/checks') as typeof import('../../../src/upload/checks'));

function fileUpload(overrides: Partial<UploadRecord> = {}): Omit<UploadRecord, 'id' | 'createdAt' | 'updatedAt'> {
  return {
    indexId: 'idx1',
    apiUrl: API,
    label: 'clip.mp4',
    source: { kind: 'file', path: '/videos/clip.mp4', size: 3_000_000, mtimeMs: 1_700_000_000_000 },
    route: 'multipart',
    phase: 'sending',
    sent: 0,
    total: 3_000_000,
    enableVideoStream: true,
    ...overrides,
  };
}

const resumable: ResumableUpload = {
  version: 1,
  uploadId: 'up1',
  assetId: 'as1',
  filename: 'clip.mp4',
  type: 'video',
  file: { path: '/videos/clip.mp4', size: 3_000_000, mtimeMs: 1_700_000_000_000 },
  totalSize: 3_000_000,
  chunkSize: 1_000_000,
  totalChunks: 3,
  uploadHeaders: {},
  completedChunks: [1],
  unreportedChunks: [{ chunkIndex: 2, proof: '"d41d8cd98f00b204e9800998ecf8427e"' }],
  sessionExpiresAt: '2026-12-02T22:00:00Z',
  startedAt: '2026-12-01T22:00:00Z',
};

describe('upload book', () => {
  it('remembers unfinished uploads across a reload, and a window that went while sending comes back paused', async () => {
    const memento = new FakeMemento();
    const book = new UploadBook(memento, () => 1000);
    const sending = book.add(fileUpload({ resumable }));
    const indexing = book.add(fileUpload({ label: 'b.mp4', phase: 'indexing', assetId: 'as2', indexedAssetId: 'ia2' }));
    book.add(fileUpload({ label: 'done.mp4', phase: 'ready' }));
    await book.flushed();

    const next = new UploadBook(memento, () => 2000);
    const restored = next.restore();
    assert.deepEqual(restored.map((r) => [r.label, r.phase]), [['clip.mp4', 'paused'], ['b.mp4', 'indexing']]);
    assert.deepEqual(next.get(sending.id)?.resumable, resumable, 'the chunks done are kept');
    assert.equal(next.get(indexing.id)?.indexedAssetId, 'ia2');
  });

  it('a second restore keeps what this window started meanwhile, and does not bring back what it finished', async () => {
    const memento = new FakeMemento();
    const earlier = new UploadBook(memento);
    const left = earlier.add(fileUpload({ label: 'left.mp4', phase: 'paused', resumable }));
    await earlier.flushed();

    const book = new UploadBook(memento);
    book.restore();
    const started = book.add(fileUpload({ label: 'new.mp4' }));
    const finished = book.add(fileUpload({ label: 'finished.mp4', phase: 'indexing' }));
    await book.flushed();
    assert.deepEqual(
      book.remembered().map((r) => r.label).sort(),
      ['finished.mp4', 'left.mp4', 'new.mp4'],
      'what the earlier window left stays in globalState once this one writes',
    );
    // A stale read of globalState (writes are queued) must not bring a finished upload back.
    const stale = memento.get<UploadRecord[]>(StorageKeys.assetUploads);
    book.remove(finished.id);
    await book.flushed();
    void memento.update(StorageKeys.assetUploads, stale);
    book.restore();
    assert.deepEqual(
      book.all().map((r) => r.label).sort(),
      ['left.mp4', 'new.mp4'],
    );
    assert.ok(book.get(started.id) && book.get(left.id));
  });

  it('progress alone is not written to globalState; a phase change is', async () => {
    const memento = new FakeMemento();
    let writes = 0;
    const counting = { get: <T>(key: string) => memento.get<T>(key), update: (key: string, value: unknown) => (writes++, memento.update(key, value)) };
    const book = new UploadBook(counting);
    const record = book.add(fileUpload());
    await book.flushed();
    const afterAdd = writes;
    for (let sent = 1; sent <= 100; sent++) {
      book.update(record.id, { sent: sent * 1000 });
    }
    await book.flushed();
    assert.equal(writes, afterAdd);
    book.update(record.id, { phase: 'processing' });
    await book.flushed();
    assert.equal(writes, afterAdd + 1);
  });

  it('finished uploads leave globalState; nothing is written when none is unfinished', async () => {
    const memento = new FakeMemento();
    const book = new UploadBook(memento);
    const record = book.add(fileUpload());
    book.update(record.id, { phase: 'ready' });
    await book.flushed();
    assert.equal(memento.get(StorageKeys.assetUploads), undefined);
  });

  it('shows only the current server\'s uploads under their index, failures included, ready ones not', () => {
    const book = new UploadBook(new FakeMemento());
    book.add(fileUpload({ label: 'failed.mp4', phase: 'failed', error: { code: 'asset_failed', message: 'unsupported codec' } }));
    book.add(fileUpload({ label: 'other-server.mp4', apiUrl: 'http://127.0.0.1:1/v1.3' }));
    book.add(fileUpload({ label: 'other-index.mp4', indexId: 'idx2' }));
    book.add(fileUpload({ label: 'ready.mp4', phase: 'ready' }));
    assert.deepEqual(book.visibleFor('idx1', API).map((r) => r.label), ['failed.mp4']);
  });

  it('a damaged or foreign globalState entry is ignored, not trusted', () => {
    const memento = new FakeMemento();
    void memento.update(StorageKeys.assetUploads, [{ id: 'x' }, 'junk', null, { ...fileUpload(), id: 'ok', createdAt: 1, updatedAt: 1 }, { ...fileUpload({ phase: 'exploded' as never }), id: 'bad', createdAt: 1, updatedAt: 1 }]);
    assert.deepEqual(new UploadBook(memento).remembered().map((r) => r.id), ['ok']);
  });

  it('keeps a URL only as shown, without its query string, so a signed link\'s secret is never stored', async () => {
    const shownUrl = displayUrl;
    assert.equal(shownUrl(`https://cdn.example.com/v/clip.mp4?X-Amz-Signature=abc&key=${CANARY_KEY}#t=3`), 'https://cdn.example.com/v/clip.mp4?…');
    assert.equal(shownUrl('https://user:secret@cdn.example.com/clip.mp4'), 'https://cdn.example.com/clip.mp4');
    const memento = new FakeMemento();
    const book = new UploadBook(memento);
    const url = `https://cdn.example.com/v/clip.mp4?sig=${CANARY_KEY}`;
    book.add({ ...fileUpload(), label: shownUrl(url), source: { kind: 'url', shown: shownUrl(url) }, route: 'url' });
    await book.flushed();
    assert.ok(!memento.dump().includes(CANARY_KEY));
    assert.ok(!memento.dump().includes('sig='));
  });
});
