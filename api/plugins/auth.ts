/**
 * Bearer tokens -> roster principals, and the role gate of each route (`config.roles`).
 * Registered inside /v1 only: every route there must name its roles, and one that does not is closed.
 * Per-case rules (is this manager the assignee?) live with the case: in the workflow's update validators,
 * or in the route once the case view is known.
 */
import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { MIN_TOKEN_LENGTH, type Roster } from '../../config/roster';
import type { Actor, Role } from '../../workflows/domain';
import { forbidden, unauthenticated } from '../errors';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Roles allowed to call the route at all. */
    roles?: readonly Role[];
  }
  interface FastifyRequest {
    /** The authenticated caller; set on every /v1 request that reaches a handler. */
    principal: Actor;
  }
}

/** A token shorter than the roster's minimum is refused before any lookup: a hashed roster entry cannot say its length. */
const BEARER = new RegExp(`^Bearer +([\\x21-\\x7e]{${MIN_TOKEN_LENGTH},}) *$`, 'i');

/** The principal of a request's bearer token; 401 without one or with an unknown one. */
export function authenticate(request: FastifyRequest, roster: Roster): Actor {
  const header = request.headers.authorization;
  if (header === undefined) throw unauthenticated('Send Authorization: Bearer <token>');
  const token = BEARER.exec(header)?.[1];
  const principal = token === undefined ? undefined : roster.byTokenValue(token);
  if (principal === undefined) throw unauthenticated('Unknown or malformed bearer token');
  return { id: principal.id, role: principal.role };
}

export default fp<{ roster: Roster }>(
  async (app, { roster }) => {
    app.decorateRequest('principal', null as unknown as Actor);
    app.addHook('onRequest', async (request) => {
      request.principal = authenticate(request, roster);
      const roles = request.routeOptions.config.roles ?? [];
      if (!roles.includes(request.principal.role)) {
        throw forbidden(
          `The ${request.principal.role} role may not ${request.method} ${request.routeOptions.url ?? request.url}`,
        );
      }
    });
  },
  { name: 'auth' },
);
