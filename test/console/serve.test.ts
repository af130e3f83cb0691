/**
 * GET /console and its assets: built by the project (platform/console-build.ts), served by the API itself with a
 * strict Content-Security-Policy, nothing loaded from elsewhere, and not part of the OpenAPI document.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import errors from '../../api/plugins/errors';
import consoleRoutes, { CONSOLE_CSP } from '../../api/routes/console';
import { consoleSourceHash, ensureConsoleBuild } from '../../platform/console-build';
import { routeAppSuite } from '../support/route-app';

// Serving the console needs no Temporal.
const h = routeAppSuite();

const get = (url: string) => h.app.inject({ url });

/** The local URLs the page loads: every src and href. */
function assetsOf(html: string): string[] {
  return [...html.matchAll(/\s(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
}

test('GET /console is the page, with a strict CSP, no inline script and only local assets', async () => {
  for (const url of ['/console', '/console/']) {
    const res = await get(url);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['content-security-policy']).toBe(CONSOLE_CSP);
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
  }
  expect(CONSOLE_CSP).toContain("script-src 'self'");
  expect(CONSOLE_CSP).toContain("connect-src 'self'");
  expect(CONSOLE_CSP).not.toContain('unsafe-inline');
  const html = (await get('/console')).body;
  // Every script has a src (no inline code), and no inline style attribute or element.
  expect(html.match(/<script\b[^>]*>/g)?.every((tag) => / src="/.test(tag))).toBe(true);
  expect(html).not.toMatch(/<style|\sstyle=/);
  const assets = assetsOf(html);
  expect(assets).toHaveLength(2);
  for (const asset of assets) expect(asset).toMatch(/^\/console\/app-[A-Z0-9]+\.(js|css)$/);
});

test('serves each asset with its type, cached for good (the name changes with the content), under the CSP', async () => {
  const assets = assetsOf((await get('/console')).body);
  for (const asset of assets) {
    const res = await get(asset);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(asset.endsWith('.js') ? /javascript/ : /text\/css/);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers['content-security-policy']).toBe(CONSOLE_CSP);
    // Nothing fetched from another origin: the only absolute URLs are XML namespace names inside preact.
    const urls = res.body.match(/https?:\/\/[^"'\s)]+/g) ?? [];
    expect(urls.filter((u) => !u.startsWith('http://www.w3.org/'))).toEqual([]);
  }
});

test('an unknown asset is a 404 in the contract shape', async () => {
  const res = await get('/console/app-NOPE.js');
  expect(res.statusCode).toBe(404);
  expect(res.json()).toMatchObject({ error: 'not_found' });
});

test('the console is a page, not an API operation: the OpenAPI document does not list it', async () => {
  const doc = (await get('/docs/json')).json() as { paths: Record<string, unknown> };
  expect(Object.keys(doc.paths).filter((p) => p.startsWith('/console'))).toEqual([]);
});

test('a build is reused while the sources are unchanged, and named after them', async () => {
  const first = await ensureConsoleBuild();
  const again = await ensureConsoleBuild();
  expect(again).toEqual({ dir: first.dir, built: false });
  expect(first.dir.endsWith(consoleSourceHash())).toBe(true);
});

test('answers 304 to a fresh copy (ETag)', async () => {
  const first = await get('/console');
  const again = await h.app.inject({
    url: '/console',
    headers: { 'if-none-match': first.headers.etag as string },
  });
  expect(again.statusCode).toBe(304);
  expect(again.body).toBe('');
});

/** An app with the contract's error handler and the console plugin on the given build folder. */
async function consoleApp(dir: string): Promise<FastifyInstance> {
  const small = Fastify();
  small.setValidatorCompiler(validatorCompiler);
  small.setSerializerCompiler(serializerCompiler);
  await small.register(errors);
  await small.register(consoleRoutes, { dir });
  await small.ready();
  return small;
}

test('keeps serving the build it started with when the folder is replaced under it', async () => {
  // Another process building other sources prunes this build's folder: the running API must not care.
  const { dir } = await ensureConsoleBuild();
  const copy = path.join(mkdtempSync(path.join(os.tmpdir(), 'console-build-')), 'build');
  cpSync(dir, copy, { recursive: true });
  const small = await consoleApp(copy);
  try {
    rmSync(copy, { recursive: true, force: true });
    const page = await small.inject({ url: '/console' });
    expect(page.statusCode).toBe(200);
    for (const asset of assetsOf(page.body))
      expect((await small.inject({ url: asset })).statusCode).toBe(200);
  } finally {
    await small.close();
    rmSync(path.dirname(copy), { recursive: true, force: true });
  }
});

test('without a build, GET /console is a 503 in the contract shape and the API still starts', async () => {
  const small = await consoleApp(path.join(os.tmpdir(), 'no-such-console-build'));
  try {
    const res = await small.inject({ url: '/console' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({
      error: 'unavailable',
      message: expect.stringContaining('build:console'),
    });
  } finally {
    await small.close();
  }
});
