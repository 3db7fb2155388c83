import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AnalysisCache, analysisId, type AnalysisKey, type CacheFiles, type KeptAnalysis } from '../../../src/analyze/cache';
import { MemoryLogger } from '../fakes/logger';

const CANARY = 'tlk_CANARY0unit0test0key0never0in0files';

function folderFiles(dir: string): CacheFiles {
  return {
    read: async (name) => (fs.existsSync(path.join(dir, name)) ? fs.promises.readFile(path.join(dir, name)) : undefined),
    write: (name, content) => fs.promises.writeFile(path.join(dir, name), content),
    remove: (name) => fs.promises.rm(path.join(dir, name), { force: true }),
    list: () => fs.promises.readdir(dir),
  };
}

const key: AnalysisKey = { apiUrl: 'https://api.example/v1.3', indexId: 'i1', videoId: 'v1', model: 'pegasus1.5', input: 'asset_id', prompt: 'Summarize', temperature: 0.2 };

function analysis(overrides: Partial<KeptAnalysis> = {}): Omit<KeptAnalysis, 'id'> {
  return { key, indexId: 'i1', videoId: 'v1', videoName: 'kitchen.mp4', template: 'summary', model: 'pegasus1.5', language: 'markdown', finishReason: 'stop', createdAt: 1, text: '# Summary\nAt 1:23 …', usage: { inputTokens: 10, outputTokens: 20 }, ...overrides };
}

describe('analyze: kept analyses', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tl-analyses-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('keys on the video, prompt, model and every parameter, whatever the order of the schema\'s keys', () => {
    const id = analysisId(key);
    assert.match(id, /^[0-9a-f]{32}$/);
    for (const change of [{ videoId: 'v2' }, { prompt: 'Summarize!' }, { model: 'pegasus1.2' as const }, { temperature: 0.3 }, { maxTokens: 600 }, { startTime: 4 }, { input: 'video_id' as const }, { apiUrl: 'https://other/v1.3' }, { jsonSchema: { type: 'object' } }]) {
      assert.notEqual(analysisId({ ...key, ...change }), id, JSON.stringify(change));
    }
    assert.equal(analysisId({ ...key, jsonSchema: { type: 'object', properties: { a: {} } } }), analysisId({ ...key, jsonSchema: { properties: { a: {} }, type: 'object' } }));
    assert.equal(analysisId({ ...key, maxTokens: undefined }), id, 'an unset parameter is the same as an absent one');
  });

  it('writes one file per result and a manifest, lists them per video, and reads them back after a restart', async () => {
    const cache = new AnalysisCache(folderFiles(dir), new MemoryLogger());
    const kept = await cache.keep(analysis());
    await cache.keep(analysis({ key: { ...key, prompt: 'Chapters' }, template: 'chapters' }));
    assert.deepEqual(fs.readdirSync(dir).sort(), [`${analysisId({ ...key, prompt: 'Chapters' })}.json`, `${kept.id}.json`, 'manifest.json'].sort());
    const again = new AnalysisCache(folderFiles(dir), new MemoryLogger());
    await again.load();
    assert.deepEqual(again.forVideo('i1', 'v1').map((entry) => entry.template).sort(), ['chapters', 'summary']);
    assert.deepEqual(again.forVideo('i1', 'v2'), []);
    assert.equal((await again.lookup(key))?.text, '# Summary\nAt 1:23 …');
    assert.equal(await again.lookup({ ...key, prompt: 'other' }), undefined);
  });

  it('the same key again replaces the result; clear() removes every file it wrote and nothing else', async () => {
    fs.writeFileSync(path.join(dir, 'unrelated.txt'), 'mine');
    const cache = new AnalysisCache(folderFiles(dir), new MemoryLogger());
    await cache.keep(analysis());
    await cache.keep(analysis({ text: 'newer' }));
    assert.equal(cache.all().length, 1);
    assert.equal((await cache.lookup(key))?.text, 'newer');
    assert.equal(await cache.clear(), 1);
    assert.deepEqual(fs.readdirSync(dir), ['unrelated.txt']);
    assert.deepEqual(cache.all(), []);
  });

  it('concurrent keeps all reach the manifest', async () => {
    const cache = new AnalysisCache(folderFiles(dir), new MemoryLogger());
    await Promise.all(Array.from({ length: 5 }, (_, i) => cache.keep(analysis({ key: { ...key, prompt: `p${i}` } }))));
    const again = new AnalysisCache(folderFiles(dir), new MemoryLogger());
    await again.load();
    assert.equal(again.all().length, 5);
  });

  it('holds no key: nothing the cache is given carries one, and a damaged file is left out, not thrown', async () => {
    const cache = new AnalysisCache(folderFiles(dir), new MemoryLogger());
    const kept = await cache.keep(analysis());
    for (const name of fs.readdirSync(dir)) {
      assert.ok(!fs.readFileSync(path.join(dir, name), 'utf8').includes(CANARY));
      assert.ok(!/x-api-key|tlk_/i.test(fs.readFileSync(path.join(dir, name), 'utf8')), name);
    }
    fs.writeFileSync(path.join(dir, `${kept.id}.json`), '{ not json');
    assert.equal(await cache.read(kept.id), undefined);
    assert.equal(await cache.read('../manifest'), undefined);
  });
});
