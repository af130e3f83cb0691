/**
 * What a browser may do with the API on a person's behalf. Behind the identity-aware proxy of a deployment
 * (README, Single sign-on), the proxy adds the bearer token to whatever the browser sends it, so the API is as
 * good as cookie-authenticated there: a page of another site could post an approval (a body-less POST with no
 * content type needs no CORS preflight) and the supervisor's browser would carry it. So the scope's writes are
 * taken only from this API's own pages (fetch metadata, else Origin) or from clients that are no browser page.
 * And its answers carry personal data: no browser or shared cache keeps them.
 */
import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { forbidden } from '../errors';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Whether a browser sent the request from a page of another origin (another site or a sibling subdomain). */
export function fromAnotherOrigin(request: FastifyRequest): boolean {
  // Browsers that send fetch metadata say where the request comes from ('none': typed, bookmarked).
  const site = request.headers['sec-fetch-site'];
  if (site !== undefined) return site !== 'same-origin' && site !== 'none';
  const origin = request.headers.origin;
  if (origin === undefined) return false;
  try {
    return new URL(origin).host !== request.headers.host;
  } catch {
    return true; // "null" (a sandboxed or local page) or garbage
  }
}

export interface BrowserGuardOptions {
  /** Refuse writes sent by a page of another origin (403). */
  sameOriginWrites: boolean;
}

export default fp<BrowserGuardOptions>(
  async (app, { sameOriginWrites }) => {
    if (sameOriginWrites) {
      app.addHook('onRequest', async (request) => {
        if (!SAFE_METHODS.has(request.method) && fromAnotherOrigin(request)) {
          throw forbidden(
            'This API takes actions only from its own pages or from clients that are not a web page of another site',
          );
        }
      });
    }
    app.addHook('onSend', async (_request, reply, payload) => {
      if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
      return payload;
    });
  },
  { name: 'browser-guards' },
);
