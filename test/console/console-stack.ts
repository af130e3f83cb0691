/**
 * The whole system (`npm start` in its own DATA_DIR, dev roster, default policy) and a headless Chromium for the
 * console's browser test, started before its steps and stopped after them; and `step`, a test whose failure
 * leaves screenshots of every open page in test-artifacts/console/ (git-ignored) and the stack's last output.
 */
import type { Browser } from 'puppeteer-core';
import { ensureChromium } from '../../toolchain/chromium';
import { launcherSetup, type LauncherSetup } from '../support/launcher-setup';
import { Processes, type Proc } from '../support/processes';
import { policyJson } from '../support/policy';
import { launchBrowser, screenshotAll } from './browser';

export interface ConsoleStack {
  readonly browser: Browser;
  readonly base: string;
  readonly uiPort: number;
}

/** Registers the suite's beforeAll and afterAll; the returned object is filled in once beforeAll has run. */
export function consoleStack(): {
  stack: ConsoleStack;
  step: (name: string, fn: () => Promise<void>) => void;
} {
  // Debian's chromium, installed with apt by toolchain/chromium.ts when missing: here, before any timeout runs.
  const chromium = ensureChromium();
  const procs = new Processes();
  let setup: LauncherSetup | undefined;
  let proc: Proc | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    setup = await launcherSetup('concierge-console-', { policy: policyJson() });
    [browser, proc] = await Promise.all([launchBrowser(chromium), procs.startStack(setup.base, setup.env)]);
  });

  afterAll(async () => {
    await browser?.close();
    await procs.stopAll();
    setup?.remove();
  });

  const stack: ConsoleStack = {
    get browser() {
      if (!browser) throw new Error('the browser is not started (beforeAll failed)');
      return browser;
    },
    get base() {
      if (!setup) throw new Error('the stack is not started (beforeAll failed)');
      return setup.base;
    },
    get uiPort() {
      if (!setup) throw new Error('the stack is not started (beforeAll failed)');
      return setup.uiPort;
    },
  };

  function step(name: string, fn: () => Promise<void>): void {
    it(name, async () => {
      try {
        await fn();
      } catch (err) {
        const files = await screenshotAll(browser, name);
        (err as Error).message += `\nScreenshots: ${files.join(', ') || 'none'}\n${proc?.tail(3000) ?? ''}`;
        throw err;
      }
    });
  }

  return { stack, step };
}
