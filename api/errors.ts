import type { ErrorBody, ErrorCode } from './schemas/common';

/** An answer to the client other than success; the error handler turns it into `{ error, message, details? }`. */
export class ApiError extends Error {
  override name = 'ApiError';

  constructor(
    readonly statusCode: number,
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }

  toBody(): ErrorBody {
    return this.details === undefined
      ? { error: this.code, message: this.message }
      : { error: this.code, message: this.message, details: this.details };
  }
}

export interface ValidationIssue {
  /** Dotted path inside the request part, e.g. "member.managerId"; "" for the part itself. */
  path: string;
  code: string;
  message: string;
}

export type RequestPart = 'body' | 'querystring' | 'params' | 'headers';

export function validationFailed(part: RequestPart, issues: ValidationIssue[]): ApiError {
  const first = issues[0];
  const where = first && first.path ? `${part}.${first.path}` : part;
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  return new ApiError(400, 'validation_failed', `Invalid ${where}: ${first?.message ?? 'invalid'}${more}`, {
    in: part,
    issues,
  });
}

export const unauthenticated = (message: string) => new ApiError(401, 'unauthenticated', message);
export const forbidden = (message: string) => new ApiError(403, 'forbidden', message);
export const notFound = (message: string) => new ApiError(404, 'not_found', message);
export const invalidTransition = (message: string) => new ApiError(409, 'invalid_transition', message);
export const idempotencyConflict = (message: string) => new ApiError(409, 'idempotency_conflict', message);
export const unavailable = (message: string) => new ApiError(503, 'unavailable', message);
