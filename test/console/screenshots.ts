/**
 * `npm run console:screenshots`: the README's pictures of the console, docs/console-queue.png and
 * docs/console-case.png (1280 px wide), taken in Debian's Chromium against a stack of its own (`npm start` in a
 * temp DATA_DIR with the dev roster and an apass callback SLA of 30 s, so that one case is seen breached and
 * escalated to Xinyao, before it climbs on). CONSOLE_BASE=http://host:port uses a running stack on the dev roster instead. Run by hand.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DEV_ROSTER_FILE } from '../../config/env';
import { aria, launchBrowser, signIn } from './browser';
import { request } from '../support/http-requests';
import { launcherSetup, type LauncherSetup } from '../support/launcher-setup';
import { Processes } from '../support/processes';
import { shortTimerPolicy } from '../support/policy';

const DOCS = path.resolve(__dirname, '..', '..', 'docs');
/** The apass callback SLA of the stack this script starts: each breach moves the case one level up. */
const ESCALATION_S = 30;

function token(id: string): string {
  const roster = JSON.parse(readFileSync(DEV_ROSTER_FILE, 'utf8')) as {
    principals: { id: string; token?: string }[];
  };
  const t = roster.principals.find((p) => p.id === id)?.token;
  if (!t) throw new Error(`the dev roster has no plain token for ${id}`);
  return t;
}

const member = (id: string, name: string, tier: string, managerId: string) => ({
  id,
  name,
  tier,
  credit: 'good',
  managerId,
});

/** Opens the cases and acts on them; answers the dispute's id and when the escalating case was opened. */
async function seed(base: string): Promise<{ dispute: string; escalatingSince: number }> {
  const app = token('app');
  const mgr = token('mgr-xinyao');
  const open = async (body: object) => {
    const res = await request(base, 'POST', '/v1/cases', app, body);
    if (res.status !== 201) throw new Error(`opening a case: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.id as string;
  };
  const act = async (id: string, action: string, body: object) => {
    const res = await request(base, 'POST', `/v1/cases/${id}/${action}`, mgr, body);
    if (res.status !== 200) throw new Error(`${action}: ${res.status} ${JSON.stringify(res.body)}`);
  };
  // Mgr-lin's apass member: its 30 s callback SLA breaches and the case climbs to Xinyao, Lin's backup.
  const escalatingSince = Date.now();
  await open({
    type: 'concierge',
    member: member('m-2051', 'Mei', 'apass', 'mgr-lin'),
    summary: 'Private viewing at the jewellery fair before it opens on Saturday',
    details: { request: 'Private viewing for two, Saturday 9:00, before the public opening' },
  });
  const dispute = await open({
    type: 'dispute',
    member: member('m-1043', 'Hao', 'super', 'mgr-xinyao'),
    summary: 'Ruby pendant arrived without its chain',
    details: {
      orderId: 'o-77',
      merchantId: 'shop-9',
      price: { amount: 420000, currency: 'CNY' },
      issue: 'missing_part',
    },
  });
  await open({
    type: 'lost_goods',
    member: member('m-1044', 'Jun', 'standard', 'mgr-xinyao'),
    summary: 'Double 11 parcel shows delivered, never arrived',
    details: {
      orderId: 'o-1111',
      merchantId: 'shop-21',
      price: { amount: 129900, currency: 'CNY' },
      carrier: 'SF Express',
      trackingNo: 'SF1234567890',
    },
  });
  await open({
    type: 'travel_cancellation',
    member: member('m-1042', 'Wei', 'apass_top', 'mgr-xinyao'),
    summary: 'Typhoon closed the airport: cancel the Okinawa package',
    details: {
      bookingId: 'b-558',
      merchantId: 'travel-3',
      price: { amount: 2680000, currency: 'CNY' },
      departureDate: '2026-12-20',
      reason: 'typhoon',
    },
  });
  await act(dispute, 'callback', { note: 'Reached Hao; the chain is missing from the box' });
  await act(dispute, 'notes', { text: 'Merchant asked for photos of the packaging; member is sending them' });
  await act(dispute, 'compensations', {
    kind: 'goodwill_gift',
    amount: { amount: 80000, currency: 'CNY' },
    reason: 'Flowers for the anniversary the pendant was meant for',
  });
  return { dispute, escalatingSince };
}

async function main(): Promise<void> {
  let base = process.env.CONSOLE_BASE;
  const procs = new Processes();
  let setup: LauncherSetup | undefined;
  try {
    if (!base) {
      setup = await launcherSetup('console-shots-', { policy: shortTimerPolicy(`${ESCALATION_S}s`) });
      await procs.startStack(setup.base, setup.env, { timeoutMs: 120_000 });
      base = setup.base;
    }
    const { dispute, escalatingSince } = await seed(base);
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      await signIn(page, base, token('mgr-xinyao'));
      // Between its first breach (to Xinyao, level 1) and its second (on to the supervisor).
      await sleep(Math.max(0, escalatingSince + (ESCALATION_S + 8) * 1000 - Date.now()));
      await page.locator('tr.is-breached .case-link').wait();
      await sleep(2_000); // names and summaries fill in
      await page.screenshot({ path: path.join(DOCS, 'console-queue.png') as `${string}.png` });
      await page.goto(`${base}/console#/cases/${dispute}`);
      await page.locator(aria('Timeline', 'heading')).wait();
      await sleep(1_000);
      await page.screenshot({ path: path.join(DOCS, 'console-case.png') as `${string}.png`, fullPage: true });
      process.stdout.write(`Screenshots written to ${DOCS}\n`);
    } finally {
      await browser.close();
    }
  } finally {
    await procs.stopAll();
    setup?.remove();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${String((err as Error).stack ?? err)}\n`);
  process.exit(1);
});
