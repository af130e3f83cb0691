/**
 * Replay scenarios of what a resolved case refuses since `v11`: a trip resolved before its merchant confirmed the
 * refund, then refused by the merchant; a dispute resolved during its merchant window, then answered. The
 * `v10` label holds them as the code before took them (the resolution, the answer and the advance refund on the
 * resolved case); the rules are the updates' validators', which do not run on replay, so those histories replay
 * on today's code as they were. Recorded on today's code, the refused updates leave nothing in the history.
 * Since `v21`: a dispute reopened after its merchant window ended while it was resolved (the window set aside).
 */
import { WorkflowUpdateFailedError } from '@temporalio/client';
import * as m from '../../workflows/messages';
import { actors } from '../support/cases';
import { cny, open, price, until, type Runs, type ScenarioContext } from './scenario-cases';

/** An update today's code refuses and the code before took: either outcome is this scenario's history. */
async function refusedOrTaken(update: Promise<unknown>): Promise<void> {
  try {
    await update;
  } catch (err) {
    if (!(err instanceof WorkflowUpdateFailedError)) throw err;
  }
}

export const resolutionScenarios: Record<string, (ctx: ScenarioContext) => Promise<Runs>> = {
  async 'trip-resolved-before-the-merchant-confirmed'(ctx) {
    const h = await open(ctx, 'travel_cancellation', {
      bookingId: 'villa-2',
      merchantId: 'resort-5',
      price: cny(800000),
      departureDate: new Date((await ctx.env.currentTimeMs()) + 5 * 86_400_000).toISOString(),
      reason: 'typhoon warning',
    });
    await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
    await ctx.env.sleep('1m');
    await refusedOrTaken(
      h.executeUpdate(m.resolveUpdate, {
        args: [{ actor: actors.xinyao, code: 'refunded', summary: 'refund requested' }],
      }),
    );
    await refusedOrTaken(
      h.executeUpdate(m.thirdPartyResponseUpdate, {
        args: [{ actor: actors.xinyao, party: 'merchant', outcome: 'refused' }],
      }),
    );
    // Resolved (the code before): it closes when its follow-up window ends; else cancelled.
    if ((await h.query(m.caseViewQuery)).status !== 'resolved') {
      await h.executeUpdate(m.cancelUpdate, { args: [{ actor: actors.app, reason: 'done' }] });
    }
    await h.result();
    return [{ workflowId: h.workflowId }];
  },

  async 'dispute-answered-after-resolution'(ctx) {
    const h = await open(ctx, 'dispute', {
      orderId: 'o-79',
      merchantId: 'shop-9',
      price,
      issue: 'missing_part',
    });
    await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
    await ctx.env.sleep('1m');
    await h.executeUpdate(m.resolveUpdate, {
      args: [{ actor: actors.xinyao, code: 'remedied', summary: 'member satisfied' }],
    });
    await refusedOrTaken(
      h.executeUpdate(m.thirdPartyResponseUpdate, {
        args: [{ actor: actors.zheng, party: 'merchant', outcome: 'refused' }],
      }),
    );
    await h.executeUpdate(m.reopenUpdate, {
      args: [{ actor: actors.app, reason: 'the merchant wrote back' }],
    });
    await h.executeUpdate(m.cancelUpdate, { args: [{ actor: actors.app, reason: 'done' }] });
    await h.result();
    return [{ workflowId: h.workflowId }];
  },

  /** Since `v21`: an advance refund paid back by the merchant, who agreed after the case was resolved. */
  async 'dispute-paid-back-after-resolution'(ctx) {
    const h = await open(ctx, 'dispute', {
      orderId: 'o-81',
      merchantId: 'shop-9',
      price,
      issue: 'missing_part',
    });
    await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
    await h.executeUpdate(m.proposeCompensationUpdate, {
      args: [{ actor: actors.xinyao, kind: 'advance_refund', amount: cny(100000), reason: 'no part yet' }],
    });
    await until(ctx, h, (v) => v.compensations[0]?.status === 'executed');
    await h.executeUpdate(m.resolveUpdate, {
      args: [{ actor: actors.xinyao, code: 'refunded', summary: 'refunded in advance' }],
    });
    await h.executeUpdate(m.thirdPartyResponseUpdate, {
      args: [{ actor: actors.xinyao, party: 'merchant', outcome: 'accepted' }],
    });
    await until(ctx, h, (v) => v.compensations[0]?.recovery?.status === 'recovered');
    await h.result(); // closed when its follow-up window ends
    return [{ workflowId: h.workflowId }];
  },

  /** Since `v21`: reopened after its merchant window ended while resolved; the window is set aside. */
  async 'dispute-reopened-after-its-window'(ctx) {
    const h = await open(ctx, 'dispute', {
      orderId: 'o-80',
      merchantId: 'shop-9',
      price,
      issue: 'missing_part',
    });
    await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
    await ctx.env.sleep('1m');
    await h.executeUpdate(m.resolveUpdate, {
      args: [{ actor: actors.xinyao, code: 'remedied', summary: 'member satisfied' }],
    });
    await ctx.env.sleep('3d'); // past the merchant window, within the follow-up window
    await h.executeUpdate(m.reopenUpdate, {
      args: [{ actor: actors.app, reason: 'the part never came' }],
    });
    await h.executeUpdate(m.cancelUpdate, { args: [{ actor: actors.app, reason: 'done' }] });
    await h.result();
    return [{ workflowId: h.workflowId }];
  },
};
