/**
 * DOMAIN.md, "Compensation": the ledger says what was paid, net of what came back. An undo whose rail acts but
 * never answers (a reversal made, its answer lost) is not taken for a reversal that failed: like a forward step,
 * it is asked again with the same idempotency key for nearly four days (workflows/saga-recheck.ts), the
 * compensation executing and counting meanwhile; its receipt books the reversal. Only an undo that never answers
 * at all is `undo_failed`, its money out.
 */
import { WorkflowUpdateStage } from '@temporalio/client';
import * as m from '../../workflows/messages';
import { RECHECK_UNANSWERED_UNDOS_PATCH } from '../../workflows/patches';
import { RECHECK_AFTER_MS } from '../../workflows/saga-recheck';
import { actors } from '../support/cases';
import { texts } from '../support/case-views';
import { failForGood, faultsOf } from '../support/edges';
import { oddPolicy } from '../support/odd-policy';
import { patchMarkers } from '../support/patch-markers';
import { ALL_RECHECKS, answerLost, payments } from '../support/unanswered-edges';
import { cny, timeSkippingSuite, withWorker, type CaseHandle } from '../support/workflow-harness';

// A resolution commitment longer than every recheck: the manager still owns the case when they end.
const policy = oddPolicy({ tiers: { apass: { resolutionSla: '300h' } } });
/** The `apass` tier's manager authority in the odd policy is 456.78 CNY: one gift fits, two do not. */
const GIFT = 25_252;
/** The undo's tries: twenty at first, twenty at each recheck. */
const UNDO_TRIES = 20;

const suite = timeSkippingSuite();

/** The carrier refuses c1's shipment for good, so the gift's payment is reversed; its answer is lost `times` times. */
const shipmentRefused = (times: number) => {
  const lost = answerLost(times, 'reverse');
  return { lost, faults: faultsOf(failForGood('ship', '/c1/'), lost.faults) };
};

async function giftWhoseShipmentIsRefused(h: CaseHandle) {
  await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
  await h.startUpdate(m.proposeCompensationUpdate, {
    args: [{ actor: actors.xinyao, kind: 'goodwill_gift', amount: cny(GIFT), reason: 'silk scarf' }],
    waitForStage: WorkflowUpdateStage.ACCEPTED,
  });
  await suite.env.sleep('15m'); // the undo's twenty tries back off for minutes
  return h.query(m.caseViewQuery);
}

const openConcierge = (ctx: { open: (o: object) => Promise<CaseHandle> }) =>
  ctx.open({ type: 'concierge', policy, details: { request: 'a bow tie for tonight' } });

test('a reversal whose answer is lost is asked again later; its receipt at a recheck books the money back', () => {
  const { lost, faults } = shipmentRefused(2 * UNDO_TRIES); // lost until the second recheck
  return withWorker(suite.env, { name: 'undo-answers-later', faults }, async (ctx) => {
    const h = await openConcierge(ctx);
    const waiting = await giftWhoseShipmentIsRefused(h);
    expect(waiting.compensations[0]!.status).toBe('executing');
    expect(waiting.compensations[0]!.steps.map((s) => [s.name, s.status])).toEqual([
      ['buy gift', 'done'],
      ['ship to member', 'failed'],
    ]);
    expect(texts(waiting, 'saga_step_unanswered')).toEqual([
      expect.stringMatching(
        /^goodwill_gift c1: reverse buy gift got no answer, even asked again: asking again at .+ \(1 of 7\)$/,
      ),
    ]);
    expect(waiting.ledger.paid).toEqual(cny(GIFT));
    expect(lost.state.tries).toBe(UNDO_TRIES);

    await suite.env.sleep('2h');
    const v = await h.query(m.caseViewQuery);
    expect(v.compensations[0]!.status).toBe('failed');
    expect(v.compensations[0]!.steps.map((s) => s.status)).toEqual(['undone', 'failed']);
    expect(v.ledger.paid).toEqual(cny(0));
    expect(v.ledger.entries.map((e) => e.direction)).toEqual(['paid', 'reversed']);
    expect(lost.state.tries).toBe(2 * UNDO_TRIES + 1);
    expect(texts(v, 'saga_step_unanswered')).toHaveLength(2);
    expect(texts(v, 'saga_step_undo_failed')).toEqual([]);
    // Reversed once: every later call under the reversal's key was the same reversal asked again.
    expect((await payments(ctx)).filter((p) => !p.endsWith('(again)'))).toEqual([
      'pay c1/buy gift',
      'reverse c1/buy gift/reverse',
    ]);
    const { events } = await h.fetchHistory();
    expect(patchMarkers(events ?? [])).toContain(RECHECK_UNANSWERED_UNDOS_PATCH);
  });
});

test('a reversal that never answers is asked again for days, then undo_failed: its money counts as out', () => {
  const { lost, faults } = shipmentRefused(Infinity);
  return withWorker(suite.env, { name: 'undo-never-answers', faults }, async (ctx) => {
    const h = await openConcierge(ctx);
    await giftWhoseShipmentIsRefused(h);
    await suite.env.sleep(ALL_RECHECKS);
    const v = await h.query(m.caseViewQuery);
    expect(v.compensations[0]!.status).toBe('failed');
    expect(v.compensations[0]!.steps.map((s) => s.status)).toEqual(['undo_failed', 'failed']);
    expect(v.ledger.paid).toEqual(cny(GIFT));
    expect(lost.state.tries).toBe(UNDO_TRIES * (1 + RECHECK_AFTER_MS.length));
    expect(texts(v, 'saga_step_unanswered')).toHaveLength(RECHECK_AFTER_MS.length);
    expect(texts(v, 'saga_step_undo_failed')).toEqual([
      expect.stringMatching(/^goodwill_gift c1: reverse buy gift could not be undone: /),
    ]);
  });
});

test('a cancellation while a reversal waits to be asked again asks at once; still unanswered, the case ends with it undo_failed', () => {
  const { lost, faults } = shipmentRefused(Infinity);
  return withWorker(suite.env, { name: 'undo-cancelled', faults }, async (ctx) => {
    const h = await openConcierge(ctx);
    await giftWhoseShipmentIsRefused(h);
    // The cancellation's own ask tries for minutes: only a workflow result lets the test server skip them.
    await h.startUpdate(m.cancelUpdate, {
      args: [{ actor: actors.zheng, reason: 'the member withdrew' }],
      waitForStage: WorkflowUpdateStage.ACCEPTED,
    });
    await h.result();
    const v = await h.query(m.caseViewQuery);
    expect(v.status).toBe('cancelled');
    expect(v.compensations[0]!.status).toBe('failed');
    expect(v.compensations[0]!.steps.map((s) => s.status)).toEqual(['undo_failed', 'failed']);
    expect(v.ledger.paid).toEqual(cny(GIFT));
    expect(lost.state.tries).toBe(2 * UNDO_TRIES);
  });
});

test('a reversal that answers when a cancellation asks again is booked back; the gift failed by itself, it was not stopped', () => {
  const { lost, faults } = shipmentRefused(UNDO_TRIES);
  return withWorker(suite.env, { name: 'undo-answers-at-cancel', faults }, async (ctx) => {
    const h = await openConcierge(ctx);
    await giftWhoseShipmentIsRefused(h);
    await h.executeUpdate(m.cancelUpdate, { args: [{ actor: actors.zheng, reason: 'the member withdrew' }] });
    await h.result();
    const v = await h.query(m.caseViewQuery);
    expect(v.compensations[0]!.status).toBe('failed');
    expect(v.compensations[0]!.steps.map((s) => s.status)).toEqual(['undone', 'failed']);
    expect(v.ledger.paid).toEqual(cny(0));
    expect(lost.state.tries).toBe(UNDO_TRIES + 1);
    expect(texts(v, 'compensation_failed')).toEqual(['c1: failed; completed steps undone newest first']);
    expect(texts(v, 'compensation_reversed')).toEqual([]);
  });
});
