/**
 * Debian's Chromium driven by puppeteer-core, for the console's browser tests and its README screenshots.
 *
 * puppeteer-core is published as ES modules only, and Jest runs this project's tests as CommonJS (Node 20
 * cannot have Jest require an ES module): it is bundled once into a CommonJS file with esbuild, named after
 * its version under the git-ignored .build/, and required from there.
 */
import type { Browser, ElementHandle, Page, PuppeteerNode } from 'puppeteer-core';
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import { ensureChromium } from '../../toolchain/chromium';
import { projectRoot } from '../support/processes';

export const ARTIFACTS = path.join(projectRoot, 'test-artifacts', 'console');

function puppeteerBundle(): string {
  const pkgDir = path.join(projectRoot, 'node_modules', 'puppeteer-core');
  const { version } = JSON.parse(readFileSync(path.join(pkgDir, 'package.json'), 'utf8')) as {
    version: string;
  };
  const out = path.join(projectRoot, '.build', 'puppeteer', `puppeteer-core-${version}.cjs`);
  if (existsSync(out)) return out;
  mkdirSync(path.dirname(out), { recursive: true });
  const tmp = `${out}.${process.pid}.tmp`;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- esbuild's synchronous API, in a test helper
  (require('esbuild') as typeof import('esbuild')).buildSync({
    entryPoints: [path.join(pkgDir, 'lib', 'puppeteer', 'puppeteer-core.js')],
    outfile: tmp,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'error',
  });
  renameSync(tmp, out);
  return out;
}

export function loadPuppeteer(): PuppeteerNode {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the CommonJS bundle made above
  return (require(puppeteerBundle()) as { default: PuppeteerNode }).default;
}

/**
 * Headless Chromium; `--no-sandbox` because CI runs as root. `executablePath` defaults to Debian's chromium,
 * installed first when missing (a test file finds it at load time, outside any test's timeout).
 */
export function launchBrowser(executablePath = ensureChromium()): Promise<Browser> {
  return loadPuppeteer().launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu', '--lang=en-US'],
    defaultViewport: { width: 1280, height: 800 },
  });
}

/** An accessible-name query: the button, link, field... that a person (or a screen reader) would pick. */
export const aria = (name: string, role?: string) =>
  `::-p-aria(${name.replace(/([()[\]"\\])/g, '\\$1')}${role ? `[role="${role}"]` : ''})`;

/** Signs in on the console with a roster token, the way a person does. */
export async function signIn(page: Page, base: string, token: string): Promise<void> {
  await page.goto(`${base}/console`, { waitUntil: 'domcontentloaded' });
  await page.locator(aria('Token', 'textbox')).fill(token);
  await page.locator(aria('Sign in', 'button')).click();
  await page.locator(aria('Sign out', 'button')).wait();
}

/** The visible text of the element matching `selector` (undefined when there is none). */
export async function textOf(page: Page | ElementHandle, selector: string): Promise<string | undefined> {
  const el = await page.$(selector);
  if (!el) return undefined;
  return el.evaluate((node) => (node as unknown as { innerText: string }).innerText);
}

/** Screenshots every open page of the browser into ARTIFACTS (kept for a failed test). */
export async function screenshotAll(browser: Browser | undefined, name: string): Promise<string[]> {
  if (!browser) return [];
  mkdirSync(ARTIFACTS, { recursive: true });
  const pages = (await Promise.all(browser.browserContexts().map((c) => c.pages()))).flat();
  const files: string[] = [];
  for (const [i, page] of pages.entries()) {
    const file = path.join(ARTIFACTS, `${name.replace(/[^\w-]+/g, '-')}-${i}.png`);
    await page.screenshot({ path: file as `${string}.png`, fullPage: true }).catch(() => undefined);
    files.push(file);
  }
  return files;
}
