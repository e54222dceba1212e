import { ApiError, internalError, notFound } from './errors';

interface ValidationIssue {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
}

interface FrameworkError {
  code?: unknown;
  statusCode?: unknown;
  validation?: ValidationIssue[];
}

// Property names from the request are shown only when they look like field
// names; anything else could be a pasted secret and is described instead.
const quoteField = (name: unknown): string =>
  typeof name === 'string' && /^[A-Za-z0-9_.-]{1,64}$/.test(name) ? `"${name}"` : 'a field';

function fieldOf(issue: ValidationIssue): string | undefined {
  if (!issue.instancePath) return undefined;
  const path = issue.instancePath
    .split('/')
    .slice(1)
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.');
  return quoteField(path);
}

/** Names the offending field and the rule it broke, never the submitted value. */
export function describeValidation(issues: readonly ValidationIssue[]): string {
  const issue = issues[0];
  if (!issue) return 'Invalid request: the body does not match the schema.';
  const field = fieldOf(issue);
  const { params } = issue;
  let problem: string;
  switch (issue.keyword) {
    case 'required':
      problem = `${quoteField(params.missingProperty)} is required`;
      break;
    case 'additionalProperties':
      problem = `${quoteField(params.additionalProperty)} is not an accepted field`;
      break;
    case 'type':
      problem = field ? `${field} must be of type ${String(params.type)}` : 'the body must be a JSON object';
      break;
    case 'minLength':
      problem =
        params.limit === 1 ? `${field} must not be empty` : `${field} must be at least ${String(params.limit)} characters long`;
      break;
    case 'maxLength':
      problem = `${field} must be at most ${String(params.limit)} characters long`;
      break;
    default:
      problem = field ? `${field} is not valid` : 'the body does not match the schema';
  }
  return `Invalid request: ${problem}.`;
}

const BAD_BODY: Record<string, string> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'Invalid request: the body must be sent as Content-Type application/json.',
  FST_ERR_CTP_INVALID_TYPE: 'Invalid request: the body must be sent as Content-Type application/json.',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'Invalid request: the body is empty; send a JSON object.',
  FST_ERR_CTP_INVALID_JSON_BODY: 'Invalid request: the body is not valid JSON.',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'Invalid request: the Content-Length does not match the body.',
};

/**
 * Turns anything a request can throw into the contract's error answer.
 * Framework messages are never passed through: JSON parse errors quote the
 * body they failed on, which may contain a password.
 */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const framework = (error ?? {}) as FrameworkError;
  if (Array.isArray(framework.validation)) {
    return new ApiError(400, 'invalid_request', describeValidation(framework.validation));
  }
  const code = typeof framework.code === 'string' ? framework.code : '';
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE' || framework.statusCode === 413) {
    return new ApiError(413, 'payload_too_large', 'The request body is too large.');
  }
  const badBody = BAD_BODY[code];
  if (badBody) return new ApiError(400, 'invalid_request', badBody, { logNote: code });
  if (framework.statusCode === 404) return notFound();
  if (typeof framework.statusCode === 'number' && framework.statusCode >= 400 && framework.statusCode < 500) {
    return new ApiError(400, 'invalid_request', 'Invalid request: it could not be understood.', {
      logNote: code || undefined,
    });
  }
  return internalError();
}
