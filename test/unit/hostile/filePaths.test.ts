import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { loadWithL10n } from './withL10n';

// The pre-checks read vscode.l10n only; loaded with a stand-in that has nothing else.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { checkFile } = loadWithL10n(() => require('../../../src/upload/checks') as typeof import('../../../src/upload/checks'));

const TEN_GB = 10_000_000_000;
const segment = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }).filter((s) => !s.includes('/') && !s.includes('\0') && s !== '.' && s !== '..');

describe('hostile input: file paths (upload pre-checks, before any byte is sent)', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tl-hostile-paths-'));
  });
  after(() => {
    fs.chmodSync(dir, 0o755);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a missing file (any name, any depth) is refused as not found, naming the path', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(segment, { minLength: 1, maxLength: 3 }), async (parts) => {
        const file = path.join(dir, 'missing', ...parts);
        const check = await checkFile(file);
        assert.ok(!check.ok);
        assert.equal(check.code, 'not_found');
        assert.ok(check.message.includes(file) && /does not exist/.test(check.message));
      }),
      { numRuns: 100 },
    );
  });

  it('a directory, even one named like a video, is refused', async () => {
    await fc.assert(
      fc.asyncProperty(segment, async (name) => {
        const folder = path.join(dir, `${name}.mp4`);
        fs.mkdirSync(folder, { recursive: true });
        const check = await checkFile(folder);
        assert.ok(!check.ok && check.code === 'not_a_file' && /folder/.test(check.message));
      }),
      { numRuns: 30 },
    );
  });

  it('a 0-byte file is refused; a 1-byte one passes (the server judges the content)', async () => {
    const empty = path.join(dir, 'empty.mp4');
    fs.writeFileSync(empty, '');
    const check = await checkFile(empty);
    assert.ok(!check.ok && check.code === 'empty' && /0 bytes/.test(check.message));
    const tiny = path.join(dir, 'tiny.mp4');
    fs.writeFileSync(tiny, 'x');
    assert.deepEqual(await checkFile(tiny), { ok: true, file: tiny, size: 1, mtimeMs: fs.statSync(tiny).mtimeMs });
  });

  it('over 10 GB (a sparse file, so the disk is not filled) is refused with the size and the limit; exactly 10 GB passes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 3_000_000_000 }), async (extra) => {
        const big = path.join(dir, 'big.mp4');
        fs.closeSync(fs.openSync(big, 'w'));
        fs.truncateSync(big, TEN_GB + extra);
        const check = await checkFile(big);
        assert.ok(!check.ok && check.code === 'too_large', JSON.stringify(check));
        assert.match(check.message, /limited to/);
      }),
      { numRuns: 10 },
    );
    const exact = path.join(dir, 'exact.mp4');
    fs.closeSync(fs.openSync(exact, 'w'));
    fs.truncateSync(exact, TEN_GB);
    assert.deepEqual(await checkFile(exact), { ok: true, file: exact, size: TEN_GB, mtimeMs: fs.statSync(exact).mtimeMs });
  });

  it('an unreadable file (chmod 000) is refused; as root, where permissions do not stop reads, it is accepted because it can be read', async () => {
    const locked = path.join(dir, 'locked.mp4');
    fs.writeFileSync(locked, 'video');
    fs.chmodSync(locked, 0o000);
    let readable: boolean;
    try {
      fs.closeSync(fs.openSync(locked, 'r'));
      readable = true;
    } catch {
      readable = false;
    }
    const check = await checkFile(locked);
    if (readable) {
      // Root (CI containers): the check must agree with what a read would do, not with the mode bits.
      assert.deepEqual(check, { ok: true, file: locked, size: 5, mtimeMs: fs.statSync(locked).mtimeMs });
    } else {
      assert.ok(!check.ok && check.code === 'unreadable' && /cannot be read \(EACCES\)/.test(check.message), JSON.stringify(check));
    }
    // A file inside a directory that cannot be searched: refused alike whoever we are not.
    const closed = path.join(dir, 'closed');
    fs.mkdirSync(closed);
    fs.writeFileSync(path.join(closed, 'inner.mp4'), 'video');
    fs.chmodSync(closed, 0o000);
    const inner = await checkFile(path.join(closed, 'inner.mp4'));
    fs.chmodSync(closed, 0o755);
    if (!readable) {
      assert.ok(!inner.ok && inner.code === 'unreadable');
    }
  });
});
