/** Where keyboard focus is on a console page, as a screen reader would say it. */
import type { Page } from 'puppeteer-core';

interface FocusedElement {
  tagName: string;
  textContent: string | null;
  getAttribute(name: string): string | null;
  matches(selector: string): boolean;
}

/** What a screen reader is on: the focused element's role and text. */
export const focused = (page: Page) =>
  page.evaluate(() => {
    const el = (globalThis as unknown as { document: { activeElement: FocusedElement | null } }).document
      .activeElement;
    return { role: el?.getAttribute('role') ?? el?.tagName.toLowerCase(), text: el?.textContent ?? '' };
  });

/** Waits until the focus is on an element matching `selector` (a failure names where it is instead). */
export async function focusLandsOn(page: Page, selector: string): Promise<void> {
  await page
    .waitForFunction(
      (sel) =>
        (
          globalThis as unknown as { document: { activeElement: FocusedElement | null } }
        ).document.activeElement?.matches(sel) === true,
      { timeout: 15_000 },
      selector,
    )
    .catch(async () => {
      throw new Error(`focus is not on ${selector} but on ${JSON.stringify(await focused(page))}`);
    });
}
