import * as assert from 'node:assert/strict';
import { findKeys, LineIndex, scanInChunks, stringSource, type KeyFinding } from '../../../src/keyHygiene/detector';
import { CANARY_KEY, SECOND_CANARY_KEY } from '../../canary';

// Obviously fake, key-shaped, not the stored key.
const OTHER_KEY = 'tlk_UNITtestFAKEshapedKEY00000a9b8';

function texts(text: string, findings: KeyFinding[]): string[] {
  return findings.map((f) => `${f.kind}:${text.slice(f.start, f.end)}`);
}

describe('hard-coded key detector', () => {
  it('finds the stored key literally, once per occurrence, as `stored`', () => {
    const text = `key = "${CANARY_KEY}"\nagain = '${CANARY_KEY}'`;
    const findings = findKeys(text, [CANARY_KEY]);
    assert.deepEqual(texts(text, findings), [`stored:${CANARY_KEY}`, `stored:${CANARY_KEY}`]);
    assert.equal(findings[0]?.start, 7);
  });

  it('finds the stored key even when it does not look like a Twelve Labs key, or is glued to other text', () => {
    const odd = 'Zx9-custom.key/42';
    const text = `token=${odd}&more prefix${odd}suffix`;
    assert.deepEqual(texts(text, findKeys(text, [odd])), [`stored:${odd}`, `stored:${odd}`]);
  });

  it('finds key-shaped strings that are not the stored key, as `keyShaped`', () => {
    const text = `client = TwelveLabs(api_key="${OTHER_KEY}")`;
    assert.deepEqual(texts(text, findKeys(text, [CANARY_KEY])), [`keyShaped:${OTHER_KEY}`]);
    assert.deepEqual(texts(text, findKeys(text, [])), [`keyShaped:${OTHER_KEY}`], 'no stored key at all');
  });

  it('reports a stored key that is also key-shaped once, as `stored`', () => {
    const text = `a ${CANARY_KEY} b ${OTHER_KEY}`;
    assert.deepEqual(texts(text, findKeys(text, [CANARY_KEY])), [`stored:${CANARY_KEY}`, `keyShaped:${OTHER_KEY}`]);
  });

  it('finds every account\'s key as `stored`, and a stored key that holds another one whole', () => {
    const text = `a ${SECOND_CANARY_KEY} b ${CANARY_KEY} c ${OTHER_KEY}`;
    assert.deepEqual(texts(text, findKeys(text, [CANARY_KEY, SECOND_CANARY_KEY])), [`stored:${SECOND_CANARY_KEY}`, `stored:${CANARY_KEY}`, `keyShaped:${OTHER_KEY}`]);
    const inner = 'Zx9-custom.key';
    const outer = `${inner}/42`;
    assert.deepEqual(texts(`token=${outer}`, findKeys(`token=${outer}`, [inner, outer])), [`stored:${outer}`], 'the longer key, once');
  });

  it('stays quiet on masked forms, short tokens, placeholders and longer identifiers', () => {
    const quiet = [
      'Your key tlk_…a1b2 expires in 3 days',
      'tlk_...a1b2',
      'tlk_abc123',
      'tlk_short0TOKEN1',
      'tlk_XXXXXXXXXXXXXXXXXXXXXXXXXXXX',
      'tlk_your_api_key_here_0000000000',
      'tlk_12345678901234567890123456',
      `my_${OTHER_KEY}`,
      `${OTHER_KEY}_suffix`,
      `x${OTHER_KEY}`,
      `tlk_${'a1B2c3D4e5'.repeat(25)}`,
    ];
    for (const text of quiet) {
      assert.deepEqual(findKeys(text, []), [], text);
    }
  });

  it('ignores stored "keys" too short to mean anything', () => {
    assert.deepEqual(findKeys("abc abc abc", ["abc"]), []);
  });

  it('gives offsets that map to the right lines and characters in LF and CRLF text', () => {
    for (const eol of ['\n', '\r\n', '\r']) {
      const text = ['import os', '', `KEY = "${CANARY_KEY}"`, `  other = '${OTHER_KEY}'  # two`].join(eol);
      const findings = findKeys(text, [CANARY_KEY]);
      const lines = new LineIndex(text);
      assert.deepEqual(
        findings.map((f) => [lines.positionAt(f.start), lines.positionAt(f.end)]),
        [
          [{ line: 2, character: 7 }, { line: 2, character: 7 + CANARY_KEY.length }],
          [{ line: 3, character: 11 }, { line: 3, character: 11 + OTHER_KEY.length }],
        ],
        JSON.stringify(eol),
      );
    }
  });

  it('LineIndex puts offsets inside a CRLF at the end of the line', () => {
    const lines = new LineIndex('ab\r\ncd');
    assert.deepEqual(lines.positionAt(2), { line: 0, character: 2 });
    assert.deepEqual(lines.positionAt(4), { line: 1, character: 0 });
    assert.deepEqual(lines.positionAt(6), { line: 1, character: 2 });
  });
});

describe('chunked scan', () => {
  const noYield = () => Promise.resolve();

  it('finds the same as one pass, whatever the chunk size, keys across chunk boundaries included', async () => {
    const filler = 'x = 1 # padding line\n';
    const parts: string[] = [];
    for (let i = 0; i < 400; i++) {
      parts.push(filler);
      if (i % 37 === 0) parts.push(`k = "${CANARY_KEY}"\n`);
      if (i % 53 === 0) parts.push(`o = "${OTHER_KEY}"\n`);
    }
    const text = parts.join('');
    const expected = findKeys(text, [CANARY_KEY]);
    assert.ok(expected.length > 15);
    for (const chunkSize of [1024, 1500, 2047, 4096, 100_000]) {
      const result = await scanInChunks(stringSource(text), [CANARY_KEY], { chunkSize, yieldToEventLoop: noYield, maxFindings: 1000 });
      assert.deepEqual(result.findings, expected, `chunk size ${chunkSize}`);
      assert.equal(result.cancelled, false);
    }
  });

  it('finds a key that straddles every possible chunk boundary exactly once', async () => {
    const chunkSize = 1024;
    for (let offset = chunkSize - CANARY_KEY.length - 2; offset <= chunkSize + 2; offset++) {
      const text = `${'.'.repeat(offset)}${CANARY_KEY} ${'.'.repeat(3000)}`;
      const result = await scanInChunks(stringSource(text), [CANARY_KEY], { chunkSize, yieldToEventLoop: noYield });
      assert.deepEqual(result.findings, [{ kind: 'stored', start: offset, end: offset + CANARY_KEY.length }], `at ${offset}`);
    }
  });

  it('does a 5 MB text in bounded slices, yielding between them (counted work, no timing)', async () => {
    const size = 5 * 1024 * 1024;
    const line = 'const value = computeSomething(index) + 42; // an ordinary line of code\n';
    const text = `${line.repeat(Math.ceil(size / line.length)).slice(0, size - 100)}\nk="${CANARY_KEY}"`;
    let yields = 0;
    const result = await scanInChunks(stringSource(text), [CANARY_KEY], {
      yieldToEventLoop: () => {
        yields++;
        return Promise.resolve();
      },
    });
    assert.equal(result.findings.length, 1);
    assert.equal(result.chunks, Math.ceil(text.length / (64 * 1024)));
    assert.equal(yields, result.chunks - 1, 'the event loop gets a turn between every two chunks');
    assert.ok(result.largestSlice <= 64 * 1024 + 300, `no slice is much larger than a chunk (${result.largestSlice})`);
    assert.ok(result.charsRead < text.length * 1.01, `overlap re-reads little (${result.charsRead} of ${text.length})`);
  });

  it('stops at the next chunk once cancelled (a newer version arrived)', async () => {
    const text = 'a'.repeat(1024 * 100);
    let chunksBeforeCancel = 3;
    const result = await scanInChunks(stringSource(text), [], {
      chunkSize: 1024,
      yieldToEventLoop: noYield,
      isCancelled: () => chunksBeforeCancel-- <= 0,
    });
    assert.equal(result.cancelled, true);
    assert.equal(result.chunks, 3);
  });

  it('caps the findings it collects', async () => {
    const text = `k="${CANARY_KEY}"\n`.repeat(500);
    const result = await scanInChunks(stringSource(text), [CANARY_KEY], { yieldToEventLoop: noYield, maxFindings: 100 });
    assert.equal(result.findings.length, 100);
  });
});

describe('ignore comments', () => {
  const noYield = () => Promise.resolve();
  const scan = async (text: string) => (await scanInChunks(stringSource(text), [CANARY_KEY], { yieldToEventLoop: noYield })).findings;

  it('"twelvelabs-ignore" on the line, or "twelvelabs-ignore-next-line" on the one before, silences a key-shaped string', async () => {
    assert.deepEqual(await scan(`example = "${OTHER_KEY}"  # twelvelabs-ignore\n`), []);
    assert.deepEqual(await scan(`// twelvelabs-ignore-next-line\r\nconst example = '${OTHER_KEY}';\n`), []);
    assert.deepEqual(await scan(`<!-- twelvelabs-ignore --> ${OTHER_KEY}`), []);
  });

  it('silences only its own line: the line after a same-line marker, and the marker line of a next-line marker, still count', async () => {
    const sameLine = `a = 1 # twelvelabs-ignore\nb = "${OTHER_KEY}"\n`;
    assert.equal((await scan(sameLine)).length, 1);
    const nextLineMarkerOnKeyLine = `b = "${OTHER_KEY}" # twelvelabs-ignore-next-line\n`;
    assert.equal((await scan(nextLineMarkerOnKeyLine)).length, 1, 'a next-line marker does not silence its own line');
    const twoBelow = `# twelvelabs-ignore-next-line\n\nb = "${OTHER_KEY}"\n`;
    assert.equal((await scan(twoBelow)).length, 1);
  });

  it('never silences the stored key: it is the user\'s real key', async () => {
    const findings = await scan(`k = "${CANARY_KEY}"  # twelvelabs-ignore\n`);
    assert.deepEqual(findings.map((f) => f.kind), ['stored']);
  });

  it('a marker far away on a long minified line does not count', async () => {
    const text = `/* twelvelabs-ignore */${'x'.repeat(5000)}"${OTHER_KEY}"`;
    assert.equal((await scan(text)).length, 1);
  });
});
