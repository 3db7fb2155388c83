import assert from 'node:assert/strict';
import { startFakeServer } from '../../fake/server';
import { call, FIXED_NOW, KEY, useFake } from './helpers';

const DAY = 24 * 3600 * 1000;

describe('fake server: seeding and state', () => {
  it("seedIndexes option creates 'seed-index-001'... one day apart, 001 oldest, expiring 90 days after creation", async () => {
    const fake = await startFakeServer({ validKeys: [KEY], seedIndexes: 12, now: () => FIXED_NOW });
    try {
      const indexes = fake.listIndexes();
      assert.deepEqual(
        indexes.map((i) => i.index_name),
        Array.from({ length: 12 }, (_, k) => `seed-index-${String(k + 1).padStart(3, '0')}`),
      );
      const created = indexes.map((i) => Date.parse(i.created_at));
      for (let k = 1; k < created.length; k++) assert.equal(created[k] - created[k - 1], DAY);
      assert.ok(created.every((t) => t < FIXED_NOW.getTime()));
      for (const i of indexes) {
        assert.equal(Date.parse(i.expires_at ?? ''), Date.parse(i.created_at) + 90 * DAY);
        assert.ok(Date.parse(i.updated_at) >= Date.parse(i.created_at));
        assert.ok(Date.parse(i.updated_at) <= FIXED_NOW.getTime());
      }
      assert.equal(new Set(indexes.map((i) => i.updated_at)).size, 12, 'updated_at values are distinct');
      assert.equal(new Set(indexes.map((i) => i._id)).size, 12);
      assert.ok(indexes.every((i) => /^[0-9a-f]{24}$/.test(i._id)));
    } finally {
      await fake.close();
    }
  });

  it('seeded indexes mix model families and only marengo ones carry addons', async () => {
    const fake = await startFakeServer({ validKeys: [KEY], seedIndexes: 6 });
    try {
      const indexes = fake.listIndexes();
      const families = new Set(indexes.flatMap((i) => i.models.map((m) => m.model_name)));
      assert.deepEqual([...families].sort(), ['marengo3.0', 'pegasus1.2']);
      for (const i of indexes) {
        if (i.addons.length > 0) assert.ok(i.models.some((m) => m.model_name.startsWith('marengo')));
      }
    } finally {
      await fake.close();
    }
  });

  describe('seedIndexes()', () => {
    const ctx = useFake({ now: () => FIXED_NOW });

    it('returns the new ids, continues numbering for a prefix, and honours namePrefix', () => {
      const first = ctx.fake.seedIndexes(2);
      const second = ctx.fake.seedIndexes(2);
      const other = ctx.fake.seedIndexes(1, { namePrefix: 'demo' });
      const byId = new Map(ctx.fake.listIndexes().map((i) => [i._id, i.index_name]));
      assert.deepEqual(first.map((id) => byId.get(id)), ['seed-index-001', 'seed-index-002']);
      assert.deepEqual(second.map((id) => byId.get(id)), ['seed-index-003', 'seed-index-004']);
      assert.deepEqual(other.map((id) => byId.get(id)), ['demo-001']);
    });

    it('videosPerIndex fills video_count and total_duration', () => {
      const [id] = ctx.fake.seedIndexes(1, { videosPerIndex: 4 });
      const [index] = ctx.fake.listIndexes();
      const videos = ctx.fake.listVideos(id) ?? [];
      assert.equal(videos.length, 4);
      assert.equal(index.video_count, 4);
      assert.equal(index.total_duration, videos.reduce((s, v) => s + v.system_metadata.duration, 0));
      for (const v of videos) {
        assert.ok(Date.parse(v.created_at) > Date.parse(index.created_at));
        assert.ok(Date.parse(v.indexed_at) >= Date.parse(v.created_at));
      }
    });

    it('nullExpiryEvery gives every Nth index expires_at null', () => {
      ctx.fake.seedIndexes(6, { nullExpiryEvery: 3 });
      assert.deepEqual(
        ctx.fake.listIndexes().map((i) => i.expires_at === null),
        [false, false, true, false, false, true],
      );
    });

    it('listIndexes() and listVideos() return copies', () => {
      const [id] = ctx.fake.seedIndexes(1, { videosPerIndex: 1 });
      const copy = ctx.fake.listIndexes()[0];
      copy.index_name = 'mutated';
      copy.models[0].model_options.push('smell');
      (ctx.fake.listVideos(id) ?? [])[0].system_metadata.filename = 'mutated';
      assert.equal(ctx.fake.listIndexes()[0].index_name, 'seed-index-001');
      assert.ok(!ctx.fake.listIndexes()[0].models[0].model_options.includes('smell'));
      assert.equal((ctx.fake.listVideos(id) ?? [])[0].system_metadata.filename, 'video-001.mp4');
    });

    it('listVideos() of an unknown index is undefined', () => {
      assert.equal(ctx.fake.listVideos('0123456789abcdef01234567'), undefined);
    });

    it('seeded indexes are served over HTTP', async () => {
      ctx.fake.seedIndexes(3);
      const r = await call(ctx.fake, 'GET', '/indexes');
      assert.equal((r.body as { page_info: { total_results: number } }).page_info.total_results, 3);
    });
  });

  it('url and origin point at 127.0.0.1 and the /v1.3 prefix', async () => {
    const fake = await startFakeServer();
    try {
      assert.match(fake.origin, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.equal(fake.url, `${fake.origin}/v1.3`);
      assert.equal((await call(fake, 'GET', '/indexes')).status, 401, 'no key is valid by default');
    } finally {
      await fake.close();
    }
  });

  it('close() is idempotent', async () => {
    const fake = await startFakeServer();
    await fake.close();
    await fake.close();
  });
});
