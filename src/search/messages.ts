import type { Modality, SearchForm, SearchWebviewMessage, TranscriptionModeName, ViewAction } from '../webviews/shared/searchProtocol';

/**
 * Every message from the Search view's webview, checked before it is acted on: the webview shows
 * outside text and is not trusted. Anything of the wrong shape, an unknown type, or a field out of
 * bounds is dropped (undefined).
 */

const MODALITIES: readonly Modality[] = ['visual', 'audio', 'transcription'];
const MODES: readonly TranscriptionModeName[] = ['lexical', 'semantic'];
const ACTIONS: readonly ViewAction['id'][] = ['setKey', 'retry', 'rotateKey', 'pickIndex', 'openSettings', 'showLog', 'refreshIndexes'];
/** Marengo reads up to 500 tokens; a few thousand characters is more than any query. */
const MAX_TEXT = 4_000;
const MAX_FIELD = 500;
const MAX_URI = 8_192;

export function parseSearchMessage(raw: unknown): SearchWebviewMessage | undefined {
  if (!isRecord(raw) || typeof raw.type !== 'string') {
    return undefined;
  }
  switch (raw.type) {
    case 'ready':
    case 'loadMore':
    case 'pickImage':
    case 'clearImage':
      return { type: raw.type };
    case 'search':
    case 'copyAsCode': {
      const form = parseForm(raw.form);
      return form ? { type: raw.type, form } : undefined;
    }
    case 'selectIndex':
      return boundedString(raw.indexId, MAX_FIELD) ? { type: 'selectIndex', indexId: raw.indexId } : undefined;
    case 'open':
    case 'analyze':
    case 'thumbnailFailed':
      return typeof raw.key === 'string' && /^r\d{1,6}$/.test(raw.key) ? { type: raw.type, key: raw.key } : undefined;
    case 'dropImage':
      return boundedString(raw.uri, MAX_URI) ? { type: 'dropImage', uri: raw.uri } : undefined;
    case 'action':
      return typeof raw.id === 'string' && (ACTIONS as readonly string[]).includes(raw.id) ? { type: 'action', id: raw.id as ViewAction['id'] } : undefined;
    default:
      return undefined;
  }
}

function parseForm(raw: unknown): SearchForm | undefined {
  if (!isRecord(raw) || !isRecord(raw.filter)) {
    return undefined;
  }
  const { filter } = raw;
  if (
    !boundedString(raw.text, MAX_TEXT) ||
    !boundedString(raw.imageUrl, MAX_URI) ||
    !(raw.operator === 'or' || raw.operator === 'and') ||
    !(raw.groupBy === 'clip' || raw.groupBy === 'video') ||
    !subsetOf(raw.modalities, MODALITIES) ||
    !subsetOf(raw.transcriptionModes, MODES) ||
    !boundedString(filter.minDuration, MAX_FIELD) ||
    !boundedString(filter.maxDuration, MAX_FIELD) ||
    !boundedString(filter.filename, MAX_FIELD) ||
    !boundedString(filter.metadataKey, MAX_FIELD) ||
    !boundedString(filter.metadataValue, MAX_FIELD)
  ) {
    return undefined;
  }
  return {
    text: raw.text,
    imageUrl: raw.imageUrl,
    operator: raw.operator,
    groupBy: raw.groupBy,
    modalities: [...new Set(raw.modalities)],
    transcriptionModes: [...new Set(raw.transcriptionModes)],
    filter: {
      minDuration: filter.minDuration,
      maxDuration: filter.maxDuration,
      filename: filter.filename,
      metadataKey: filter.metadataKey,
      metadataValue: filter.metadataValue,
    },
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function boundedString(value: unknown, max: number): value is string {
  return typeof value === 'string' && value.length <= max;
}

function subsetOf<T extends string>(value: unknown, allowed: readonly T[]): value is T[] {
  return Array.isArray(value) && value.length <= allowed.length * 2 && value.every((item) => typeof item === 'string' && (allowed as readonly string[]).includes(item));
}
