/**
 * Replay scenarios since `v20`: a gift whose shipment never answers (left unconfirmed, the vendor's payment before
 * it kept), and one whose shipment is refused and whose payment's reversal answers only at the undo's first
 * recheck (saga-recheck.ts); a dispute whose collection of the advance from the merchant answers only at its first
 * recheck (collection-recheck.ts); a reassignment whose notification the pager refused for its twenty tries, sent
 * again five minutes later (notice-retries.ts). Since `v21`: a reassignment notification the pager refused, not
 * sent again because the case was reassigned to someone else before its later try (stale-notices.ts). Since `v23`:
 * an approval request the pager refused, not sent again once the gift was approved; a resolution warning the pager
 * refused, dropped because the clock was paused at its later try, and given for the moved due time on the resume.
 * Since `v25`: a dispute whose collection the rail refused, collected under a new key at the merchant's next yes;
 * a trip whose settlement failed with a refund request standing (its withdrawal refused), the merchant's answer for
 * it recorded, and the other booking's price refunded by hand. Since `v27`: a gift whose shipment never answered,
 * checked by a supervisor: the carrier holds no such shipment, and the vendor's payment is reversed.
 */
import { WorkflowUpdateStage } from '@temporalio/client';
import * as m from '../../workflows/messages';
import { actors, devRoster, openInput, reassignTo, startCase } from '../support/cases';
import { cny, until, type Runs, type ScenarioContext } from './scenario-cases';

/** A concierge case whose id carries `mark` (scenario-faults.ts keys its faults on it), with a gift proposed. */
async function giftCase(ctx: ScenarioContext, mark: string) {
  const input = openInput({ type: 'concierge', details: { request: 'gift' } });
  input.id = `case-replay-concierge-${mark}-${input.id.split('-').pop()}`;
  const h = await startCase(ctx.env.client.workflow, input, ctx.taskQueue);
  await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
  const proposal = await h.startUpdate(m.proposeCompensationUpdate, {
    args: [{ actor: actors.xinyao, kind: 'goodwill_gift', amount: cny(20000), reason: 'scarf' }],
    waitForStage: WorkflowUpdateStage.ACCEPTED,
  });
  await ctx.env.sleep('20m'); // the step's or the undo's tries
  await proposal.result();
  return h;
}

/** A dispute whose id carries `mark` (scenario-faults.ts), the merchant's refusal advanced by the platform. */
async function advancedDispute(ctx: ScenarioContext, mark: string) {
  const input = openInput({
    type: 'dispute',
    details: { orderId: 'o-77', merchantId: 'shop-7', price: cny(20000), issue: 'broken clasp' },
  });
  input.id = `case-replay-dispute-${mark}-${input.id.split('-').pop()}`;
  const h = await startCase(ctx.env.client.workflow, input, ctx.taskQueue);
  await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
  await until(ctx, h, (v) => v.timeline.some((t) => t.kind === 'edge_done'));
  const merchant = (outcome: 'accepted' | 'refused') =>
    h.executeUpdate(m.thirdPartyResponseUpdate, {
      args: [{ actor: actors.xinyao, party: 'merchant', outcome }],
    });
  await merchant('refused');
  await until(ctx, h, (v) => v.compensations[0]?.status === 'executed');
  return { h, merchant };
}

export const unansweredScenarios: Record<string, (ctx: ScenarioContext) => Promise<Runs>> = {
  async 'gift-shipment-unconfirmed'(ctx) {
    const h = await giftCase(ctx, 'ship-unanswered');
    await ctx.env.sleep('4d'); // asked again for days, then left unconfirmed
    await until(ctx, h, (v) => v.compensations[0]?.status === 'failed');
    await h.executeUpdate(m.cancelUpdate, { args: [{ actor: actors.app, reason: 'done' }] });
    await h.result();
    return [{ workflowId: h.workflowId }];
  },

  async 'gift-shipment-checked-by-a-supervisor'(ctx) {
    const h = await giftCase(ctx, 'ship-checked');
    await ctx.env.sleep('4d'); // asked again for days, then left unconfirmed
    await until(ctx, h, (v) => v.compensations[0]?.status === 'failed');
    // Looked up at the carrier, which holds no such shipment: the vendor's payment is reversed.
    const check = await h.startUpdate(m.recheckStepUpdate, {
      args: [{ actor: actors.zheng, compensationId: 'c1', note: 'carrier back' }],
      waitForStage: WorkflowUpdateStage.ACCEPTED,
    });
    await ctx.env.sleep('20m');
    await check.result();
    await until(ctx, h, (v) => v.compensations[0]?.steps[0]?.status === 'undone');
    await h.executeUpdate(m.cancelUpdate, { args: [{ actor: actors.app, reason: 'done' }] });
    await h.result();
    return [{ workflowId: h.workflowId }];
  },

  async 'gift-reversal-answered-at-recheck'(ctx) {
    const h = await giftCase(ctx, 'reversal-late');
    await ctx.env.sleep('1h');
    await until(ctx, h, (v) => v.compensations[0]?.steps[0]?.status === 'undone');
    await h.executeUpdate(m.cancelUpdate, { args: [{ actor: actors.app, reason: 'done' }] });
    await h.result();
    return [{ workflowId: h.workflowId }];
  },

  async 'dispute-collection-answered-at-recheck'(ctx) {
    const { h, merchant } = await advancedDispute(ctx, 'collect-late');
    await merchant('accepted');
    await ctx.env.sleep('20m'); // the collection's tries
    await ctx.env.sleep('1h');
    await until(ctx, h, (v) => v.compensations[0]?.recovery?.status === 'recovered');
    await h.executeUpdate(m.cancelUpdate, { args: [{ actor: actors.app, reason: 'done' }] });
    await h.result();
    return [{ workflowId: h.workflowId }];
  },

  async 'dispute-collection-refused-then-new-key'(ctx) {
    const { h, merchant } = await advancedDispute(ctx, 'collect-refused');
    await merchant('accepted'); // refused by the rail for certain
    await until(ctx, h, (v) => v.timeline.some((t) => t.kind === 'recovery_failed'));
    await merchant('accepted'); // collected under a new key
    await until(ctx, h, (v) => v.compensations[0]?.recovery?.status === 'recovered');
    await h.executeUpdate(m.cancelUpdate, { args: [{ actor: actors.app, reason: 'done' }] });
    await h.result();
    return [{ workflowId: h.workflowId }];
  },

  async 'trip-standing-request-answered'(ctx) {
    const input = openInput({
      type: 'travel_cancellation',
      details: {
        bookingId: 'villa-6',
        merchantId: 'resort-9',
        price: cny(20000),
        departureDate: new Date((await ctx.env.currentTimeMs()) + 72 * 3_600_000).toISOString(),
        additionalBookings: [{ bookingId: 'flight-7', merchantId: 'air-7', price: cny(5000) }],
      },
    });
    input.id = `case-replay-trip-standing-${input.id.split('-').pop()}`;
    const h = await startCase(ctx.env.client.workflow, input, ctx.taskQueue);
    await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
    await until(ctx, h, (v) => v.timeline.some((t) => t.kind === 'settlement_failed'));
    await h.executeUpdate(m.thirdPartyResponseUpdate, {
      args: [{ actor: actors.xinyao, party: 'merchant', outcome: 'accepted' }],
    });
    await h.executeUpdate(m.proposeCompensationUpdate, {
      args: [{ actor: actors.xinyao, kind: 'instant_refund', amount: cny(5000), reason: 'the flight' }],
    });
    await until(ctx, h, (v) => v.compensations[0]?.status === 'executed');
    await h.executeUpdate(m.cancelUpdate, { args: [{ actor: actors.app, reason: 'done' }] });
    await h.result();
    return [{ workflowId: h.workflowId }];
  },

  async 'reassignment-notified-after-outage'(ctx) {
    const input = openInput({ type: 'concierge', details: { request: 'gift' } });
    input.id = `case-replay-concierge-pager-down-${input.id.split('-').pop()}`;
    const h = await startCase(ctx.env.client.workflow, input, ctx.taskQueue);
    await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
    const qiu = devRoster.ladderFor('mgr-qiu');
    await h.executeUpdate(m.reassignUpdate, {
      args: [{ actor: actors.zheng, manager: qiu[0]!, ladder: qiu, reason: 'on leave' }],
    });
    await ctx.env.sleep('20m'); // twenty tries, then five minutes' wait
    await until(ctx, h, (v) => v.timeline.some((t) => t.kind === 'notification_delayed'));
    await h.executeUpdate(m.cancelUpdate, { args: [{ actor: actors.app, reason: 'done' }] });
    await h.result();
    return [{ workflowId: h.workflowId }];
  },

  async 'reassignment-notice-dropped-as-stale'(ctx) {
    const input = openInput({ type: 'concierge', details: { request: 'gift' } });
    input.id = `case-replay-concierge-stale-notice-${input.id.split('-').pop()}`;
    const h = await startCase(ctx.env.client.workflow, input, ctx.taskQueue);
    await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
    await h.executeUpdate(m.reassignUpdate, { args: [reassignTo('mgr-qiu', 'on leave')] });
    await h.executeUpdate(m.reassignUpdate, { args: [reassignTo('mgr-lin', 'back to the team')] });
    await ctx.env.sleep('6m'); // the refused notification's later try, after five minutes
    await until(ctx, h, (v) => v.timeline.some((t) => t.kind === 'notification_dropped'));
    await h.executeUpdate(m.cancelUpdate, { args: [{ actor: actors.app, reason: 'done' }] });
    await h.result();
    return [{ workflowId: h.workflowId }];
  },

  async 'approval-request-dropped-as-stale'(ctx) {
    const input = openInput({ type: 'concierge', details: { request: 'gift' } });
    input.id = `case-replay-concierge-stale-approval-${input.id.split('-').pop()}`;
    const h = await startCase(ctx.env.client.workflow, input, ctx.taskQueue);
    await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
    // Above the apass manager authority: it waits for sup-zheng, whose approval request the pager refuses.
    await h.executeUpdate(m.proposeCompensationUpdate, {
      args: [{ actor: actors.xinyao, kind: 'goodwill_gift', amount: cny(300_000), reason: 'flowers' }],
    });
    await h.executeUpdate(m.approveCompensationUpdate, {
      args: [{ actor: actors.zheng, compensationId: 'c1' }],
    });
    await ctx.env.sleep('6m');
    await until(ctx, h, (v) => v.timeline.some((t) => t.kind === 'notification_dropped'));
    await h.executeUpdate(m.cancelUpdate, { args: [{ actor: actors.app, reason: 'done' }] });
    await h.result();
    return [{ workflowId: h.workflowId }];
  },

  async 'warning-dropped-then-given'(ctx) {
    const input = openInput({ type: 'concierge', details: { request: 'gift' } });
    input.id = `case-replay-concierge-rewarn-${input.id.split('-').pop()}`;
    input.policy.tier.warnBeforeMs = { resolution: 2 * 3_600_000 };
    const h = await startCase(ctx.env.client.workflow, input, ctx.taskQueue);
    await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
    await ctx.env.sleep('22h'); // the resolution warning, 2 h before its 24 h commitment: refused
    await until(ctx, h, (v) => v.timeline.some((t) => t.kind === 'notification_delayed'));
    await h.executeUpdate(m.waitUpdate, {
      args: [{ actor: actors.xinyao, on: 'member', reason: 'the size' }],
    });
    await ctx.env.sleep('10m'); // the later try finds the clock paused: dropped
    await until(ctx, h, (v) => v.timeline.some((t) => t.kind === 'notification_dropped'));
    await h.executeUpdate(m.resumeUpdate, { args: [{ actor: actors.app, note: 'the member answered' }] });
    await until(ctx, h, (v) => v.timeline.filter((t) => t.kind === 'sla_warning').length === 2);
    await h.executeUpdate(m.cancelUpdate, { args: [{ actor: actors.app, reason: 'done' }] });
    await h.result();
    return [{ workflowId: h.workflowId }];
  },
};
