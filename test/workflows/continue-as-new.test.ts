/**
 * Continue-as-new keeps a case whole: timers set in one run fire in the next, and an action taken while a run
 * waits to continue-as-new is finished before the run ends (its saga is not cut off). A low
 * `historyEventsPerRun` makes the runs short.
 */
import type { Keyed } from '../../activities/adapters/edges';
import type { Actor } from '../../workflows/domain';
import * as m from '../../workflows/messages';
import { actors, devRoster, openInput } from '../support/cases';
import { caseRuns, countEvents, currentRunId, EventType, firstRunId } from '../support/runs';
import { operations } from '../support/edges';
import { entriesOf, waitForView } from '../support/case-views';
import { oddPolicy } from '../support/odd-policy';
import { cny, timeSkippingSuite, withWorker, type CaseHandle } from '../support/workflow-harness';
import { eventually } from '../support/eventually';

const policy = oddPolicy();
const RUN_EVENTS = 40;

const suite = timeSkippingSuite();

/** Adds notes until the case has continued as new (a run past RUN_EVENTS events). */
async function noteUntilContinued(h: CaseHandle, actor: Actor = actors.xinyao): Promise<number> {
  const run = await currentRunId(suite.env.client, h.workflowId);
  for (let i = 0; i < 100; i += 1) {
    await h.executeUpdate(m.noteUpdate, { args: [{ actor, text: `note ${i}` }] });
    if ((await currentRunId(suite.env.client, h.workflowId)) !== run) return i + 1;
  }
  throw new Error('the case never continued as new');
}

test('deadlines set before continue-as-new fire after it: approval timeout, then the resolution SLA', () =>
  withWorker(suite.env, { name: 'can-timers' }, async (ctx) => {
    const input = openInput({ type: 'concierge', policy });
    input.historyEventsPerRun = RUN_EVENTS;
    const h = await ctx.start(input);
    const called = await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
    const resolutionDue = Date.parse(called.sla.resolution.dueAt!);
    // above the manager authority of the odd policy: waits for approval
    const proposed = await h.executeUpdate(m.proposeCompensationUpdate, {
      args: [{ actor: actors.xinyao, kind: 'goodwill_gift', amount: cny(50_000), reason: 'a silk scarf' }],
    });
    expect(proposed.compensations[0]).toMatchObject({ id: 'c1', status: 'pending_approval' });
    const approvalDue = Date.parse(proposed.compensations[0]!.approvalDueAt!);

    const notes = await noteUntilContinued(h);
    let v = await h.query(m.caseViewQuery);
    expect(v.escalationLevel).toBe(0);
    expect(v.compensations[0]!.approvalDueAt).toBe(proposed.compensations[0]!.approvalDueAt);
    expect(entriesOf(v, 'note')).toHaveLength(notes);

    // the approval window ends in the new run: it escalates and starts a fresh window
    await suite.env.sleep(approvalDue - (await suite.env.currentTimeMs()) + 1_000);
    v = await waitForView(h, (x) => x.escalationLevel === 1, 'the approval timeout to escalate');
    const ladder = devRoster.ladderFor('mgr-xinyao');
    expect(v.assignee.id).toBe(ladder[1]!.id);
    expect(entriesOf(v, 'approval_overdue')).toHaveLength(1);
    expect(Date.parse(v.compensations[0]!.approvalDueAt!)).toBeGreaterThan(approvalDue);

    // the rest of the resolution commitment runs out in a later run too: breached, one more level
    await h.executeUpdate(m.rejectCompensationUpdate, {
      args: [{ actor: actors.zheng, compensationId: 'c1', reason: 'a card instead' }],
    });
    await noteUntilContinued(h, actors.zheng);
    await suite.env.sleep(resolutionDue - (await suite.env.currentTimeMs()) + 1_000);
    v = await waitForView(h, (x) => x.sla.resolution.breached, 'the resolution SLA to breach');
    expect(v.escalationLevel).toBe(2);
    expect(v.assignee.id).toBe(ladder[2]!.id);
    expect(entriesOf(v, 'sla_breached').map((e) => e.text)).toEqual([
      'resolution commitment breached at level 1',
    ]);

    // each deadline fired in a run that started after the deadline was set
    const runs = await caseRuns(suite.env.client, h.workflowId);
    expect(runs.length).toBeGreaterThanOrEqual(3);
    expect(countEvents(runs[0]!, EventType.EVENT_TYPE_TIMER_FIRED)).toBe(0);
    const fired = runs.slice(1).reduce((n, r) => n + countEvents(r, EventType.EVENT_TYPE_TIMER_FIRED), 0);
    expect(fired).toBeGreaterThanOrEqual(2);
  }));

/** A fault hook that holds every call of an operation until released. */
function hold(operation: string) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const state = { calls: 0, release };
  return {
    state,
    before: async (op: string, _input: Keyed) => {
      if (op !== operation) return;
      state.calls += 1;
      await released;
    },
  };
}

test('a proposal made while the run waits to continue-as-new is paid and recorded before the run ends', async () => {
  const remedy = hold('requestRemedy');
  const pay = hold('pay');
  await withWorker(
    suite.env,
    {
      name: 'can-race',
      faults: {
        before: async (op, input) => {
          await remedy.before(op, input);
          await pay.before(op, input);
        },
      },
    },
    async (ctx) => {
      const input = openInput({
        type: 'dispute',
        policy,
        details: { orderId: 'o-77', merchantId: 'shop-9', price: cny(420_000), issue: 'missing_part' },
      });
      input.historyEventsPerRun = RUN_EVENTS;
      const h = await ctx.start(input);
      // the callback asks the merchant for a remedy: an activity the run has in flight (held)
      await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
      const first = await firstRunId(suite.env.client, h.workflowId);
      // past the run's bound: the run now only waits for its work to finish before continuing as new
      for (let i = 0; (await h.describe()).historyLength <= RUN_EVENTS; i += 1) {
        await h.executeUpdate(m.noteUpdate, { args: [{ actor: actors.xinyao, text: `note ${i}` }] });
      }
      await h.executeUpdate(m.noteUpdate, { args: [{ actor: actors.xinyao, text: 'one more' }] });
      expect(await currentRunId(suite.env.client, h.workflowId)).toBe(first);

      // a gift within the authority executes at once: its saga's payment is held too
      const proposal = h.executeUpdate(m.proposeCompensationUpdate, {
        args: [{ actor: actors.xinyao, kind: 'goodwill_gift', amount: cny(5_000), reason: 'a silk scarf' }],
      });
      await eventually('the gift payment to start', () => pay.state.calls > 0);
      // the remedy request completes while the payment is still held
      remedy.state.release();
      await waitForView(
        h,
        (v) => entriesOf(v, 'edge_done').length === 1,
        'the remedy request to be recorded',
      );
      pay.state.release();

      const proposed = await proposal;
      expect(proposed.compensations[0]).toMatchObject({ id: 'c1', status: 'executed' });
      await eventually(
        'the case to continue as new',
        async () => (await currentRunId(suite.env.client, h.workflowId)) !== first,
      );
      const v = await h.query(m.caseViewQuery);
      expect(v.compensations[0]).toMatchObject({ id: 'c1', status: 'executed' });
      expect(v.compensations[0]!.steps.map((s) => s.status)).toEqual(['done', 'done']);
      expect(v.ledger.paid).toEqual(cny(5_000));
      expect(v.ledger.entries.map((e) => [e.compensationId, e.direction, e.amount.amount])).toEqual([
        ['c1', 'paid', 5_000],
      ]);
      expect(await operations(ctx.edges.journals.payments)).toEqual(['pay']);
      expect(entriesOf(v, 'compensation_executed')).toHaveLength(1);
    },
  );
});
