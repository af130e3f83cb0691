/**
 * GET /console: the web console (console/), a static page that talks to /v1 with the signed-in bearer token.
 * Built at registration when the sources changed since the last build (platform/console-build.ts), so `npm start`
 * serves it on a fresh clone; every asset is served from here (no CDN), under a strict Content-Security-Policy:
 * scripts and styles from this origin only, no inline code, requests to this origin only, no framing.
 *
 * The build (an index.html and two hashed assets, tens of KiB) is read into memory at registration, so a later
 * build from other sources (a developer's next start, a test run) may replace the folder under a running API.
 * Not in the OpenAPI document: it is a page, not part of the API.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ensureConsoleBuild } from '../../platform/console-build';
import { notFound, unavailable } from '../errors';

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

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

interface Asset {
  body: Buffer;
  type: string;
  etag: string;
  /** Asset names carry their content hash (cached for good); the page itself is checked on every load. */
  cacheControl: string;
}

function readBuild(dir: string): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  for (const name of readdirSync(dir)) {
    const type = TYPES[path.extname(name)];
    if (type === undefined) continue;
    const body = readFileSync(path.join(dir, name));
    assets.set(name, {
      body,
      type,
      etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
      cacheControl: name === 'index.html' ? 'no-cache' : 'public, max-age=31536000, immutable',
    });
  }
  if (!assets.has('index.html')) throw new Error(`${dir} has no index.html`);
  return assets;
}

export interface ConsoleOptions {
  /** A built console to serve instead of building one (tests). */
  dir?: string;
}

const consoleRoutes: FastifyPluginAsync<ConsoleOptions> = async (app, opts) => {
  let assets: Map<string, Asset> | undefined;
  try {
    let dir = opts.dir;
    if (dir === undefined) {
      const build = await ensureConsoleBuild();
      dir = build.dir;
      if (build.built) app.log.info({ dir }, 'console built');
    }
    assets = readBuild(dir);
  } catch (err) {
    // The API serves without its console rather than not at all.
    app.log.error({ err }, 'the console could not be built: GET /console answers 503');
  }

  app.addHook('onSend', async (_request, reply, payload) => {
    reply.headers(SECURITY_HEADERS);
    return payload;
  });

  const send = (name: string, request: FastifyRequest, reply: FastifyReply) => {
    if (!assets) throw unavailable('The console is not built: run npm run build:console and restart');
    const asset = assets.get(name);
    if (!asset) throw notFound(`No console file ${name}`);
    reply.header('etag', asset.etag).header('cache-control', asset.cacheControl);
    if (request.headers['if-none-match'] === asset.etag) return reply.code(304).send();
    return reply.type(asset.type).send(asset.body);
  };

  const hidden = { schema: { hide: true } };
  app.get('/console', hidden, (request, reply) => send('index.html', request, reply));
  app.get('/console/', hidden, (request, reply) => send('index.html', request, reply));
  app.get(
    '/console/:file',
    { schema: { hide: true, params: z.object({ file: z.string().max(200) }) } },
    (request, reply) => send((request.params as { file: string }).file, request, reply),
  );
};

export default consoleRoutes;
