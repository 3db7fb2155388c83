import { SEARCH_VIEW_RESULTS_PER_PAGE, type SearchPage, type SearchRequest, type SearchResult } from '../api/searchTypes';
import type { ResultCard, ResultGroup, SearchForm } from '../webviews/shared/searchProtocol';

/**
 * The Search view's form as an API request, and the API's answer as cards: pure functions, so what
 * the view sends and shows is tested without a webview. `messages` holds the view's wording (l10n is
 * the caller's), so that this module needs no `vscode`.
 */


export interface FormProblems {
  noModality: string;
  noQuery: string;
  badDuration: string;
  metadataHalf: string;
}

export type ImageQuery = { kind: 'file'; path: string; name: string } | undefined;

export function requestFromForm(
  form: SearchForm,
  indexId: string,
  image: ImageQuery,
  problems: FormProblems,
  pageLimit = SEARCH_VIEW_RESULTS_PER_PAGE,
): { request: SearchRequest } | { problem: string } {
  if (form.modalities.length === 0) {
    return { problem: problems.noModality };
  }
  const text = form.text.trim();
  const imageUrl = form.imageUrl.trim();
  if (text === '' && imageUrl === '' && image === undefined) {
    return { problem: problems.noQuery };
  }
  const filter: Record<string, unknown> = {};
  const min = durationValue(form.filter.minDuration);
  const max = durationValue(form.filter.maxDuration);
  if (min === null || max === null || (min !== undefined && max !== undefined && min > max)) {
    return { problem: problems.badDuration };
  }
  if (min !== undefined || max !== undefined) {
    filter.duration = { ...(min !== undefined ? { gte: min } : {}), ...(max !== undefined ? { lte: max } : {}) };
  }
  if (form.filter.filename.trim() !== '') {
    filter.filename = form.filter.filename.trim();
  }
  const key = form.filter.metadataKey.trim();
  const value = form.filter.metadataValue.trim();
  if ((key === '') !== (value === '')) {
    return { problem: problems.metadataHalf };
  }
  if (key !== '') {
    filter[key] = metadataValue(value);
  }
  const request: SearchRequest = {
    indexId,
    searchOptions: [...form.modalities],
    groupBy: form.groupBy,
    operator: form.operator,
    pageLimit,
    includeUserMetadata: true,
  };
  if (text !== '') {
    request.queryText = text;
  }
  if (image) {
    request.queryMedia = { type: 'image', path: image.path };
  } else if (imageUrl !== '') {
    request.queryMedia = { type: 'image', url: imageUrl };
  }
  if (form.modalities.includes('transcription') && form.transcriptionModes.length > 0 && form.transcriptionModes.length < 2) {
    // Both is the API's default: sent only when narrowed to one.
    request.transcriptionOptions = [...form.transcriptionModes];
  }
  if (Object.keys(filter).length > 0) {
    request.filter = filter;
  }
  return { request };
}

/** Seconds, as typed: `90`, `1:30`, `1:02:03`. Undefined when blank, null when unreadable. */
export function durationValue(text: string): number | undefined | null {
  const trimmed = text.trim();
  if (trimmed === '') {
    return undefined;
  }
  if (!/^\d+(:\d{1,2}){0,2}(\.\d+)?$/.test(trimmed)) {
    return null;
  }
  return trimmed.split(':').reduce((total, part) => total * 60 + Number(part), 0);
}

/** A metadata value as the API compares it: numbers and booleans as such, anything else as text. */
function metadataValue(text: string): string | number | boolean {
  if (text === 'true' || text === 'false') {
    return text === 'true';
  }
  if (/^-?\d+(\.\d+)?$/.test(text) && !/^-?0\d/.test(text)) {
    return Number(text);
  }
  return text.replace(/^"(.*)"$/s, '$1');
}

/** The words of the text query, to mark in the snippets. */
export function queryWords(form: SearchForm): string[] {
  return [...new Set(form.text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((word) => word.length > 1))];
}

/**
 * One page of results as cards, grouped when the search was by video. `names` gives the file name
 * known for a video id (the results carry only the id); `start` numbers the keys on from earlier pages.
 */
export function cardsFromPage(page: SearchPage, names: (videoId: string) => string | undefined, start: number): ResultGroup[] {
  let next = start;
  const card = (clip: SearchResult & { video_id: string; start: number; end: number }): ResultCard => ({
    key: `r${next++}`,
    videoId: clip.video_id,
    filename: names(clip.video_id) ?? clip.video_id,
    start: clip.start,
    end: clip.end,
    rank: clip.rank,
    thumbnailUrl: clip.thumbnail_url,
    transcription: clip.transcription,
  });
  const groups: ResultGroup[] = [];
  for (const item of page.data) {
    if (item.clips !== undefined) {
      const videoId = item.id ?? item.clips[0]?.video_id;
      if (videoId === undefined) {
        continue;
      }
      groups.push({
        videoId,
        filename: names(videoId) ?? videoId,
        cards: item.clips.map((clip) => card({ ...clip, video_id: clip.video_id || videoId })),
      });
    } else if (item.video_id !== undefined && item.start !== undefined && item.end !== undefined) {
      const flat = groups.at(-1)?.videoId === undefined ? groups.at(-1) : undefined;
      const made = card({ ...item, video_id: item.video_id, start: item.start, end: item.end });
      if (flat) {
        flat.cards.push(made);
      } else {
        groups.push({ cards: [made] });
      }
    }
  }
  return groups;
}

/** The video ids a page names, for looking up their file names. */
export function videoIdsOf(page: SearchPage): string[] {
  const ids = new Set<string>();
  for (const item of page.data) {
    if (item.clips !== undefined) {
      if (item.id !== undefined) {
        ids.add(item.id);
      }
      for (const clip of item.clips) {
        ids.add(clip.video_id);
      }
    } else if (item.video_id !== undefined) {
      ids.add(item.video_id);
    }
  }
  return [...ids];
}

/** Appends a further page's groups: a video's clips continue its group when it comes on the next page too. */
export function mergeGroups(existing: ResultGroup[], more: ResultGroup[]): ResultGroup[] {
  const merged = existing.map((group) => ({ ...group, cards: [...group.cards] }));
  for (const group of more) {
    const last = merged.at(-1);
    if (last && last.videoId === group.videoId) {
      last.cards.push(...group.cards);
    } else {
      merged.push({ ...group, cards: [...group.cards] });
    }
  }
  return merged;
}
