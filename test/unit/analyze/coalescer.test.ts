import * as assert from 'node:assert/strict';
import { AppendCoalescer, type AppendTiming } from '../../../src/analyze/coalescer';

/** An edit that completes when the test says so, like a round trip to the workbench. */
function slowDocument() {
  let text = '';
  const waiting: { chunk: string; done: (ok: boolean) => void }[] = [];
  return {
    text: () => text,
    edits: waiting,
    apply: (chunk: string) =>
      new Promise<boolean>((resolve) => {
        waiting.push({
          chunk,
          done: (ok) => {
            if (ok) {
              text += chunk;
            }
            resolve(ok);
          },
        });
      }),
    async completeNext(ok = true): Promise<void> {
      const next = waiting.shift();
      assert.ok(next, 'an edit is on its way');
      next.done(ok);
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
}

describe('analyze: the document writer', () => {
  it('sends the first chunk at once and every chunk that arrives meanwhile in one next edit', async () => {
    const doc = slowDocument();
    let now = 0;
    const timings: AppendTiming[] = [];
    const writer = new AppendCoalescer(doc.apply, () => now, (timing) => timings.push(timing));
    writer.push('a');
    assert.deepEqual(doc.edits.map((e) => e.chunk), ['a']);
    now = 5;
    writer.push('b');
    now = 7;
    writer.push('c');
    assert.equal(doc.edits.length, 1, 'nothing more goes out while an edit is on its way');
    now = 10;
    await doc.completeNext();
    assert.deepEqual(doc.edits.map((e) => e.chunk), ['bc']);
    now = 12;
    await doc.completeNext();
    await writer.flushed();
    assert.equal(doc.text(), 'abc');
    assert.equal(writer.editCount, 2);
    assert.deepEqual(timings.map((t) => t.latenciesMs), [[10], [7, 5]]);
  });

  it('makes at most one edit per chunk, and far fewer when chunks come faster than edits', async () => {
    let edits = 0;
    let text = '';
    const writer = new AppendCoalescer(
      async (chunk) => {
        edits++;
        await new Promise((resolve) => setTimeout(resolve, 1));
        text += chunk;
        return true;
      },
      () => 0,
    );
    const chunks = Array.from({ length: 2_000 }, (_, i) => `chunk ${i}\n`);
    for (const [i, chunk] of chunks.entries()) {
      writer.push(chunk);
      if (i % 100 === 0) {
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    await writer.flushed();
    assert.equal(text, chunks.join(''));
    assert.ok(edits <= 40, `${edits} edits for 2,000 chunks pushed in 20 bursts`);
  });

  it('stops writing once an edit fails (the document closed), and still resolves flushed()', async () => {
    const doc = slowDocument();
    const writer = new AppendCoalescer(doc.apply, () => 0);
    writer.push('a');
    writer.push('b');
    await doc.completeNext(false);
    await writer.flushed();
    assert.ok(writer.broken);
    writer.push('c');
    assert.equal(doc.edits.length, 0);
    assert.equal(doc.text(), '');
  });
});
