/**
 * DOMAIN.md, "Compensation": price refunds are counted over all price refunds of the case. A visa case that
 * refunded part of the trip's price before the consulate denied the visa hands the trip over to a linked trip
 * case: that case counts what was refunded already (its refunds and its advance refund cover only the rest), and
 * the visa case takes no more refunds of the trip's price. Otherwise the member is refunded twice.
 */
import type { CaseView, Member } from '../../workflows/domain';
import * as m from '../../workflows/messages';
import { actors } from '../support/cases';
import { caseDetails } from '../support/case-fixtures';
import { texts, waitForView } from '../support/case-views';
import { eventually } from '../support/eventually';
import { HOUR } from '../support/clock';
import { oddPolicy } from '../support/odd-policy';
import { rejectionOf } from '../support/update-rejections';
import {
  cny,
  timeSkippingSuite,
  withWorker,
  type CaseHandle,
  type WorkerContext,
} from '../support/workflow-harness';

const policy = oddPolicy(); // apass: instant-refund limit 1,234.57 CNY
const suite = timeSkippingSuite();
const PRICE = 100_000;

const refund = (h: CaseHandle, amount: number) =>
  h.executeUpdate(m.proposeCompensationUpdate, {
    args: [{ actor: actors.xinyao, kind: 'instant_refund', amount: cny(amount), reason: 'the trip is off' }],
  });

/** A visa case for a booked trip of PRICE, departing in 9 days, past its callback. */
async function calledBackVisa(
  ctx: WorkerContext,
  bookingId: string,
  member: Partial<Member> = {},
  price = PRICE,
) {
  const departureDate = new Date((await suite.env.currentTimeMs()) + 9 * 24 * HOUR).toISOString();
  const h = await ctx.open({
    type: 'visa_help',
    policy,
    member,
    details: caseDetails('visa_help', {
      departureDate,
      trip: { bookingId, merchantId: 'travel-4', price: cny(price) },
    }),
  });
  await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
  return h;
}

const denied = (h: CaseHandle) =>
  h.executeUpdate(m.thirdPartyResponseUpdate, {
    args: [{ actor: actors.xinyao, party: 'consulate', outcome: 'denied' }],
  });

/** The visa case's trip case, once open. */
async function tripOf(h: CaseHandle): Promise<{ trip: CaseHandle; opened: CaseView }> {
  const trip = suite.env.client.workflow.getHandle(`${h.workflowId}-trip`) as CaseHandle;
  const opened: CaseView = await eventually('the linked trip case', () => trip.query(m.caseViewQuery));
  return { trip, opened };
}

/** The trip case past its callback and settlement, after the merchant refused to refund. */
async function merchantRefused(trip: CaseHandle): Promise<CaseView> {
  await trip.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
  await waitForView(trip, (v) => v.status === 'waiting_on_third_party', 'the refunds requested');
  return trip.executeUpdate(m.thirdPartyResponseUpdate, {
    args: [{ actor: actors.xinyao, party: 'merchant', outcome: 'refused' }],
  });
}

test("a trip case opened by a visa case counts the trip's refunds the visa case made", () =>
  withWorker(suite.env, { name: 'linked-trip-refunds' }, async (ctx) => {
    const h = await calledBackVisa(ctx, 'tour-7');
    const refunded = await refund(h, 30_000);
    expect(refunded.compensations[0]).toMatchObject({ status: 'executed', amount: cny(30_000) });
    await denied(h);

    // the visa case takes no more refunds of the trip's price
    const more = await rejectionOf(refund(h, 10_000));
    expect(more.type).toBe('invalid_transition');
    expect(more.message).toContain(`refunded in its travel cancellation case ${h.workflowId}-trip`);

    const { trip, opened } = await tripOf(h);
    expect(opened.details).toMatchObject({ price: cny(PRICE), refundedOnVisaCase: cny(30_000) });
    const refused = await merchantRefused(trip);
    expect(refused.compensations).toEqual([
      expect.objectContaining({ kind: 'advance_refund', proposedBy: 'system', amount: cny(70_000) }),
    ]);
    // only the rest of the price may be refunded here
    expect((await rejectionOf(refund(trip, 1))).type).toBe('limit_exceeded');
  }));

test("the trip case's instant-refund limit counts what the visa case refunded: the rest's advance waits for a supervisor", () =>
  withWorker(suite.env, { name: 'linked-trip-limit' }, async (ctx) => {
    // 1,000.00 CNY refunded at once on the visa case, then 1,000.00 more advanced on the trip case: 2,000.00 CNY
    // of one price against the 1,234.57 CNY limit. Before, the trip case counted its own refunds alone and paid.
    const h = await calledBackVisa(ctx, 'tour-11', {}, 200_000);
    expect((await refund(h, 100_000)).compensations[0]).toMatchObject({ status: 'executed' });
    await denied(h);
    const refused = await merchantRefused((await tripOf(h)).trip);
    expect(refused.compensations.map((c) => [c.kind, c.amount.amount, c.proposedBy, c.status])).toEqual([
      ['advance_refund', 100_000, 'system', 'pending_approval'],
    ]);
    expect(refused.compensations[0]!.rule).toBe(
      'price refunds of the case (2000.00 CNY, 1000.00 CNY of them refunded on the visa case) exceed the instant-refund limit of 1234.57 CNY',
    );
  }));

test('a trip whose price the visa case refunded whole gets no advance refund', () =>
  withWorker(suite.env, { name: 'linked-trip-refunded' }, async (ctx) => {
    const h = await calledBackVisa(ctx, 'tour-8');
    await refund(h, PRICE);
    await denied(h);
    const refused = await merchantRefused((await tripOf(h)).trip);
    expect(refused.compensations).toEqual([]);
    expect(texts(refused, 'platform_decision')).toEqual([
      "the merchant refused the refund: nothing to advance, the visa case refunded the trip's price already",
    ]);
  }));

test('a refund of the trip still waiting for approval on the visa case is rejected when the trip case opens', () =>
  withWorker(suite.env, { name: 'linked-trip-waiting' }, async (ctx) => {
    const h = await calledBackVisa(ctx, 'tour-10', { credit: 'restricted' }); // every refund waits
    expect((await refund(h, 30_000)).compensations[0]!.status).toBe('pending_approval');
    const after = await denied(h);
    // the trip case decides on the whole price: nothing was refunded here
    expect(after.compensations[0]).toMatchObject({ status: 'rejected', rejectedBy: 'system' });
    expect(texts(after, 'compensation_rejected')).toEqual([
      `c1 rejected: the trip's refunds are decided in its travel cancellation case ${h.workflowId}-trip`,
    ]);
    expect((await tripOf(h)).opened.details).not.toHaveProperty('refundedOnVisaCase');
  }));
