/** The one error handler: every failure leaves as `{ error, message, details? }` with the contract's status. */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { ApiError, validationFailed, type RequestPart, type ValidationIssue } from '../errors';
import { fromTemporal } from '../temporal/errors';

const FASTIFY_STATUS_CODES: Record<number, ApiError['code']> = {
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
};

const FASTIFY_MESSAGES: Record<string, string> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'Send the body as application/json',
  FST_ERR_CTP_BODY_TOO_LARGE: 'The body is larger than the 64 KiB this API accepts',
};

function toApiError(err: FastifyError): ApiError {
  if (err instanceof ApiError) return err;
  if (err.validation) {
    const issues: ValidationIssue[] = err.validation.map((v) => ({
      path: v.instancePath.split('/').filter(Boolean).join('.'),
      code: v.keyword,
      message: v.message ?? 'invalid',
    }));
    return validationFailed((err.validationContext ?? 'body') as RequestPart, issues);
  }
  const temporal = fromTemporal(err);
  if (temporal) return temporal;
  // Fastify's own request errors: malformed JSON, empty JSON body, 413 body too large, 415 media type, bad URL...
  const status = err.statusCode;
  if (status !== undefined && status >= 400 && status < 500) {
    return new ApiError(
      status,
      FASTIFY_STATUS_CODES[status] ?? 'validation_failed',
      FASTIFY_MESSAGES[err.code] ?? err.message,
    );
  }
  return new ApiError(500, 'internal', 'Something went wrong on our side; it has been logged');
}

export default fp(
  async (app) => {
    app.setErrorHandler((err: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      const apiError = toApiError(err);
      if (apiError.statusCode >= 500 && apiError.code === 'internal')
        request.log.error({ err }, 'unhandled error');
      else if (apiError.statusCode >= 500) request.log.warn({ err }, apiError.message);
      else request.log.info({ error: apiError.code, status: apiError.statusCode }, apiError.message);
      return reply.code(apiError.statusCode).send(apiError.toBody());
    });

    app.setNotFoundHandler((request, reply) =>
      reply
        .code(404)
        .send({ error: 'not_found', message: `No route ${request.method} ${request.url.split('?')[0]}` }),
    );
  },
  { name: 'errors' },
);
