import * as assert from 'node:assert/strict';
import { ScanScheduler, type DocumentVersion, type TimerPort } from '../../../src/keyHygiene/scheduler';

/** Timers that fire only when the test says so. */
class FakeTimers implements TimerPort {
  private now = 0;
  private nextId = 1;
  private readonly timers = new Map<number, { at: number; callback: () => void }>();

  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.timers.set(id, { at: this.now + ms, callback });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }

  get pending(): number {
    return this.timers.size;
  }

  advance(ms: number): void {
    this.now += ms;
    for (const [id, timer] of [...this.timers].sort((a, b) => a[1].at - b[1].at)) {
      if (timer.at <= this.now) {
        this.timers.delete(id);
        timer.callback();
      }
    }
  }
}

const options = { delayMs: 300, largeDocumentChars: 1_000_000, largeDelayMs: 1_000 };
const doc = (version: number, length = 100, key = 'file:///a.py'): DocumentVersion => ({ key, version, length });
const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('scan scheduling: debounce and version cache', () => {
  let timers: FakeTimers;
  let scanned: DocumentVersion[];
  let scheduler: ScanScheduler;

  beforeEach(() => {
    timers = new FakeTimers();
    scanned = [];
    scheduler = new ScanScheduler(timers, (document) => {
      scanned.push(document);
      return Promise.resolve(true);
    }, options);
  });

  it('scans once after a burst of typing, for the last version only', async () => {
    for (let version = 1; version <= 20; version++) {
      scheduler.request(doc(version));
      timers.advance(100);
    }
    assert.equal(scanned.length, 0, 'nothing while the user types');
    timers.advance(300);
    await flush();
    assert.deepEqual(scanned.map((d) => d.version), [20]);
    assert.equal(scheduler.stats().debounced, 19);
  });

  it('never scans the same version twice', async () => {
    scheduler.request(doc(1), true);
    timers.advance(0);
    await flush();
    scheduler.request(doc(1), true);
    scheduler.request(doc(1));
    timers.advance(1000);
    await flush();
    assert.equal(scanned.length, 1);
    assert.equal(scheduler.stats().skippedSameVersion, 2);
  });

  it('waits longer after a change to a large document', async () => {
    scheduler.request(doc(2, 5_000_000));
    timers.advance(999);
    await flush();
    assert.equal(scanned.length, 0);
    timers.advance(1);
    await flush();
    assert.equal(scanned.length, 1);
  });

  it('scans again after the stored key changed, and forgets closed documents', async () => {
    scheduler.request(doc(1), true);
    timers.advance(0);
    await flush();
    scheduler.invalidateAll();
    scheduler.request(doc(1), true);
    timers.advance(0);
    await flush();
    assert.equal(scanned.length, 2);

    scheduler.request(doc(2));
    scheduler.forget('file:///a.py');
    timers.advance(1000);
    await flush();
    assert.equal(scanned.length, 2, 'the closed document\'s pending scan was dropped');
    assert.equal(timers.pending, 0);
  });

  it('tells a running scan that it is stale once a newer version is requested, and allows that version again if it gave up', async () => {
    const stale: (() => boolean)[] = [];
    const releases: ((completed: boolean) => void)[] = [];
    const slow = new ScanScheduler(timers, (document, isStale) => {
      scanned.push(document);
      stale.push(isStale);
      return new Promise<boolean>((resolve) => releases.push(resolve));
    }, options);
    slow.request(doc(1), true);
    timers.advance(0);
    assert.equal(stale[0]?.(), false);
    slow.request(doc(2));
    assert.equal(stale[0]?.(), true, 'version 2 is pending');
    releases[0]?.(false);
    await flush();
    timers.advance(300);
    await flush();
    assert.deepEqual(scanned.map((d) => d.version), [1, 2]);
    assert.equal(slow.isCurrent('file:///a.py', 2), true);
  });

  it('keeps documents apart', async () => {
    scheduler.request(doc(1, 100, 'file:///a.py'));
    scheduler.request(doc(1, 100, 'file:///b.py'));
    timers.advance(300);
    await flush();
    assert.deepEqual(scanned.map((d) => d.key).sort(), ['file:///a.py', 'file:///b.py']);
  });

  it('reports a failed scan and lets the same version be tried again', async () => {
    const errors: unknown[] = [];
    let fail = true;
    const flaky = new ScanScheduler(timers, () => (fail ? Promise.reject(new Error('boom')) : Promise.resolve(true)), options, (e) => errors.push(e));
    flaky.request(doc(1), true);
    timers.advance(0);
    await flush();
    assert.equal(errors.length, 1);
    fail = false;
    flaky.request(doc(1), true);
    timers.advance(0);
    await flush();
    assert.equal(flaky.stats().scans, 2);
  });
});
