/**
 * Two API processes and two worker processes against one Temporal dev server, serving the same cases:
 * opened through one API and worked through the other; two supervisors approving one compensation at the same
 * moment; a burst of concurrent actions at one case; either worker carrying on alone.
 */
import { ERROR_CODES } from '../../api/schemas/common';
import type { CaseView } from '../../workflows/domain';
import { Cluster, journalOf, type Api } from '../support/cluster';
import { auditPayments } from '../support/money-audit';
import type { Reply } from '../support/http-requests';

jest.setTimeout(240_000);

let cluster: Cluster;
let a: Api;
let b: Api;

beforeAll(async () => {
  cluster = await Cluster.start();
  try {
    [a, b] = await Promise.all([cluster.api('api A'), cluster.api('api B')]);
    await Promise.all([cluster.worker('worker 1'), cluster.worker('worker 2')]);
  } catch (err) {
    throw new Error(`${String(err)}\n${cluster.context()}`);
  }
});

afterAll(async () => {
  await cluster?.stop();
});

let seq = 0;
async function openCase(api: Api, tier = 'apass'): Promise<CaseView> {
  seq += 1;
  const res = await api.call('POST', '/v1/cases', 'app', {
    type: 'concierge',
    member: { id: `m-conc-${seq}`, name: 'Concurrent Member', tier, credit: 'good', managerId: 'mgr-xinyao' },
    summary: 'Tickets for the final',
    details: { request: 'Two tickets for the final' },
  });
  expect(res.status).toBe(201);
  return res.body;
}

const gift = (amount: number) => ({
  kind: 'goodwill_gift',
  amount: { amount, currency: 'CNY' },
  reason: 'apology for the wait',
});

/** A contract answer: 200 with a view, or a 4xx with the error body; never a 5xx. */
function expectCleanAnswer(res: Reply): void {
  if (res.status === 200) return;
  expect(res.status).toBeGreaterThanOrEqual(400);
  expect(res.status).toBeLessThan(500);
  expect(ERROR_CODES.filter((c) => c !== 'unavailable' && c !== 'internal')).toContain(res.body.error);
  expect(typeof res.body.message).toBe('string');
}

it('two supervisors approving one compensation at the same moment through two APIs: one 200, one 409, one payment', async () => {
  const cases = await Promise.all([openCase(a), openCase(b), openCase(a)]);
  for (const c of cases) {
    expect((await b.call('POST', `/v1/cases/${c.id}/callback`, 'mgr-xinyao', {})).status).toBe(200);
    // Above the apass manager authority (2,000.00 CNY): waits for a supervisor.
    const proposed = await a.call('POST', `/v1/cases/${c.id}/compensations`, 'mgr-xinyao', gift(300_000));
    expect(proposed.status).toBe(200);
    expect(proposed.body.compensations[0].status).toBe('pending_approval');
  }

  const rounds = await Promise.all(
    cases.map((c) =>
      Promise.all([
        a.call('POST', `/v1/cases/${c.id}/compensations/c1/approve`, 'sup-zheng', { note: 'zheng' }),
        b.call('POST', `/v1/cases/${c.id}/compensations/c1/approve`, 'sup-wen', { note: 'wen' }),
      ]),
    ),
  );

  const views: CaseView[] = [];
  for (const [i, answers] of rounds.entries()) {
    const c = cases[i]!;
    expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
    const won = answers.find((r) => r.status === 200)!;
    const lost = answers.find((r) => r.status === 409)!;
    expect(lost.body).toMatchObject({ error: 'invalid_transition', message: expect.any(String) });
    const comp = won.body.compensations[0];
    expect(comp.status).toBe('executed');
    expect(comp.approvedBy).toBe(won === answers[0] ? 'sup-zheng' : 'sup-wen');
    expect(
      won.body.timeline.filter((e: { kind: string }) => e.kind === 'compensation_approved'),
    ).toHaveLength(1);
    expect(await journalOf(cluster.payments, `${c.id}/c1/buy gift`)).toMatchObject({ acted: 1, retried: 0 });
    views.push(won.body);
  }
  expect(await auditPayments(cluster.payments, views)).toEqual([]);
});

it('a burst of concurrent actions at one case across both APIs: each applies or is rejected cleanly, in one total order', async () => {
  const c = await openCase(a, 'super');
  type Sent = { token: string; res: Reply };
  const send = async (api: Api, principal: string, action: string, body: object, token: string) => ({
    token,
    res: await api.call('POST', `/v1/cases/${c.id}/${action}`, principal, body),
  });
  const burst: Promise<Sent>[] = [];
  for (let i = 0; i < 30; i += 1) {
    const api = i % 2 === 0 ? a : b;
    const who = i % 3 === 0 ? 'mgr-xinyao' : i % 2 === 0 ? 'sup-zheng' : 'sup-wen';
    burst.push(send(api, who, 'notes', { text: `[note-${i}]` }, `[note-${i}]`));
    if (i % 10 === 0) burst.push(send(api, who, 'callback', { note: `[callback-${i}]` }, `[callback-${i}]`));
    if (i % 8 === 1)
      burst.push(send(api, 'sup-wen', 'escalate', { reason: `[escalate-${i}]` }, `[escalate-${i}]`));
    if (i % 6 === 2)
      burst.push(send(api, who, 'wait', { on: 'member', reason: `[wait-${i}]` }, `[wait-${i}]`));
    if (i % 6 === 5) burst.push(send(api, who, 'resume', { note: `[resume-${i}]` }, `[resume-${i}]`));
  }
  const sent = await Promise.all(burst);
  const final = (await a.call('GET', `/v1/cases/${c.id}`, 'eng-1')).body as CaseView;
  const occurrences = (timeline: CaseView['timeline'], token: string) =>
    timeline.filter((e) => e.text.includes(token)).length;

  for (const { res } of sent) expectCleanAnswer(res);
  const applied = sent.filter((s) => s.res.status === 200);
  const rejected = sent.filter((s) => s.res.status !== 200);
  // Most notes apply; a manager's may be refused once an escalation took the case from them.
  expect(applied.filter((s) => s.token.startsWith('[note-')).length).toBeGreaterThanOrEqual(20);
  expect(applied.filter((s) => s.token.startsWith('[callback-'))).toHaveLength(1);
  for (const { token, res } of applied) {
    expect(occurrences(final.timeline, token)).toBe(1);
    expect(occurrences(res.body.timeline, token)).toBe(1);
    // Each answer's timeline is the case's timeline up to (at least) its own entry: one total order.
    expect(final.timeline.slice(0, res.body.timeline.length)).toEqual(res.body.timeline);
  }
  for (const { token } of rejected) expect(occurrences(final.timeline, token)).toBe(0);
  const times = final.timeline.map((e) => Date.parse(e.at));
  expect(times).toEqual([...times].sort((x, y) => x - y));
});

it('either worker carries on alone when the other stops', async () => {
  const [one, two] = cluster.procs.running('worker');
  expect([one?.name, two?.name]).toEqual(['worker 1', 'worker 2']);

  const workedBy = async (through: Api, other: Api) => {
    const c = await openCase(through);
    expect((await other.call('POST', `/v1/cases/${c.id}/callback`, 'mgr-xinyao', {})).status).toBe(200);
    const paid = await through.call('POST', `/v1/cases/${c.id}/compensations`, 'mgr-xinyao', gift(10_000));
    expect(paid.status).toBe(200);
    expect(paid.body.compensations[0].status).toBe('executed');
  };

  expect(await one!.stop()).toEqual({ code: 0, signal: null });
  await workedBy(a, b);
  await cluster.worker('worker 1 (again)');
  expect(await two!.stop()).toEqual({ code: 0, signal: null });
  await workedBy(b, a);
});
