/**
 * Moments written in an analysis (`1:23`, `01:02:03`, `[00:12-00:30]`), found for the document's
 * links to the player. Pure, for the unit tests. Only these shapes are read; anything else in the
 * model's text stays text.
 */

export interface FoundTimestamp {
  /** Offsets in the text of what the link covers (the time or the range, without brackets). */
  from: number;
  to: number;
  /** Seconds from the start of the video. */
  start: number;
  /** The end of a range, when it is one and ends after it starts. */
  end?: number;
}

/** Longer than any video the API takes (2 h for a task): a bigger figure is not a moment of the video. */
const MAX_SECONDS = 24 * 60 * 60;

// h:mm:ss or m:ss / mm:ss; not part of a longer run of digits, colons or dots (a clock 12:30:45:10, a version 1.2:3).
const TIME = String.raw`(?:\d{1,2}:)?\d{1,2}:\d{2}`;
const PATTERN = new RegExp(String.raw`(?<![\d:.])(${TIME})(?:\s?[-–—]\s?(${TIME}))?(?![\d:]|\.\d)`, 'g');

export function parseTime(text: string): number | undefined {
  const parts = text.split(':').map(Number);
  if (parts.some((part) => !Number.isInteger(part))) {
    return undefined;
  }
  const [seconds, minutes, hours = 0] = [...parts].reverse();
  // With hours, minutes are 0–59; without, a count of minutes may pass 59 (75:10 in a long video).
  if (seconds > 59 || (parts.length === 3 && minutes > 59)) {
    return undefined;
  }
  const total = hours * 3600 + minutes * 60 + seconds;
  return total <= MAX_SECONDS ? total : undefined;
}

export function findTimestamps(text: string): FoundTimestamp[] {
  const found: FoundTimestamp[] = [];
  for (const match of text.matchAll(PATTERN)) {
    const start = parseTime(match[1]);
    if (start === undefined) {
      continue;
    }
    const from = match.index;
    const endText = match[2];
    const end = endText === undefined ? undefined : parseTime(endText);
    if (endText !== undefined && end === undefined) {
      // "0:12-0:75": the start alone is still a moment.
      found.push({ from, to: from + match[1].length, start });
      continue;
    }
    found.push({ from, to: from + match[0].length, start, end: end !== undefined && end > start ? end : undefined });
  }
  return found;
}
