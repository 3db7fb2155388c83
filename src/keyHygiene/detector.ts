/**
 * Finds API keys written into text. Free of `vscode`: the same code scans open documents, files on
 * disk for the workspace scan, and runs in plain mocha and the benchmark.
 *
 * Two kinds of finding:
 * - `stored`: the exact key of an account this extension holds in SecretStorage. Case-sensitive and
 *   without word boundaries, because a key glued to other text is still a leaked key.
 * - `keyShaped`: a token that looks like a Twelve Labs key, matched by KEY_SHAPED below.
 *
 * Findings carry offsets only. Callers turn them into ranges; the matched text itself is never put in
 * a message, a code or a log line.
 */

/**
 * `tlk_` followed by 20 to 200 ASCII letters and digits, standing alone:
 * - not preceded by a letter, digit or `_`, so `my_tlk_…` identifiers and base64url blobs do not count;
 * - not followed by a letter, digit or `_`, so a longer identifier is not cut into a "key";
 * - 20 characters at least: keys seen in the wild carry 28 to 32, while masked forms (`tlk_…a1b2`,
 *   with a Unicode ellipsis) and short examples (`tlk_abc123`) stay quiet;
 * - 200 at most, so a match always fits in the overlap between two scan chunks.
 * `looksRandom` then drops placeholders such as the example `tlk_XXXXXXXX…`.
 */
export const KEY_SHAPED_SOURCE = '(?<![A-Za-z0-9_])tlk_[A-Za-z0-9]{20,200}(?![A-Za-z0-9_])';
const MAX_KEY_SHAPED_LENGTH = 4 + 200;
/** Shorter stored "keys" would light up ordinary words; the redactor uses the same floor. */
const MIN_STORED_KEY_LENGTH = 8;

export type FindingKind = 'stored' | 'keyShaped';

export interface KeyFinding {
  kind: FindingKind;
  /** Offsets into the scanned text, end exclusive. */
  start: number;
  end: number;
}

/** Placeholders are repetitive or single-class; real keys mix letters and digits and vary. */
function looksRandom(token: string): boolean {
  const body = token.slice(4);
  return /[A-Za-z]/.test(body) && /[0-9]/.test(body) && new Set(body).size >= 8;
}

/**
 * Every finding in `text`, in order of position. A stored key that is also key-shaped counts once, as
 * `stored`; where stored keys overlap (one inside another), the first found is kept.
 */
export function findKeys(text: string, storedKeys: readonly string[]): KeyFinding[] {
  const findings: KeyFinding[] = [];
  const overlapsStored = (start: number, end: number) => findings.some((f) => f.start < end && start < f.end);
  for (const stored of usableStoredKeys(storedKeys)) {
    for (let at = text.indexOf(stored); at >= 0; at = text.indexOf(stored, at + stored.length)) {
      if (!overlapsStored(at, at + stored.length)) {
        findings.push({ kind: 'stored', start: at, end: at + stored.length });
      }
    }
  }
  const shaped = new RegExp(KEY_SHAPED_SOURCE, 'g');
  for (let match = shaped.exec(text); match; match = shaped.exec(text)) {
    const start = match.index;
    const end = start + match[0].length;
    if (looksRandom(match[0]) && !overlapsStored(start, end)) {
      findings.push({ kind: 'keyShaped', start, end });
    }
  }
  return findings.sort((a, b) => a.start - b.start);
}

/** The longest first, so a key that contains another is found whole. */
function usableStoredKeys(storedKeys: readonly string[]): string[] {
  return storedKeys.filter((key) => key.length >= MIN_STORED_KEY_LENGTH).sort((a, b) => b.length - a.length);
}

/** Text that can be read a piece at a time, so a 5 MB document is never copied into one string per scan. */
export interface TextSource {
  readonly length: number;
  slice(start: number, end: number): string;
}

export function stringSource(text: string): TextSource {
  return { length: text.length, slice: (start, end) => text.slice(start, end) };
}

export interface ChunkedScanOptions {
  /** Characters owned by one chunk; each chunk is scanned synchronously, then the event loop gets a turn. */
  chunkSize?: number;
  /** Gives the event loop a turn between chunks (`setImmediate` in the extension). */
  yieldToEventLoop: () => Promise<void>;
  /** Checked before every chunk: a newer document version or a cancelled scan stops the work. */
  isCancelled?: () => boolean;
  /** Stop collecting after this many findings; the Problems panel gains nothing from thousands. */
  maxFindings?: number;
}

export interface ChunkedScanResult {
  findings: KeyFinding[];
  cancelled: boolean;
  /** Work done, for tests and the benchmark: chunks scanned, characters read, event-loop turns given. */
  chunks: number;
  charsRead: number;
  yields: number;
  /** The largest number of characters scanned without yielding. */
  largestSlice: number;
}

export const DEFAULT_CHUNK_SIZE = 64 * 1024;
export const DEFAULT_MAX_FINDINGS = 100;

/**
 * `findKeys` over a large text in chunks, yielding between them, so the extension host keeps
 * answering (completions, hovers, other extensions) while a 5 MB file is scanned. Consecutive chunks
 * overlap by the longest possible match (plus one character of context on each side for the
 * boundary checks), and a chunk only keeps matches that start in its own part, so nothing is missed
 * or counted twice at a boundary.
 */
export async function scanInChunks(source: TextSource, storedKeys: readonly string[], options: ChunkedScanOptions): Promise<ChunkedScanResult> {
  const chunkSize = Math.max(1024, options.chunkSize ?? DEFAULT_CHUNK_SIZE);
  const maxFindings = options.maxFindings ?? DEFAULT_MAX_FINDINGS;
  const overlap = Math.max(MAX_KEY_SHAPED_LENGTH, ...usableStoredKeys(storedKeys).map((key) => key.length)) + 1;
  const result: ChunkedScanResult = { findings: [], cancelled: false, chunks: 0, charsRead: 0, yields: 0, largestSlice: 0 };
  for (let owned = 0; owned < source.length; owned += chunkSize) {
    if (options.isCancelled?.()) {
      result.cancelled = true;
      return result;
    }
    const from = Math.max(0, owned - 1);
    const to = Math.min(source.length, owned + chunkSize + overlap);
    const slice = source.slice(from, to);
    result.chunks++;
    result.charsRead += slice.length;
    result.largestSlice = Math.max(result.largestSlice, slice.length);
    for (const finding of findKeys(slice, storedKeys)) {
      const start = from + finding.start;
      const located = { kind: finding.kind, start, end: from + finding.end };
      if (start >= owned && start < owned + chunkSize && !isIgnored(source, located)) {
        result.findings.push(located);
      }
    }
    if (result.findings.length >= maxFindings) {
      result.findings.length = maxFindings;
      return result;
    }
    if (owned + chunkSize < source.length) {
      await options.yieldToEventLoop();
      result.yields++;
    }
  }
  return result;
}

/** On the finding's line, silences it; on the line before, silences the next line. Any comment syntax. */
export const IGNORE_LINE_MARKER = 'twelvelabs-ignore';
export const IGNORE_NEXT_LINE_MARKER = 'twelvelabs-ignore-next-line';
/** How far from a finding a marker is looked for: a comment sits beside its line, not 1 MB away on a minified one. */
const MARKER_REACH = 1000;

/**
 * Whether a key-shaped finding carries an ignore comment, for test fixtures and documented examples.
 * A stored key is never ignored: it is the user's real key, wherever it is written.
 */
export function isIgnored(source: TextSource, finding: KeyFinding): boolean {
  if (finding.kind === 'stored') {
    return false;
  }
  const before = source.slice(Math.max(0, finding.start - MARKER_REACH), finding.start);
  const after = source.slice(finding.end, Math.min(source.length, finding.end + MARKER_REACH));
  const lineBreak = /\r\n|\r|\n/;
  const lines = before.split(lineBreak);
  const sameLine = (lines.at(-1) ?? '') + (after.split(lineBreak)[0] ?? '');
  if (sameLine.includes(IGNORE_LINE_MARKER) && !sameLine.includes(IGNORE_NEXT_LINE_MARKER)) {
    return true;
  }
  return lines.length >= 2 && (lines.at(-2) ?? '').includes(IGNORE_NEXT_LINE_MARKER);
}

/** Zero-based line and character, counted as VS Code does: `\r\n`, `\n` and a lone `\r` each end a line. */
export interface TextPosition {
  line: number;
  character: number;
}

/** Offset → position for text that is not open in an editor (the workspace scan). */
export class LineIndex {
  private readonly lineStarts: number[] = [0];

  constructor(text: string) {
    for (let i = 0; i < text.length; i++) {
      const char = text.charCodeAt(i);
      if (char === 13 /* \r */) {
        if (text.charCodeAt(i + 1) === 10) {
          i++;
        }
        this.lineStarts.push(i + 1);
      } else if (char === 10 /* \n */) {
        this.lineStarts.push(i + 1);
      }
    }
  }

  positionAt(offset: number): TextPosition {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((this.lineStarts[mid] ?? 0) <= offset) {
        low = mid;
      } else {
        high = mid - 1;
      }
    }
    return { line: low, character: offset - (this.lineStarts[low] ?? 0) };
  }
}
