/**
 * kill -9 of a worker process in the middle of edge calls, then a fresh worker (worker/main.ts) on the same
 * DATA_DIR and Temporal server. Held at chosen moments by the test worker's fault plan:
 *   A: an instant refund, after the rail paid and recorded it, before the activity completed;
 *   C: a gift saga, its payment done, its shipment sent and recorded, the shipping activity not completed;
 *   D: a gift saga whose shipment failed for good, in its undo: the payment reversed and recorded, not completed;
 *   B: a case whose callback SLA falls due while no worker runs.
 * The promise: nobody is paid (or reversed) twice, the ledger agrees with the rail, every case keeps its timeline,
 * and timers due during the downtime fire once a worker is back.
 */
import type { CaseView } from '../../workflows/domain';
import { Cluster, journalOf, type Api } from '../support/cluster';
import { type Reply } from '../support/http-requests';
import { shortTimerPolicy } from '../support/policy';
import { eventually } from '../support/eventually';

jest.setTimeout(240_000);

const CALLBACK_SLA_MS = 8_000;

let cluster: Cluster;
let api: Api;

const memberOf = (id: string, tier: string) => ({
  id,
  name: 'Reliability Member',
  tier,
  credit: 'good',
  managerId: 'mgr-xinyao',
});
const cny = (amount: number) => ({ amount, currency: 'CNY' });

async function openCase(memberId: string, tier: string): Promise<CaseView> {
  const res = await api.call('POST', '/v1/cases', 'app', {
    type: 'concierge',
    member: memberOf(memberId, tier),
    summary: 'Flowers for the anniversary',
    details: { request: 'Send flowers to the member on their anniversary' },
  });
  expect(res.status).toBe(201);
  return res.body;
}

async function view(id: string): Promise<CaseView> {
  const res = await api.call('GET', `/v1/cases/${id}`, 'eng-1');
  if (res.status !== 200) throw new Error(`GET ${id}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

const ids = { A: '', B: '', C: '', D: '' };
const before: Record<string, CaseView> = {};
let proposals: Promise<Reply>[] = [];
let killedAt = 0;
let restartedAt = 0;
const after: Record<string, CaseView> = {};

beforeAll(async () => {
  cluster = await Cluster.start({ policy: shortTimerPolicy(`${CALLBACK_SLA_MS}ms`) });
  try {
    api = await cluster.api('api');
    const faulty = await cluster.worker('fault worker', { faults: true });

    for (const name of ['A', 'C', 'D'] as const) {
      ids[name] = (await openCase(`m-crash-${name}`, 'super')).id;
      expect((await api.call('POST', `/v1/cases/${ids[name]}/callback`, 'mgr-xinyao', {})).status).toBe(200);
    }
    cluster.faults.set([
      { when: 'after', operation: 'pay', keyIncludes: `${ids.A}/`, action: 'hold' },
      { when: 'after', operation: 'ship', keyIncludes: `${ids.C}/`, action: 'hold' },
      { when: 'before', operation: 'ship', keyIncludes: `${ids.D}/`, action: 'fail' },
      { when: 'after', operation: 'reverse', keyIncludes: `${ids.D}/`, action: 'hold' },
    ]);
    const propose = (id: string, kind: string, amount: number) =>
      api.call('POST', `/v1/cases/${id}/compensations`, 'mgr-xinyao', {
        kind,
        amount: cny(amount),
        reason: `${kind} for the crash test`,
      });
    // Their updates wait on the sagas, which are held: the requests answer when the API's deadline passes.
    proposals = [
      propose(ids.A, 'instant_refund', 50_000),
      propose(ids.C, 'goodwill_gift', 10_000),
      propose(ids.D, 'goodwill_gift', 20_000),
    ];
    await eventually(
      'the three edge calls to be held',
      () => {
        const held = cluster.faults.hits().map((h) => `${h.when} ${h.operation} ${h.key}`);
        const want = [
          `after pay ${ids.A}/c1/refund member`,
          `after ship ${ids.C}/c1/ship`,
          `after reverse ${ids.D}/c1/buy gift/reverse`,
        ];
        return want.every((w) => held.includes(w)) || undefined;
      },
      { timeoutMs: 60_000, context: () => cluster.context() },
    );
    for (const name of ['A', 'C', 'D'] as const) before[name] = await view(ids[name]);

    const b = await openCase('m-crash-B', 'apass');
    ids.B = b.id;
    before.B = b;
    faulty.signal('SIGKILL');
    await faulty.exited;
    killedAt = Date.now();

    // The SLA falls due while no worker runs; only then does a worker come back.
    const dueAt = Date.parse(b.sla.callback.dueAt!);
    await eventually('the callback SLA to fall due', () => (Date.now() > dueAt + 1_000 ? true : undefined));
    restartedAt = Date.now();
    await cluster.worker('worker (restarted)');

    await eventually(
      'every case to settle after the restart',
      async () => {
        const v = { A: await view(ids.A), B: await view(ids.B), C: await view(ids.C), D: await view(ids.D) };
        const settled =
          v.A.compensations[0]?.status === 'executed' &&
          v.C.compensations[0]?.status === 'executed' &&
          v.D.compensations[0]?.status === 'failed' &&
          v.B.escalationLevel >= 1;
        return settled ? v : undefined;
      },
      { timeoutMs: 150_000, intervalMs: 1_000, context: () => cluster.context() },
    ).then((v) => Object.assign(after, v));
  } catch (err) {
    throw new Error(`${String(err)}\n${cluster.context()}`);
  }
});

afterAll(async () => {
  await cluster?.stop();
});

const paidEntries = (v: CaseView, direction: string) =>
  v.ledger.entries.filter((e) => e.direction === direction);

it('kills the worker while edge calls are in flight, not before', () => {
  expect(killedAt).toBeGreaterThan(0);
  // Held, not finished: the views taken before the kill still show the money moving.
  expect(before.A!.compensations[0]!.status).toBe('executing');
  expect(before.C!.compensations[0]!.status).toBe('executing');
  expect(before.D!.compensations[0]!.status).toBe('executing');
  expect(Date.parse(before.B!.sla.callback.dueAt!)).toBeGreaterThan(killedAt);
});

it('answers the requests waiting on the held sagas: applied, and never "try again" (a retry would pay twice)', async () => {
  for (const res of await Promise.all(proposals)) {
    if (res.status === 200) {
      expect(['executing', 'executed']).toContain(res.body.compensations[0].status);
    } else {
      expect(res.status).toBe(503);
      expect(res.body).toEqual({
        error: 'unavailable',
        message: expect.any(String),
        details: { accepted: true },
      });
      expect(res.body.message).toContain('do not send it again');
    }
  }
});

it('an instant refund interrupted after the payment is paid once, and the ledger shows it once', async () => {
  const pay = await journalOf(cluster.payments, `${ids.A}/c1/refund member`);
  expect(pay.acted).toBe(1);
  // The activity did run again after the crash, and the rail answered it from its record.
  expect(pay.retried).toBeGreaterThanOrEqual(1);
  const v = after.A!;
  expect(v.ledger.paid).toEqual(cny(50_000));
  expect(paidEntries(v, 'paid').map((e) => e.reference)).toEqual([pay.reference]);
});

it('a saga interrupted in its second step finishes it once and does not repeat the first', async () => {
  const pay = await journalOf(cluster.payments, `${ids.C}/c1/buy gift`);
  expect(pay).toMatchObject({ acted: 1, retried: 0 });
  const ship = await journalOf(cluster.carrier, `${ids.C}/c1/ship`);
  expect(ship.acted).toBe(1);
  expect(ship.retried).toBeGreaterThanOrEqual(1);
  const v = after.C!;
  expect(v.compensations[0]!.steps.map((s) => [s.name, s.status])).toEqual([
    ['buy gift', 'done'],
    ['ship to member', 'done'],
  ]);
  expect(v.ledger.paid).toEqual(cny(10_000));
  expect(paidEntries(v, 'paid').map((e) => e.reference)).toEqual([pay.reference]);
});

it('an undo interrupted after the reversal reverses once; the ledger nets to zero', async () => {
  const pay = await journalOf(cluster.payments, `${ids.D}/c1/buy gift`);
  expect(pay).toMatchObject({ acted: 1, retried: 0 });
  const reverse = await journalOf(cluster.payments, `${ids.D}/c1/buy gift/reverse`);
  expect(reverse.acted).toBe(1);
  expect(reverse.retried).toBeGreaterThanOrEqual(1);
  expect(await journalOf(cluster.carrier, `${ids.D}/c1/ship`)).toMatchObject({ acted: 0 });
  const v = after.D!;
  expect(v.ledger.paid).toEqual(cny(0));
  expect(paidEntries(v, 'paid').map((e) => e.reference)).toEqual([pay.reference]);
  expect(paidEntries(v, 'reversed').map((e) => e.reference)).toEqual([reverse.reference]);
});

it('fires after the restart a callback SLA that fell due while no worker ran', () => {
  const v = after.B!;
  expect(v.sla.callback.breached).toBe(true);
  const escalated = v.timeline.filter((e) => e.kind === 'escalated');
  // Each level gets a fresh window as short: the case may have climbed further since.
  expect(escalated[0]!.text).toContain('escalated to level 1');
  expect(escalated[0]!.text).toContain('mgr-lin');
  expect(Date.parse(escalated[0]!.at)).toBeGreaterThanOrEqual(restartedAt);
});

it('keeps every case with the timeline it had before the crash', () => {
  for (const name of ['A', 'B', 'C', 'D'] as const) {
    const was = before[name]!.timeline;
    expect(after[name]!.timeline.slice(0, was.length)).toEqual(was);
  }
});
