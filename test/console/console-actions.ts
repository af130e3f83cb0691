/**
 * What the console's browser test (console.test.ts) does besides its steps: a fresh page in a browser context of
 * its own, an action through its dialog, the timeline's text, how long a page is polled; and a dispute opened
 * through the API as the platform opens cases.
 */
import type { Browser, Page } from 'puppeteer-core';
import { caseBody } from '../support/case-fixtures';
import { request } from '../support/http-requests';
import { token } from '../support/tokens';
import { aria, textOf } from './browser';

/** How long and how often `eventually` polls the page. */
export const onPage = { timeoutMs: 60_000, intervalMs: 300 };

/** A page in a browser context of its own (so its own sign-in), whose waits may take long. */
export async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  // Every wait of a page (locators, selectors, navigation) may take this long: on a loaded 2-core CI machine a
  // case page's first render, which reads the case from its workflow, took more than puppeteer's default 30 s.
  page.setDefaultTimeout(90_000);
  return page;
}

/** Opens the action's dialog, lets `fill` fill it, confirms, and waits for the dialog to close. */
export async function act(page: Page, button: string, fill: () => Promise<void> = async () => undefined) {
  await page.locator(aria(button, 'button')).click();
  await page.locator('dialog[open]').wait();
  await fill();
  await page.locator(`dialog[open] ${aria('Confirm', 'button')}`).click();
  await page.waitForSelector('dialog[open]', { hidden: true });
}

/** Opens "Propose compensation", fills it and confirms; what follows (an answer, a refusal) is the caller's to wait for. */
export async function propose(page: Page, kind: string, yuan: string, reason: string): Promise<void> {
  await page.locator(aria('Propose compensation', 'button')).click();
  // The dialog opens on the next render: select() does not wait for its element, a locator does.
  await page.locator('dialog[open] select[name="kind"]').wait();
  await page.select('dialog[open] select[name="kind"]', kind);
  await page.locator(aria('Amount (CNY)', 'textbox')).fill(yuan);
  await page.locator(aria('Reason', 'textbox')).fill(reason);
  await page.locator(`dialog[open] ${aria('Confirm', 'button')}`).click();
}

export const timelineText = (page: Page) => textOf(page, 'ol.timeline');
const member = (id: string, name: string) => ({
  id,
  name,
  tier: 'super',
  credit: 'good',
  managerId: 'mgr-xinyao',
});

/** Opens a dispute for a super-tier member of mgr-xinyao, through the API at `base` as the platform; its id. */
export async function openDispute(base: string, memberId: string, name: string): Promise<string> {
  const res = await request(base, 'POST', '/v1/cases', token('app'), {
    ...caseBody('dispute', { details: { orderId: `o-${memberId}` } }),
    member: member(memberId, name),
  });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

/** Signs in with a token the API refuses; the error the form shows (the form stays). */
export async function refusedSignIn(page: Page, base: string, token: string): Promise<string | undefined> {
  await page.goto(`${base}/console`);
  await page.locator(aria('Token', 'textbox')).fill(token);
  await page.locator(aria('Sign in', 'button')).click();
  await page.waitForSelector('[role="alert"]');
  return textOf(page, '[role="alert"]');
}

/** How many items the page's session storage and local storage hold. */
export const storedItems = (page: Page): Promise<number[]> =>
  page.evaluate(() => {
    const w = globalThis as unknown as Record<'sessionStorage' | 'localStorage', { length: number }>;
    return [w.sessionStorage.length, w.localStorage.length];
  });

/**
 * Runs `navigate` with the page's documents seeing `GET /v1/me` answered 503 (as while the API restarts), until
 * the sign-in form shows the error; that error's text.
 */
export async function whileMeFails(
  page: Page,
  navigate: () => Promise<unknown>,
): Promise<string | undefined> {
  const { identifier } = await page.evaluateOnNewDocument(() => {
    const w = globalThis as unknown as { fetch: (input: unknown, init?: unknown) => Promise<unknown> };
    const fetchFromApi = w.fetch.bind(w);
    const body = JSON.stringify({
      error: 'unavailable',
      message: 'Temporal is unreachable; try again shortly',
    });
    w.fetch = (input, init) =>
      String(input).endsWith('/v1/me')
        ? Promise.resolve(
            new Response(body, { status: 503, headers: { 'content-type': 'application/json' } }),
          )
        : fetchFromApi(input, init);
  });
  try {
    await navigate();
    await page.waitForSelector('[role="alert"]');
    return await textOf(page, '[role="alert"]');
  } finally {
    await page.removeScriptToEvaluateOnNewDocument(identifier);
  }
}

/** Presses Reassign in `row`; the owners its dialog suggests. */
export async function startReassign(page: Page, row: string): Promise<string[]> {
  await page.locator(`${row} ${aria('Reassign', 'button')}`).click();
  await page.waitForSelector('dialog[open] datalist#owners option');
  return page.$$eval('dialog[open] datalist#owners option', (options) =>
    options.map((o) => o.getAttribute('value') ?? ''),
  );
}

/** Reassigns a case through the API as a supervisor, as the team board does. */
export async function reassign(base: string, caseId: string, managerId: string): Promise<void> {
  const res = await request(
    base,
    'POST',
    `/v1/cases/${caseId}/reassign`,
    token('sup-zheng'),
    { managerId, reason: 'reassigned from the test' },
    { 'idempotency-key': `reassign-${caseId}-${managerId}` },
  );
  expect(res.status).toBe(200);
}

/** Opens a dispute as `openDispute` does and cancels it through the API as a supervisor; its id. */
export async function cancelledDispute(base: string, memberId: string, name: string): Promise<string> {
  const id = await openDispute(base, memberId, name);
  const res = await request(
    base,
    'POST',
    `/v1/cases/${id}/cancel`,
    token('sup-zheng'),
    { reason: 'the member withdrew' },
    { 'idempotency-key': `cancel-${id}` },
  );
  expect(res.status).toBe(200);
  return id;
}

/**
 * The choices a case page offers for waiting and for a third party's answer: the wait buttons' names, and the
 * answers in the answer form's list (opened, read and discarded).
 */
export async function offeredChoices(page: Page): Promise<{ waits: string[]; answers: string[] }> {
  const waits = await page.$$eval('[aria-label="Case actions"] button', (buttons) =>
    buttons.map((b) => (b as unknown as { innerText: string }).innerText).filter((t) => t.startsWith('Wait')),
  );
  await page.locator(aria('Record third-party answer', 'button')).click();
  await page.locator('dialog[open] select[name="answer"]').wait();
  const answers = await page.$$eval('dialog[open] select[name="answer"] option', (options) =>
    options.map((o) => (o as unknown as { innerText: string }).innerText),
  );
  await page.locator(`dialog[open] ${aria('Discard', 'button')}`).click();
  await page.waitForSelector('dialog[open]', { hidden: true });
  return { waits, answers };
}
