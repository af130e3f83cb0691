/**
 * A plugged-in type reaches clients at run time: `GET /v1/case-types` lists it after the shipped five, and the
 * console's team board offers it as a type filter (in a real browser, against an API built with `pet_care`).
 */
import path from 'node:path';
import type { Browser } from 'puppeteer-core';
import { ensureChromium } from '../../toolchain/chromium';
import { aria, launchBrowser, signIn, textOf } from '../console/browser';
import { newPage } from '../console/console-actions';
import { call, harnessSuite } from '../support/api-harness';
import { token } from '../support/tokens';
import { petCare } from './pet-care';

jest.setTimeout(120_000);

const CHROMIUM = ensureChromium();

const h = harnessSuite({
  caseTypes: [petCare],
  workflowsPath: path.resolve(__dirname, 'pet-care-workflows.ts'),
});

let browser: Browser | undefined;
afterAll(async () => {
  await browser?.close();
});

test('GET /v1/case-types lists the shipped types, then the plugged-in one; any role, with a token', async () => {
  const types = await call(h.app, 'eng-1', 'GET', '/v1/case-types');
  expect(types.status).toBe(200);
  expect(types.body.items.map((t: { type: string }) => t.type)).toEqual([
    'dispute',
    'lost_goods',
    'visa_help',
    'travel_cancellation',
    'concierge',
    'pet_care',
  ]);
  expect((await call(h.app, 'app', 'GET', '/v1/case-types')).status).toBe(200);
  const anonymous = await h.app.inject({ method: 'GET', url: '/v1/case-types' });
  expect(anonymous.statusCode).toBe(401);
  expect(anonymous.json()).toMatchObject({ error: 'unauthenticated' });
});

test("the team board's type filter offers the plugged-in type, and filters by it", async () => {
  const address = await h.app.listen({ host: '127.0.0.1', port: 0 });
  browser = await launchBrowser(CHROMIUM);
  const page = await newPage(browser);
  await signIn(page, address, token('sup-zheng'));
  await page.locator(aria('Team board', 'link')).click();
  const option = await page.waitForSelector('#flt-type option[value="pet_care"]');
  expect(await option!.evaluate((n) => (n as unknown as { textContent: string }).textContent)).toBe(
    'Pet care',
  );
  const listed = page.waitForResponse((r) => r.url().includes('type=pet_care'));
  await page.select('#flt-type', 'pet_care');
  expect((await listed).status()).toBe(200);
  await page.locator(aria('Team board', 'heading')).wait();
  expect(await textOf(page, 'main')).not.toContain('Could not refresh the board');
});
