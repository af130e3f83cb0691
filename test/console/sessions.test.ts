/**
 * Who is signed in to a console tab: a token kept while the API could not check it can still be dropped by whoever
 * uses the tab next, and a request of an earlier session answered 401 late signs the current one out of nothing.
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
