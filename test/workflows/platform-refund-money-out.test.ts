/**
 * DOMAIN.md, "Compensation": price refunds never exceed the order's price, and a refund that failed with its money
 * maybe out (its payment never answered) counts against it. The platform's own advance refund, proposed when a
 * dispute's merchant refuses, is of the rest of the price: before, it proposed the whole price, which the cap
 * refused when a refund already counted, and paid again a refund whose payment never answered.
 */
import { WorkflowUpdateStage } from '@temporalio/client';
import * as m from '../../workflows/messages';
import {
  ADVANCE_BESIDE_MANAGERS_ADVANCE_PATCH,
  PLATFORM_ADVANCES_THE_REST_PATCH,
} from '../../workflows/patches';
import { RECHECK_AFTER_MS } from '../../workflows/saga-recheck';
import { texts, waitForView } from '../support/case-views';
import { actors } from '../support/cases';
import { oddPolicy } from '../support/odd-policy';
import { patchMarkers } from '../support/patch-markers';
import {
  cny,
  openDispute,
  timeSkippingSuite,
  withWorker,
  type WorkerContext,
} from '../support/workflow-harness';

// The merchant's window outlasts every recheck of a payment that never answers.
const policy = oddPolicy({ merchantResponseWindow: '300h' });
const PRICE = 98_765; // within the odd policy's apass instant-refund limit of 1,234.57 CNY
const ALL_RECHECKS =
  RECHECK_AFTER_MS.reduce((sum, ms) => sum + ms, 0) + RECHECK_AFTER_MS.length * 10 * 60_000;

const suite = timeSkippingSuite();

/** c1's payment is made and its answer always lost. */
const c1NeverAnswers = {
  after(op: string, input: { idempotencyKey: string }) {
    if (op === 'pay' && input.idempotencyKey.includes('/c1/')) throw new Error("the rail's answer timed out");
  },
};

/** A dispute past its callback, once the merchant has been asked for a remedy. */
async function askedDispute(ctx: WorkerContext, orderId: string, price: number) {
  const h = await openDispute(ctx, { policy, details: { orderId, price: cny(price) } });
  await waitForView(h, (x) => x.timeline.some((t) => t.kind === 'edge_done'), 'the remedy request');
  return h;
}

test('the merchant refuses after a full refund whose payment never answered: the platform advances nothing more', () =>
  withWorker(suite.env, { name: 'platform-money-out', faults: c1NeverAnswers }, async (ctx) => {
    const h = await askedDispute(ctx, 'o-5150', PRICE);
    const refund = await h.startUpdate(m.proposeCompensationUpdate, {
      args: [
        { actor: actors.xinyao, kind: 'instant_refund', amount: cny(PRICE), reason: 'pendant without chain' },
      ],
      waitForStage: WorkflowUpdateStage.ACCEPTED,
    });
    await suite.env.sleep('15m');
    expect((await refund.result()).compensations[0]).toMatchObject({ id: 'c1', status: 'executing' });
    await suite.env.sleep(ALL_RECHECKS);
    const failed = await h.query(m.caseViewQuery);
    expect(failed.compensations[0]).toMatchObject({ status: 'failed' });
    expect(failed.compensations[0]!.steps.map((s) => s.status)).toEqual(['unconfirmed']);

    // days past its resolution commitment, the case climbed: its supervisor takes the merchant's answer
    const refused = await h.executeUpdate(m.thirdPartyResponseUpdate, {
      args: [{ actor: actors.zheng, party: 'merchant', outcome: 'refused' }],
    });
    expect(refused.compensations.map((c) => c.id)).toEqual(['c1']);
    expect(texts(refused, 'platform_decision')).toContain(
      'the merchant refused a remedy: nothing left to advance (987.65 CNY of it refunded already, paid, waiting or maybe paid)',
    );
    const { events } = await h.fetchHistory();
    expect(patchMarkers(events ?? [])).toContain(PLATFORM_ADVANCES_THE_REST_PATCH);
  }));

test.each([
  ['refunded', 'instant_refund', 'o-5151'],
  // Before `advance-beside-managers-advance`, the manager's own advance kept the platform from advancing the rest.
  ['advanced', 'advance_refund', 'o-5153'],
] as const)(
  'the merchant refuses after the manager %s part of the price: the platform advances the rest',
  (_, kind, orderId) =>
    withWorker(suite.env, { name: `platform-advances-rest-${kind}` }, async (ctx) => {
      const h = await askedDispute(ctx, orderId, PRICE);
      const part = await h.executeUpdate(m.proposeCompensationUpdate, {
        args: [{ actor: actors.xinyao, kind, amount: cny(10_000), reason: 'the chain' }],
      });
      expect(part.compensations[0]).toMatchObject({ id: 'c1', amount: cny(10_000) });
      await waitForView(h, (v) => v.compensations[0]!.status === 'executed', 'the partial refund paid');
      const refused = await h.executeUpdate(m.thirdPartyResponseUpdate, {
        args: [{ actor: actors.xinyao, party: 'merchant', outcome: 'refused' }],
      });
      expect(refused.compensations[1]).toMatchObject({
        id: 'c2',
        kind: 'advance_refund',
        proposedBy: 'system',
        amount: cny(PRICE - 10_000),
      });
      expect(refused.compensations[1]!.reason).toContain(
        'the rest of the price: 100.00 CNY of it refunded already',
      );
      const settled = await waitForView(
        h,
        (v) => v.compensations[1]!.status === 'executed',
        'the advance paid',
      );
      expect(settled.ledger.paid).toEqual(cny(PRICE));
      if (kind === 'advance_refund') {
        const { events } = await h.fetchHistory();
        expect(patchMarkers(events ?? [])).toContain(ADVANCE_BESIDE_MANAGERS_ADVANCE_PATCH);
      }
    }),
);

test('a refund the advance counted is then rejected: the platform advances its part too', () =>
  withWorker(suite.env, { name: 'platform-advance-made-up' }, async (ctx) => {
    const price = 200_000; // the odd policy's apass instant-refund limit is 1,234.57 CNY: 1,500 waits
    const h = await askedDispute(ctx, 'o-5152', price);
    const waiting = await h.executeUpdate(m.proposeCompensationUpdate, {
      args: [{ actor: actors.xinyao, kind: 'instant_refund', amount: cny(150_000), reason: 'most of it' }],
    });
    expect(waiting.compensations[0]).toMatchObject({ id: 'c1', status: 'pending_approval' });
    const refused = await h.executeUpdate(m.thirdPartyResponseUpdate, {
      args: [{ actor: actors.xinyao, party: 'merchant', outcome: 'refused' }],
    });
    expect(refused.compensations[1]).toMatchObject({ id: 'c2', proposedBy: 'system', amount: cny(50_000) });
    const rejected = await h.executeUpdate(m.rejectCompensationUpdate, {
      args: [{ actor: actors.zheng, compensationId: 'c1', reason: 'the platform advances it' }],
    });
    expect(rejected.compensations[2]).toMatchObject({
      id: 'c3',
      kind: 'advance_refund',
      proposedBy: 'system',
      amount: cny(150_000),
    });
    expect(rejected.compensations[2]!.reason).toContain(
      'the part of the price that c1 was to refund (rejected)',
    );
  }));
