/**
 * kill -9 of the whole stack started as the README starts it (`npm start`), while compensations are moving,
 * then `npm start` again on the same DATA_DIR. Twice: first the launcher's process group only (its dev server,
 * in a group of its own, is left behind and must be cleared by the next start), then everything including the
 * dev server (a power cut: SQLite closed by nobody).
 * After each restart: everything a response told is still there, the payment rail's records agree with every
 * ledger (nobody paid twice), and a callback SLA that fell due during the downtime escalated after the restart.
 */
import type { CaseView } from '../../workflows/domain';
import { TOKENS } from '../support/cluster';
import { auditPayments, paymentsJournal } from '../support/money-audit';
import { request, type Reply } from '../support/http-requests';
import {
  devServerPid,
  isAlive,
  killDevServer,
  launcherSetup,
  type LauncherSetup,
} from '../support/launcher-setup';
import { Processes, type Proc } from '../support/processes';
import { shortTimerPolicy } from '../support/policy';
import { eventually } from '../support/eventually';

jest.setTimeout(300_000);

const CALLBACK_SLA_MS = 8_000;

const procs = new Processes();
let dataDir: string;
let env: Record<string, string>;
let base: string;
let stack: Proc | undefined;

const call = (method: string, url: string, principal: string, body?: unknown) =>
  request(base, method, url, TOKENS[principal]!, body);

/** The latest view each case's responses told, by timeline length. */
const told = new Map<string, CaseView>();
function remember(res: Reply): Reply {
  if ((res.status === 200 || res.status === 201) && typeof res.body?.id === 'string') {
    const known = told.get(res.body.id);
    if (!known || known.timeline.length <= res.body.timeline.length) told.set(res.body.id, res.body);
  }
  return res;
}

const context = () => `${procs.tails(8_000)}`;

async function startStack(): Promise<Proc> {
  stack = await procs.startStack(base, env, { timeoutMs: 120_000, context });
  return stack;
}

let setup: LauncherSetup;
beforeAll(async () => {
  setup = await launcherSetup('concierge-stack-crash-', {
    policy: shortTimerPolicy(`${CALLBACK_SLA_MS}ms`),
  });
  ({ dataDir, base, env } = setup);
});

afterAll(async () => {
  await procs.stopAll();
  setup?.remove();
});

const member = (id: string, tier: string) => ({
  id,
  name: 'Crash Member',
  tier,
  credit: 'good',
  managerId: 'mgr-xinyao',
});

async function openCase(memberId: string, tier: string): Promise<string> {
  const res = remember(
    await call('POST', '/v1/cases', 'app', {
      type: 'concierge',
      member: member(memberId, tier),
      summary: 'A table for two tonight',
      details: { request: 'Book a table for two tonight' },
    }),
  );
  expect(res.status).toBe(201);
  return res.body.id;
}

/**
 * Opens cases, starts compensations on them and kills the stack as soon as the rail has recorded a payment of
 * this round (more are in flight). A case with a short callback SLA is opened just before. Returns its id and
 * when the kill happened.
 */
async function crashWhileMoneyMoves(round: string, devServerToo: boolean) {
  const running = stack!;
  const ids: string[] = [];
  for (const n of [1, 2, 3]) {
    const id = await openCase(`m-${round}-${n}`, 'super');
    ids.push(id);
    expect(remember(await call('POST', `/v1/cases/${id}/callback`, 'mgr-xinyao', {})).status).toBe(200);
  }
  const inFlight = ids.flatMap((id) =>
    [
      { kind: 'instant_refund', amount: { amount: 30_000, currency: 'CNY' }, reason: `refund ${round}` },
      { kind: 'goodwill_gift', amount: { amount: 10_000, currency: 'CNY' }, reason: `gift ${round}` },
    ].map((body) => call('POST', `/v1/cases/${id}/compensations`, 'mgr-xinyao', body).then(remember)),
  );
  const timed = openCase(`m-${round}-sla`, 'apass');
  const journal = paymentsJournal(dataDir);
  await eventually(
    'a payment of this round on the rail',
    async () =>
      (await journal.records()).some((r) => ids.some((id) => r.key.startsWith(`${id}/`))) || undefined,
    { intervalMs: 20, timeoutMs: 60_000, context },
  );
  const timedId = await timed;
  running.killGroup('SIGKILL');
  if (devServerToo) killDevServer(dataDir);
  await running.exited;
  stack = undefined;
  const killedAt = Date.now();
  // Requests cut off by the kill were told nothing.
  await Promise.allSettled(inFlight);
  return { ids, timedId, killedAt };
}

async function restartAfterDue(timedId: string): Promise<number> {
  const dueAt = Date.parse(told.get(timedId)!.sla.callback.dueAt!);
  await eventually('the callback SLA to fall due', () => (Date.now() > dueAt + 1_000 ? true : undefined));
  const restartedAt = Date.now();
  await startStack();
  return restartedAt;
}

async function view(id: string): Promise<CaseView> {
  const res = await call('GET', `/v1/cases/${id}`, 'eng-1');
  if (res.status !== 200) throw new Error(`GET ${id}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Every case a response told of, once no compensation is moving any more. */
function settledViews(): Promise<CaseView[]> {
  return eventually(
    'every compensation to settle',
    async () => {
      const views = await Promise.all([...told.keys()].map(view));
      return views.every((v) => v.compensations.every((c) => c.status !== 'executing')) ? views : undefined;
    },
    { timeoutMs: 150_000, intervalMs: 1_000, context },
  );
}

async function expectNothingToldIsLost(views: CaseView[]): Promise<void> {
  for (const v of views) {
    const was = told.get(v.id)!;
    expect(v.timeline.slice(0, was.timeline.length)).toEqual(was.timeline);
    for (const c of was.compensations) {
      expect(v.compensations.find((x) => x.id === c.id)).toMatchObject({ kind: c.kind, amount: c.amount });
    }
  }
  expect(await auditPayments(paymentsJournal(dataDir), views)).toEqual([]);
}

function expectEscalatedAfter(v: CaseView, restartedAt: number): void {
  const escalated = v.timeline.filter((e) => e.kind === 'escalated');
  expect(escalated[0]?.text).toContain('escalated to level 1');
  expect(Date.parse(escalated[0]!.at)).toBeGreaterThanOrEqual(restartedAt);
}

it('kill -9 of the launcher group mid-payment: the restart leaves no orphaned dev server and keeps every promise', async () => {
  await startStack();
  const orphan = devServerPid(dataDir)!;
  const { ids, timedId, killedAt } = await crashWhileMoneyMoves('group', false);
  expect(Date.parse(told.get(timedId)!.sla.callback.dueAt!)).toBeGreaterThan(killedAt);
  const restartedAt = await restartAfterDue(timedId);
  // Whether it died by itself meanwhile (its output pipe is gone) or the new launcher stopped it, it is gone.
  expect(isAlive(orphan)).toBe(false);
  expect(devServerPid(dataDir)).not.toBe(orphan);

  const views = await settledViews();
  await expectNothingToldIsLost(views);
  expect(views.filter((v) => ids.includes(v.id)).flatMap((v) => v.compensations)).not.toHaveLength(0);
  expectEscalatedAfter(
    views.find((v) => v.id === timedId)!,
    restartedAt,
  );
});

it('kill -9 of everything, the dev server included, mid-payment: the restart keeps every promise', async () => {
  const { timedId, killedAt } = await crashWhileMoneyMoves('power', true);
  expect(Date.parse(told.get(timedId)!.sla.callback.dueAt!)).toBeGreaterThan(killedAt);
  const restartedAt = await restartAfterDue(timedId);

  const views = await settledViews();
  await expectNothingToldIsLost(views);
  expectEscalatedAfter(
    views.find((v) => v.id === timedId)!,
    restartedAt,
  );
});
