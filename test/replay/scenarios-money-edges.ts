/**
 * Replay scenarios since `v15`: a visa case that refunded part of the trip before it was denied (the trip case
 * counts it), one whose refund of the trip was still waiting for approval (rejected when the trip case opens), a
 * visa case whose decision deadline passed before its callback, a trip whose departure passed
 * before its callback (it climbs once), and a gift whose payment never answered (its step is unconfirmed).
 * Since `v16`: a trip of two merchants whose advance refund each pays back its share of; the gift's unanswered
 * payment asked again for days before it is unconfirmed; a payment whose rail answers at its first recheck.
 * Since `v18`: a trip whose penalty the manager covered in part while it settled (the platform covers the rest); a
 * gift stopped by a cancellation whose payment could not be reversed (it failed, not reversed).
 * Since `v24`: a trip case whose advance waits because the visa case's refund counts in the instant-refund limit.
 */
import { WorkflowUpdateStage } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import * as m from '../../workflows/messages';
import { actors, openInput, startCase } from '../support/cases';
import { cny, open, until, type Runs, type ScenarioContext } from './scenario-cases';
import { hold } from './scenario-faults';

const HOUR = 3_600_000;

const visaDetails = (departureMs: number, price: number) => ({
  destination: 'FR',
  travelers: [{ name: 'Mother', relation: 'mother' }],
  departureDate: new Date(departureMs).toISOString(),
  visaStatus: 'administrative_review',
  trip: { bookingId: 'b-7', merchantId: 'tour-1', price: cny(price) },
});

/**
 * A visa case of a trip of `price` that refunded `refunded` of it at once, then was denied; its trip case called
 * back, its refunds requested, and its merchant refusing: the trip case's answer to the refusal.
 */
async function visaRefundThenRefusedTrip(ctx: ScenarioContext, price: number, refunded: number) {
  const h = await open(ctx, 'visa_help', visaDetails((await ctx.env.currentTimeMs()) + 9 * 24 * HOUR, price));
  await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
  await h.executeUpdate(m.proposeCompensationUpdate, {
    args: [{ actor: actors.xinyao, kind: 'instant_refund', amount: cny(refunded), reason: 'deposit back' }],
  });
  await h.executeUpdate(m.thirdPartyResponseUpdate, {
    args: [{ actor: actors.xinyao, party: 'consulate', outcome: 'denied' }],
  });
  const trip = ctx.env.client.workflow.getHandle(`${h.workflowId}-trip`);
  await until(ctx, trip, () => true);
  await trip.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
  await until(ctx, trip, (v) => v.status === 'waiting_on_third_party');
  const refused = await trip.executeUpdate(m.thirdPartyResponseUpdate, {
    args: [{ actor: actors.xinyao, party: 'merchant', outcome: 'refused' }],
  });
  return { h, trip, refused };
}

/** Both cases cancelled once the trip's compensations settled. */
async function cancelBoth(ctx: ScenarioContext, h: { workflowId: string }, trip: { workflowId: string }) {
  const visa = ctx.env.client.workflow.getHandle(h.workflowId);
  const tripCase = ctx.env.client.workflow.getHandle(trip.workflowId);
  await until(ctx, tripCase, (v) => v.compensations.every((c) => c.status !== 'executing'));
  await tripCase.executeUpdate(m.cancelUpdate, { args: [{ actor: actors.app, reason: 'member rebooked' }] });
  await visa.executeUpdate(m.cancelUpdate, { args: [{ actor: actors.app, reason: 'done' }] });
  await visa.result();
}

export const moneyEdgeScenarios: Record<string, (ctx: ScenarioContext) => Promise<Runs>> = {
  async 'visa-refund-carried-to-trip'(ctx) {
    const { h, trip } = await visaRefundThenRefusedTrip(ctx, 80000, 30000);
    await cancelBoth(ctx, h, trip);
    return [{ workflowId: h.workflowId }, { workflowId: trip.workflowId }];
  },

  async 'visa-refund-counted-in-trip-limit'(ctx) {
    // Since v24: 9,000 CNY refunded at once on the visa case; the trip case's advance of the other 7,000 waits for
    // a supervisor, the two together past the 10,000 CNY limit (limit-counts-visa-refunds).
    const { h, trip, refused } = await visaRefundThenRefusedTrip(ctx, 1_600_000, 900_000);
    if (refused.compensations[0]?.status !== 'pending_approval') {
      throw new Error("the trip's advance should wait: the visa case's refund counts in the limit");
    }
    await trip.executeUpdate(m.approveCompensationUpdate, {
      args: [{ actor: actors.zheng, compensationId: 'c1' }],
    });
    await cancelBoth(ctx, h, trip);
    return [{ workflowId: trip.workflowId }];
  },

  async 'visa-waiting-refund-rejected'(ctx) {
    // restricted credit: the refund waits for a supervisor, and is rejected when the trip case opens
    const departure = (await ctx.env.currentTimeMs()) + 9 * 24 * HOUR;
    const h = await open(ctx, 'visa_help', visaDetails(departure, 60000), { credit: 'restricted' });
    await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
    await h.executeUpdate(m.proposeCompensationUpdate, {
      args: [{ actor: actors.xinyao, kind: 'instant_refund', amount: cny(20000), reason: 'deposit back' }],
    });
    await h.executeUpdate(m.thirdPartyResponseUpdate, {
      args: [{ actor: actors.xinyao, party: 'consulate', outcome: 'denied' }],
    });
    const trip = ctx.env.client.workflow.getHandle(`${h.workflowId}-trip`);
    await until(ctx, trip, () => true);
    await trip.executeUpdate(m.cancelUpdate, { args: [{ actor: actors.app, reason: 'done' }] });
    await h.executeUpdate(m.cancelUpdate, { args: [{ actor: actors.app, reason: 'done' }] });
    await h.result();
    return [{ workflowId: h.workflowId }];
  },

  async 'visa-deadline-before-callback'(ctx) {
    const departure = (await ctx.env.currentTimeMs()) + 48 * HOUR + 2 * 60_000;
    const h = await open(ctx, 'visa_help', visaDetails(departure, 50000), { tier: 'super' });
    await ctx.env.sleep('5m');
    await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
    const trip = ctx.env.client.workflow.getHandle(`${h.workflowId}-trip`);
    await trip.executeUpdate(m.cancelUpdate, { args: [{ actor: actors.app, reason: 'done' }] });
    await h.executeUpdate(m.cancelUpdate, { args: [{ actor: actors.app, reason: 'done' }] });
    await h.result();
    return [{ workflowId: h.workflowId }];
  },

  async 'trip-departure-before-callback'(ctx) {
    const h = await open(
      ctx,
      'travel_cancellation',
      {
        bookingId: 'villa-3',
        merchantId: 'resort-5',
        price: cny(20000),
        departureDate: new Date((await ctx.env.currentTimeMs()) + 10 * 60_000).toISOString(),
        reason: 'typhoon warning',
      },
      { tier: 'super' },
    );
    await ctx.env.sleep('12m'); // past departure, within the 30 m callback SLA: it climbs once
    await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.zheng }] });
    await until(ctx, h, (v) => v.compensations.length > 0 && v.compensations[0]!.status !== 'executing');
    await h.executeUpdate(m.cancelUpdate, { args: [{ actor: actors.app, reason: 'done' }] });
    await h.result();
    return [{ workflowId: h.workflowId }];
  },

  async 'trip-penalty-covered-by-manager'(ctx) {
    // scenario-faults.ts: the refund request waits while the manager tries to cover part of the penalty. Since
    // penalty-cover-after-requests the validator refuses that (no trace in the history), and the platform covers
    // the whole penalty once the refunds are requested; older labels hold the manager's part and the rest.
    const refunds = hold('requestRefund', 'replay-trip-covered');
    const input = openInput({
      type: 'travel_cancellation',
      details: {
        bookingId: 'villa-4',
        merchantId: 'resort-6',
        price: cny(90000),
        departureDate: new Date((await ctx.env.currentTimeMs()) + 5 * 24 * HOUR).toISOString(),
        penalty: cny(30000),
      },
    });
    input.id = `case-replay-trip-covered-${input.id.split('-').pop()}`;
    const h = await startCase(ctx.env.client.workflow, input, ctx.taskQueue);
    await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
    const refusal = await h
      .executeUpdate(m.proposeCompensationUpdate, {
        args: [{ actor: actors.xinyao, kind: 'penalty_cover', amount: cny(10000), reason: 'part of it' }],
      })
      .then(
        () => undefined,
        (err: Error) => err.cause,
      );
    refunds.release();
    // refused by the rule that a cover waits for the refund requests, not for another reason
    if (!(refusal instanceof ApplicationFailure && refusal.type === m.REJECTIONS.invalidTransition)) {
      throw new Error(
        `a penalty cover while the trip settles should be refused as invalid_transition: ${String(refusal)}`,
      );
    }
    await until(
      ctx,
      h,
      (v) => v.compensations.length === 1 && v.compensations.every((c) => c.status === 'executed'),
    );
    await h.executeUpdate(m.cancelUpdate, { args: [{ actor: actors.app, reason: 'done' }] });
    await h.result();
    return [{ workflowId: h.workflowId }];
  },

  async 'gift-stopped-unreversed'(ctx) {
    // scenario-faults.ts: the payment waits for the cancellation, and its reversal is refused
    const payments = hold('pay', 'replay-concierge-unreversed');
    const input = openInput({ type: 'concierge', details: { request: 'gift' } });
    input.id = `case-replay-concierge-unreversed-${input.id.split('-').pop()}`;
    const h = await startCase(ctx.env.client.workflow, input, ctx.taskQueue);
    await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
    const proposal = await h.startUpdate(m.proposeCompensationUpdate, {
      args: [{ actor: actors.xinyao, kind: 'goodwill_gift', amount: cny(20000), reason: 'scarf' }],
      waitForStage: WorkflowUpdateStage.ACCEPTED,
    });
    for (let i = 0; i < 100 && payments.calls === 0; i += 1) await new Promise((r) => setTimeout(r, 50));
    const cancel = await h.startUpdate(m.cancelUpdate, {
      args: [{ actor: actors.zheng, reason: 'the member withdrew' }],
      waitForStage: WorkflowUpdateStage.ACCEPTED,
    });
    payments.release();
    await Promise.all([proposal.result(), cancel.result()]);
    await h.result();
    return [{ workflowId: h.workflowId }];
  },

  async 'gift-payment-unconfirmed'(ctx) {
    // scenario-faults.ts: this case's payments never answer
    const input = openInput({ type: 'concierge', details: { request: 'gift' } });
    input.id = `case-replay-concierge-unanswered-${input.id.split('-').pop()}`;
    const h = await startCase(ctx.env.client.workflow, input, ctx.taskQueue);
    await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
    const proposal = await h.startUpdate(m.proposeCompensationUpdate, {
      args: [{ actor: actors.xinyao, kind: 'goodwill_gift', amount: cny(20000), reason: 'scarf' }],
      waitForStage: WorkflowUpdateStage.ACCEPTED,
    });
    await ctx.env.sleep('20m'); // the payment's tries and the asking again
    await proposal.result();
    await ctx.env.sleep('4d'); // asked again later, for days (since v16: saga-recheck.ts)
    await h.executeUpdate(m.cancelUpdate, { args: [{ actor: actors.app, reason: 'done' }] });
    await h.result();
    return [{ workflowId: h.workflowId }];
  },

  async 'trip-advance-recovered-per-merchant'(ctx) {
    const h = await open(ctx, 'travel_cancellation', {
      bookingId: 'villa-3',
      merchantId: 'resort-5',
      price: cny(20000),
      departureDate: new Date((await ctx.env.currentTimeMs()) + 72 * HOUR).toISOString(),
      additionalBookings: [{ bookingId: 'flight-2', merchantId: 'air-4', price: cny(5000) }],
    });
    await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
    await until(ctx, h, (v) => v.status === 'waiting_on_third_party');
    const merchant = (outcome: 'accepted' | 'refused') =>
      h.executeUpdate(m.thirdPartyResponseUpdate, {
        args: [{ actor: actors.xinyao, party: 'merchant', outcome }],
      });
    await merchant('refused');
    await until(ctx, h, (v) => v.compensations[0]?.status === 'executed');
    await merchant('accepted');
    await until(ctx, h, (v) => v.compensations[0]?.recovery?.status === 'recovered');
    await h.executeUpdate(m.cancelUpdate, { args: [{ actor: actors.app, reason: 'done' }] });
    await h.result();
    return [{ workflowId: h.workflowId }];
  },

  async 'gift-payment-answered-at-recheck'(ctx) {
    // scenario-faults.ts: this case's payments answer from their 26th try, the first recheck's
    const input = openInput({ type: 'concierge', details: { request: 'gift' } });
    input.id = `case-replay-concierge-answers-late-${input.id.split('-').pop()}`;
    const h = await startCase(ctx.env.client.workflow, input, ctx.taskQueue);
    await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
    const proposal = await h.startUpdate(m.proposeCompensationUpdate, {
      args: [{ actor: actors.xinyao, kind: 'goodwill_gift', amount: cny(20000), reason: 'scarf' }],
      waitForStage: WorkflowUpdateStage.ACCEPTED,
    });
    await ctx.env.sleep('20m');
    await proposal.result();
    await ctx.env.sleep('1h');
    await until(ctx, h, (v) => v.compensations[0]?.status === 'executed');
    await h.executeUpdate(m.cancelUpdate, { args: [{ actor: actors.app, reason: 'done' }] });
    await h.result();
    return [{ workflowId: h.workflowId }];
  },
};
