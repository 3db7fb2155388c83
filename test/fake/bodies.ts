// Request checks shared by the asset, multipart and indexed-asset handlers. indexes.ts and tasks.ts
// keep their own copies; these follow the same rules so every endpoint refuses the same way.
import { mediaType, type MultipartFields, type MultipartFile, type Outcome } from './http';
import { contentTypeInvalid, parameterInvalid, parameterUnknown } from './messages';
import { rejectUnknownQuery } from './paging';
import type { RouteContext } from './routes';

export const OBJECT_ID = /^[0-9a-f]{24}$/;

export type Checked<T> = { ok: true; value: T } | { ok: false; error: Outcome };

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function isFile(value: MultipartFields[string] | undefined): value is MultipartFile {
  return typeof value === 'object' && value !== null;
}

/** Unknown body fields: refused by default, like everywhere else in the fake (see README). */
export function unknownField(ctx: RouteContext, obj: Record<string, unknown>, allowed: readonly string[], prefix = ''): Outcome | undefined {
  if (!ctx.settings.rejectUnknownFields) return undefined;
  const unknown = Object.keys(obj).find((k) => !allowed.includes(k));
  return unknown === undefined ? undefined : parameterUnknown(prefix + unknown);
}

export function noQueryAllowed(ctx: RouteContext, allowed: readonly string[] = []): Outcome | undefined {
  return ctx.settings.rejectUnknownFields ? rejectUnknownQuery(ctx.query, allowed) : undefined;
}

/** A JSON object body; another content type is `content_type_invalid`, as on the JSON-only index endpoints. */
export function jsonObjectBody(ctx: RouteContext): Checked<Record<string, unknown>> {
  const type = mediaType(ctx.headers['content-type']);
  if (type !== 'application/json') return { ok: false, error: contentTypeInvalid('application/json') };
  if (ctx.body.kind === 'none') return { ok: true, value: {} };
  if (ctx.body.kind !== 'json' || !isPlainObject(ctx.body.value)) return { ok: false, error: parameterInvalid('body') };
  return { ok: true, value: ctx.body.value };
}

/** Values are `string`, `integer`, `float` or `boolean` per the spec's UserMetadata; `null` only where a PATCH deletes. */
export function userMetadataObject(value: unknown, name: string, allowNull = false): Checked<Record<string, string | number | boolean | null>> {
  if (!isPlainObject(value)) return { ok: false, error: parameterInvalid(name) };
  for (const v of Object.values(value)) {
    const scalar = typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)) || typeof v === 'boolean';
    if (!scalar && !(allowNull && v === null)) return { ok: false, error: parameterInvalid(name) };
  }
  return { ok: true, value: { ...(value as Record<string, string | number | boolean | null>) } };
}

/** The multipart spelling: a JSON-encoded string. */
export function userMetadataString(raw: unknown, name: string): Checked<Record<string, string | number | boolean>> {
  if (typeof raw !== 'string') return { ok: false, error: parameterInvalid(name) };
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return { ok: false, error: parameterInvalid(name) };
  }
  return userMetadataObject(value, name) as Checked<Record<string, string | number | boolean>>;
}

/** Multipart booleans are the strings "true" / "false"; anything else is a client bug. */
export function formBoolean(raw: MultipartFields[string] | undefined, name: string): Checked<boolean | undefined> {
  if (raw === undefined) return { ok: true, value: undefined };
  if (raw !== 'true' && raw !== 'false') return { ok: false, error: parameterInvalid(name) };
  return { ok: true, value: raw === 'true' };
}

export function jsonBoolean(raw: unknown, name: string): Checked<boolean | undefined> {
  if (raw === undefined) return { ok: true, value: undefined };
  if (typeof raw !== 'boolean') return { ok: false, error: parameterInvalid(name) };
  return { ok: true, value: raw };
}

export function isPositiveInteger(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 1;
}

/** `?force=true`-style query booleans, spelt exactly. */
export function queryBoolean(query: Record<string, string>, name: string): Checked<boolean | undefined> {
  const raw = query[name];
  if (raw === undefined) return { ok: true, value: undefined };
  if (raw !== 'true' && raw !== 'false') return { ok: false, error: parameterInvalid(name) };
  return { ok: true, value: raw === 'true' };
}

/** "1-255 characters" on the vendor's page for the multipart `filename`; applied to every filename we accept [?]. */
export function validFilename(v: unknown): v is string {
  return typeof v === 'string' && v.length >= 1 && v.length <= 255 && v.trim().length > 0;
}
