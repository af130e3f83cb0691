/**
 * DOMAIN.md, "Compensation": an advance refund is recovered from the merchant. A payment rail keeps the answer it
 * gave an idempotency key, a refusal too. After the rail refused a collection for certain (a frozen merchant
 * account), the merchant's next agreement collects under a new key. Before, it went again under the declined
 * key: the rail declined it again without trying, and the advance was absorbed though the merchant would pay.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { FaultInjector } from '../../activities/adapters/dev-edges';
import type { CaseView } from '../../workflows/domain';
import * as m from '../../workflows/messages';
import { actors } from '../support/cases';
import { texts, waitForView } from '../support/case-views';
import { HOUR } from '../support/clock';
import { oddPolicy } from '../support/odd-policy';
import {
  cny,
  openDispute,
  timeSkippingSuite,
  withWorker,
  type CaseHandle,
} from '../support/workflow-harness';

const suite = timeSkippingSuite();

/**
 * A rail that remembers every key it declined and declines it again; the first collection whose key `declines`
 * picks is declined (the merchant's account frozen then). Collections go through under any other key.
 */
function rememberingRail(declines: (key: string) => boolean) {
  const declined = new Set<string>();
  const keys: string[] = [];
  const faults: FaultInjector = {
    before(op: string, input: { idempotencyKey: string }) {
      if (op !== 'collect') return;
      const key = input.idempotencyKey;
      keys.push(key);
      if (declined.has(key) || (declined.size === 0 && declines(key))) {
        declined.add(key);
        throw ApplicationFailure.nonRetryable('the merchant account is frozen', 'EdgeRefused');
      }
    },
  };
  return { faults, keys };
}

const merchant = (h: CaseHandle, outcome: 'accepted' | 'refused') =>
  h.executeUpdate(m.thirdPartyResponseUpdate, {
    args: [{ actor: actors.xinyao, party: 'merchant', outcome }],
  });

const failures = (v: CaseView) => v.timeline.filter((t) => t.kind === 'recovery_failed').length;

test('after the rail refused a collection, the merchant agreeing again is collected under a new key', () => {
  const rail = rememberingRail((key) => key.endsWith('/c1/recover'));
  return withWorker(suite.env, { name: 'collection-keys', faults: rail.faults }, async (ctx) => {
    const policy = oddPolicy({ merchantResponseWindow: '19h', followUpWindow: '5d' });
    const h = await openDispute(ctx, { policy, details: { orderId: 'o-5151', price: cny(50_000) } });
    await waitForView(h, (x) => x.timeline.some((t) => t.kind === 'edge_done'), 'the remedy request');
    await merchant(h, 'refused'); // the platform advances the price at once
    await waitForView(h, (v) => v.compensations[0]?.status === 'executed', 'the advance refund');
    await merchant(h, 'accepted');
    await waitForView(h, (v) => failures(v) === 1, 'the refused collection');

    await merchant(h, 'accepted');
    const v = await waitForView(
      h,
      (x) => x.compensations[0]?.recovery?.status === 'recovered',
      'the recovery',
    );
    expect(rail.keys).toEqual([`${h.workflowId}/c1/recover`, `${h.workflowId}/c1/recover/after-refusal-1`]);
    expect(v.ledger).toMatchObject({ paid: cny(50_000), recovered: cny(50_000), absorbed: cny(0) });
  });
});

test("a merchant's share refused by the rail is collected under a new key when the merchants agree again", () => {
  const rail = rememberingRail((key) => key.endsWith('/c1/recover/air-9'));
  return withWorker(suite.env, { name: 'collection-keys-shares', faults: rail.faults }, async (ctx) => {
    const departure = (await suite.env.currentTimeMs()) + 74 * HOUR;
    const h = await ctx.open({
      type: 'travel_cancellation',
      details: {
        bookingId: 'villa-7',
        merchantId: 'resort-8',
        price: cny(111_111),
        departureDate: new Date(departure).toISOString(),
        additionalBookings: [{ bookingId: 'flight-8', merchantId: 'air-9', price: cny(12_346) }],
      },
    });
    await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
    await waitForView(h, (v) => v.status === 'waiting_on_third_party', 'the settlement');
    await merchant(h, 'refused');
    await waitForView(h, (v) => v.compensations[0]?.status === 'executed', 'the advance refund');
    await merchant(h, 'accepted');
    await waitForView(h, (v) => failures(v) === 1, "the airline's refused share");

    await merchant(h, 'accepted');
    const v = await waitForView(
      h,
      (x) => x.compensations[0]?.recovery?.status === 'recovered',
      'the recovery',
    );
    const airline = rail.keys.filter((k) => k.includes('/air-9'));
    expect(airline).toEqual([
      `${h.workflowId}/c1/recover/air-9`,
      `${h.workflowId}/c1/recover/air-9/after-refusal-1`,
    ]);
    expect(texts(v, 'recovered')).toEqual([
      '1111.11 CNY of c1 recovered from resort-8',
      '123.46 CNY of c1 recovered from air-9',
    ]);
  });
});
