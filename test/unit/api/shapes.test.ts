import * as assert from 'node:assert/strict';
import { maskSecrets } from '../../../src/api/errorMapping';
import { MAX_NESTING_DEPTH, readCreatedId, readIndex, readPage, readTask, readVideo, ShapeReport, type ShapeContext } from '../../../src/api/shapes';
import { CANARY_KEY } from '../../canary';

function context(): ShapeContext {
  return { report: new ShapeReport(), mask: (text) => maskSecrets(text, CANARY_KEY) };
}

/** `{"a":{"a":...}}`, `depth` objects deep, built as text (JSON.parse has no depth limit, JSON.stringify has). */
function deep(depth: number): unknown {
  return JSON.parse('{"a":'.repeat(depth - 1) + '{}' + '}'.repeat(depth - 1)) as unknown;
}

function depthOf(value: unknown): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [current, level] = stack.pop() as [unknown, number];
    if (typeof current === 'object' && current !== null) {
      deepest = Math.max(deepest, level);
      for (const child of Object.values(current)) stack.push([child, level + 1]);
    }
  }
  return deepest;
}

const ID = '0123456789abcdef01234567';

describe('shapes: answers read at the client boundary', () => {
  describe('readIndex', () => {
    it('keeps a well-formed index as it is, unknown fields included', () => {
      const wire = {
        _id: ID,
        index_name: 'clips',
        models: [{ model_name: 'marengo3.0', model_options: ['visual', 'audio'] }],
        addons: ['thumbnail'],
        video_count: 2,
        total_duration: 12.5,
        created_at: '2026-01-01T00:00:00Z',
        expires_at: null,
        future_field: { nested: [1, 2, 3] },
      };
      const ctx = context();
      assert.deepEqual(readIndex(structuredClone(wire), ctx), wire);
      assert.equal(ctx.report.isClean, true);
    });

    it('drops fields of the wrong type and names them; keeps the right ones', () => {
      const ctx = context();
      const index = readIndex(
        {
          _id: ID,
          index_name: 'clips',
          models: [{ model_name: 5 }, 'visual', { model_name: 'marengo3.0', model_options: ['visual', 7] }, { model_name: 'pegasus1.2', model_options: 'audio' }],
          addons: 'x',
          video_count: 'many',
          total_duration: JSON.parse('1e999') as unknown,
          created_at: 5,
          updated_at: '2026-01-01T00:00:00Z',
          expires_at: 7,
        },
        ctx,
      );
      assert.deepEqual(index, {
        _id: ID,
        index_name: 'clips',
        models: [{ model_name: 'marengo3.0', model_options: ['visual'] }, { model_name: 'pegasus1.2' }],
        updated_at: '2026-01-01T00:00:00Z',
      });
      assert.deepEqual([...ctx.report.droppedFields].sort(), [
        'addons',
        'created_at',
        'expires_at',
        'models',
        'models.model_options',
        'total_duration',
        'video_count',
      ]);
    });

    it('a negative count is dropped; a null optional field is dropped quietly', () => {
      const ctx = context();
      const index = readIndex({ _id: ID, index_name: 'n', video_count: -1, addons: null }, ctx);
      assert.deepEqual(index, { _id: ID, index_name: 'n' });
      assert.deepEqual([...ctx.report.droppedFields], ['video_count']);
    });

    it('refuses what cannot be shown or addressed: no string _id, an empty _id, no string name, not an object', () => {
      for (const value of [null, 'index', 7, [], {}, { _id: 7, index_name: 'n' }, { _id: '', index_name: 'n' }, { _id: ID }, { _id: ID, index_name: 7 }]) {
        assert.equal(readIndex(value, context()), undefined, JSON.stringify(value));
      }
    });

    it('cuts nesting below MAX_NESTING_DEPTH, so a recursive walk of the result is safe', () => {
      const index = readIndex({ _id: ID, index_name: 'deep', extra: deep(100_000), list: JSON.parse('['.repeat(50_000) + ']'.repeat(50_000)) as unknown }, context());
      assert.ok(index);
      assert.ok(depthOf(index) <= MAX_NESTING_DEPTH, `depth ${depthOf(index)}`);
      assert.doesNotThrow(() => JSON.stringify(index));
      assert.ok(depthOf((index as unknown as { extra: unknown }).extra) >= MAX_NESTING_DEPTH - 2, 'what fits is kept');
    });

    it('a __proto__ key stays a plain field and never becomes the prototype', () => {
      const wire = JSON.parse(`{"_id":"${ID}","index_name":"p","__proto__":{"video_count":"many","polluted":true}}`) as unknown;
      const index = readIndex(wire, context());
      assert.ok(index);
      assert.equal(Object.getPrototypeOf(index), Object.prototype);
      assert.equal((index as unknown as { polluted?: unknown }).polluted, undefined);
      assert.ok(Object.hasOwn(index, '__proto__'));
      assert.equal(({} as { polluted?: unknown }).polluted, undefined);
    });

    it('does not change the value it was given', () => {
      const wire = { _id: ID, index_name: 'x', addons: 'x' };
      readIndex(wire, context());
      assert.equal(wire.addons, 'x');
    });
  });

  describe('readVideo and readTask', () => {
    it('videos: nested system_metadata fields are read one by one', () => {
      const ctx = context();
      const video = readVideo({ _id: ID, indexed_at: 3, system_metadata: { filename: 'a.mp4', duration: 'long', width: 1920, height: -1, fps: 29.97 } }, ctx);
      assert.deepEqual(video, { _id: ID, system_metadata: { filename: 'a.mp4', width: 1920, fps: 29.97 } });
      assert.deepEqual([...ctx.report.droppedFields].sort(), ['indexed_at', 'system_metadata.duration', 'system_metadata.height']);
    });

    it('tasks need a status; hls and error are read too, and the failure reason is masked', () => {
      assert.equal(readTask({ _id: ID }, context()), undefined);
      assert.equal(readTask({ _id: ID, status: 3 }, context()), undefined);
      const task = readTask(
        {
          _id: ID,
          status: 'failed',
          hls: { video_url: 5, thumbnail_urls: ['a', 1], status: 'COMPLETE' },
          error: { code: 'video_file_broken', message: `Key ${CANARY_KEY.toUpperCase()} refused` },
          system_metadata: 'meta',
        },
        context(),
      );
      assert.deepEqual(task, {
        _id: ID,
        status: 'failed',
        hls: { thumbnail_urls: ['a'], status: 'COMPLETE' },
        error: { code: 'video_file_broken', message: 'Key [redacted] refused' },
      });
    });

    it('readCreatedId: a non-empty string _id or nothing', () => {
      assert.equal(readCreatedId({ _id: ID }), ID);
      for (const value of [{ _id: 7 }, { _id: '' }, [ID], null, 'x']) assert.equal(readCreatedId(value), undefined);
    });
  });

  describe('readPage', () => {
    const requested = { page: 1, limit: 10 };

    it('leaves out bad items, counts them, and keeps the ids it found for the log', () => {
      const ctx = context();
      const page = readPage({ data: [{ _id: ID, index_name: 'a' }, { _id: 'bad-id', index_name: 7 }, 'x'], page_info: { page: 1, limit_per_page: 10, total_page: 1, total_results: 3 } }, requested, readIndex, ctx);
      assert.ok(page);
      assert.deepEqual(
        page.data.map((index) => index._id),
        [ID],
      );
      assert.equal(page.skipped, 2);
      assert.deepEqual(ctx.report.skippedIds, ['bad-id', undefined]);
    });

    it('an unusable envelope is undefined: no data list, page_info not an object, or not non-negative integers', () => {
      const bad = [
        null,
        [],
        { data: 'x' },
        { page_info: {} },
        { data: [], page_info: 'one' },
        { data: [], page_info: { page: '1' } },
        { data: [], page_info: { total_page: -1 } },
        { data: [], page_info: { total_results: 1.5 } },
        { data: [], page_info: { total_page: JSON.parse('1e999') as unknown } },
        { data: [], page_info: { total_results: 2 ** 60 } },
      ];
      for (const value of bad) assert.equal(readPage(value, requested, readIndex, context()), undefined, JSON.stringify(value));
    });

    it('fills a missing page_info from what arrived', () => {
      const page = readPage({ data: [{ _id: ID, index_name: 'a' }] }, { page: 2, limit: 10 }, readIndex, context());
      assert.deepEqual(page?.page_info, { page: 2, limit_per_page: 10, total_page: 2, total_results: 11 });
      assert.deepEqual(readPage({ data: [] }, requested, readIndex, context())?.page_info, { page: 1, limit_per_page: 10, total_page: 0, total_results: 0 });
    });

    it('derives a missing total from the other one, so that the two agree', () => {
      const fromResults = readPage({ data: [], page_info: { total_results: 95 } }, requested, readIndex, context());
      assert.equal(fromResults?.page_info.total_page, 10);
      const fromPages = readPage({ data: [], page_info: { total_page: 4, limit_per_page: 10 } }, requested, readIndex, context());
      assert.equal(fromPages?.page_info.total_results, 40);
    });
  });
});
