/**
 * A resolved case is one nobody works any more, so no money may be left undecided on it (DOMAIN.md,
 * "Compensation": approvals, their timeout, proposals rejected only by a cancellation):
 * - a trip is not resolved while it settles or while its merchant has not confirmed the refund (its penalty
 *   cover, or the advance refund a refusal brings, would land on the resolved case);
 * - a third party's answer to a step that ended with the resolution is refused (a dispute's merchant refusing
 *   after it would have the platform propose an advance refund on the resolved case); reopened, it is taken;
 * - a consulate's approval, which resolves a visa case at once, is taken while a compensation is undecided (refused
 *   then, it left the decision deadline to cancel the trip of a granted visa), and resolves it once none is.
 */
import type { Actor } from '../../workflows/domain';
import * as m from '../../workflows/messages';
import { actors } from '../support/cases';
import { caseDetails } from '../support/case-fixtures';
import { texts, waitForView } from '../support/case-views';
import { HOUR } from '../support/clock';
import { oddPolicy } from '../support/odd-policy';
import { rejectionOf } from '../support/update-rejections';
import {
  cny,
  openDispute,
  timeSkippingSuite,
  withWorker,
  type CaseHandle,
  type WorkerContext,
} from '../support/workflow-harness';

const policy = oddPolicy({ merchantResponseWindow: '19h' });
const suite = timeSkippingSuite();

const resolve = (h: CaseHandle) =>
  h.executeUpdate(m.resolveUpdate, { args: [{ actor: actors.xinyao, code: 'done', summary: 'settled' }] });
const answer = (
  h: CaseHandle,
  party: 'merchant' | 'consulate',
  outcome: string,
  actor: Actor = actors.xinyao,
) =>
  h.executeUpdate(m.thirdPartyResponseUpdate, {
    args: [{ actor, party, outcome, note: `${party} ${outcome}` } as m.ThirdPartyResponseArgs],
  });

/** A visa case with a booked trip 9 days before departure, past its callback: waiting for the consulate. */
async function calledBackVisa(ctx: WorkerContext): Promise<CaseHandle> {
  const departureDate = new Date((await suite.env.currentTimeMs()) + 9 * 24 * HOUR).toISOString();
  const trip = { bookingId: 'b-paris-9', merchantId: 'agency-3', price: cny(2_000_000) };
  const h = await ctx.open({
    type: 'visa_help',
    policy,
    details: caseDetails('visa_help', { departureDate, trip }),
  });
  await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
  return h;
}

test('a trip is resolved only once it is settled and its merchant has confirmed the refund', () =>
  withWorker(suite.env, { name: 'resolve-trip' }, async (ctx) => {
    const departure = (await suite.env.currentTimeMs()) + 74 * HOUR;
    const h = await ctx.open({
      type: 'travel_cancellation',
      policy,
      details: {
        bookingId: 'villa-5',
        merchantId: 'resort-8',
        price: cny(111_111),
        departureDate: new Date(departure).toISOString(),
        reason: 'typhoon warning',
      },
    });
    await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
    const early = await rejectionOf(resolve(h), 'invalid_transition');
    expect(early.message).toMatch(/still being settled|has not confirmed the refund/);

    await waitForView(h, (v) => v.status === 'waiting_on_third_party', 'the refunds requested');
    const waiting = await rejectionOf(resolve(h), 'invalid_transition');
    expect(waiting.message).toContain('the merchant has not confirmed the refund yet');

    await answer(h, 'merchant', 'accepted');
    expect((await resolve(h)).status).toBe('resolved');
  }));

test("a merchant answering a resolved dispute's remedy request is refused, and taken once it is reopened", () =>
  withWorker(suite.env, { name: 'resolved-dispute' }, async (ctx) => {
    const h = await openDispute(ctx, { policy, details: { orderId: 'o-4242', price: cny(98_765) } });
    await waitForView(h, (x) => x.timeline.some((t) => t.kind === 'edge_done'), 'the remedy request');
    expect((await resolve(h)).status).toBe('resolved');

    const refused = await rejectionOf(answer(h, 'merchant', 'refused'), 'invalid_transition');
    expect(refused.message).toContain('is resolved');
    const after = await h.query(m.caseViewQuery);
    expect(after.compensations).toEqual([]);

    await h.executeUpdate(m.reopenUpdate, {
      args: [{ actor: actors.app, reason: 'the merchant wrote back' }],
    });
    const taken = await answer(h, 'merchant', 'refused');
    expect(taken.status).not.toBe('resolved');
    expect(taken.compensations.map((c) => c.kind)).toEqual(['advance_refund']);
  }));

/** A gift above the apass authority of 456.78 CNY, waiting for the supervisor, then the consulate's approval. */
async function grantedWithGiftWaiting(h: CaseHandle) {
  const proposed = await h.executeUpdate(m.proposeCompensationUpdate, {
    args: [
      { actor: actors.xinyao, kind: 'goodwill_gift', amount: cny(50_000), reason: 'flowers for mother' },
    ],
  });
  expect(proposed.compensations[0]!.status).toBe('pending_approval');
  return answer(h, 'consulate', 'approved');
}

test("a consulate's approval while a compensation is undecided is taken: the trip stays, resolved once it is paid", () =>
  withWorker(suite.env, { name: 'visa-approval-outstanding' }, async (ctx) => {
    const h = await calledBackVisa(ctx);
    const taken = await grantedWithGiftWaiting(h);
    expect(taken.status).toBe('in_progress');
    expect(texts(taken, 'visa_granted')).toEqual([
      'the consulate granted the visa: consulate approved; the case is resolved visa_granted once compensation c1 (pending_approval) is settled',
    ]);
    // Past the decision deadline (departure minus 48 h): a granted visa cancels no trip.
    await suite.env.sleep('8d');
    let v = await h.query(m.caseViewQuery);
    expect(v.linkedCases).toEqual([]);
    expect(v.status).toBe('in_progress');

    await h.executeUpdate(m.approveCompensationUpdate, {
      args: [{ actor: actors.zheng, compensationId: 'c1' }],
    });
    v = await waitForView(h, (x) => x.status === 'resolved', 'the case resolved once the gift is paid');
    expect(v.compensations[0]!.status).toBe('executed');
    expect(v.resolution).toMatchObject({ code: 'visa_granted', resolvedBy: 'system' });
  }));

test("a consulate's approval taken while a gift waited: the gift's rejection resolves the case", () =>
  withWorker(suite.env, { name: 'visa-approval-rejected-gift' }, async (ctx) => {
    const h = await calledBackVisa(ctx);
    expect((await grantedWithGiftWaiting(h)).status).toBe('in_progress');
    const v = await h.executeUpdate(m.rejectCompensationUpdate, {
      args: [{ actor: actors.zheng, compensationId: 'c1', reason: 'not this time' }],
    });
    expect(v.status).toBe('resolved');
    expect(v.resolution?.code).toBe('visa_granted');
  }));

test("a visa granted while the case waits on the member ends the resolution clock's pause", () =>
  withWorker(suite.env, { name: 'visa-granted-paused' }, async (ctx) => {
    const h = await calledBackVisa(ctx);
    await h.executeUpdate(m.waitUpdate, {
      args: [{ actor: actors.xinyao, on: 'member', reason: 'needs the passport scan' }],
    });
    await suite.env.sleep('2h');
    const granted = await answer(h, 'consulate', 'approved');
    expect(granted.status).toBe('resolved');
    expect(granted.sla.resolution.pausedSince).toBeNull();
    expect(granted.sla.resolution.pausedMs).toBeGreaterThanOrEqual(2 * HOUR);
  }));
