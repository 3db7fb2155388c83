// Checks requests and responses against the vendor's OpenAPI 3.1 document, so both the fake's
// answers and the client's requests are held to the published shapes rather than to our memory.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { ErrorObject, ValidateFunction } from 'ajv';

type Json = Record<string, unknown>;

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  schema?: Json;
}
interface MediaType {
  schema?: Json;
}
interface ResponseObject {
  content?: Record<string, MediaType>;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content?: Record<string, MediaType> };
  responses?: Record<string, ResponseObject>;
}
type PathItem = Record<string, Operation | Parameter[] | undefined> & { parameters?: Parameter[] };
interface OpenApiDoc {
  paths: Record<string, PathItem>;
  components: { schemas: Record<string, Json> };
}

export interface ValidateOptions {
  /**
   * The spec's schemas never say additionalProperties:false, so plain JSON Schema would accept any
   * misspelt field. By default we report properties (and query parameters) the spec does not
   * declare; pass true to get pure schema validation.
   */
  allowUnknown?: boolean;
}

export interface RequestToValidate {
  query?: Record<string, string | undefined>;
  /** Parsed JSON, or for multipart a field map (strings, or objects for files). */
  body?: unknown;
  /** Default application/json when a body is given. */
  contentType?: string;
  /** When given, required header parameters (x-api-key) are checked too. */
  headers?: Record<string, string | string[] | undefined>;
}

const SPEC_ID = 'https://fake.twelvelabs.test/openapi.json';
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

/** The directory holding package.json above `start`: works from test/fake and from out/test/fake. */
export function findRepoRoot(start: string = __dirname): string {
  let dir = start;
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${start}`);
    dir = parent;
  }
}

/** `TWELVELABS_OPENAPI` overrides, for a checkout without the shared folder beside it. */
export function specPath(): string {
  return process.env.TWELVELABS_OPENAPI ?? join(findRepoRoot(), '..', 'shared', 'twelvelabs-openapi.json');
}

let cached: { doc: OpenApiDoc; ajv: Ajv2020; validators: Map<string, ValidateFunction> } | undefined;

function at(root: unknown, path: string[]): Json {
  let node: unknown = root;
  for (const key of path) {
    if (typeof node !== 'object' || node === null || !(key in node)) {
      // Loud on purpose: a spec refresh that moves these must be looked at, not silently skipped.
      throw new Error(`openapi patch target missing: ${path.join(' > ')}`);
    }
    node = (node as Json)[key];
  }
  if (typeof node !== 'object' || node === null) throw new Error(`openapi patch target not an object: ${path.join(' > ')}`);
  return node as Json;
}

function queryParam(doc: OpenApiDoc, path: string, method: string, name: string): Json {
  const op = doc.paths[path]?.[method] as Operation | undefined;
  const param = op?.parameters?.find((p) => p.in === 'query' && p.name === name);
  if (!param?.schema) throw new Error(`openapi patch target missing: ${method} ${path} ?${name}`);
  return param.schema;
}

/**
 * Where the spec's schemas are weaker than its own prose (or than the API page), tighten them, so
 * that "validates" means what the prose says. Every patch cites its source.
 */
function applyErrata(doc: OpenApiDoc): void {
  // Index.expires_at description: "If you're on the Developer plan, this field is set to `null`".
  at(doc, ['components', 'schemas', 'Index', 'properties', 'expires_at']).type = ['string', 'null'];

  for (const path of ['/indexes', '/indexes/{index-id}/videos']) {
    // Descriptions: page default 1; page_limit "**Max**: `50`"; the two sort options listed.
    Object.assign(queryParam(doc, path, 'get', 'page'), { minimum: 1 });
    Object.assign(queryParam(doc, path, 'get', 'page_limit'), { minimum: 1, maximum: 50 });
    Object.assign(queryParam(doc, path, 'get', 'sort_by'), { enum: ['created_at', 'updated_at'] });
    Object.assign(queryParam(doc, path, 'get', 'sort_option'), { enum: ['asc', 'desc'] });
    Object.assign(queryParam(doc, path, 'get', 'created_at'), { format: 'date-time' });
    Object.assign(queryParam(doc, path, 'get', 'updated_at'), { format: 'date-time' });
  }
  Object.assign(queryParam(doc, '/indexes', 'get', 'model_family'), { enum: ['marengo', 'pegasus'] });
  Object.assign(queryParam(doc, '/indexes', 'get', 'model_options'), { pattern: '^(visual|audio)(,(visual|audio))*$' });

  // POST /indexes: name non-empty after trim (API page); models and their options per the descriptions
  // ("one or both of the following model options: visual and audio"; addons: only `thumbnail`).
  const create = at(doc, ['paths', '/indexes', 'post', 'requestBody', 'content', 'application/json', 'schema', 'properties']);
  Object.assign(create.index_name as Json, { pattern: '\\S' });
  Object.assign(create.models as Json, { minItems: 1 });
  Object.assign(create.addons as Json, { uniqueItems: true, items: { type: 'string', enum: ['thumbnail'] } });
  const modelItem = at(doc, ['components', 'schemas', 'IndexesPostRequestBodyContentApplicationJsonSchemaModelsItems', 'properties']);
  Object.assign(modelItem.model_name as Json, { minLength: 1 });
  Object.assign(modelItem.model_options as Json, { minItems: 1, uniqueItems: true, items: { type: 'string', enum: ['visual', 'audio'] } });
  const update = at(doc, ['paths', '/indexes/{index-id}', 'put', 'requestBody', 'content', 'application/json', 'schema', 'properties']);
  Object.assign(update.index_name as Json, { pattern: '\\S' });

  // The asset-era lists describe the same paging: default 1, "**Max**: `50`".
  const indexedAssets = '/indexes/{index-id}/indexed-assets';
  for (const path of ['/assets', '/assets/multipart-uploads', '/assets/multipart-uploads/{upload_id}', indexedAssets]) {
    Object.assign(queryParam(doc, path, 'get', 'page'), { minimum: 1 });
    Object.assign(queryParam(doc, path, 'get', 'page_limit'), { minimum: 1, maximum: 50 });
  }
  Object.assign(queryParam(doc, indexedAssets, 'get', 'sort_by'), { enum: ['created_at', 'updated_at'] });
  Object.assign(queryParam(doc, indexedAssets, 'get', 'sort_option'), { enum: ['asc', 'desc'] });
  Object.assign(queryParam(doc, indexedAssets, 'get', 'created_at'), { format: 'date-time' });
  Object.assign(queryParam(doc, indexedAssets, 'get', 'updated_at'), { format: 'date-time' });
  // Multipart: "1-255 characters" and "1-..." for total_size (vendor page); chunks "numbered starting
  // from 1"; "a maximum of 50 URLs in a single API call".
  const session = at(doc, ['components', 'schemas', 'CreateAssetUploadRequest', 'properties']);
  Object.assign(session.filename as Json, { minLength: 1, maxLength: 255 });
  Object.assign(session.total_size as Json, { minimum: 1 });
  Object.assign(at(doc, ['components', 'schemas', 'CompletedChunk', 'properties', 'chunk_index']), { minimum: 1 });
  Object.assign(at(doc, ['components', 'schemas', 'CompletedChunk', 'properties', 'chunk_size']), { minimum: 1 });
  Object.assign(at(doc, ['components', 'schemas', 'ReportChunkBatchRequest', 'properties', 'completed_chunks']), { minItems: 1 });
  // POST /search: page_limit "**Max**: `50`" (and at least one result a page).
  const search = at(doc, ['paths', '/search', 'post', 'requestBody', 'content', 'multipart/form-data', 'schema', 'properties']);
  Object.assign(search.page_limit as Json, { minimum: 1, maximum: 50 });
  const more = at(doc, ['components', 'schemas', 'RequestAdditionalPresignedURLsRequest', 'properties']);
  Object.assign(more.start as Json, { minimum: 1 });
  Object.assign(more.count as Json, { minimum: 1, maximum: 50 });

  // Analyze. A response schema "must adhere to the JSON Schema Draft 2020-12 specification": any
  // keyword of the user's, not properties of the spec's (which declares `properties: {}`).
  for (const name of ['SyncResponseFormatJsonSchema', 'AsyncResponseFormatJsonSchema', 'AnalyzeTaskResponseRequestParamsResponseFormatJsonSchema']) {
    at(doc, ['components', 'schemas', name]).additionalProperties = true;
  }
  // AnalyzeTemperature: "**Min:** 0 **Max:** 1"; max_tokens: the widest of the per-model ranges (2 .. 98,304).
  Object.assign(at(doc, ['components', 'schemas', 'AnalyzeTemperature']), { minimum: 0, maximum: 1 });
  const analyze = at(doc, ['paths', '/analyze', 'post', 'requestBody', 'content', 'application/json', 'schema', 'properties']);
  Object.assign(analyze.max_tokens as Json, { minimum: 2, maximum: 98_304 });
  const task = at(doc, ['components', 'schemas', 'CreateAsyncAnalyzeRequest', 'properties']);
  Object.assign(task.max_tokens as Json, { minimum: 2, maximum: 98_304 });
  // custom_id: "1–64 characters. Alphanumeric, hyphens (`-`), and underscores (`_`) only."
  Object.assign(task.custom_id as Json, { pattern: '^[A-Za-z0-9_-]{1,64}$' });
}

function load(): NonNullable<typeof cached> {
  if (cached) return cached;
  const doc = JSON.parse(readFileSync(specPath(), 'utf8')) as OpenApiDoc;
  applyErrata(doc);
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  // OpenAPI numeric and binary formats are annotations, not constraints.
  for (const f of ['double', 'float', 'int32', 'int64', 'binary', 'byte']) ajv.addFormat(f, true);
  ajv.addSchema({ ...doc, $id: SPEC_ID });
  cached = { doc, ajv, validators: new Map() };
  return cached;
}

/** Loaded spec with our errata applied (read-only by convention). */
export function loadSpec(): OpenApiDoc {
  return load().doc;
}

function pointer(segments: string[]): string {
  return '#/' + segments.map((s) => encodeURIComponent(s.replace(/~/g, '~0').replace(/\//g, '~1'))).join('/');
}

function validatorAt(segments: string[]): ValidateFunction {
  const { ajv, validators } = load();
  const ref = SPEC_ID + pointer(segments);
  let v = validators.get(ref);
  if (!v) {
    v = ajv.compile({ $ref: ref });
    validators.set(ref, v);
  }
  return v;
}

function formatErrors(errors: ErrorObject[] | null | undefined, where: string): string[] {
  return (errors ?? []).map((e) => `${where}${e.instancePath || ''}: ${e.message ?? e.keyword}${paramsText(e)}`);
}

function paramsText(e: ErrorObject): string {
  if (e.keyword === 'enum') return ` (${JSON.stringify((e.params as { allowedValues?: unknown }).allowedValues)})`;
  return '';
}

/**
 * Accepts a spec template ('/indexes/{index-id}'), another spelling of its parameters
 * ('/indexes/{id}'), or a concrete path ('/v1.3/indexes/65f0...?page=2'). Literal segments win
 * over parameters when both match.
 */
export function resolvePathTemplate(path: string): string | undefined {
  const { doc } = load();
  let p = path.replace(/^https?:\/\/[^/]+/, '').split('?')[0];
  if (p.startsWith('/v1.3/')) p = p.slice('/v1.3'.length);
  const given = p.split('/');
  let best: { template: string; score: number } | undefined;
  for (const template of Object.keys(doc.paths)) {
    const segs = template.split('/');
    if (segs.length !== given.length) continue;
    let score = 0;
    let ok = true;
    for (let i = 0; i < segs.length && ok; i++) {
      const isParam = /^\{[^}]+\}$/.test(segs[i]);
      if (segs[i] === given[i]) score += 1;
      else if (!(isParam && given[i].length > 0)) ok = false;
    }
    if (ok && (!best || score > best.score)) best = { template, score };
  }
  return best?.template;
}

function findOperation(method: string, path: string): { template: string; method: string; op: Operation; pathItem: PathItem } | string {
  const template = resolvePathTemplate(path);
  if (!template) return `no path in the spec matches ${path}`;
  const m = method.toLowerCase();
  const pathItem = load().doc.paths[template];
  const op = METHODS.includes(m) ? (pathItem[m] as Operation | undefined) : undefined;
  if (!op) return `${method.toUpperCase()} ${template} is not in the spec`;
  return { template, method: m, op, pathItem };
}

function resolveRef(schema: Json | undefined): Json | undefined {
  let s = schema;
  for (let guard = 0; s && typeof s.$ref === 'string' && guard < 32; guard++) {
    const ref = s.$ref;
    if (!ref.startsWith('#/')) return undefined;
    const segs = ref
      .slice(2)
      .split('/')
      .map((x) => decodeURIComponent(x).replace(/~1/g, '/').replace(/~0/g, '~'));
    let node: unknown = load().doc;
    for (const k of segs) node = typeof node === 'object' && node !== null ? (node as Json)[k] : undefined;
    s = typeof node === 'object' && node !== null ? (node as Json) : undefined;
  }
  return s;
}

function isPlainObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Properties the schema does not declare, wherever the schema is a plain object without composition,
 * or a `oneOf` with a `discriminator` (the alternative the value's discriminating property names).
 */
function unknownProperties(value: unknown, schemaIn: Json | undefined, where: string, out: string[]): void {
  const schema = resolveRef(schemaIn);
  if (schema && Array.isArray(schema.oneOf) && isPlainObject(schema.discriminator) && isPlainObject(value)) {
    const chosen = discriminated(schema.oneOf as Json[], schema.discriminator.propertyName, value);
    if (chosen) unknownProperties(value, chosen, where, out);
    return;
  }
  if (!schema || schema.oneOf || schema.anyOf || schema.allOf) return;
  if (isPlainObject(value) && isPlainObject(schema.properties)) {
    const props = schema.properties;
    for (const [k, v] of Object.entries(value)) {
      if (!(k in props)) {
        if (schema.additionalProperties === undefined) out.push(`${where}/${k}: property not declared in the spec`);
        continue;
      }
      unknownProperties(v, props[k] as Json, `${where}/${k}`, out);
    }
  } else if (Array.isArray(value) && isPlainObject(schema.items)) {
    const items = schema.items;
    value.forEach((item, i) => unknownProperties(item, items, `${where}/${i}`, out));
  }
}

/** The alternative whose `propertyName` enum holds the value's; undefined when none does. */
function discriminated(alternatives: Json[], propertyName: unknown, value: Json): Json | undefined {
  if (typeof propertyName !== 'string') return undefined;
  return alternatives
    .map((alternative) => resolveRef(alternative))
    .find((alternative) => {
      const props = alternative?.properties;
      const allowed = isPlainObject(props) ? resolveRef(props[propertyName] as Json | undefined)?.enum : undefined;
      return Array.isArray(allowed) && allowed.includes(value[propertyName]);
    });
}

/**
 * Errors of one event of a streamed `POST /analyze` (one NDJSON line) against `StreamAnalyzeResponse`;
 * [] when valid. Not against the 200 response's schema: that `oneOf` also offers
 * `NonStreamAnalyzeResponse`, which requires nothing, so every event would match both alternatives.
 */
export function validateStreamEvent(event: unknown, options: ValidateOptions = {}): string[] {
  const segments = ['components', 'schemas', 'StreamAnalyzeResponse'];
  const validate = validatorAt(segments);
  const errors = validate(event) ? [] : formatErrors(validate.errors, 'event');
  if (!options.allowUnknown) unknownProperties(event, at(load().doc, segments), 'event', errors);
  return errors;
}

function isEmptyBody(body: unknown): boolean {
  return body === undefined || body === null || body === '' || (Buffer.isBuffer(body) && body.length === 0);
}

/**
 * Errors of a response body against the spec's schema for method + path + status; [] when valid.
 * Pass the parsed JSON body (undefined / '' for none). A status the spec does not list is an
 * error, except 204 where the spec lists a content-less 200 (the API page documents 204 for
 * PUT/DELETE /indexes/{id}). For undocumented error statuses see validateErrorBody.
 */
export function validateResponse(method: string, path: string, status: number, body: unknown, options: ValidateOptions = {}): string[] {
  const found = findOperation(method, path);
  if (typeof found === 'string') return [found];
  const responses = found.op.responses ?? {};
  const key = [String(status), `${String(status)[0]}XX`, 'default'].find((k) => k in responses);
  if (key === undefined) {
    if (status === 204 && responses['200'] && !responses['200'].content) {
      return isEmptyBody(body) ? [] : ['response: 204 must have no body'];
    }
    return [`status ${status} is not documented for ${found.method.toUpperCase()} ${found.template}`];
  }
  const content = responses[key].content;
  if (!content || Object.keys(content).length === 0) {
    return isEmptyBody(body) ? [] : [`response: status ${status} is documented without a body`];
  }
  const mediaKey = 'application/json' in content ? 'application/json' : Object.keys(content)[0];
  if (!content[mediaKey].schema) return [];
  const validate = validatorAt(['paths', found.template, found.method, 'responses', key, 'content', mediaKey, 'schema']);
  const errors = validate(body) ? [] : formatErrors(validate.errors, 'response');
  if (!options.allowUnknown) unknownProperties(body, content[mediaKey].schema, 'response', errors);
  return errors;
}

/**
 * For statuses the spec omits (401, 403, 429 with a body): the documented general error shape
 * `{code: string, message: string, docs_url?: string}` (API page, "Errors and limits").
 */
export function validateErrorBody(body: unknown): string[] {
  if (!isPlainObject(body)) return ['error body: must be an object'];
  const errors: string[] = [];
  if (typeof body.code !== 'string' || body.code.length === 0) errors.push('error body/code: must be a non-empty string');
  if (typeof body.message !== 'string' || body.message.length === 0) errors.push('error body/message: must be a non-empty string');
  if (body.docs_url !== undefined && typeof body.docs_url !== 'string') errors.push('error body/docs_url: must be a string');
  for (const k of Object.keys(body)) {
    if (!['code', 'message', 'docs_url'].includes(k)) errors.push(`error body/${k}: property not declared`);
  }
  return errors;
}

function coerceQueryValue(raw: string, schema: Json | undefined): { ok: true; value: unknown } | { ok: false } {
  const type = resolveRef(schema)?.type;
  if (type === 'integer') return /^-?\d+$/.test(raw) ? { ok: true, value: Number(raw) } : { ok: false };
  if (type === 'number') return raw.trim() !== '' && !Number.isNaN(Number(raw)) ? { ok: true, value: Number(raw) } : { ok: false };
  if (type === 'boolean') return raw === 'true' || raw === 'false' ? { ok: true, value: raw === 'true' } : { ok: false };
  if (type === 'array') {
    // A repeated parameter (`status=ready&status=failed`) reaches us comma-joined (see server.ts).
    const items = raw.split(',').map((item) => coerceQueryValue(item, resolveRef(schema)?.items as Json | undefined));
    return items.every((item) => item.ok) ? { ok: true, value: items.map((item) => (item.ok ? item.value : undefined)) } : { ok: false };
  }
  return { ok: true, value: raw };
}

function mediaTypeOf(contentType: string | undefined): string {
  return (contentType ?? 'application/json').split(';')[0].trim().toLowerCase();
}

/**
 * Errors of a request (query parameters, JSON or multipart body, optionally headers) against
 * the spec's operation for method + path; [] when valid.
 */
export function validateRequest(method: string, path: string, request: RequestToValidate = {}, options: ValidateOptions = {}): string[] {
  const found = findOperation(method, path);
  if (typeof found === 'string') return [found];
  const errors: string[] = [];
  const params = [...(found.pathItem.parameters ?? []), ...(found.op.parameters ?? [])];
  const paramIndex = (p: Parameter): number => (found.op.parameters ?? []).indexOf(p);

  const query = Object.fromEntries(Object.entries(request.query ?? {}).filter(([, v]) => v !== undefined)) as Record<string, string>;
  const queryParams = params.filter((p) => p.in === 'query');
  // An object-typed query parameter with additionalProperties (user_metadata) turns any key into a filter.
  const freeForm = queryParams.some((p) => resolveRef(p.schema)?.type === 'object' && resolveRef(p.schema)?.additionalProperties !== undefined);
  for (const p of queryParams) {
    if (p.required && !(p.name in query)) errors.push(`query/${p.name}: required parameter missing`);
  }
  for (const [name, raw] of Object.entries(query)) {
    const p = queryParams.find((q) => q.name === name);
    if (!p) {
      if (!freeForm && !options.allowUnknown) errors.push(`query/${name}: parameter not declared in the spec`);
      continue;
    }
    const schema = resolveRef(p.schema);
    if (!schema || schema.type === 'object') continue; // deepObject encoding is not specified; not checked
    const coerced = coerceQueryValue(raw, schema);
    if (!coerced.ok) {
      errors.push(`query/${name}: ${JSON.stringify(raw)} is not a valid ${String(schema.type)}`);
      continue;
    }
    const i = paramIndex(p);
    const segments = i >= 0 ? ['paths', found.template, found.method, 'parameters', String(i), 'schema'] : undefined;
    if (!segments) continue;
    const validate = validatorAt(segments);
    if (!validate(coerced.value)) errors.push(...formatErrors(validate.errors, `query/${name}`));
  }

  if (request.headers) {
    const present = new Set(Object.keys(request.headers).filter((k) => request.headers?.[k] !== undefined).map((k) => k.toLowerCase()));
    for (const p of params) {
      if (p.in === 'header' && p.required && !present.has(p.name.toLowerCase())) errors.push(`header/${p.name}: required header missing`);
    }
  }

  const requestBody = found.op.requestBody;
  const content = requestBody?.content ?? {};
  if (request.body === undefined) {
    const schemas = Object.values(content).map((m) => resolveRef(m.schema));
    const needsBody = requestBody?.required === true || schemas.some((s) => Array.isArray(s?.required) && s.required.length > 0);
    if (requestBody && needsBody) errors.push('body: request body missing');
    return errors;
  }
  if (!requestBody) {
    errors.push(`body: ${found.method.toUpperCase()} ${found.template} takes no request body`);
    return errors;
  }
  const type = mediaTypeOf(request.contentType);
  const media = content[type];
  if (!media) {
    errors.push(`body: content type ${type} not accepted (spec: ${Object.keys(content).join(', ')})`);
    return errors;
  }
  if (type === 'multipart/form-data') {
    errors.push(...validateMultipart(request.body, resolveRef(media.schema), options));
    return errors;
  }
  if (!media.schema) return errors;
  const validate = validatorAt(['paths', found.template, found.method, 'requestBody', 'content', type, 'schema']);
  if (!validate(request.body)) errors.push(...formatErrors(validate.errors, 'body'));
  if (!options.allowUnknown) unknownProperties(request.body, media.schema, 'body', errors);
  return errors;
}

/**
 * Multipart parts are strings or files; check names, presence, the string spelling of types and
 * enums. A name given several times (the request log lists every value) must be an array in the
 * schema (`search_options`), or a `oneOf` that allows one (`query_media_url`).
 */
function validateMultipart(body: unknown, schema: Json | undefined, options: ValidateOptions): string[] {
  if (!isPlainObject(body)) return ['body: multipart body must be a field map'];
  const errors: string[] = [];
  const props = isPlainObject(schema?.properties) ? schema.properties : {};
  for (const name of Array.isArray(schema?.required) ? (schema.required as string[]) : []) {
    if (!(name in body)) errors.push(`body/${name}: required field missing`);
  }
  for (const [name, value] of Object.entries(body)) {
    const prop = resolveRef(props[name] as Json | undefined);
    if (!prop) {
      if (!options.allowUnknown) errors.push(`body/${name}: field not declared in the spec`);
      continue;
    }
    const alternatives = Array.isArray(prop.oneOf) ? (prop.oneOf as Json[]).map((s) => resolveRef(s) ?? {}) : [prop];
    const single = alternatives.find((s) => s.type !== 'array');
    const list = alternatives.find((s) => s.type === 'array');
    if (Array.isArray(value)) {
      if (!list) {
        errors.push(`body/${name}: given ${value.length} times, but it is not a list`);
        continue;
      }
      const items = resolveRef(list.items as Json | undefined) ?? {};
      (value as unknown[]).forEach((item, i) => errors.push(...multipartValue(`body/${name}/${i}`, item, items)));
    } else {
      errors.push(...multipartValue(`body/${name}`, value, single ?? resolveRef(list?.items as Json | undefined) ?? {}));
    }
  }
  return errors;
}

function multipartValue(where: string, value: unknown, prop: Json): string[] {
  if (prop.format === 'binary') {
    return isPlainObject(value) || typeof value === 'string' || Buffer.isBuffer(value) ? [] : [`${where}: must be a file`];
  }
  if (typeof value !== 'string') return [`${where}: must be a text field`];
  if (prop.type === 'boolean' && value !== 'true' && value !== 'false') return [`${where}: must be "true" or "false"`];
  if (prop.type === 'integer' || prop.type === 'number') {
    const number = Number(value);
    if (value.trim() === '' || Number.isNaN(number) || (prop.type === 'integer' && !Number.isInteger(number))) return [`${where}: must be a number`];
    if (typeof prop.minimum === 'number' && number < prop.minimum) return [`${where}: must be >= ${prop.minimum}`];
    if (typeof prop.maximum === 'number' && number > prop.maximum) return [`${where}: must be <= ${prop.maximum}`];
  }
  if (Array.isArray(prop.enum) && !prop.enum.includes(value)) return [`${where}: must be one of ${JSON.stringify(prop.enum)}`];
  return [];
}
