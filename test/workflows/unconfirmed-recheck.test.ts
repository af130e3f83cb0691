/**
 * DOMAIN.md, "Compensation": the ledger says what was paid. A compensation whose step never answered, even asked
 * again for days, fails with the step unconfirmed: its money may be out, and it counts against the budgets until
 * someone checks with the edge. The check is an action (`compensations/{id}/recheck`): the edge is asked whether
 * it acted under the step's own idempotency key, never asked to act, and its answer settles the compensation
 * (only its word that it never got the step settles it as not done). Before, no such action existed:
 * an advance refund the rail had paid stayed `failed`, out of the ledger, with nothing to recover from the merchant.
 */
import { WorkflowUpdateStage } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { Actor } from '../../workflows/domain';
import * as m from '../../workflows/messages';
import { RECHECK_AFTER_MS } from '../../workflows/saga-recheck';
import { actors } from '../support/cases';
import { texts, waitForView } from '../support/case-views';
import { oddPolicy } from '../support/odd-policy';
import { rejectionOf } from '../support/update-rejections';
import { ALL_RECHECKS, answerLost, payments } from '../support/unanswered-edges';
import {
  cny,
  openDispute,
  timeSkippingSuite,
  withWorker,
  type CaseHandle,
} from '../support/workflow-harness';

const suite = timeSkippingSuite();
const policy = oddPolicy({ merchantResponseWindow: '19h', followUpWindow: '5d' });
const PRICE = 50_000;
/** Tries of one step that never answers: five forward, twenty asking again, twenty at each recheck. */
const EVERY_TRY = 25 + RECHECK_AFTER_MS.length * 20;

const recheck = (h: CaseHandle, compensationId = 'c1') =>
  h.executeUpdate(m.recheckStepUpdate, {
    args: [{ actor: actors.zheng, compensationId, note: 'rail is back' }],
  });

/** A dispute whose merchant refused: the platform's advance refund, whose payment never answers in its tries. */
async function unconfirmedAdvance(h: CaseHandle, recordedBy: Actor = actors.xinyao) {
  await waitForView(h, (x) => x.timeline.some((t) => t.kind === 'edge_done'), 'the remedy request');
  await h.executeUpdate(m.thirdPartyResponseUpdate, {
    args: [{ actor: recordedBy, party: 'merchant', outcome: 'refused' }],
  });
  await suite.env.sleep('15m');
  await suite.env.sleep(ALL_RECHECKS);
  const v = await h.query(m.caseViewQuery);
  expect(v.compensations[0]).toMatchObject({ kind: 'advance_refund', status: 'failed' });
  expect(v.compensations[0]!.steps.map((s) => s.status)).toEqual(['unconfirmed']);
  expect(v.ledger.paid).toEqual(cny(0));
  const { allowedActions } = await h.query(m.caseViewForQuery, actors.wen);
  expect(allowedActions).toContain('compensations/c1/recheck');
}

test('asked again, the rail confirms the advance it paid: booked paid, executed, and awaiting the merchant', () => {
  const lost = answerLost(EVERY_TRY, 'pay');
  return withWorker(suite.env, { name: 'recheck-paid', faults: lost.faults }, async (ctx) => {
    const h = await openDispute(ctx, { policy, details: { orderId: 'o-6161', price: cny(PRICE) } });
    await unconfirmedAdvance(h);

    const v = await recheck(h);
    expect(v.compensations[0]).toMatchObject({
      status: 'executed',
      recovery: { status: 'awaiting_merchant' },
    });
    expect(v.ledger.paid).toEqual(cny(PRICE));
    expect(texts(v, 'step_asked_again')).toEqual([
      'c1: asking again whether refund member was done, looked up at its edge, which is not asked to act: rail is back',
    ]);
    // looked up: the rail's journal holds the one payment, and was not asked to pay again
    expect((await payments(ctx)).filter((p) => !p.endsWith('(again)'))).toEqual([
      expect.stringMatching(/^pay c1\//),
    ]);
    expect(lost.state.tries).toBe(EVERY_TRY);
    expect(v.allowedActions).not.toContain('compensations/c1/recheck');
    expect((await rejectionOf(recheck(h), 'invalid_transition')).message).toMatch(/c1 is executed/);
  });
});

test("asked again while the rail's records cannot be read, the advance fails unconfirmed again: nothing booked, and it may be asked once more", () => {
  const lost = answerLost(Infinity, 'pay');
  const lookups = { tries: 0, unsupported: false };
  const faults = {
    ...lost.faults,
    before(op: string) {
      if (op !== 'lookup') return;
      lookups.tries += 1;
      if (lookups.unsupported)
        throw ApplicationFailure.nonRetryable('no query for this order', 'Unsupported');
      throw new Error("the rail's query service is down");
    },
  };
  return withWorker(suite.env, { name: 'recheck-unanswered', faults }, async (ctx) => {
    const h = await openDispute(ctx, { policy, details: { orderId: 'o-6262', price: cny(PRICE) } });
    await unconfirmedAdvance(h, actors.zheng);
    // zheng recorded the refusal that set the platform's advance off: four eyes keep them from asking its edge
    const own = h.executeUpdate(m.recheckStepUpdate, {
      args: [{ actor: actors.zheng, compensationId: 'c1' }],
    });
    expect((await rejectionOf(own, 'forbidden')).message).toMatch(/set off by sup-zheng's own action/);
    const asking = await h.startUpdate(m.recheckStepUpdate, {
      args: [{ actor: actors.wen, compensationId: 'c1' }],
      waitForStage: WorkflowUpdateStage.ACCEPTED,
    });
    await suite.env.sleep('15m'); // its tries back off for minutes: the test server skips only while it sleeps
    const v = await asking.result();
    expect(v.compensations[0]!.status).toBe('failed');
    expect(v.compensations[0]!.steps.map((s) => s.status)).toEqual(['unconfirmed']);
    expect(v.ledger.paid).toEqual(cny(0));
    expect(lookups.tries).toBe(20);
    expect(lost.state.tries).toBe(EVERY_TRY); // the rail was not asked to pay again
    expect(v.allowedActions).toContain('compensations/c1/recheck');
    // A query refused for good is no word that the rail never got it: still unconfirmed, nothing undone.
    lookups.unsupported = true;
    const again = await h.executeUpdate(m.recheckStepUpdate, {
      args: [{ actor: actors.wen, compensationId: 'c1' }],
    });
    expect(lookups.tries).toBe(21);
    expect(again.compensations[0]!.steps.map((s) => s.status)).toEqual(['unconfirmed']);
  });
});

test("asked again, the rail holds no such payment: it is not made to pay it late, and the platform's advance makes up the refund it counted", () => {
  // The rail is down for c1's every try, so it never got c1; back when c1 is checked, it would pay if asked to.
  const state = { tries: 0 };
  const faults = {
    before(op: string, input: { idempotencyKey: string }) {
      if (op !== 'pay' || !input.idempotencyKey.includes('/c1/')) return;
      state.tries += 1;
      if (state.tries <= EVERY_TRY) throw new Error('the rail is down');
    },
  };
  return withWorker(suite.env, { name: 'recheck-refused-made-up', faults }, async (ctx) => {
    const h = await openDispute(ctx, { policy, details: { orderId: 'o-6363', price: cny(PRICE) } });
    await waitForView(h, (x) => x.timeline.some((t) => t.kind === 'edge_done'), 'the remedy request');
    const refund = await h.startUpdate(m.proposeCompensationUpdate, {
      args: [{ actor: actors.xinyao, kind: 'instant_refund', amount: cny(20_000), reason: 'part now' }],
      waitForStage: WorkflowUpdateStage.ACCEPTED,
    });
    await suite.env.sleep('15m');
    expect((await refund.result()).compensations[0]!.status).toBe('executing'); // asked again for days
    // The merchant refuses meanwhile: the platform advances the rest, counting c1 as refunded.
    await h.executeUpdate(m.thirdPartyResponseUpdate, {
      args: [{ actor: actors.xinyao, party: 'merchant', outcome: 'refused' }],
    });
    await suite.env.sleep(ALL_RECHECKS);
    const failed = await h.query(m.caseViewQuery);
    expect(failed.compensations.map((c) => [c.id, c.status, c.amount.amount])).toEqual([
      ['c1', 'failed', 20_000],
      ['c2', 'executed', 30_000],
    ]);
    // c1 may have paid: no make-up yet. Asked, the rail holds no payment under c1's key.
    await recheck(h);
    const v = await waitForView(h, (x) => x.compensations[2]?.status === 'executed', 'the make-up');
    expect(v.compensations.map((c) => [c.id, c.kind, c.status, c.amount.amount])).toEqual([
      ['c1', 'instant_refund', 'failed', 20_000],
      ['c2', 'advance_refund', 'executed', 30_000],
      ['c3', 'advance_refund', 'executed', 20_000],
    ]);
    expect(v.compensations[0]!.steps.map((s) => s.status)).toEqual(['failed']);
    expect(v.ledger.paid).toEqual(cny(PRICE));
    expect(state.tries).toBe(EVERY_TRY);
    expect(await payments(ctx)).not.toContainEqual(expect.stringMatching(/^pay c1\//));
  });
});

test('managers, the platform and the proposer may not ask; a compensation with nothing unknown has nothing to ask', () => {
  return withWorker(suite.env, { name: 'recheck-refused' }, async (ctx) => {
    const h = await ctx.open({ type: 'concierge', policy, details: { request: 'a bow tie for tonight' } });
    await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
    await h.executeUpdate(m.proposeCompensationUpdate, {
      args: [{ actor: actors.xinyao, kind: 'goodwill_gift', amount: cny(10_000), reason: 'a scarf' }],
    });
    expect((await rejectionOf(recheck(h), 'invalid_transition')).message).toMatch(
      /c1 is executed, with no step whose answer is unknown/,
    );
    // managers may not ask (its answer undoes and makes up money), nor the platform, nor the proposer
    for (const actor of [actors.lin, actors.xinyao, actors.app]) {
      const asking = h.executeUpdate(m.recheckStepUpdate, { args: [{ actor, compensationId: 'c1' }] });
      expect((await rejectionOf(asking, 'forbidden')).message).toMatch(/may not recheck/);
    }
    await h.executeUpdate(m.proposeCompensationUpdate, {
      args: [{ actor: actors.zheng, kind: 'goodwill_gift', amount: cny(10_000), reason: 'flowers' }],
    });
    const own = h.executeUpdate(m.recheckStepUpdate, {
      args: [{ actor: actors.zheng, compensationId: 'c2' }],
    });
    expect((await rejectionOf(own, 'forbidden')).message).toMatch(
      /sup-zheng proposed c2, so sup-zheng may not ask its edge again/,
    );
    expect((await rejectionOf(recheck(h, 'c9'), 'not_found')).message).toMatch(/has no compensation c9/);
  });
});
