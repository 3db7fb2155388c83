// Error codes and messages. Where /work/shared/twelvelabs-api.md quotes a string it is copied
// verbatim; where it only names a code, the message is our invention and says so.
import { apiError, type Outcome } from './http';

/** [doc] code and message, exact body [?]. Also used for a missing key: there is no other code. */
export const API_KEY_INVALID = {
  code: 'api_key_invalid',
  message:
    'API Key is either invalid or expired. Please check your API key or generate a new one from the dashboard and try again.',
} as const;

export function apiKeyInvalid(): Outcome {
  return apiError(401, API_KEY_INVALID.code, API_KEY_INVALID.message);
}

/** [doc] template "The {parameter} parameter is invalid." */
export function parameterInvalid(parameter: string): Outcome {
  return apiError(400, 'parameter_invalid', `The ${parameter} parameter is invalid.`);
}

/** The [doc] template followed by the reason, where one value is refused for a reason the client can act on. */
export function parameterInvalidBecause(parameter: string, reason: string): Outcome {
  return apiError(400, 'parameter_invalid', `The ${parameter} parameter is invalid. ${reason}`);
}

/** [doc] code; message invented in the style of parameter_invalid. */
export function parameterNotProvided(parameter: string): Outcome {
  return apiError(400, 'parameter_not_provided', `The ${parameter} parameter is required.`);
}

/** [doc] code; message invented. */
export function parameterUnknown(parameter: string): Outcome {
  return apiError(400, 'parameter_unknown', `The ${parameter} parameter is unknown.`);
}

/** [doc] code and message template "Resource with id {id} does not exist in {collection}." */
export function resourceNotExist(status: 400 | 404, id: string, collection: string): Outcome {
  return apiError(status, 'resource_not_exist', `Resource with id ${id} does not exist in ${collection}.`);
}

/** [doc] code and message; status 400 is the most likely [?]. */
export function indexNameAlreadyExists(name: string): Outcome {
  return apiError(
    400,
    'index_name_already_exists',
    `Index name ${name} already exists. Please use another unique name and try again.`,
  );
}

/** [seen] on /tasks for a JSON body; we apply the same code to JSON-only endpoints given another type. */
export function contentTypeInvalid(expected: string): Outcome {
  return apiError(400, 'content_type_invalid', `The Content-Type header must be ${expected}.`);
}

/** [seen] 403 for an id of another account; message invented. */
export const READ_NOT_ALLOWED = {
  code: 'read_not_allowed',
  message: 'You are not allowed to access this resource.',
} as const;

/** [doc] code; message invented. */
export const TOO_MANY_REQUESTS = {
  code: 'too_many_requests',
  message: 'You have exceeded the rate limit. Please wait and try again.',
} as const;

/**
 * The 409 of `DELETE /assets/{id}` is documented without a code; ours is invented, in the general
 * `{code, message}` shape [?].
 */
export function assetInUse(id: string, references: number): Outcome {
  return apiError(
    409,
    'asset_in_use',
    `The asset ${id} is referenced by ${references} indexed asset(s). Set the force parameter to true to delete it anyway.`,
  );
}

/**
 * Indexing an asset that is not `ready` (the spec: "The asset status must be `ready`"): no code is
 * documented, so the general `parameter_invalid` template, followed by the reason [?].
 */
export function assetNotReady(id: string, status: string, code: 'parameter_invalid' | 'asset_not_ready'): Outcome {
  const reason = `The asset ${id} is ${status}; only a ready asset can be indexed.`;
  return code === 'parameter_invalid' ? parameterInvalidBecause('asset_id', reason) : apiError(400, code, reason);
}

/** [doc] code (listed for /tasks); reused for every file limit of the asset endpoints [?]. */
export function fileTooLarge(limit: number): Outcome {
  return apiError(400, 'video_filesize_too_large', `The file is too large. The maximum size is ${limit} bytes.`);
}

/** A reported chunk whose proof is not the ETag the storage returned; code and message invented [?]. */
export function chunkProofInvalid(message: string): Outcome {
  return apiError(400, 'chunk_proof_invalid', message);
}

/** Code and message invented [?]: the spec has the `expired` status but no error for using such a session. */
export function uploadSessionExpired(uploadId: string): Outcome {
  return apiError(400, 'upload_session_expired', `The upload session ${uploadId} has expired. Create a new upload session.`);
}

/** Code and message invented [?]. */
export function uploadSessionNotActive(uploadId: string, status: string): Outcome {
  return apiError(400, 'upload_session_not_active', `The upload session ${uploadId} is ${status}; it accepts no more chunks.`);
}
