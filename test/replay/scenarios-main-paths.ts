/**
 * Replay scenarios of the main paths of every case type: a full lifecycle, the escalation ladder, disputes, lost
 * goods, visas (one opening a trip cancellation), travel cancellations, an approval timing out, a saga undone.
 */
import * as m from '../../workflows/messages';
import { actors, openInput, startCase } from '../support/cases';
import { cny, open, price, type Runs, type ScenarioContext } from './scenario-cases';

export const mainPathScenarios: Record<string, (ctx: ScenarioContext) => Promise<Runs>> = {
  async 'concierge-full-lifecycle'(ctx) {
    const h = await open(ctx, 'concierge', { request: 'recover the wedding photos' });
    await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao, note: 'reached Lily' }] });
    await h.executeUpdate(m.noteUpdate, { args: [{ actor: actors.xinyao, text: 'photo lab found' }] });
    await h.executeUpdate(m.waitUpdate, {
      args: [{ actor: actors.xinyao, on: 'member', reason: 'needs the SD card' }],
    });
    await ctx.env.sleep('2h');
    await h.executeUpdate(m.resumeUpdate, { args: [{ actor: actors.app, note: 'card sent' }] });
    await h.executeUpdate(m.proposeCompensationUpdate, {
      args: [{ actor: actors.xinyao, kind: 'goodwill_gift', amount: cny(30000), reason: 'silk scarf' }],
    });
    await h.executeUpdate(m.resolveUpdate, {
      args: [{ actor: actors.xinyao, code: 'done', summary: 'photos recovered' }],
    });
    await h.executeUpdate(m.rateUpdate, { args: [{ actor: actors.app, score: 5 }] });
    await h.result();
    return [{ workflowId: h.workflowId }];
  },

  async 'escalation-ladder-and-cancel'(ctx) {
    // opened as the API opens with a webhook: it told the manager before the start (api/cases/assigned-notice.ts)
    const h = await open(
      ctx,
      'concierge',
      { request: 'flat tyre on a road trip' },
      {},
      { assignedNoticeSent: true },
    );
    await ctx.env.sleep('7m');
    await h.executeUpdate(m.escalateUpdate, {
      args: [{ actor: actors.app, reason: 'member asks for the head' }],
    });
    await h.executeUpdate(m.cancelUpdate, { args: [{ actor: actors.app, reason: 'member fixed it' }] });
    await h.result();
    return [{ workflowId: h.workflowId }];
  },

  async 'dispute-silent-merchant-recovered'(ctx) {
    const h = await open(ctx, 'dispute', {
      orderId: 'o-77',
      merchantId: 'shop-9',
      price,
      issue: 'missing_part',
    });
    await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
    await ctx.env.sleep('49h');
    await h.executeUpdate(m.thirdPartyResponseUpdate, {
      args: [{ actor: actors.zheng, party: 'merchant', outcome: 'accepted', note: 'pays back' }],
    });
    await h.executeUpdate(m.resolveUpdate, {
      args: [{ actor: actors.zheng, code: 'refunded', summary: 'advance refund' }],
    });
    await h.result();
    return [{ workflowId: h.workflowId }];
  },

  async 'lost-goods-reship'(ctx) {
    const h = await open(ctx, 'lost_goods', {
      orderId: 'o-88',
      merchantId: 'shop-2',
      price: cny(90000),
      carrier: 'sf',
      trackingNo: 'SF1',
    });
    await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
    await h.executeUpdate(m.thirdPartyResponseUpdate, {
      args: [{ actor: actors.xinyao, party: 'carrier', outcome: 'lost' }],
    });
    await h.executeUpdate(m.proposeCompensationUpdate, {
      args: [{ actor: actors.xinyao, kind: 'reship', amount: cny(5000), reason: 'bow tie for the gala' }],
    });
    await h.executeUpdate(m.resolveUpdate, {
      args: [{ actor: actors.xinyao, code: 'reshipped', summary: 'arrived' }],
    });
    await h.result();
    return [{ workflowId: h.workflowId }];
  },

  async 'visa-denied-opens-trip-cancellation'(ctx) {
    const departure = new Date((await ctx.env.currentTimeMs()) + 9 * 86_400_000).toISOString();
    const h = await open(ctx, 'visa_help', {
      destination: 'FR',
      travelers: [{ name: 'Mother', relation: 'mother' }],
      departureDate: departure,
      visaStatus: 'administrative_review',
      trip: { bookingId: 'b-1', merchantId: 'tour-1', price: cny(2000000) },
    });
    await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
    await h.executeUpdate(m.thirdPartyResponseUpdate, {
      args: [{ actor: actors.xinyao, party: 'consulate', outcome: 'denied' }],
    });
    const trip = ctx.env.client.workflow.getHandle(`${h.workflowId}-trip`);
    await h.executeUpdate(m.resolveUpdate, {
      args: [{ actor: actors.xinyao, code: 'visa_denied', summary: 'trip protected' }],
    });
    await trip.executeUpdate(m.cancelUpdate, { args: [{ actor: actors.app, reason: 'member rebooked' }] });
    await h.result();
    return [{ workflowId: h.workflowId }, { workflowId: trip.workflowId }];
  },

  async 'visa-granted'(ctx) {
    const h = await open(ctx, 'visa_help', {
      destination: 'JP',
      travelers: [{ name: 'Lily', relation: 'self' }],
      departureDate: new Date((await ctx.env.currentTimeMs()) + 20 * 86_400_000).toISOString(),
      visaStatus: 'pending',
    });
    await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
    await h.executeUpdate(m.thirdPartyResponseUpdate, {
      args: [{ actor: actors.xinyao, party: 'consulate', outcome: 'approved' }],
    });
    await h.result();
    return [{ workflowId: h.workflowId }];
  },

  async 'travel-cancellation-penalty-approved'(ctx) {
    const h = await open(ctx, 'travel_cancellation', {
      bookingId: 'honeymoon-1',
      merchantId: 'resort-7',
      price: cny(6000000),
      departureDate: new Date((await ctx.env.currentTimeMs()) + 5 * 86_400_000).toISOString(),
      penalty: cny(2000000),
      reason: 'wedding postponed',
      additionalBookings: [{ bookingId: 'flight-1', merchantId: 'air-3', price: cny(1500000) }],
    });
    await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
    await ctx.env.sleep('1m');
    const view = await h.query(m.caseViewQuery);
    const penalty = view.compensations.find((c) => c.kind === 'penalty_cover');
    if (!penalty) throw new Error('no penalty cover proposed');
    await h.executeUpdate(m.approveCompensationUpdate, {
      args: [{ actor: actors.zheng, compensationId: penalty.id }],
    });
    await h.executeUpdate(m.thirdPartyResponseUpdate, {
      args: [{ actor: actors.xinyao, party: 'merchant', outcome: 'accepted' }],
    });
    await h.executeUpdate(m.resolveUpdate, {
      args: [{ actor: actors.xinyao, code: 'refunded', summary: 'all refunded' }],
    });
    await h.result();
    return [{ workflowId: h.workflowId }];
  },

  async 'approval-timeout-then-rejected'(ctx) {
    const h = await open(
      ctx,
      'dispute',
      { orderId: 'o-9', merchantId: 'shop-1', price: cny(900000), issue: 'damaged' },
      { tier: 'super' },
    );
    await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
    await h.executeUpdate(m.proposeCompensationUpdate, {
      args: [{ actor: actors.xinyao, kind: 'instant_refund', amount: cny(400000), reason: 'broken vase' }],
    });
    await ctx.env.sleep('31m');
    await h.executeUpdate(m.rejectCompensationUpdate, {
      args: [{ actor: actors.zheng, compensationId: 'c1', reason: 'repair first' }],
    });
    await h.executeUpdate(m.cancelUpdate, { args: [{ actor: actors.zheng, reason: 'member withdrew' }] });
    await h.result();
    return [{ workflowId: h.workflowId }];
  },

  async 'saga-undo'(ctx) {
    const input = openInput({ type: 'concierge', details: { request: 'gift' } });
    input.id = `case-replay-concierge-undo-${input.id.split('-').pop()}`;
    const h = await startCase(ctx.env.client.workflow, input, ctx.taskQueue);
    await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
    await h.executeUpdate(m.proposeCompensationUpdate, {
      args: [{ actor: actors.xinyao, kind: 'goodwill_gift', amount: cny(20000), reason: 'scarf' }],
    });
    await h.executeUpdate(m.cancelUpdate, { args: [{ actor: actors.app, reason: 'done' }] });
    await h.result();
    return [{ workflowId: h.workflowId }];
  },

  async 'saga-unrecovered-spend'(ctx) {
    // apass: an authority of 2,000 CNY. The first gift's shipment and the reversal of its payment both fail for
    // good (scenario-faults.ts), so the second gift waits for approval.
    const input = openInput({ type: 'concierge', details: { request: 'gift' } });
    input.id = `case-replay-concierge-stranded-${input.id.split('-').pop()}`;
    const h = await startCase(ctx.env.client.workflow, input, ctx.taskQueue);
    await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
    const gift = (reason: string) =>
      h.executeUpdate(m.proposeCompensationUpdate, {
        args: [{ actor: actors.xinyao, kind: 'goodwill_gift', amount: cny(150000), reason }],
      });
    await gift('scarf');
    await gift('flowers');
    await h.executeUpdate(m.approveCompensationUpdate, {
      args: [{ actor: actors.zheng, compensationId: 'c2' }],
    });
    await h.executeUpdate(m.cancelUpdate, { args: [{ actor: actors.app, reason: 'done' }] });
    await h.result();
    return [{ workflowId: h.workflowId }];
  },

  async 'dispute-merchant-accepts-remedy'(ctx) {
    const h = await open(ctx, 'dispute', {
      orderId: 'o-78',
      merchantId: 'shop-9',
      price,
      issue: 'not_as_described',
    });
    await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
    await h.executeUpdate(m.thirdPartyResponseUpdate, {
      args: [{ actor: actors.xinyao, party: 'merchant', outcome: 'accepted', note: 'sends the chain' }],
    });
    await h.executeUpdate(m.resolveUpdate, {
      args: [{ actor: actors.xinyao, code: 'remedy_delivered', summary: 'chain arrived' }],
    });
    await h.executeUpdate(m.rateUpdate, { args: [{ actor: actors.app, score: 4 }] });
    await h.result();
    return [{ workflowId: h.workflowId }];
  },

  async 'lost-goods-found'(ctx) {
    const h = await open(ctx, 'lost_goods', {
      orderId: 'o-89',
      merchantId: 'shop-2',
      price: cny(90000),
      carrier: 'sf',
      trackingNo: 'SF2',
    });
    await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
    await h.executeUpdate(m.thirdPartyResponseUpdate, {
      args: [{ actor: actors.xinyao, party: 'carrier', outcome: 'found' }],
    });
    await h.executeUpdate(m.resolveUpdate, {
      args: [{ actor: actors.xinyao, code: 'delivered', summary: 'parcel delivered' }],
    });
    await h.result();
    return [{ workflowId: h.workflowId }];
  },

  async 'travel-cancellation-merchant-refused'(ctx) {
    const h = await open(ctx, 'travel_cancellation', {
      bookingId: 'safari-2',
      merchantId: 'lodge-4',
      price: cny(3000000),
      departureDate: new Date((await ctx.env.currentTimeMs()) + 4 * 86_400_000).toISOString(),
      reason: 'illness',
    });
    await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
    await ctx.env.sleep('1m');
    await h.executeUpdate(m.thirdPartyResponseUpdate, {
      args: [{ actor: actors.xinyao, party: 'merchant', outcome: 'refused' }],
    });
    // the advance refund of the price passes the instant-refund limit: a supervisor approves it
    await h.executeUpdate(m.approveCompensationUpdate, {
      args: [{ actor: actors.zheng, compensationId: 'c1' }],
    });
    await h.executeUpdate(m.resolveUpdate, {
      args: [{ actor: actors.xinyao, code: 'refunded', summary: 'advanced; merchant to pay back' }],
    });
    await h.result();
    return [{ workflowId: h.workflowId }];
  },
};
