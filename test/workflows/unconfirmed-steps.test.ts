/**
 * DOMAIN.md, "Compensation": retries never pay twice, and the ledger says what was paid. A payment whose rail
 * acts but never answers in time (a slow rail: the money moved, the answer was lost) is not taken for a payment
 * that failed: the saga asks the rail again with the same idempotency key, which answers with the receipt of
 * the payment it made. A rail that never answers at all leaves the step unconfirmed: the compensation failed, and
 * its amount still counts against the budgets, so a second proposal does not pay again unchecked.
 */
import { WorkflowUpdateStage } from '@temporalio/client';
import * as m from '../../workflows/messages';
import { CONFIRM_UNANSWERED_STEPS_PATCH } from '../../workflows/patches';
import { actors } from '../support/cases';
import { texts } from '../support/case-views';
import { oddPolicy } from '../support/odd-policy';
import { patchMarkers } from '../support/patch-markers';
import { cny, timeSkippingSuite, withWorker, type CaseHandle } from '../support/workflow-harness';

const policy = oddPolicy();
/** The `apass` tier's manager authority in the odd policy is 456.78 CNY: one gift fits, two do not. */
const GIFT = 25_252;

const suite = timeSkippingSuite();

/** c1's `operation` is done, and then its answer is lost: on the first `times` tries (Infinity: every one). */
function answerLost(times: number, operation = 'pay') {
  const state = { tries: 0 };
  return {
    state,
    faults: {
      after(op: string, input: { idempotencyKey: string }) {
        if (op !== operation || !input.idempotencyKey.includes('/c1/')) return;
        state.tries += 1;
        if (state.tries <= times) throw new Error(`the rail's answer timed out (try ${state.tries})`);
      },
    },
  };
}

/** Proposes a gift and lets the test server's clock run while its saga retries (backoffs are minutes long). */
async function proposeGift(h: CaseHandle, reason: string) {
  const update = await h.startUpdate(m.proposeCompensationUpdate, {
    args: [{ actor: actors.xinyao, kind: 'goodwill_gift', amount: cny(GIFT), reason }],
    waitForStage: WorkflowUpdateStage.ACCEPTED,
  });
  await suite.env.sleep('15m');
  return update.result();
}

const payments = async (ctx: { edges: { journals: { payments: { calls(): Promise<unknown[]> } } } }) =>
  (await ctx.edges.journals.payments.calls()).map((c) => {
    const call = c as { operation: string; idempotencyKey: string; duplicate: boolean };
    return `${call.operation} ${call.idempotencyKey.split('/').slice(1).join('/')}${call.duplicate ? ' (again)' : ''}`;
  });

test('a payment whose answer was lost on every forward try is confirmed by asking again: paid once, executed', () => {
  const lost = answerLost(5); // the forward step's five tries
  return withWorker(suite.env, { name: 'answer-lost', faults: lost.faults }, async (ctx) => {
    const h = await ctx.open({ type: 'concierge', policy, details: { request: 'a bow tie for tonight' } });
    await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
    const v = await proposeGift(h, 'silk scarf');
    expect(v.compensations[0]).toMatchObject({ id: 'c1', status: 'executed' });
    expect(v.ledger.paid).toEqual(cny(GIFT));
    expect(lost.state.tries).toBe(6);
    const paid = await payments(ctx);
    expect(paid.filter((p) => !p.endsWith('(again)'))).toEqual([expect.stringMatching(/^pay c1\//)]);
    expect(texts(v, 'saga_step_failed')).toEqual([]);
  });
});

test('a payment whose rail never answers is unconfirmed: the gift failed, and its amount still counts', () => {
  const lost = answerLost(Infinity);
  return withWorker(suite.env, { name: 'never-answers', faults: lost.faults }, async (ctx) => {
    const h = await ctx.open({ type: 'concierge', policy, details: { request: 'a bow tie for tonight' } });
    await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
    const first = await proposeGift(h, 'silk scarf');
    const c1 = first.compensations[0]!;
    expect(c1.status).toBe('failed');
    expect(c1.steps.map((s) => [s.name, s.status])).toEqual([
      ['buy gift', 'unconfirmed'],
      ['ship to member', 'pending'],
    ]);
    expect(lost.state.tries).toBe(25); // five forward tries, twenty more asking again
    expect(texts(first, 'compensation_failed')).toEqual([
      'c1: failed; a step got no answer, so it may have moved money: its amount counts against the budgets until someone checks with the edge',
    ]);

    const second = await proposeGift(h, 'flowers instead');
    const c2 = second.compensations[1]!;
    expect(c2.status).toBe('pending_approval');
    expect(c2.rule).toBe(
      'discretionary spend of the case (505.04 CNY) exceeds the manager authority of 456.78 CNY',
    );
    expect((await payments(ctx)).filter((p) => !p.endsWith('(again)'))).toHaveLength(1);
    const { events } = await h.fetchHistory();
    expect(patchMarkers(events ?? [])).toEqual(expect.arrayContaining([CONFIRM_UNANSWERED_STEPS_PATCH]));
  });
});

test('a shipment that never answers fails the gift like a refused one: its payment is reversed and counts no more', () => {
  const lost = answerLost(Infinity, 'ship');
  return withWorker(suite.env, { name: 'ship-never-answers', faults: lost.faults }, async (ctx) => {
    const h = await ctx.open({ type: 'concierge', policy, details: { request: 'a bow tie for tonight' } });
    await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
    const first = await proposeGift(h, 'silk scarf');
    expect(first.compensations[0]!.steps.map((s) => [s.name, s.status])).toEqual([
      ['buy gift', 'undone'],
      ['ship to member', 'failed'],
    ]);
    expect(first.ledger.paid).toEqual(cny(0));
    const second = await proposeGift(h, 'flowers instead');
    expect(second.compensations[1]!.status).toBe('executed'); // within the authority: nothing of c1 counts
  });
});
