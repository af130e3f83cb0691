/**
 * Who is signed in to a console tab: a token kept while the API could not check it can still be dropped by whoever
 * uses the tab next, and a request of an earlier session answered 401 late signs the current one out of nothing; a
 * route taken as the console appears is not lost.
 */
import type { HTTPRequest } from 'puppeteer-core';
import { token } from '../support/tokens';
import { aria, signIn } from './browser';
import { newPage, storedItems, whileMeFails } from './console-actions';
import { consoleStack } from './console-stack';
import { intercept } from './intercept';

jest.setTimeout(240_000);

const { stack, step } = consoleStack();

describe('console sessions', () => {
  step('a token kept while the API could not check it can be dropped from the sign-in form', async () => {
    const page = await newPage(stack.browser);
    await signIn(page, stack.base, token('mgr-xinyao'));
    expect(await whileMeFails(page, () => page.reload())).toContain('unavailable');
    expect(await storedItems(page)).toEqual([1, 0]);
    await page.locator(`main.sign-in ${aria('Sign out', 'button')}`).click();
    await page.waitForSelector(`main.sign-in ${aria('Sign out', 'button')}`, { hidden: true });
    expect(await storedItems(page)).toEqual([0, 0]);
    await page.reload();
    await page.locator(aria('Sign in', 'button')).wait();
    expect(await page.$(`header ${aria('Sign out', 'button')}`)).toBeNull();
  });

  step('a link followed as the console appears after sign-in opens its page', async () => {
    const page = await newPage(stack.browser);
    // The hash changes in the very task that draws the signed-in console, before its effects have run.
    await page.evaluateOnNewDocument(() => {
      new MutationObserver((_records, observer) => {
        if (!document.querySelector('header.top')) return;
        observer.disconnect();
        location.hash = '#/board';
      }).observe(document, { childList: true, subtree: true });
    });
    await signIn(page, stack.base, token('sup-zheng'));
    const heading = await page.waitForFunction(
      () => document.querySelector('main h1')?.textContent === 'Team board',
      { timeout: 15_000 },
    );
    expect(heading).toBeTruthy();
    expect(page.url()).toMatch(/#\/board$/);
  });

  step('a 401 answered late to an earlier session’s request leaves the next session signed in', async () => {
    const page = await newPage(stack.browser);
    let held: HTTPRequest | undefined;
    let holding = false;
    await intercept(page, [
      async (req) => {
        if (!holding || held || !req.url().includes('/v1/managers/mgr-xinyao/queue')) return false;
        held = req; // the manager's queue poll, answered only after she signed out
        return true;
      },
    ]);
    await signIn(page, stack.base, token('mgr-xinyao'));
    holding = true;
    while (!held) await new Promise((resolve) => setTimeout(resolve, 200));
    await page.locator(`header ${aria('Sign out', 'button')}`).click();
    await page.locator(aria('Token', 'textbox')).fill(token('sup-zheng'));
    await page.locator(aria('Sign in', 'button')).click();
    await page.locator(`header ${aria('Sign out', 'button')}`).wait();
    await held.respond({
      status: 401,
      contentType: 'application/json',
      body: JSON.stringify({ error: 'unauthenticated', message: 'The token was rotated' }),
    });
    await page.waitForNetworkIdle({ idleTime: 1_000 });
    expect(await page.$(`header ${aria('Sign out', 'button')}`)).not.toBeNull();
    expect(await storedItems(page)).toEqual([1, 0]);
  });
});
