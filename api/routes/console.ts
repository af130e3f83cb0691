/**
 * GET /console: the web console (console/), a static page that talks to /v1 with the signed-in bearer token.
 * Built at registration when the sources changed since the last build (scripts/build-console.ts), so `npm start`
 * serves it on a fresh clone; every asset is served from here (no CDN), under a strict Content-Security-Policy:
 * scripts and styles from this origin only, no inline code, requests to this origin only, no framing.
 * Not in the OpenAPI document: it is a page, not part of the API.
 */
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { ensureConsoleBuild } from '../../scripts/build-console';
import { unavailable } from '../errors';

export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': CONSOLE_CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'x-frame-options': 'DENY',
};

export interface ConsoleOptions {
  /** A built console to serve instead of building one (tests). */
  dir?: string;
}

const consoleRoutes: FastifyPluginAsync<ConsoleOptions> = async (app, opts) => {
  let dir = opts.dir;
  if (dir === undefined) {
    try {
      const build = await ensureConsoleBuild();
      dir = build.dir;
      if (build.built) app.log.info({ dir }, 'console built');
    } catch (err) {
      // The API serves without its console rather than not at all.
      app.log.error({ err }, 'the console could not be built: GET /console answers 503');
    }
  }

  app.addHook('onSend', async (_request, reply, payload) => {
    reply.headers(SECURITY_HEADERS);
    return payload;
  });

  if (dir === undefined) {
    app.get('/console', { schema: { hide: true } }, async () => {
      throw unavailable('The console is not built: run npm run build:console and restart');
    });
    return;
  }

  await app.register(fastifyStatic, {
    root: dir,
    prefix: '/console/',
    // The file list is read once here: the folder of a build never changes.
    wildcard: false,
    index: false,
    cacheControl: false,
    setHeaders: (reply, file) => {
      // Asset names carry their content hash; the page itself is checked on every load.
      reply.header(
        'cache-control',
        file.endsWith('.html') ? 'no-cache' : 'public, max-age=31536000, immutable',
      );
    },
  });
  const page = (_request: unknown, reply: FastifyReply) => reply.sendFile('index.html');
  app.get('/console', { schema: { hide: true } }, page);
  app.get('/console/', { schema: { hide: true } }, page);
};

export default consoleRoutes;
