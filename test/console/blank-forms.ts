/**
 * Every action form a case page offers, sent with whitespace in each of its required text fields: what the browser
 * says of each field, and whether anything was sent.
 */
import type { Page } from 'puppeteer-core';
import { aria } from './browser';

const BUTTONS = '[aria-label="Case actions"] button, [aria-label^="Decide on compensation"] button';
const REQUIRED_TEXT = 'dialog[open] textarea[required], dialog[open] input[required]:not([type])';

export interface Refusal {
  /** The button that opened the form. */
  form: string;
  /** Each required text field: its name, whether the browser takes it, its message. */
  fields: { name: string; valid: boolean; message: string }[];
  /** The form is still open after Confirm. */
  stillOpen: boolean;
}

/**
 * Opens each action form of the case page, types spaces into each of its required text fields (as a person
 * does: key by key) and presses Confirm; what the browser said, per form with such fields (a form without any is
 * discarded unsent), and the POST requests the page sent meanwhile.
 */
export async function blankRefusals(page: Page): Promise<{ refusals: Refusal[]; posts: string[] }> {
  const posts: string[] = [];
  const onRequest = (r: { method(): string; url(): string }) =>
    void (r.method() === 'POST' && posts.push(r.url()));
  page.on('request', onRequest);
  const names = await page.$$eval(BUTTONS, (els) =>
    els.map((b) => (b as unknown as { innerText: string }).innerText),
  );
  const refusals: Refusal[] = [];
  for (const [i, form] of names.entries()) {
    await (await page.$$(BUTTONS))[i]!.click();
    await page.locator(`dialog[open] ${aria('Confirm', 'button')}`).wait();
    const inputs = await page.$$(REQUIRED_TEXT);
    for (const input of inputs) await input.type('   ');
    if (inputs.length > 0) {
      await page.locator(`dialog[open] ${aria('Confirm', 'button')}`).click();
      const fields = await page.$$eval(REQUIRED_TEXT, (els) =>
        els.map((el) => {
          const f = el as unknown as {
            name: string;
            validity: { valid: boolean };
            validationMessage: string;
          };
          return { name: f.name, valid: f.validity.valid, message: f.validationMessage };
        }),
      );
      refusals.push({ form, fields, stillOpen: (await page.$('dialog[open]')) !== null });
    }
    await page.locator(`dialog[open] ${aria('Discard', 'button')}`).click();
    await page.waitForSelector('dialog[open]', { hidden: true });
  }
  page.off('request', onRequest);
  return { refusals, posts };
}
