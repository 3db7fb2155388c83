/**
 * "Copy timestamp link": `vscode://reelsmith.twelvelabs-vscode/play?index=…&video=…&t=…`, which opens
 * the player at that video and time in anyone's VS Code with the extension (and access to the index).
 * Parsing accepts only ids of the API's shape and a time in seconds, so a link from anywhere can open
 * a player and nothing else.
 */

export const PLAY_PATH = '/play';
const ID = /^[A-Za-z0-9_-]{1,64}$/;
const MAX_SECONDS = 24 * 60 * 60;

export interface PlayTarget {
  indexId: string;
  videoId: string;
  /** Seconds from the start. */
  start?: number;
  end?: number;
}

export function timestampQuery(target: PlayTarget): string {
  const query = new URLSearchParams({ index: target.indexId, video: target.videoId });
  if (target.start !== undefined) {
    query.set('t', String(Math.max(0, Math.round(target.start * 10) / 10)));
  }
  if (target.end !== undefined && target.start !== undefined && target.end > target.start) {
    query.set('end', String(Math.round(target.end * 10) / 10));
  }
  return query.toString();
}

export function parsePlayQuery(path: string, query: string): PlayTarget | undefined {
  if (path !== PLAY_PATH) {
    return undefined;
  }
  const params = new URLSearchParams(query);
  const indexId = params.get('index') ?? '';
  const videoId = params.get('video') ?? '';
  if (!ID.test(indexId) || !ID.test(videoId)) {
    return undefined;
  }
  const start = seconds(params.get('t'));
  const end = seconds(params.get('end'));
  if (start === null || end === null) {
    return undefined;
  }
  return { indexId, videoId, start, end: start !== undefined && end !== undefined && end > start ? end : undefined };
}

/** `t=83`, `t=83.5` or `t=1:23`; undefined when absent, null when unreadable. */
function seconds(value: string | null): number | undefined | null {
  if (value === null || value === '') {
    return undefined;
  }
  if (!/^\d{1,6}(\.\d{1,3})?$|^\d{1,2}(:\d{1,2}){1,2}$/.test(value)) {
    return null;
  }
  const total = value.split(':').reduce((sum, part) => sum * 60 + Number(part), 0);
  return total <= MAX_SECONDS ? total : null;
}
