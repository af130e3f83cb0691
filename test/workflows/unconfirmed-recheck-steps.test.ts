/**
 * The check with the edge (`compensations/{id}/recheck`) beyond a one-step refund: a gift whose payment was made
 * and whose shipment never answered is settled by the carrier's answer alone (its payment kept when it shipped,
 * reversed when it did not), and on a case a supervisor opened, that supervisor may not ask the edge of the
 * platform's own proposal (four eyes, as for its approval).
 */
import { WorkflowUpdateStage } from '@temporalio/client';
import * as m from '../../workflows/messages';
import { RECHECK_AFTER_MS } from '../../workflows/saga-recheck';
import { actors, openInput } from '../support/cases';
import { caseDetails } from '../support/case-fixtures';
import { texts, waitForView } from '../support/case-views';
import { oddPolicy } from '../support/odd-policy';
import { rejectionOf } from '../support/update-rejections';
import { ALL_RECHECKS, answerLost, payments } from '../support/unanswered-edges';
import { cny, timeSkippingSuite, withWorker, type CaseHandle } from '../support/workflow-harness';

const suite = timeSkippingSuite();
// A resolution commitment longer than every recheck: the manager still owns the case when they end.
const policy = oddPolicy({ merchantResponseWindow: '19h', tiers: { apass: { resolutionSla: '300h' } } });
const GIFT = 25_252;
/** Tries of one step that never answers: five forward, twenty asking again, twenty at each recheck. */
const EVERY_TRY = 25 + RECHECK_AFTER_MS.length * 20;

/** A gift bought, its shipment unanswered through every try: failed, the payment kept, the shipment unconfirmed. */
async function giftShippedUnconfirmed(h: CaseHandle) {
  await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
  await h.startUpdate(m.proposeCompensationUpdate, {
    args: [{ actor: actors.xinyao, kind: 'goodwill_gift', amount: cny(GIFT), reason: 'silk scarf' }],
    waitForStage: WorkflowUpdateStage.ACCEPTED,
  });
  await suite.env.sleep('15m');
  await suite.env.sleep(ALL_RECHECKS);
  const v = await h.query(m.caseViewQuery);
  expect(v.compensations[0]!.status).toBe('failed');
  expect(v.compensations[0]!.steps.map((s) => [s.name, s.status])).toEqual([
    ['buy gift', 'done'],
    ['ship to member', 'unconfirmed'],
  ]);
  expect(v.ledger.paid).toEqual(cny(GIFT));
}

/** zheng asks the edge again, and the test server's clock runs while the step's tries back off. */
async function recheckGift(h: CaseHandle) {
  const asking = await h.startUpdate(m.recheckStepUpdate, {
    args: [{ actor: actors.zheng, compensationId: 'c1' }],
    waitForStage: WorkflowUpdateStage.ACCEPTED,
  });
  await suite.env.sleep('15m');
  return asking.result();
}

test('asked again, the carrier confirms the gift shipped: executed, the payment booked once', () => {
  const lost = answerLost(EVERY_TRY, 'ship');
  return withWorker(suite.env, { name: 'recheck-gift-shipped', faults: lost.faults }, async (ctx) => {
    const h = await ctx.open({ type: 'concierge', policy, details: { request: 'a bow tie for tonight' } });
    await giftShippedUnconfirmed(h);
    const v = await recheckGift(h);
    expect(v.compensations[0]!.status).toBe('executed');
    expect(v.compensations[0]!.steps.map((s) => s.status)).toEqual(['done', 'done']);
    expect(v.ledger.paid).toEqual(cny(GIFT));
    expect(v.ledger.entries.map((e) => e.direction)).toEqual(['paid']);
    expect(lost.state.tries).toBe(EVERY_TRY); // looked up, not shipped again
    // the payment was not asked again: only the step whose answer was unknown
    expect((await payments(ctx)).filter((p) => !p.endsWith('(again)'))).toEqual([
      expect.stringMatching(/^pay c1\/buy gift$/),
    ]);
  });
});

test('asked again, the carrier holds no such shipment: the gift is undone, its payment reversed', () => {
  const faults = {
    before(op: string, input: { idempotencyKey: string }) {
      if (op === 'ship' && input.idempotencyKey.includes('/c1/')) throw new Error('the carrier is down');
    },
  };
  return withWorker(suite.env, { name: 'recheck-gift-refused', faults }, async (ctx) => {
    const h = await ctx.open({ type: 'concierge', policy, details: { request: 'a bow tie for tonight' } });
    await giftShippedUnconfirmed(h);
    await recheckGift(h);
    const v = await waitForView(
      h,
      (x) => x.compensations[0]!.steps[0]!.status === 'undone',
      'the payment reversed',
    );
    expect(v.compensations[0]!.status).toBe('failed');
    expect(v.compensations[0]!.steps.map((s) => s.status)).toEqual(['undone', 'failed']);
    expect(v.ledger.paid).toEqual(cny(0));
    expect(v.ledger.entries.map((e) => e.direction)).toEqual(['paid', 'reversed']);
    const { allowedActions } = await h.query(m.caseViewForQuery, actors.wen);
    expect(allowedActions).not.toContain('compensations/c1/recheck');
  });
});

test("on a case a supervisor opened, that supervisor may not ask the edge of the platform's own advance; another may", () => {
  const lost = answerLost(Infinity, 'pay');
  return withWorker(suite.env, { name: 'recheck-opener', faults: lost.faults }, async (ctx) => {
    const h = await ctx.start({
      ...openInput({ type: 'dispute', policy, details: caseDetails('dispute', { price: cny(50_000) }) }),
      openedBy: actors.zheng,
    });
    await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
    await waitForView(h, (x) => x.timeline.some((t) => t.kind === 'edge_done'), 'the remedy request');
    const refused = await h.executeUpdate(m.thirdPartyResponseUpdate, {
      args: [{ actor: actors.xinyao, party: 'merchant', outcome: 'refused' }],
    });
    // the platform's proposal on a case zheng opened: someone else approves it
    expect(refused.compensations[0]).toMatchObject({ kind: 'advance_refund', status: 'pending_approval' });
    await h.startUpdate(m.approveCompensationUpdate, {
      args: [{ actor: actors.wen, compensationId: 'c1' }],
      waitForStage: WorkflowUpdateStage.ACCEPTED,
    });
    await suite.env.sleep('15m');
    await suite.env.sleep(ALL_RECHECKS);
    expect((await h.query(m.caseViewQuery)).compensations[0]!.steps.map((s) => s.status)).toEqual([
      'unconfirmed',
    ]);

    const own = h.executeUpdate(m.recheckStepUpdate, {
      args: [{ actor: actors.zheng, compensationId: 'c1' }],
    });
    expect((await rejectionOf(own, 'forbidden')).message).toMatch(
      /sup-zheng opened case .*, and c1 is the platform's own proposal on it, so sup-zheng may not ask its edge again/,
    );
    expect((await h.query(m.caseViewForQuery, actors.zheng)).allowedActions).not.toContain(
      'compensations/c1/recheck',
    );
    const asking = await h.startUpdate(m.recheckStepUpdate, {
      args: [{ actor: actors.wen, compensationId: 'c1' }],
      waitForStage: WorkflowUpdateStage.ACCEPTED,
    });
    await suite.env.sleep('15m');
    const v = await asking.result();
    expect(texts(v, 'step_asked_again')).toHaveLength(1);
    expect(v.compensations[0]!.steps.map((s) => s.status)).toEqual(['done']); // the rail had paid it
  });
});
