/** The one error handler: every failure leaves as `{ error, message, details? }` with the contract's status. */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { ApiError, notFound, validationFailed, type RequestPart, type ValidationIssue } from '../errors';
import { fromTemporal } from '../temporal/errors';

const FASTIFY_STATUS_CODES: Record<number, ApiError['code']> = {
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
};

const FASTIFY_MESSAGES: Record<string, string> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'Send the body as application/json',
};

/** 64 KiB, 8 MiB: the limit as the route's own documentation states it. */
const inBinaryUnits = (bytes: number) =>
  bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MiB` : `${Math.round(bytes / 1024)} KiB`;

/** The route's own limit (the codec's is larger than the API's), not one figure for every route. */
const bodyTooLarge = (request: FastifyRequest) =>
  `The body is larger than the ${inBinaryUnits(request.routeOptions.bodyLimit)} this route accepts`;

function toApiError(err: FastifyError, request: FastifyRequest): ApiError {
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
      err.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
        ? bodyTooLarge(request)
        : (FASTIFY_MESSAGES[err.code] ?? err.message),
    );
  }
  return new ApiError(500, 'internal', 'Something went wrong on our side; it has been logged');
}

/** Route paths as the router knows them (`/v1/cases/:id`), and the methods each has. */
class RouteTable {
  private readonly routes = new Map<string, { pattern: RegExp; methods: Set<string> }>();

  add(url: string, methods: string | string[]): void {
    let route = this.routes.get(url);
    if (!route) {
      const source = url
        .split('/')
        .map((seg) =>
          seg.startsWith(':') ? '[^/]+' : seg === '*' ? '.*' : seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
        )
        .join('/');
      route = { pattern: new RegExp(`^${source}$`), methods: new Set() };
      this.routes.set(url, route);
    }
    for (const m of [methods].flat()) route.methods.add(m);
  }

  /** The methods the path has under any route, sorted; empty when no route has the path. */
  methodsOf(path: string): string[] {
    const methods = new Set<string>();
    for (const { pattern, methods: ms } of this.routes.values()) {
      if (pattern.test(path)) ms.forEach((m) => methods.add(m));
    }
    return [...methods].sort();
  }
}

/**
 * Answers for the Node HTTP parser's own rejections (headers over the 16 KiB limit, a request that is not
 * HTTP), which never reach Fastify's handlers: the contract's body instead of Fastify's default one.
 */
export function clientErrorHandler(this: FastifyInstance, err: NodeJS.ErrnoException, socket: Duplex): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, message] =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'The request line and headers are larger than the 16 KiB this API accepts']
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'The request did not arrive in time']
        : [400, 'The request is not valid HTTP'];
  // The parser's code only: its error carries the request's raw bytes (the bearer token, the body's personal data).
  this.log.info({ status, code: err.code }, 'rejected before routing');
  const body = JSON.stringify({ error: 'validation_failed', message });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(err);
}

export default fp(
  async (app) => {
    const routes = new RouteTable();
    app.addHook('onRoute', (route) => routes.add(route.url, route.method));

    /** No route: 405 with Allow when the path has other methods, else 404. */
    const noRoute = (request: FastifyRequest, reply: FastifyReply): ApiError => {
      const path = request.url.split('?')[0] ?? request.url;
      const allowed = routes.methodsOf(path);
      if (allowed.length === 0) return notFound(`No route ${request.method} ${path}`);
      reply.header('allow', allowed.join(', '));
      return new ApiError(
        405,
        'validation_failed',
        `${path} takes ${allowed.join(', ')}, not ${request.method}`,
      );
    };

    // Answered before the body is read: an unknown route never gets a 400/413/415 about its body.
    app.addHook('onRequest', async (request, reply) => {
      if (request.is404) throw noRoute(request, reply);
    });

    app.setErrorHandler((err: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      const apiError = toApiError(err, request);
      if (apiError.statusCode >= 500 && apiError.code === 'internal')
        request.log.error({ err }, 'unhandled error');
      else if (apiError.statusCode >= 500) request.log.warn({ err }, apiError.message);
      else request.log.info({ error: apiError.code, status: apiError.statusCode }, apiError.message);
      return reply.code(apiError.statusCode).send(apiError.toBody());
    });

    app.setNotFoundHandler(async (request, reply) => {
      throw noRoute(request, reply);
    });
  },
  { name: 'errors' },
);
