/**
 * The codec endpoint as the Temporal Web UI uses it, in a real browser (Debian's Chromium): an engineer signs in
 * on the API's /codec/session page, then a page of the UI's origin (same site: localhost) calls /codec/decode
 * with `credentials: 'include'`, as the UI does with "Include cross-origin credentials" on. The session cookie
 * (HttpOnly, SameSite=Strict) and CORS let exactly that through.
 */
import type { Browser, Page } from 'puppeteer-core';
import type { FastifyInstance } from 'fastify';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildApp } from '../../api/app';
import { launchBrowser } from '../console/browser';
import { TEST_PAYLOAD_KEYS } from '../support/temporal';
import { conciergeBody, openCase, policy, roster, startHarness, type Harness } from '../support/api-harness';

let h: Harness;
let app: FastifyInstance;
let ui: Server;
let browser: Browser;
let api: string;
let uiPort: number;
let payloads: { metadata: Record<string, string>; data: string }[];
const name = `Nangong Wan ${Date.now().toString(36)}`;

beforeAll(async () => {
  h = await startHarness();
  ui = createServer((_req, res) =>
    res.writeHead(200, { 'content-type': 'text/html' }).end('<p>Temporal UI</p>'),
  );
  await new Promise<void>((resolve) => ui.listen(0, '127.0.0.1', resolve));
  uiPort = (ui.address() as AddressInfo).port;
  app = await buildApp({
    client: h.env.client,
    roster,
    policy,
    namespace: 'default',
    temporalUiUrl: `http://localhost:${uiPort}`,
    payloadKeys: TEST_PAYLOAD_KEYS,
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  api = `http://localhost:${(app.server.address() as AddressInfo).port}`;

  const body = conciergeBody();
  body.member.name = name;
  const opened = await openCase(app, body);
  const { history } = await h.env.client.workflowService.getWorkflowExecutionHistory({
    namespace: 'default',
    execution: { workflowId: opened.id },
  });
  payloads = history!.events![0]!.workflowExecutionStartedEventAttributes!.input!.payloads!.map((p) => ({
    metadata: Object.fromEntries(
      Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
    ),
    data: Buffer.from(p.data ?? []).toString('base64'),
  }));
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await new Promise((resolve) => ui?.close(resolve));
  await h?.close();
});

/** What the Web UI's data encoder does, from a page of `origin`. */
function decodeFrom(page: Page, withCredentials: boolean) {
  return page.evaluate(
    async (url: string, body: string, include: boolean) => {
      try {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-Namespace': 'default' },
          body,
          ...(include ? { credentials: 'include' as const } : {}),
        });
        return { status: res.status, text: await res.text() };
      } catch (err) {
        return { status: 0, text: String(err) };
      }
    },
    `${api}/codec/decode`,
    JSON.stringify({ payloads }),
    withCredentials,
  );
}

test('an engineer signs in on the form, and the UI origin then decodes with the cookie', async () => {
  const page = await browser.newPage();
  await page.goto(`${api}/codec/session`);
  await page.type('input[name=token]', 'dev-eng-1-token-00000001');
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
  expect(await page.evaluate('document.body.textContent')).toContain('Signed in as eng-1 (engineer)');
  // HttpOnly: the page's scripts do not see it.
  expect(await page.evaluate('document.cookie')).toBe('');

  await page.goto(`http://localhost:${uiPort}/`);
  const withCookie = await decodeFrom(page, true);
  expect(withCookie.status).toBe(200);
  const decoded = JSON.parse(withCookie.text) as { payloads: { data: string }[] };
  expect(Buffer.from(decoded.payloads[0]!.data, 'base64').toString('utf8')).toContain(name);

  // Without "Include cross-origin credentials" the browser sends no cookie: 401.
  expect((await decodeFrom(page, false)).status).toBe(401);

  // Another site (127.0.0.1 is not localhost) gets neither the cookie nor a CORS answer it may read.
  await page.goto(`http://127.0.0.1:${uiPort}/`);
  const elsewhere = await decodeFrom(page, true);
  expect(elsewhere.status).toBe(0);
  expect(elsewhere.text).toContain('TypeError');
  await page.close();
});
