/**
 * DOMAIN.md, "Compensation": retries never pay twice, and the ledger says what was paid. A payment whose rail
 * acts but never answers in time (a slow rail: the money moved, the answer was lost) is not taken for a payment
 * that failed: the saga asks the rail again with the same idempotency key, which answers with the receipt of
 * the payment it made. A rail that still does not answer is asked again later, for nearly four days
 * (workflows/saga-recheck.ts), the compensation executing meanwhile; one that never answers at all leaves the
 * step unconfirmed: the compensation failed, and its amount still counts against the budgets, so a second
 * proposal does not pay again unchecked.
 */
import { WorkflowUpdateStage } from '@temporalio/client';
import * as m from '../../workflows/messages';
import {
  CONFIRM_UNANSWERED_STEPS_PATCH,
  RECHECK_UNANSWERED_STEPS_PATCH,
  UNCONFIRMED_KEEPS_DONE_PATCH,
} from '../../workflows/patches';
import { RECHECK_AFTER_MS } from '../../workflows/saga-recheck';
import { actors } from '../support/cases';
import { texts } from '../support/case-views';
import { rejectionOf } from '../support/update-rejections';
import { oddPolicy } from '../support/odd-policy';
import { patchMarkers } from '../support/patch-markers';
import { ALL_RECHECKS, answerLost, payments } from '../support/unanswered-edges';
import { cny, timeSkippingSuite, withWorker, type CaseHandle } from '../support/workflow-harness';

// A resolution commitment longer than every recheck: the manager still owns the case when they end.
const policy = oddPolicy({ tiers: { apass: { resolutionSla: '300h' } } });
/** The `apass` tier's manager authority in the odd policy is 456.78 CNY: one gift fits, two do not. */
const GIFT = 25_252;

const suite = timeSkippingSuite();

/** Proposes a gift and lets the test server's clock run while its saga retries (backoffs are minutes long). */
async function proposeGift(h: CaseHandle, reason: string) {
  const update = await h.startUpdate(m.proposeCompensationUpdate, {
    args: [{ actor: actors.xinyao, kind: 'goodwill_gift', amount: cny(GIFT), reason }],
    waitForStage: WorkflowUpdateStage.ACCEPTED,
  });
  await suite.env.sleep('15m');
  return update.result();
}

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

/** Tries of one step that never answers: five forward, twenty asking again, twenty at each recheck. */
const EVERY_TRY = 25 + RECHECK_AFTER_MS.length * 20;

test('a payment whose rail never answers is asked again for days, executing meanwhile; then it is unconfirmed: the gift failed, and its amount still counts', () => {
  const lost = answerLost(Infinity);
  return withWorker(suite.env, { name: 'never-answers', faults: lost.faults }, async (ctx) => {
    const h = await ctx.open({ type: 'concierge', policy, details: { request: 'a bow tie for tonight' } });
    await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
    const waiting = await proposeGift(h, 'silk scarf');
    expect(waiting.compensations[0]).toMatchObject({ status: 'executing' });
    expect(waiting.compensations[0]!.steps.map((s) => [s.name, s.status])).toEqual([
      ['buy gift', 'unconfirmed'],
      ['ship to member', 'pending'],
    ]);
    expect(texts(waiting, 'saga_step_unanswered')).toEqual([
      expect.stringMatching(
        /^goodwill_gift c1: buy gift got no answer, even asked again: asking again at .+ \(1 of 7\)$/,
      ),
    ]);
    expect(lost.state.tries).toBe(25); // five forward tries, twenty more asking again

    await suite.env.sleep(ALL_RECHECKS);
    const first = await h.query(m.caseViewQuery);
    const c1 = first.compensations[0]!;
    expect(c1.status).toBe('failed');
    expect(c1.steps.map((s) => [s.name, s.status])).toEqual([
      ['buy gift', 'unconfirmed'],
      ['ship to member', 'pending'],
    ]);
    expect(lost.state.tries).toBe(EVERY_TRY);
    expect(texts(first, 'saga_step_unanswered')).toHaveLength(RECHECK_AFTER_MS.length);
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
    expect(patchMarkers(events ?? [])).toEqual(
      expect.arrayContaining([CONFIRM_UNANSWERED_STEPS_PATCH, RECHECK_UNANSWERED_STEPS_PATCH]),
    );
  });
});

test('a rail that answers at a later recheck: the payment it made is confirmed, the gift ships, paid once', () => {
  const lost = answerLost(45); // its answers lost until the second recheck
  return withWorker(suite.env, { name: 'answers-later', faults: lost.faults }, async (ctx) => {
    const h = await ctx.open({ type: 'concierge', policy, details: { request: 'a bow tie for tonight' } });
    await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
    const waiting = await proposeGift(h, 'silk scarf');
    expect(waiting.compensations[0]!.status).toBe('executing');
    // Asking the rail again is the system's own business: the owner's next due time is still the clock's.
    expect(waiting.nextDueAt).toBe(waiting.sla.resolution.dueAt);
    // Its amount counts while it executes: a second gift would pass the authority.
    const second = await h.executeUpdate(m.proposeCompensationUpdate, {
      args: [{ actor: actors.xinyao, kind: 'goodwill_gift', amount: cny(GIFT), reason: 'flowers' }],
    });
    expect(second.compensations[1]!.status).toBe('pending_approval');

    await suite.env.sleep('2h');
    const v = await h.query(m.caseViewQuery);
    expect(v.compensations[0]).toMatchObject({ status: 'executed' });
    expect(v.compensations[0]!.steps.map((s) => s.status)).toEqual(['done', 'done']);
    expect(v.ledger.paid).toEqual(cny(GIFT));
    expect(lost.state.tries).toBe(46);
    expect(texts(v, 'saga_step_unanswered')).toHaveLength(2);
    expect((await payments(ctx)).filter((p) => !p.endsWith('(again)'))).toEqual([
      expect.stringMatching(/^pay c1\//),
    ]);
  });
});

test('a cancellation while a payment waits to be asked again asks at once, and reverses the payment it confirms', () => {
  const lost = answerLost(25);
  return withWorker(suite.env, { name: 'cancel-while-rechecking', faults: lost.faults }, async (ctx) => {
    const h = await ctx.open({ type: 'concierge', policy, details: { request: 'a bow tie for tonight' } });
    await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
    const waiting = await proposeGift(h, 'silk scarf');
    expect(waiting.compensations[0]!.status).toBe('executing');
    const cancelled = await h.executeUpdate(m.cancelUpdate, {
      args: [{ actor: actors.zheng, reason: 'the member withdrew' }],
    });
    expect(cancelled.status).toBe('cancelled');
    await h.result();
    const v = await h.query(m.caseViewQuery);
    expect(v.compensations[0]).toMatchObject({ status: 'reversed' });
    expect(v.compensations[0]!.steps.map((s) => [s.name, s.status])).toEqual([
      ['buy gift', 'undone'],
      ['ship to member', 'pending'],
    ]);
    expect(v.ledger.paid).toEqual(cny(0));
    expect(v.ledger.entries.map((e) => e.direction)).toEqual(['paid', 'reversed']);
  });
});

test('a shipment that never answers is asked again for days; then it is left unconfirmed: the goods may have left, so the vendor keeps its payment, which counts', () => {
  const lost = answerLost(Infinity, 'ship');
  return withWorker(suite.env, { name: 'ship-never-answers', faults: lost.faults }, async (ctx) => {
    const h = await ctx.open({ type: 'concierge', policy, details: { request: 'a bow tie for tonight' } });
    await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
    const waiting = await proposeGift(h, 'silk scarf');
    expect(waiting.compensations[0]!.steps.map((s) => [s.name, s.status])).toEqual([
      ['buy gift', 'done'],
      ['ship to member', 'unconfirmed'],
    ]);
    await suite.env.sleep(ALL_RECHECKS);
    const first = await h.query(m.caseViewQuery);
    expect(first.compensations[0]!.status).toBe('failed');
    expect(first.compensations[0]!.steps.map((s) => [s.name, s.status])).toEqual([
      ['buy gift', 'done'],
      ['ship to member', 'unconfirmed'],
    ]);
    expect(lost.state.tries).toBe(EVERY_TRY);
    expect(first.ledger.paid).toEqual(cny(GIFT));
    expect(texts(first, 'compensation_failed')).toEqual([
      'c1: failed; a step got no answer, so it may have been done: the steps before it stand, and its amount counts against the budgets until someone checks with the edge',
    ]);
    expect(await payments(ctx)).toEqual([expect.stringMatching(/^pay c1\/buy gift$/)]);
    const second = await proposeGift(h, 'flowers instead');
    expect(second.compensations[1]!.status).toBe('pending_approval'); // c1's amount still counts
    const { events } = await h.fetchHistory();
    expect(patchMarkers(events ?? [])).toContain(UNCONFIRMED_KEEPS_DONE_PATCH);
  });
});

test('a price refund whose rail never answered still counts against the order price: a second refund of the whole price is refused', () => {
  const lost = answerLost(Infinity);
  const price = 30_000;
  return withWorker(suite.env, { name: 'refund-never-answers', faults: lost.faults }, async (ctx) => {
    const h = await ctx.open({
      type: 'lost_goods',
      policy,
      details: { orderId: 'o-9', merchantId: 'shop-2', price: cny(price) },
    });
    await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
    const refund = (reason: string) =>
      h.startUpdate(m.proposeCompensationUpdate, {
        args: [{ actor: actors.xinyao, kind: 'instant_refund', amount: cny(price), reason }],
        waitForStage: WorkflowUpdateStage.ACCEPTED,
      });
    await refund('never arrived');
    await suite.env.sleep('15m');
    await suite.env.sleep(ALL_RECHECKS);
    const first = await h.query(m.caseViewQuery);
    expect(first.compensations[0]).toMatchObject({ id: 'c1', status: 'failed' });
    expect(first.compensations[0]!.steps.map((s) => s.status)).toEqual(['unconfirmed']);

    const again = await rejectionOf(
      refund('asked again').then((u) => u.result()),
      'limit_exceeded',
    );
    expect(again.message).toContain('more than the order price of 300.00 CNY');
    const v = await h.query(m.caseViewQuery);
    expect(v.compensations).toHaveLength(1);
    expect((await payments(ctx)).filter((p) => !p.endsWith('(again)'))).toEqual([
      expect.stringMatching(/^pay c1\//),
    ]);
  });
});

test('a trip settlement whose refund request never answers is still undone: the booking is reinstated, and the manager settles by hand', () => {
  const lost = { tries: 0 };
  const faults = {
    after(op: string) {
      if (op !== 'requestRefund') return;
      lost.tries += 1;
      throw new Error(`the merchant's answer timed out (try ${lost.tries})`);
    },
  };
  return withWorker(suite.env, { name: 'settlement-never-answers', faults }, async (ctx) => {
    const departure = (await suite.env.currentTimeMs()) + 9 * 24 * 3_600_000;
    const h = await ctx.open({
      type: 'travel_cancellation',
      policy,
      details: {
        bookingId: 'villa-8',
        merchantId: 'resort-9',
        price: cny(80_000),
        departureDate: new Date(departure).toISOString(),
      },
    });
    await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
    await suite.env.sleep('15m');
    await suite.env.sleep(ALL_RECHECKS);
    const v = await h.query(m.caseViewQuery);
    expect(texts(v, 'settlement_failed')).toHaveLength(1);
    expect(texts(v, 'saga_step_undone')).toEqual(['trip settlement: reinstate booking villa-8 undone']);
    const merchants = await ctx.edges.journals.merchants.calls();
    expect(merchants.filter((c) => !c.duplicate).map((c) => String(c.operation))).toEqual([
      'cancelBooking',
      'requestRefund',
      'reinstateBooking',
    ]);
    expect(lost.tries).toBe(EVERY_TRY);
    // The request reached the merchant (its answer was lost) and was never withdrawn: the merchant may refund
    // the member, so the platform refunds nothing beside it (trip-price-refunds.ts).
    const refused = await rejectionOf(
      h.executeUpdate(m.proposeCompensationUpdate, {
        args: [{ actor: actors.xinyao, kind: 'instant_refund', amount: cny(80_000), reason: 'trip off' }],
      }),
      'invalid_transition',
    );
    expect(refused.message).toMatch(/the refund request of villa-8 may stand/);
  });
});
