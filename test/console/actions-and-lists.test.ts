/**
 * The console in a real browser, beyond console.test.ts's walk-through: what the action forms refuse before
 * sending, where keyboard focus goes after an action, a refresh in flight during an action, lists longer than the
 * console reads, and dates and times as people read them away from UTC. Cases are put in their state through the
 * API; the console is used by the accessible names of its fields and buttons.
 */
import type { Page } from 'puppeteer-core';
import { eventually } from '../support/eventually';
import { request } from '../support/http-requests';
import { token } from '../support/tokens';
import { aria, signIn, textOf } from './browser';
import { blankRefusals } from './blank-forms';
import { actAs, giftsAwaitingApproval, openTrip } from './case-setup';
import { newPage, onPage, openDispute, propose, startReassign } from './console-actions';
import { consoleStack } from './console-stack';
import { focused, focusLandsOn } from './focus';
import { editedView, endlessLists, holdFirstListRead, holdFirstViewRead, intercept } from './intercept';

jest.setTimeout(240_000);

const { stack, step } = consoleStack();

/** Waits until the page's main content says something matching `pattern`. */
const mainSays = (page: Page, pattern: RegExp) =>
  eventually(
    `the page to say ${pattern}`,
    async () => pattern.test((await textOf(page, 'main')) ?? ''),
    onPage,
  );

/** A fresh page (nothing left over from another step) of `who`, signed in, on the console's page at `hash`. */
async function pageOf(who: string, hash: string): Promise<Page> {
  const page = await newPage(stack.browser);
  await signIn(page, stack.base, token(who));
  await page.goto(`${stack.base}/console${hash}`);
  return page;
}

describe('the console: forms, focus, refreshes, long lists and dates', () => {
  let disputeId: string;
  let giftIds: string[];

  step('the cases: a dispute with two gifts waiting for approval', async () => {
    disputeId = await openDispute(stack.base, 'm-fixes-1', 'Nina Fixes');
    giftIds = await giftsAwaitingApproval(stack.base, disputeId, [800, 900]);
  });

  step(
    'refuses text of spaces only in every required text field of every action form, before sending',
    async () => {
      // Three states, so that every form with a required text is offered somewhere: a case with compensations
      // waiting (Reject), one called back with nothing waiting (Resolve), one resolved (Reopen).
      const calledBack = await openDispute(stack.base, 'm-fixes-4', 'Pia Fixes');
      await actAs(stack.base, 'mgr-xinyao', calledBack, 'callback', {});
      const resolved = await openDispute(stack.base, 'm-fixes-5', 'Quinn Fixes');
      await actAs(stack.base, 'mgr-xinyao', resolved, 'callback', {});
      await actAs(stack.base, 'mgr-xinyao', resolved, 'resolve', { code: 'remedied', summary: 'chain sent' });
      const forms: string[] = [];
      for (const caseId of [disputeId, calledBack, resolved]) {
        const supervisor = await pageOf('sup-zheng', `#/cases/${caseId}`);
        await supervisor.locator(aria('Timeline', 'heading')).wait();
        const { refusals, posts } = await blankRefusals(supervisor);
        for (const { form, fields, stillOpen } of refusals) {
          // Refused in the browser, each field saying why by its label; the form stays open.
          expect([form, stillOpen]).toEqual([form, true]);
          for (const f of fields) {
            expect([form, f.name, f.valid, f.message]).toEqual([
              form,
              f.name,
              false,
              expect.stringMatching(/blank/),
            ]);
          }
        }
        expect(posts).toEqual([]);
        forms.push(...refusals.map((r) => r.form));
      }
      for (const form of [
        'Add note',
        'Propose compensation',
        'Escalate',
        'Reassign',
        'Resolve',
        'Reopen',
        'Cancel',
      ])
        expect(forms).toContain(form);
      expect(forms.filter((f) => f === 'Reject')).toHaveLength(2);
      expect(forms.some((f) => f.startsWith('Wait on'))).toBe(true);
    },
  );

  step('after a refused action, focus moves to the error in the form', async () => {
    const supervisor = await pageOf('sup-zheng', `#/cases/${disputeId}`);
    await propose(supervisor, 'instant_refund', '5000', 'More than the order price');
    await supervisor.waitForSelector('dialog[open] [role="alert"]');
    await focusLandsOn(supervisor, 'dialog[open] [role="alert"]');
    expect((await focused(supervisor)).text).toContain('limit_exceeded');
    await supervisor.locator(`dialog[open] ${aria('Discard', 'button')}`).click();
    await supervisor.waitForSelector('dialog[open]', { hidden: true });
  });

  step('after an action, focus moves to what it did: on the case page and in the inbox', async () => {
    const caseId = await openDispute(stack.base, 'm-fixes-2', 'Omar Fixes');
    const manager = await pageOf('mgr-xinyao', `#/cases/${caseId}`);
    await manager.locator(aria('Call back', 'button')).click();
    await manager.locator('dialog[open] textarea').wait();
    await manager.locator(`dialog[open] ${aria('Confirm', 'button')}`).click();
    await manager.waitForSelector('dialog[open]', { hidden: true });
    await focusLandsOn(manager, '[role="status"]');
    expect((await focused(manager)).text).toContain('Call back');

    // The inbox: the rejected row leaves the screen, the focus goes to what was done.
    const supervisor = await pageOf('sup-zheng', '#/approvals');
    const row = `tr[data-approval="${disputeId}/${giftIds[1]}"]`;
    await supervisor.locator(`${row} ${aria('Reject', 'button')}`).click();
    await supervisor.locator(aria('Reason', 'textbox')).fill('One gift is enough');
    await supervisor.locator(`dialog[open] ${aria('Confirm', 'button')}`).click();
    await supervisor.waitForSelector('dialog[open]', { hidden: true });
    await focusLandsOn(supervisor, '[role="status"]');
    expect((await focused(supervisor)).text).toContain('Reject');
  });

  step('a refresh in flight during an approval cannot put the approved row back', async () => {
    const page = await pageOf('sup-zheng', '#/approvals');
    const row = `tr[data-approval="${disputeId}/${giftIds[0]}"]`;
    await page.waitForSelector(row);
    // A refresh reads the case now, still waiting for approval; its answer arrives after the approval.
    const stale = holdFirstViewRead(disputeId);
    await intercept(page, [stale.rule]);
    await page.locator(aria('Refresh', 'button')).click();
    await stale.read;
    await page.locator(`${row} ${aria('Approve', 'button')}`).click();
    await page.locator(`dialog[open] ${aria('Confirm', 'button')}`).click();
    await page.waitForSelector('dialog[open]', { hidden: true });
    await stale.release();
    await page.waitForNetworkIdle({ idleTime: 500 });
    expect(await page.$(row)).toBeNull();
    expect(await page.$(`${row} ${aria('Approve', 'button')}`)).toBeNull();
  });

  step('a second Refresh while the inbox loads starts no second load beside it', async () => {
    const page = await pageOf('sup-zheng', '#/approvals');
    await page.locator(aria('Refresh', 'button')).wait();
    await page.waitForNetworkIdle({ idleTime: 500 });
    const inFlight = holdFirstListRead('in_progress');
    await intercept(page, [inFlight.rule]);
    await page.locator(aria('Refresh', 'button')).click();
    await inFlight.read;
    const isList = (r: { url(): string; method(): string }) =>
      r.method() === 'GET' && new URL(r.url()).pathname === '/v1/cases';
    const another = page.waitForRequest(isList, { timeout: 2_000 }).then(
      () => 'a second load',
      () => 'none',
    );
    await page.locator(aria('Refresh', 'button')).click();
    expect(await another).toBe('none');
    await inFlight.release();
    await page.waitForNetworkIdle({ idleTime: 500 });
  });

  step(
    'a board refresh in flight during a reassignment cannot put the case back with its old owner',
    async () => {
      const caseId = await openDispute(stack.base, 'm-fixes-6', 'Rui Fixes');
      const page = await pageOf('sup-zheng', '#/board');
      const under = (owner: string) => `section[aria-labelledby="owner-${owner}"] tr[data-case="${caseId}"]`;
      await page.waitForSelector(`${under('mgr-xinyao')} ${aria('Reassign', 'button')}`);
      // The next refresh lists the case with its owner now, and its answer arrives after the reassignment.
      const stale = holdFirstListRead('awaiting_callback');
      await intercept(page, [stale.rule]);
      await stale.read;
      await startReassign(page, under('mgr-xinyao'));
      await page.locator(aria('New owner (manager id)', 'combobox')).fill('mgr-lin');
      await page.locator(aria('Reason', 'textbox')).fill('Xinyao is on leave');
      await page.locator(`dialog[open] ${aria('Confirm', 'button')}`).click();
      await page.waitForSelector('dialog[open]', { hidden: true });
      // A fresh read follows the action, without waiting for the one in flight...
      await page.waitForSelector(under('mgr-lin'));
      // ...whose older answer, when it comes, is dropped.
      await stale.release();
      await page.waitForNetworkIdle({ idleTime: 500 });
      expect(await page.$(under('mgr-xinyao'))).toBeNull();
      expect(await page.$(under('mgr-lin'))).not.toBeNull();
    },
  );

  step(
    'a case list keeps its rows in place while names and summaries arrive, on a desktop and on a phone',
    async () => {
      for (const phone of [false, true]) {
        const page = await newPage(stack.browser);
        if (phone) await page.setViewport({ width: 390, height: 844, isMobile: true, hasTouch: true });
        const facts = holdFirstViewRead(disputeId); // holds every row's facts: they arrive together
        await intercept(page, [facts.rule]);
        await signIn(page, stack.base, token('eng-1'));
        const row = `tr[data-case="${disputeId}"]`;
        await page.waitForSelector(row);
        await facts.read;
        const rowBoxes = () =>
          page.$$eval('tr[data-case]', (rows) =>
            rows.map((r) => {
              const box = (
                r as unknown as { getBoundingClientRect(): { top: number; height: number } }
              ).getBoundingClientRect();
              return { top: Math.round(box.top), height: Math.round(box.height) };
            }),
          );
        const before = await rowBoxes();
        await facts.release();
        const named = async () =>
          (await textOf(page, `${row} a.case-link`)) === 'Nina Fixes' ? true : undefined;
        await eventually('the member name in the row', named, onPage);
        expect([phone, await rowBoxes()]).toEqual([phone, before]);
      }
    },
  );

  step('the board and the inbox say so when they stop at 1,000 cases', async () => {
    const page = await newPage(stack.browser);
    await intercept(page, [endlessLists]);
    await signIn(page, stack.base, token('sup-zheng'));
    await page.locator(aria('Team board', 'link')).click();
    await page.locator('#flt-tier').wait();
    await mainSays(page, /1,000/);
    expect(await textOf(page, 'main')).toMatch(/first 1,000 cases.*narrow the filter/is);
    await page.locator(aria('Approvals', 'link')).click();
    await page.locator(aria('Approvals', 'heading')).wait();
    await mainSays(page, /1,000/);
    expect(await textOf(page, 'main')).toMatch(/first 1,000 cases.*the rest/is);
  });

  step(
    'a proposal whose answer was lost goes again with its key, from a new dialog too: paid once',
    async () => {
      const caseId = await openDispute(stack.base, 'm-fixes-7', 'Sol Fixes');
      await actAs(stack.base, 'mgr-xinyao', caseId, 'callback', {});
      const page = await pageOf('mgr-xinyao', `#/cases/${caseId}`);
      const keys: string[] = [];
      await intercept(page, [
        async (req) => {
          if (req.method() !== 'POST' || !req.url().endsWith(`/${caseId}/compensations`)) return false;
          keys.push(req.headers()['idempotency-key'] ?? '');
          if (keys.length > 1) return false;
          // The API applies the first; its answer is lost on the way back.
          await fetch(req.url(), { method: 'POST', headers: req.headers(), body: req.postData() });
          await req.abort('failed');
          return true;
        },
      ]);
      const proposeGift = () => propose(page, 'goodwill_gift', '300', 'A scarf with the replacement');
      await proposeGift();
      await page.waitForSelector('dialog[open] [role="alert"]');
      expect(await textOf(page, 'dialog[open] [role="note"]')).toMatch(
        /got no answer and may have been done/,
      );
      await page.locator(`dialog[open] ${aria('Discard', 'button')}`).click();
      await page.waitForSelector('dialog[open]', { hidden: true });
      await proposeGift();
      await page.waitForSelector('dialog[open]', { hidden: true });
      expect(keys).toEqual([keys[0], keys[0]]);
      const { body: view } = await request(stack.base, 'GET', `/v1/cases/${caseId}`, token('sup-zheng'));
      const gifts = (view.compensations as { kind: string }[]).filter((c) => c.kind === 'goodwill_gift');
      expect(gifts).toHaveLength(1);
    },
  );

  step('dates are the dates they are west of UTC, and times say their zone', async () => {
    const tripId = await openTrip(stack.base, 'm-fixes-3', '2026-12-20');
    const departureOn = async (page: Page) => {
      await signIn(page, stack.base, token('mgr-xinyao'));
      await page.goto(`${stack.base}/console#/cases/${tripId}`);
      await page.locator(aria('Timeline', 'heading')).wait();
      return page.$$eval('dl.facts div', (divs) =>
        divs
          .map((d) => (d as unknown as { innerText: string }).innerText)
          .find((t) => t.startsWith('Departure date')),
      );
    };
    // As the API stores it now (the first instant of Dec 20 in Shanghai), and as an older trip holds it (the date
    // as sent): Dec 20 either way, in Los Angeles too.
    const older = await newPage(stack.browser);
    await older.emulateTimezone('America/Los_Angeles');
    await intercept(older, [
      editedView(tripId, (view) => ((view.details as Record<string, unknown>).departureDate = '2026-12-20')),
    ]);
    const page = await newPage(stack.browser);
    await page.emulateTimezone('America/Los_Angeles');
    for (const departure of [await departureOn(page), await departureOn(older)]) {
      expect(departure).toMatch(/Dec 20, 2026/);
      expect(departure).not.toMatch(/Dec 19|AM|PM/);
    }
    const opened = await page.$$eval('dl.facts div', (divs) =>
      divs.map((d) => (d as unknown as { innerText: string }).innerText).find((t) => t.startsWith('Opened')),
    );
    expect(opened).toMatch(/P[SD]T/);
    expect(await textOf(page, 'ol.timeline')).toMatch(/P[SD]T/);
  });
});
