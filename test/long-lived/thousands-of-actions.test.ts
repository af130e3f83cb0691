/**
 * Issue 4, item 6, on the real dev server: one case driven through thousands of actions (notes interleaved with
 * waits and resumes, compensations executed, approved and rejected, a reassignment, escalations) continues as
 * new, every run's history stays under 10,000 events, and the view keeps the whole state: every note once and
 * in order, the clocks, the owner, the money. Most actions go through the Temporal client (concurrently, as many
 * API processes would send them); the rest through the API, which then answers with the whole view.
 */
import type { UpdateDefinition, WorkflowHandle } from '@temporalio/client';
import { toPerson } from '../../config/roster';
import type { Actor, CaseView, CompensationView, Money } from '../../workflows/domain';
import * as m from '../../workflows/messages';
import { call, conciergeBody, openCase, roster, harnessSuite } from '../support/api-harness';
import { caseRuns, countEvents, EventType } from '../support/runs';

const NOTES = 3_000;
/** Concurrent updates per batch; Temporal admits at most 10 in flight per workflow. */
const BATCH = 8;
const API_NOTES = 25;
const MAX_EVENTS_PER_RUN = 10_000;

const h = harnessSuite({ quiet: true });

const actor = (id: string): Actor => {
  const p = roster.get(id);
  if (!p) throw new Error(`no ${id} in the roster`);
  return { id: p.id, role: p.role };
};
const cny = (amount: number): Money => ({ amount, currency: 'CNY' });
const ms = (iso: string | null | undefined) => Date.parse(iso ?? 'missing');
const last = (v: CaseView, kind: string) => v.timeline.filter((e) => e.kind === kind).at(-1)!;

/** What the actions imply, kept as they are taken. */
interface Expected {
  notes: { text: string; batch: number }[];
  updates: number;
  pausedMs: number;
  waits: number;
  compensations: Pick<CompensationView, 'id' | 'kind' | 'status'>[];
  paid: number;
}

test('a case with thousands of actions continues as new and keeps its whole state and view', async () => {
  const opened = await openCase(h.app, conciergeBody({ managerId: 'mgr-xinyao' }));
  const id: string = opened.id;
  const handle: WorkflowHandle = h.env.client.workflow.getHandle(id);
  const update = <A>(def: UpdateDefinition<CaseView, [A]>, args: A) =>
    handle.executeUpdate(def, { args: [args] });
  // The opening's own update (`caseReady`, sent with the start) is the first one completed.
  const exp: Expected = { notes: [], updates: 1, pausedMs: 0, waits: 0, compensations: [], paid: 0 };

  const callback = await call(h.app, 'mgr-xinyao', 'POST', `/v1/cases/${id}/callback`, {
    note: 'reached Wei',
  });
  expect(callback.status).toBe(200);
  exp.updates += 1;
  const resolutionDueAtCallback = ms(callback.body.sla.resolution.dueAt);

  const zheng = actor('sup-zheng');
  const propose = async (amount: number, reason: string, status: CompensationView['status']) => {
    const v = await update(m.proposeCompensationUpdate, {
      actor: zheng,
      kind: 'goodwill_gift',
      amount: cny(amount),
      reason,
    });
    const c = v.compensations.at(-1)!;
    expect({ reason: c.reason, status: c.status }).toEqual({ reason, status });
    exp.compensations.push({ id: c.id, kind: 'goodwill_gift', status });
    if (status === 'executed') exp.paid += amount;
    exp.updates += 1;
    return c.id;
  };

  /** Actions taken between note batches, by batch number. */
  const between: Record<number, () => Promise<void>> = {};
  for (let b = 10; b < NOTES / BATCH - 2; b += 25) {
    // a wait on the member pauses the resolution clock for one batch of notes
    between[b] = async () => {
      const v = await update(m.waitUpdate, {
        actor: zheng,
        on: 'member',
        reason: `needs the SD card (${b})`,
      });
      expect(v.status).toBe('waiting_on_member');
      exp.waits += 1;
      exp.updates += 1;
      between[b + 1] = async () => {
        const r = await update(m.resumeUpdate, { actor: actor('app'), note: 'the member answered' });
        expect(r.status).toBe('in_progress');
        exp.pausedMs += ms(last(r, 'resumed').at) - ms(v.sla.resolution.pausedSince);
        expect(r.sla.resolution.pausedMs).toBe(exp.pausedMs);
        exp.updates += 1;
      };
    };
  }
  for (let b = 40; b <= 280; b += 40)
    between[b + 3] = async () => void (await propose(1_000, `flowers ${b}`, 'executed'));
  between[50] = async () => {
    const qiu = roster.get('mgr-qiu')!;
    const v = await update(m.reassignUpdate, {
      actor: zheng,
      manager: toPerson(qiu),
      ladder: roster.ladderFor('mgr-qiu'),
      reason: 'Xinyao is on leave',
    });
    expect(v.assignee.id).toBe('mgr-qiu');
    exp.updates += 1;
  };
  for (const b of [60, 200]) {
    between[b + 5] = async () => {
      await update(m.escalateUpdate, { actor: actor('app'), reason: `the member asks again (${b})` });
      exp.updates += 1;
    };
  }
  // 7 gifts of 1,000 executed; 194,000 more passes the apass manager authority of 200,000: approved by the head
  between[300] = async () => {
    const cid = await propose(194_000, 'replacement camera', 'pending_approval');
    const v = await update(m.approveCompensationUpdate, {
      actor: actor('head-dai'),
      compensationId: cid,
      note: 'ok',
    });
    expect(v.compensations.find((c) => c.id === cid)!.status).toBe('executed');
    exp.compensations.at(-1)!.status = 'executed';
    exp.paid += 194_000;
    exp.updates += 1;
  };
  between[330] = async () => {
    const cid = await propose(50_000, 'a second camera', 'pending_approval');
    await update(m.rejectCompensationUpdate, {
      actor: actor('sup-wen'),
      compensationId: cid,
      reason: 'one is enough',
    });
    exp.compensations.at(-1)!.status = 'rejected';
    exp.updates += 1;
  };

  for (let n = 0, batch = 0; n < NOTES; batch += 1) {
    const texts = Array.from(
      { length: Math.min(BATCH, NOTES - n) },
      (_, k) =>
        `note ${n + k}: called the photo lab again; they need two more days for the card (batch ${batch})`,
    );
    await Promise.all(texts.map((text) => update(m.noteUpdate, { actor: zheng, text })));
    exp.notes.push(...texts.map((text) => ({ text, batch })));
    exp.updates += texts.length;
    n += texts.length;
    await between[batch]?.();
  }

  // The rest through the API: every answer is the whole view, not only the newest entries.
  for (let i = 0; i < API_NOTES; i += 1) {
    const text = `API note ${i}: the lab sent a sample`;
    const res = await call(h.app, 'sup-wen', 'POST', `/v1/cases/${id}/notes`, { text });
    expect(res.status).toBe(200);
    expect(res.body.timeline.length).toBeGreaterThan(NOTES);
    exp.notes.push({ text, batch: Number.MAX_SAFE_INTEGER });
    exp.updates += 1;
  }
  const top = await call(h.app, 'sup-wen', 'POST', `/v1/cases/${id}/escalate`, {
    reason: 'the member asks for the head',
  });
  expect(top.status).toBe(200);
  exp.updates += 1;

  // More than one run, each under 10,000 events; every accepted action completed exactly once across them.
  const runs = await caseRuns(h.env.client, id);
  expect(runs.length).toBeGreaterThan(1);
  for (const run of runs) expect(run.events.length).toBeLessThan(MAX_EVENTS_PER_RUN);
  for (const run of runs.slice(0, -1)) {
    expect(run.events.at(-1)!.eventType).toBe(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW);
  }
  const completed = runs.reduce(
    (sum, run) => sum + countEvents(run, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED),
    0,
  );
  expect(completed).toBe(exp.updates);
  // the current run holds the case's deadline again (its resolution timer), re-armed from the carried state
  expect(countEvents(runs.at(-1)!, EventType.EVENT_TYPE_TIMER_STARTED)).toBeGreaterThan(0);

  const got = await call(h.app, 'eng-1', 'GET', `/v1/cases/${id}`);
  expect(got.status).toBe(200);
  const view: CaseView = await handle.query(m.caseViewQuery);
  // The API's view is the workflow's, plus its links and what the caller may do now.
  const { links, allowedActions: _allowed, actionChoices: _choices, ...fromApi } = got.body;
  expect(links.self).toBe(`/v1/cases/${id}`);
  expect(fromApi).toEqual(JSON.parse(JSON.stringify(view)));

  // every note exactly once, batches in the order they were sent (within a batch the order is the server's)
  const notes = view.timeline.filter((e) => e.kind === 'note');
  expect(notes).toHaveLength(exp.notes.length);
  expect(new Set(notes.map((e) => e.text)).size).toBe(exp.notes.length);
  const batchOf = new Map(exp.notes.map((n) => [n.text, n.batch]));
  const batches = notes.map((e) => batchOf.get(e.text));
  expect(batches.every((b, i) => b !== undefined && (i === 0 || b >= batches[i - 1]!))).toBe(true);
  expect(notes.slice(-API_NOTES).map((e) => e.text)).toEqual(exp.notes.slice(-API_NOTES).map((n) => n.text));

  // clocks, owner, money: what the actions imply
  expect(view.status).toBe('in_progress');
  expect(view.sla.callback).toEqual(callback.body.sla.callback);
  expect(view.sla.resolution).toEqual({
    dueAt: new Date(resolutionDueAtCallback + exp.pausedMs).toISOString(),
    pausedMs: exp.pausedMs,
    pausedSince: null,
    breached: false,
  });
  expect(view.timeline.filter((e) => e.kind === 'waiting')).toHaveLength(exp.waits);
  expect(view.timeline.filter((e) => e.kind === 'resumed')).toHaveLength(exp.waits);
  expect(view.escalationLevel).toBe(3);
  expect(view.manager.id).toBe('mgr-qiu');
  expect(view.assignee).toEqual(roster.ladderFor('mgr-qiu')[3]);
  expect(view.timeline.filter((e) => e.kind === 'escalated')).toHaveLength(3);
  expect(view.compensations.map((c) => ({ id: c.id, kind: c.kind, status: c.status }))).toEqual(
    exp.compensations,
  );
  expect(view.ledger.paid).toEqual(cny(exp.paid));
  expect(view.ledger.entries.filter((e) => e.direction === 'paid')).toHaveLength(
    exp.compensations.filter((c) => c.status === 'executed').length,
  );
  expect(view.ledger.entries.reduce((sum, e) => sum + e.amount.amount, 0)).toBe(exp.paid);
});
