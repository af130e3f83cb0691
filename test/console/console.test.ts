/**
 * The console in a real browser (Debian's Chromium, headless, driven by puppeteer-core) against the whole
 * system started with `npm start` in its own DATA_DIR, on the dev roster and the default policy. Cases are
 * opened through the API as the system principal; everything else is done the way people do it, by the
 * accessible names of the console's fields and buttons. A failing step leaves screenshots of every open page.
 */
import type { Page } from 'puppeteer-core';
import { eventually } from '../support/eventually';
import { token } from '../support/tokens';
import { aria, signIn, textOf } from './browser';
import {
  act,
  cancelledDispute,
  newPage,
  offeredChoices,
  onPage,
  openDispute,
  propose,
  reassign,
  refusedSignIn,
  startReassign,
  storedItems,
  timelineText,
  whileMeFails,
} from './console-actions';
import { consoleStack } from './console-stack';

jest.setTimeout(240_000);

const { stack, step } = consoleStack();

describe('the console in a browser', () => {
  let manager: Page;
  let caseId: string;
  let compensationId: string;

  step(
    'a manager signs in; a new case appears in the queue without a reload, counted in the tab title',
    async () => {
      manager = await newPage(stack.browser);
      // A token the roster does not know: the API's 401 message, and the form stays.
      expect(await refusedSignIn(manager, stack.base, 'not-a-roster-token-0000')).toContain(
        'unauthenticated',
      );
      await signIn(manager, stack.base, token('mgr-xinyao'));
      await manager.locator(aria('My queue', 'heading')).wait();
      // The token is kept in this tab's session storage, nowhere else.
      expect(await storedItems(manager)).toEqual([1, 0]);
      expect(await manager.browserContext().cookies()).toEqual([]);
      await manager.evaluate(() => ((globalThis as Record<string, unknown>).stillTheSamePage = true));

      caseId = await openDispute(stack.base, 'm-console-1', 'Lily Console');
      const row = `tr[data-case="${caseId}"]`;
      await manager.waitForSelector(row);
      expect(await manager.evaluate(() => (globalThis as Record<string, unknown>).stillTheSamePage)).toBe(
        true,
      );
      await eventually(
        'the tab title to count the callback',
        async () => ((await manager.title()) === '(1) Concierge console' ? true : undefined),
        onPage,
      );
      expect(await textOf(manager, row)).toMatch(/Super.*Dispute.*Awaiting callback/s);
      // The member's name fills in from the case; the countdown to the callback runs.
      await eventually(
        'the member name in the row',
        async () => ((await textOf(manager, row))?.includes('Lily Console') ? true : undefined),
        onPage,
      );
      const first = await textOf(manager, `${row} time.countdown`);
      expect(first).toMatch(/^in \d+ m \d\d s$/);
      await eventually(
        'the countdown to tick',
        async () => ((await textOf(manager, `${row} time.countdown`)) !== first ? true : undefined),
        onPage,
      );
    },
  );

  step('calls back, then adds a note with the keyboard only', async () => {
    await manager.locator(`tr[data-case="${caseId}"] a.case-link`).click();
    await manager.locator(aria('Timeline', 'heading')).wait();
    expect(await textOf(manager, 'main')).toContain('Lily Console');

    await act(manager, 'Call back', () =>
      manager.locator(aria('Note (optional)', 'textbox')).fill('Reached Lily; the chain is missing'),
    );
    await eventually(
      'the callback on the timeline',
      async () => ((await timelineText(manager))?.includes('Reached Lily') ? true : undefined),
      onPage,
    );
    expect(await textOf(manager, '.case-badges')).not.toContain('Awaiting callback');
    // The dispute now waits on the merchant: only the waits and answers the API would take are offered.
    const offered = { waits: ['Wait on member'], answers: ['Merchant accepted', 'Merchant refused'] };
    expect(await offeredChoices(manager)).toEqual(offered);
    await eventually(
      'the tab title to drop the count',
      async () => ((await manager.title()) === 'Concierge console' ? true : undefined),
      onPage,
    );

    // Keyboard: focus the button, Enter opens the form with focus in its field, Tab reaches Confirm.
    await manager.locator(aria('Add note', 'button')).wait();
    await manager.$eval(aria('Add note', 'button'), (b) => (b as unknown as { focus(): void }).focus());
    await manager.keyboard.press('Enter');
    await manager.locator('dialog[open] textarea').wait();
    await manager.keyboard.type('Merchant wants photos of the packaging');
    await manager.keyboard.press('Tab');
    await manager.keyboard.press('Enter');
    await manager.waitForSelector('dialog[open]', { hidden: true });
    await eventually(
      'the note on the timeline, newest first',
      async () => {
        const first = await textOf(manager, 'ol.timeline li');
        return first?.includes('Merchant wants photos of the packaging') ? true : undefined;
      },
      onPage,
    );
  });

  step("shows the API's error body when it refuses an action, and keeps the form", async () => {
    await propose(manager, 'instant_refund', '5000', 'More than the order price');
    const alert = await manager.waitForSelector('dialog[open] [role="alert"]');
    const shown = await alert!.evaluate((n) => (n as unknown as { innerText: string }).innerText);
    expect(shown).toContain('limit_exceeded');
    await manager.locator(`dialog[open] ${aria('Discard', 'button')}`).click();
    await manager.waitForSelector('dialog[open]', { hidden: true });
    expect(await textOf(manager, '#comp-title + *')).toContain('None proposed');
  });

  step("proposes a gift above the manager's authority: it waits for approval", async () => {
    await act(manager, 'Propose compensation', async () => {
      await manager.locator('dialog[open] select[name="kind"]').wait();
      await manager.select('dialog[open] select[name="kind"]', 'goodwill_gift');
      await manager.locator(aria('Amount (CNY)', 'textbox')).fill('800');
      await manager.locator(aria('Reason', 'textbox')).fill('Flowers for the anniversary');
    });
    const item = await manager.waitForSelector('li[data-compensation]');
    compensationId = await item!.evaluate(
      (n) => (n as unknown as { dataset: { compensation: string } }).dataset.compensation,
    );
    const text = await textOf(manager, `li[data-compensation="${compensationId}"]`);
    expect(text).toContain('¥800.00');
    expect(text).toContain('Pending approval');
    // The manager may not approve it: no Approve button for them.
    expect(await manager.$(`li[data-compensation] ${aria('Approve', 'button')}`)).toBeNull();
  });

  step('a supervisor approves it from the approvals inbox', async () => {
    await openDispute(stack.base, 'm-console-3', 'Rose Console'); // open, with nothing waiting: the inbox skips it
    const supervisor = await newPage(stack.browser);
    await signIn(supervisor, stack.base, token('sup-zheng'));
    await supervisor.locator(aria('Approvals', 'link')).click();
    await supervisor.locator(aria('Approvals', 'heading')).wait();
    const row = `tr[data-approval="${caseId}/${compensationId}"]`;
    await supervisor.waitForSelector(row);
    // the inbox read only the case with a compensation waiting, not every open case
    expect(await textOf(supervisor, 'main > p')).toContain(
      '1 waiting for your approval, oldest first (1 open case has a compensation waiting)',
    );
    const text = await textOf(supervisor, row);
    expect(text).toContain('¥800.00');
    expect(text).toContain('Goodwill gift');
    expect(text).toMatch(/authority/); // the rule that sent it here
    expect(text).toMatch(/mgr-xinyao, \d+ (s|m \d\d s) ago/);
    await supervisor.locator(`${row} ${aria('Approve', 'button')}`).click();
    await supervisor.locator(aria('Note (optional)', 'textbox')).fill('Fine for an anniversary');
    await supervisor.locator(`dialog[open] ${aria('Confirm', 'button')}`).click();
    await supervisor.waitForSelector('dialog[open]', { hidden: true });
    await supervisor.waitForSelector(row, { hidden: true });
  });

  step('the manager sees it executed, approved by the supervisor, without a reload', async () => {
    const item = `li[data-compensation="${compensationId}"]`;
    await eventually(
      'the compensation executed',
      async () => {
        const text = await textOf(manager, item);
        return text?.includes('Executed') ? text : undefined;
      },
      onPage,
    );
    expect(await textOf(manager, item)).toContain('approved by sup-zheng');
    expect(await textOf(manager, '.totals')).toContain('¥800.00');
  });

  step('an engineer reads every page without a single action button, with the Temporal UI link', async () => {
    const engineer = await newPage(stack.browser);
    await signIn(engineer, stack.base, token('eng-1'));
    await engineer.locator(aria('All cases', 'heading')).wait();
    await engineer.waitForSelector(`tr[data-case="${caseId}"]`);
    expect(await engineer.$$('main button')).toHaveLength(0);
    await engineer.locator(`tr[data-case="${caseId}"] a.case-link`).click();
    await engineer.locator(aria('Timeline', 'heading')).wait();
    expect(await textOf(engineer, 'main')).toContain('Read-only');
    expect(await engineer.$$('main button')).toHaveLength(0);
    const link = await engineer.$eval(
      aria('Open in Temporal UI', 'link'),
      (a) => (a as unknown as { href: string }).href,
    );
    expect(link).toContain(`/namespaces/default/workflows/${caseId}`);
    expect(link).toContain(`:${stack.uiPort}/`);
    // A cancelled case's clocks are stopped, the callback's too: no countdown runs on into "overdue".
    const cancelled = await cancelledDispute(stack.base, 'm-console-3', 'Ann Cancelled');
    await engineer.goto(`${stack.base}/console#/cases/${cancelled}`);
    const onIt = async () =>
      (await textOf(engineer, 'header.case-header'))?.includes(cancelled) ? true : undefined;
    await eventually('the cancelled case page', onIt, onPage);
    const clocks = await textOf(engineer, 'section.sla-card');
    expect(clocks?.match(/stopped/g)).toHaveLength(2);
  });

  step('a supervisor reassigns a case from the team board, filtered by tier', async () => {
    const other = await openDispute(stack.base, 'm-console-2', 'Wei Board');
    const supervisor = await newPage(stack.browser);
    await signIn(supervisor, stack.base, token('sup-zheng'));
    await supervisor.locator(aria('Team board', 'link')).click();
    await supervisor.locator('#flt-tier').wait();
    const row = `section[aria-labelledby="owner-mgr-xinyao"] tr[data-case="${other}"]`;
    await supervisor.waitForSelector(`${row} ${aria('Reassign', 'button')}`);
    await eventually(
      'the member name in the row',
      async () => ((await textOf(supervisor, row))?.includes('Wei Board') ? true : undefined),
      onPage,
    );
    // Filtering lists again; the rows' allowed actions were read and the rows did not change: no case is read.
    const caseReads: string[] = [];
    supervisor.on('request', (r) => {
      if (r.method() === 'GET' && /^\/v1\/cases\/[^/]+$/.test(new URL(r.url()).pathname))
        caseReads.push(r.url());
    });
    await supervisor.select('#flt-tier', 'super');
    await supervisor.waitForResponse((r) => r.url().includes('tier=super'));
    await supervisor.waitForSelector(`${row} ${aria('Reassign', 'button')}`);
    await supervisor.waitForNetworkIdle({ idleTime: 300 });
    expect(caseReads).toEqual([]);
    expect(await startReassign(supervisor, row)).toEqual(['mgr-lin', 'mgr-qiu']); // the roster's, not its owner
    await supervisor.locator(aria('New owner (manager id)', 'combobox')).fill('mgr-lin');
    await supervisor.locator(aria('Reason', 'textbox')).fill('Xinyao is on the phone all evening');
    await supervisor.locator(`dialog[open] ${aria('Confirm', 'button')}`).click();
    await supervisor.waitForSelector('dialog[open]', { hidden: true });
    await supervisor.waitForSelector(`section[aria-labelledby="owner-mgr-lin"] tr[data-case="${other}"]`);

    // Lin reads it now; once it is reassigned away from her, her open page drops the member's name and details.
    const lin = await newPage(stack.browser);
    await signIn(lin, stack.base, token('mgr-lin'));
    await lin.goto(`${stack.base}/console#/cases/${other}`);
    await lin.locator(aria('Timeline', 'heading')).wait();
    expect(await textOf(lin, 'main')).toContain('Wei Board');
    await reassign(stack.base, other, 'mgr-xinyao');
    await eventually(
      'her page to stop showing the case',
      async () => ((await textOf(lin, 'main'))?.includes('Cannot read the case') ? true : undefined),
      onPage,
    );
    expect(await textOf(lin, 'main')).not.toContain('Wei Board');
  });

  step('reads on a phone: the queue and the case page fit 390 px without sideways scrolling', async () => {
    // Emulating the phone before it loads anything: emulation reloads a loaded page, racing the next navigation.
    const phone = await newPage(stack.browser);
    await phone.setViewport({ width: 390, height: 844, isMobile: true, hasTouch: true });
    await signIn(phone, stack.base, token('mgr-xinyao'));
    await phone.locator(aria('My queue', 'heading')).wait();
    await phone.waitForSelector(`tr[data-case="${caseId}"]`);
    const width = () =>
      phone.evaluate(
        () =>
          (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document
            .documentElement.scrollWidth,
      );
    expect(await width()).toBeLessThanOrEqual(390);
    await phone.goto(`${stack.base}/console#/cases/${caseId}`);
    await phone.locator(aria('Timeline', 'heading')).wait();
    expect(await width()).toBeLessThanOrEqual(390);
  });

  step('a reload while the API is down keeps the token; signed in again once it answers', async () => {
    expect(await whileMeFails(manager, () => manager.reload())).toContain('unavailable');
    expect(await storedItems(manager)).toEqual([1, 0]);
    await manager.reload();
    await manager.locator(`header ${aria('Sign out', 'button')}`).wait();
  });

  step('signing out forgets the token: the tab is back at the sign-in form', async () => {
    await manager.locator(aria('Sign out', 'button')).click();
    await manager.locator(aria('Token', 'textbox')).wait();
    expect(await storedItems(manager)).toEqual([0, 0]);
    await manager.reload();
    await manager.locator(aria('Sign in', 'button')).wait();
    expect(await manager.$(aria('Sign out', 'button'))).toBeNull();
  });
});
