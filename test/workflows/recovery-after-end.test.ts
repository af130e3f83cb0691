/**
 * DOMAIN.md, "Compensation": an advance refund is recovered from the merchant, or the platform absorbs it; the
 * ledger says which. A collection the merchant agreed to, still running when the case is cancelled, that then
 * fails for good leaves nobody to take another answer: the platform absorbs it, and the ledger balances
 * (paid = recovered + absorbed) instead of leaving the money neither recovered nor absorbed.
 */
import { ApplicationFailure } from '@temporalio/common';
import * as m from '../../workflows/messages';
import { actors } from '../support/cases';
import { entriesOf, texts, waitForView } from '../support/case-views';
import { eventually } from '../support/eventually';
import { oddPolicy } from '../support/odd-policy';
import { cny, openDispute, timeSkippingSuite, withWorker } from '../support/workflow-harness';

const policy = oddPolicy({ merchantResponseWindow: '19h', followUpWindow: '5d' });
const PRICE = 50_000;

const suite = timeSkippingSuite();

/** The collection of c1 waits until released, then the rail refuses it for good. */
function heldThenRefused() {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const state = { started: false };
  return {
    state,
    release: () => release(),
    faults: {
      async before(operation: string, input: { idempotencyKey: string }) {
        if (operation !== 'collect' || !input.idempotencyKey.includes('/c1/recover')) return;
        state.started = true;
        await released;
        throw ApplicationFailure.nonRetryable('the merchant account is closed', 'EdgeRefused');
      },
    },
  };
}

test('a collection that fails for good after the case was cancelled is absorbed: the ledger balances', () => {
  const collect = heldThenRefused();
  return withWorker(suite.env, { name: 'recovery-after-cancel', faults: collect.faults }, async (ctx) => {
    const h = await openDispute(ctx, { policy, details: { orderId: 'o-4242', price: cny(PRICE) } });
    await waitForView(h, (x) => x.timeline.some((t) => t.kind === 'edge_done'), 'the remedy request');
    const answer = (outcome: 'accepted' | 'refused') =>
      h.executeUpdate(m.thirdPartyResponseUpdate, {
        args: [{ actor: actors.xinyao, party: 'merchant', outcome }],
      });
    await answer('refused'); // the platform decides: an advance refund within the limit, paid at once
    await waitForView(h, (v) => v.compensations[0]?.status === 'executed', 'the advance refund');
    await answer('accepted'); // the merchant will pay back after all: the collection starts
    await eventually('the collection to start', () => collect.state.started);

    const cancelled = await h.executeUpdate(m.cancelUpdate, {
      args: [{ actor: actors.zheng, reason: 'the member withdrew' }],
    });
    expect(cancelled.status).toBe('cancelled');
    collect.release();
    await h.result();

    const v = await h.query(m.caseViewQuery);
    expect(v.compensations[0]!.recovery?.status).toBe('absorbed');
    expect(v.ledger).toMatchObject({ paid: cny(PRICE), recovered: cny(0), absorbed: cny(PRICE) });
    expect(entriesOf(v, 'recovery_failed')).toHaveLength(1);
    expect(texts(v, 'absorbed')).toEqual([
      'platform absorbs 500.00 CNY of c1: collecting from the merchant failed after the case had ended',
    ]);
  });
});
