// /indexes and /indexes/{id}/videos. Validation is deliberately strict: a fake that accepts
// what the real API refuses would let client bugs through to users.
import { json, mediaType, noContent, type Outcome } from './http';
import {
  contentTypeInvalid,
  indexNameAlreadyExists,
  parameterInvalid,
  parameterNotProvided,
  parameterUnknown,
  resourceNotExist,
} from './messages';
import { paginate, parseFilteredListQuery, parseListParams, rejectUnknownQuery, sortItems } from './paging';
import type { Route, RouteContext } from './routes';
import { toWireIndex, toWireVideo, type FakeIndexModel, type StoredIndex } from './state';

export const MODEL_OPTIONS = ['visual', 'audio'] as const;
export const ADDONS = ['thumbnail'] as const;
export const MODEL_FAMILIES = ['marengo', 'pegasus'] as const;

const CREATE_FIELDS = ['index_name', 'models', 'addons'];
const MODEL_FIELDS = ['model_name', 'model_options'];
const UPDATE_FIELDS = ['index_name'];
const LIST_QUERY = [
  'page',
  'page_limit',
  'sort_by',
  'sort_option',
  'index_name',
  'model_options',
  'model_family',
  'created_at',
  'updated_at',
];

const OBJECT_ID = /^[0-9a-f]{24}$/;

function familyOf(modelName: string): string {
  return /^[a-z]+/i.exec(modelName)?.[0].toLowerCase() ?? '';
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Unknown fields: the spec's schemas do not set additionalProperties:false, but `parameter_unknown`
 * is a documented general code, and a field the API silently drops is a client bug either way, so
 * the fake refuses by default. `rejectUnknownFields: false` turns this off.
 */
function unknownField(ctx: RouteContext, obj: Record<string, unknown>, allowed: string[], prefix = ''): Outcome | undefined {
  if (!ctx.settings.rejectUnknownFields) return undefined;
  const unknown = Object.keys(obj).find((k) => !allowed.includes(k));
  return unknown === undefined ? undefined : parameterUnknown(prefix + unknown);
}

function jsonObjectBody(ctx: RouteContext): { ok: true; body: Record<string, unknown> } | { ok: false; error: Outcome } {
  const type = mediaType(ctx.headers['content-type']);
  if (ctx.body.kind === 'none' && type === '') return { ok: true, body: {} };
  if (type !== 'application/json') return { ok: false, error: contentTypeInvalid('application/json') };
  if (ctx.body.kind === 'none') return { ok: true, body: {} };
  if (ctx.body.kind !== 'json' || !isPlainObject(ctx.body.value)) {
    // No documented code for an unparsable body; parameter_invalid is the closest general one.
    return { ok: false, error: parameterInvalid('body') };
  }
  return { ok: true, body: ctx.body.value };
}

/** Non-empty after trim is the only documented-safe rule; length and charset are not documented. */
function validIndexName(v: unknown): v is string {
  return typeof v === 'string' && v.trim().length > 0;
}

type Lookup = { ok: true; index: StoredIndex } | { ok: false; error: Outcome };

function lookupIndex(ctx: RouteContext): Lookup {
  const id = ctx.params.indexId;
  // Malformed ids: undocumented [?]. By default the same answer as an unknown id, since the
  // API presumably just fails the lookup; `malformedIdError: 'parameter_invalid'` for the other guess.
  if (!OBJECT_ID.test(id) && ctx.settings.malformedIdError === 'parameter_invalid') {
    return { ok: false, error: parameterInvalid('index_id') };
  }
  const index = OBJECT_ID.test(id) ? ctx.store.get(id) : undefined;
  if (!index) return { ok: false, error: resourceNotExist(ctx.settings.notFoundStatus, id, 'indexes') };
  return { ok: true, index };
}

function validateModels(ctx: RouteContext, value: unknown): { ok: true; models: FakeIndexModel[] } | { ok: false; error: Outcome } {
  if (!Array.isArray(value) || value.length === 0) return { ok: false, error: parameterInvalid('models') };
  const models: FakeIndexModel[] = [];
  for (const [i, item] of (value as unknown[]).entries()) {
    const at = `models[${i}]`;
    if (!isPlainObject(item)) return { ok: false, error: parameterInvalid(at) };
    const unknown = unknownField(ctx, item, MODEL_FIELDS, `${at}.`);
    if (unknown) return { ok: false, error: unknown };
    const name = item.model_name;
    if (name === undefined || name === null) return { ok: false, error: parameterNotProvided(`${at}.model_name`) };
    if (typeof name !== 'string' || !ctx.settings.models.includes(name)) {
      return { ok: false, error: parameterInvalid(`${at}.model_name`) };
    }
    if (models.some((m) => m.model_name === name)) return { ok: false, error: parameterInvalid(`${at}.model_name`) };
    const options = item.model_options;
    if (options === undefined || options === null) return { ok: false, error: parameterNotProvided(`${at}.model_options`) };
    if (
      !Array.isArray(options) ||
      options.length === 0 ||
      !options.every((o) => typeof o === 'string' && (MODEL_OPTIONS as readonly string[]).includes(o)) ||
      new Set(options).size !== options.length
    ) {
      return { ok: false, error: parameterInvalid(`${at}.model_options`) };
    }
    models.push({ model_name: name, model_options: [...(options as string[])] });
  }
  return { ok: true, models };
}

function validateAddons(value: unknown, models: FakeIndexModel[]): { ok: true; addons: string[] } | { ok: false; error: Outcome } {
  if (value === undefined) return { ok: true, addons: [] };
  if (
    !Array.isArray(value) ||
    !value.every((a) => typeof a === 'string' && (ADDONS as readonly string[]).includes(a)) ||
    new Set(value).size !== value.length
  ) {
    return { ok: false, error: parameterInvalid('addons') };
  }
  // "You can only enable addons when using the Marengo video understanding model." (spec)
  if (value.length > 0 && !models.some((m) => familyOf(m.model_name) === 'marengo')) {
    return { ok: false, error: parameterInvalid('addons') };
  }
  return { ok: true, addons: [...(value as string[])] };
}

function createIndex(ctx: RouteContext): Outcome {
  const unknownQuery = ctx.settings.rejectUnknownFields ? rejectUnknownQuery(ctx.query, []) : undefined;
  if (unknownQuery) return unknownQuery;
  const parsed = jsonObjectBody(ctx);
  if (!parsed.ok) return parsed.error;
  const body = parsed.body;
  const unknown = unknownField(ctx, body, CREATE_FIELDS);
  if (unknown) return unknown;
  if (body.index_name === undefined || body.index_name === null) return parameterNotProvided('index_name');
  if (!validIndexName(body.index_name)) return parameterInvalid('index_name');
  if (body.models === undefined || body.models === null) return parameterNotProvided('models');
  const models = validateModels(ctx, body.models);
  if (!models.ok) return models.error;
  const addons = validateAddons(body.addons, models.models);
  if (!addons.ok) return addons.error;
  // Uniqueness is an exact, case-sensitive comparison of the name as sent [?]; the name is stored
  // untrimmed, as the API is not documented to normalise it.
  if (ctx.store.findByName(body.index_name)) return indexNameAlreadyExists(body.index_name);
  const index = ctx.store.create({
    name: body.index_name,
    models: models.models,
    addons: addons.addons,
    expires: ctx.settings.plan === 'free',
  });
  return json(201, { _id: index.id });
}

function listIndexes(ctx: RouteContext): Outcome {
  const parsed = parseFilteredListQuery(ctx.query, LIST_QUERY, ctx.settings.rejectUnknownFields);
  if (!parsed.ok) return parsed.error;
  const { list, createdAfter, updatedAfter } = parsed.value;

  let options: string[] | undefined;
  if (ctx.query.model_options !== undefined) {
    options = ctx.query.model_options.split(',').map((o) => o.trim());
    if (!options.every((o) => (MODEL_OPTIONS as readonly string[]).includes(o))) return parameterInvalid('model_options');
  }
  const family = ctx.query.model_family;
  if (family !== undefined && !(MODEL_FAMILIES as readonly string[]).includes(family)) return parameterInvalid('model_family');
  // The spec only says "Filter by the name of an index"; a case-insensitive substring match is
  // what a search box needs and the most likely reading [?].
  const needle = ctx.query.index_name?.toLowerCase();

  const matching = ctx.store.all().filter((index) => {
    if (needle !== undefined && !index.name.toLowerCase().includes(needle)) return false;
    // An index matches model_options when its models together cover every requested option [?].
    if (options !== undefined) {
      const have = new Set(index.models.flatMap((m) => m.model_options));
      if (!options.every((o) => have.has(o))) return false;
    }
    if (family !== undefined && !index.models.some((m) => familyOf(m.model_name) === family)) return false;
    // "at or after the given time" per the spec.
    if (createdAfter !== undefined && index.createdAt < createdAfter) return false;
    if (updatedAfter !== undefined && index.updatedAt < updatedAfter) return false;
    return true;
  });
  const page = paginate(sortItems(matching, list), list);
  return json(200, { data: page.data.map(toWireIndex), page_info: page.page_info });
}

function noQueryAllowed(ctx: RouteContext): Outcome | undefined {
  return ctx.settings.rejectUnknownFields ? rejectUnknownQuery(ctx.query, []) : undefined;
}

function retrieveIndex(ctx: RouteContext): Outcome {
  const found = lookupIndex(ctx);
  if (!found.ok) return found.error;
  const unknown = noQueryAllowed(ctx);
  if (unknown) return unknown;
  return json(200, toWireIndex(found.index));
}

/** 204 per the API page; the spec lists "200 Successful response" without content (see openapi.ts). */
function updateIndex(ctx: RouteContext): Outcome {
  const found = lookupIndex(ctx);
  if (!found.ok) return found.error;
  const unknownQuery = noQueryAllowed(ctx);
  if (unknownQuery) return unknownQuery;
  const parsed = jsonObjectBody(ctx);
  if (!parsed.ok) return parsed.error;
  const unknown = unknownField(ctx, parsed.body, UPDATE_FIELDS);
  if (unknown) return unknown;
  const name = parsed.body.index_name;
  if (name === undefined || name === null) return parameterNotProvided('index_name');
  if (!validIndexName(name)) return parameterInvalid('index_name');
  // Renaming an index to its own current name is a no-op rather than a conflict [?].
  const clash = ctx.store.findByName(name);
  if (clash && clash.id !== found.index.id) return indexNameAlreadyExists(name);
  ctx.store.rename(found.index, name);
  return noContent();
}

function deleteIndex(ctx: RouteContext): Outcome {
  const found = lookupIndex(ctx);
  if (!found.ok) return found.error;
  const unknownQuery = noQueryAllowed(ctx);
  if (unknownQuery) return unknownQuery;
  ctx.store.delete(found.index.id);
  return noContent();
}

/**
 * Paging, sorting and `filename` (case-insensitive substring [?]) are implemented. The range
 * filters (duration, fps, width, height, size) and the timestamp filters are accepted and ignored:
 * the extension does not use them. Unknown query keys cannot be refused here because the spec's
 * `user_metadata` filter turns arbitrary keys into filters.
 */
function listVideos(ctx: RouteContext): Outcome {
  const found = lookupIndex(ctx);
  if (!found.ok) return found.error;
  const params = parseListParams(ctx.query);
  if (!params.ok) return params.error;
  const needle = ctx.query.filename?.toLowerCase();
  const videos = found.index.videos.filter((v) => needle === undefined || v.filename.toLowerCase().includes(needle));
  const page = paginate(sortItems(videos, params.value), params.value);
  return json(200, { data: page.data.map(toWireVideo), page_info: page.page_info });
}

export const indexRoutes: Route[] = [
  { method: 'POST', pattern: '/indexes', handler: createIndex },
  { method: 'GET', pattern: '/indexes', handler: listIndexes },
  { method: 'GET', pattern: '/indexes/:indexId', handler: retrieveIndex },
  { method: 'PUT', pattern: '/indexes/:indexId', handler: updateIndex },
  { method: 'DELETE', pattern: '/indexes/:indexId', handler: deleteIndex },
  { method: 'GET', pattern: '/indexes/:indexId/videos', handler: listVideos },
];
