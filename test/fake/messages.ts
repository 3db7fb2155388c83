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
