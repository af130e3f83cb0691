/**
 * Replay scenarios since `v19`: the platform's own advance refund of the rest of a price (nothing, after a full
 * refund whose payment never answered; the part of a rejected refund it had counted, made up), and a trip whose
 * two merchants' bookings share an id (each settled under keys naming its merchant). Since `v22`: the rest beside
 * the manager's own partial advance, and a visa granted while a gift waits for approval.
 */
import { WorkflowUpdateStage } from '@temporalio/client';
import * as m from '../../workflows/messages';
import { actors, openInput, startCase } from '../support/cases';
import { oddPolicy } from '../support/odd-policy';
import { cny, open, until, type Runs, type ScenarioContext } from './scenario-cases';

const HOUR = 3_600_000;

export const platformAdvanceScenarios: Record<string, (ctx: ScenarioContext) => Promise<Runs>> = {
  async 'dispute-refused-after-unanswered-refund'(ctx) {
    // scenario-faults.ts: the payment of this case's c1 never answers; the merchant's window outlasts its rechecks
    const input = openInput({
      type: 'dispute',
      policy: oddPolicy({ merchantResponseWindow: '300h' }),
      details: { orderId: 'o-9', merchantId: 'shop-9', price: cny(90000), issue: 'missing_part' },
    });
    input.id = `case-replay-dispute-unanswered-${input.id.split('-').pop()}`;
    const h = await startCase(ctx.env.client.workflow, input, ctx.taskQueue);
    await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
    const refund = await h.startUpdate(m.proposeCompensationUpdate, {
      args: [{ actor: actors.xinyao, kind: 'instant_refund', amount: cny(90000), reason: 'whole price' }],
      waitForStage: WorkflowUpdateStage.ACCEPTED,
    });
    await ctx.env.sleep('20m');
    await refund.result();
    await ctx.env.sleep('5d'); // every recheck: the refund failed, unconfirmed
    await h.executeUpdate(m.thirdPartyResponseUpdate, {
      args: [{ actor: actors.zheng, party: 'merchant', outcome: 'refused' }],
    });
    await h.executeUpdate(m.cancelUpdate, { args: [{ actor: actors.app, reason: 'done' }] });
    await h.result();
    return [{ workflowId: h.workflowId }];
  },

  async 'trip-same-booking-id-at-two-merchants'(ctx) {
    const h = await open(ctx, 'travel_cancellation', {
      bookingId: 'B1',
      merchantId: 'resort-9',
      price: cny(20000),
      departureDate: new Date((await ctx.env.currentTimeMs()) + 72 * HOUR).toISOString(),
      additionalBookings: [{ bookingId: 'B1', merchantId: 'air-9', price: cny(5000) }],
    });
    await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
    await until(ctx, h, (v) => v.status === 'waiting_on_third_party');
    await h.executeUpdate(m.thirdPartyResponseUpdate, {
      args: [{ actor: actors.xinyao, party: 'merchant', outcome: 'accepted' }],
    });
    await h.executeUpdate(m.cancelUpdate, { args: [{ actor: actors.app, reason: 'done' }] });
    await h.result();
    return [{ workflowId: h.workflowId }];
  },

  async 'dispute-advance-makes-up-a-rejected-refund'(ctx) {
    const input = openInput({
      type: 'dispute',
      details: { orderId: 'o-10', merchantId: 'shop-10', price: cny(2_000_000), issue: 'damaged' },
    });
    input.id = `case-replay-dispute-made-up-${input.id.split('-').pop()}`;
    const h = await startCase(ctx.env.client.workflow, input, ctx.taskQueue);
    await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
    // above the apass instant-refund limit of 10,000 CNY: it waits for approval
    await h.executeUpdate(m.proposeCompensationUpdate, {
      args: [{ actor: actors.xinyao, kind: 'instant_refund', amount: cny(1_500_000), reason: 'most of it' }],
    });
    await h.executeUpdate(m.thirdPartyResponseUpdate, {
      args: [{ actor: actors.xinyao, party: 'merchant', outcome: 'refused' }],
    });
    await h.executeUpdate(m.rejectCompensationUpdate, {
      args: [{ actor: actors.zheng, compensationId: 'c1', reason: 'the platform advances it' }],
    });
    await h.executeUpdate(m.cancelUpdate, { args: [{ actor: actors.app, reason: 'done' }] });
    await h.result();
    return [{ workflowId: h.workflowId }];
  },

  /** Since `v22`: the merchant refuses after the manager advanced part of the price: the platform advances the rest. */
  async 'dispute-advance-beside-managers-advance'(ctx) {
    const h = await open(ctx, 'dispute', {
      orderId: 'o-83',
      merchantId: 'shop-9',
      price: cny(90000),
      issue: 'missing_part',
    });
    await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
    await h.executeUpdate(m.proposeCompensationUpdate, {
      args: [{ actor: actors.xinyao, kind: 'advance_refund', amount: cny(10000), reason: 'the chain' }],
    });
    await until(ctx, h, (v) => v.compensations[0]?.status === 'executed');
    await h.executeUpdate(m.thirdPartyResponseUpdate, {
      args: [{ actor: actors.xinyao, party: 'merchant', outcome: 'refused' }],
    });
    await until(ctx, h, (v) => v.compensations[1]?.status === 'executed');
    await h.executeUpdate(m.cancelUpdate, { args: [{ actor: actors.app, reason: 'done' }] });
    await h.result();
    return [{ workflowId: h.workflowId }];
  },

  /** Since `v22`: a visa granted while a gift waits for approval: taken, resolved once the gift is paid. */
  async 'visa-granted-with-a-gift-waiting'(ctx) {
    const h = await open(ctx, 'visa_help', {
      destination: 'France',
      travelers: [{ name: 'Mei', relation: 'mother' }],
      departureDate: new Date((await ctx.env.currentTimeMs()) + 9 * 24 * HOUR).toISOString(),
      visaStatus: 'administrative_review',
      trip: { bookingId: 'b-paris-9', merchantId: 'agency-3', price: cny(2000000) },
    });
    await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
    await h.executeUpdate(m.proposeCompensationUpdate, {
      args: [
        { actor: actors.xinyao, kind: 'goodwill_gift', amount: cny(300000), reason: 'flowers for mother' },
      ],
    });
    await h.executeUpdate(m.thirdPartyResponseUpdate, {
      args: [{ actor: actors.xinyao, party: 'consulate', outcome: 'approved' }],
    });
    await h.executeUpdate(m.approveCompensationUpdate, {
      args: [{ actor: actors.zheng, compensationId: 'c1' }],
    });
    await h.result(); // resolved once the gift is paid, closed when its follow-up window ends
    return [{ workflowId: h.workflowId }];
  },
};
