/**
 * Replay scenarios of what came with SLA depth and trust: the assigned notification, warnings, a business-hours
 * calendar (open-time deadlines, a pause across a closed night, the calendar extended beyond its horizon by an
 * activity), a breach at the top of the ladder counted; four eyes on a case a manager opened, and the head
 * ceiling; the trip case a manager's visa case opens, theirs too (four eyes on its penalty cover); a cancellation
 * requested through Temporal, refused; a case idle on the member for months, woken to extend its calendar; a case
 * whose first task ran after its callback's due time (no warning, only the breach); a case the head reassigns from
 * the top of the ladder.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { captureCalendar } from '../../config/calendars';
import * as m from '../../workflows/messages';
import { actors, devRoster, openInput, startCase } from '../support/cases';
import { until } from './scenario-cases';

interface Context {
  env: TestWorkflowEnvironment;
  taskQueue: string;
}

const cny = (amount: number) => ({ amount, currency: 'CNY' as const });

function replayId(input: m.OpenCaseInput, name: string): m.OpenCaseInput {
  return { ...input, id: `case-replay-${name}-${input.id.split('-').slice(-2).join('-')}` };
}

export const slaScenarios: Record<string, (ctx: Context) => Promise<{ workflowId: string }[]>> = {
  async 'business-hours-warnings-and-top-breach'(ctx) {
    const input = replayId(openInput({ member: { tier: 'standard' } }), 'hours');
    input.policy.tier.warnBeforeMs = { callback: 30 * 60_000, resolution: 2 * 3_600_000 };
    input.policy.tier.calendar = captureCalendar(
      'cn-business',
      {
        timeZone: 'Asia/Shanghai',
        hours: {
          mon: ['09:00-12:00', '13:00-18:00'],
          tue: ['09:00-18:00'],
          wed: ['09:00-18:00'],
          thu: ['09:00-18:00'],
          fri: ['09:00-18:00'],
        },
        holidays: ['2027-02-05'],
      },
      // The recorder's clock runs years ahead of the wall clock: a calendar captured at the wall clock would be
      // extended through all of them.
      await ctx.env.currentTimeMs(),
    );
    const h = await startCase(ctx.env.client.workflow, input, ctx.taskQueue);
    // The callback warning and breaches up the ladder, then the supervisor calls back.
    await ctx.env.sleep('3d');
    await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.zheng }] });
    await h.executeUpdate(m.waitUpdate, { args: [{ actor: actors.zheng, on: 'member', reason: 'receipt' }] });
    await ctx.env.sleep('20h');
    await h.executeUpdate(m.resumeUpdate, { args: [{ actor: actors.app }] });
    // Long enough to climb to the top, breach there, and need the calendar beyond its horizon.
    await ctx.env.sleep('70d');
    await h.executeUpdate(m.cancelUpdate, { args: [{ actor: actors.app, reason: 'member withdrew' }] });
    await h.result();
    return [{ workflowId: h.workflowId }];
  },

  async 'business-hours-idle-on-the-member'(ctx) {
    const input = replayId(openInput({ member: { tier: 'standard' } }), 'idle');
    input.policy.tier.calendar = captureCalendar(
      'cn-business',
      { timeZone: 'Asia/Shanghai', hours: { mon: ['09:00-18:00'], thu: ['09:00-18:00'] }, holidays: [] },
      await ctx.env.currentTimeMs(),
    );
    const h = await startCase(ctx.env.client.workflow, input, ctx.taskQueue);
    await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
    await h.executeUpdate(m.waitUpdate, { args: [{ actor: actors.xinyao, on: 'member', reason: 'abroad' }] });
    // No deadline while the member is awaited: the calendar's own timer wakes the case to extend it.
    await ctx.env.sleep('115d');
    await h.executeUpdate(m.resumeUpdate, { args: [{ actor: actors.app }] });
    await h.executeUpdate(m.cancelUpdate, { args: [{ actor: actors.app, reason: 'member withdrew' }] });
    await h.result();
    return [{ workflowId: h.workflowId }];
  },

  async 'four-eyes-and-head-ceiling'(ctx) {
    const input = replayId(
      { ...openInput({ member: { tier: 'apass_top' } }), openedBy: actors.xinyao },
      'four-eyes',
    );
    const h = await startCase(ctx.env.client.workflow, input, ctx.taskQueue);
    await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
    // The opener's own proposal waits for someone else, though apass_top's authority is unlimited.
    await h.executeUpdate(m.proposeCompensationUpdate, {
      args: [{ actor: actors.xinyao, kind: 'goodwill_gift', amount: cny(30_000), reason: 'silk scarf' }],
    });
    await h.executeUpdate(m.approveCompensationUpdate, {
      args: [{ actor: actors.zheng, compensationId: 'c1' }],
    });
    // Above the head ceiling: only the head approves.
    await h.executeUpdate(m.proposeCompensationUpdate, {
      args: [{ actor: actors.zheng, kind: 'substitute_purchase', amount: cny(5_000_001), reason: 'a watch' }],
    });
    await h.executeUpdate(m.approveCompensationUpdate, {
      args: [{ actor: actors.dai, compensationId: 'c2' }],
    });
    await h.executeUpdate(m.resolveUpdate, {
      args: [{ actor: actors.zheng, code: 'done', summary: 'covered' }],
    });
    await h.executeUpdate(m.rateUpdate, { args: [{ actor: actors.app, score: 5 }] });
    await h.result();
    return [{ workflowId: h.workflowId }];
  },

  async 'visa-by-a-manager-opens-their-trip-case'(ctx) {
    const departureDate = new Date((await ctx.env.currentTimeMs()) + 9 * 86_400_000).toISOString();
    const details = {
      destination: 'FR',
      travelers: [],
      departureDate,
      visaStatus: 'administrative_review',
      trip: { bookingId: 'b-2', merchantId: 'tour-2', price: cny(1_500_000) },
    };
    const input = replayId(
      { ...openInput({ type: 'visa_help', details }), openedBy: actors.xinyao },
      'visa-mgr',
    );
    const visa = await startCase(ctx.env.client.workflow, input, ctx.taskQueue);
    await visa.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
    await visa.executeUpdate(m.thirdPartyResponseUpdate, {
      args: [{ actor: actors.xinyao, party: 'consulate', outcome: 'denied' }],
    });
    const trip = ctx.env.client.workflow.getHandle(`${visa.workflowId}-trip`);
    await visa.executeUpdate(m.resolveUpdate, {
      args: [{ actor: actors.xinyao, code: 'visa_denied', summary: 'trip protected' }],
    });
    await trip.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
    // A person's penalty cover waits for the refund requests (penalty-cover-after-requests).
    await until(ctx, trip, (v) => v.timeline.some((t) => t.text.startsWith('refunds requested')));
    // Within the apass authority, yet it waits: the visa case's opener opened the trip case too.
    await trip.executeUpdate(m.proposeCompensationUpdate, {
      args: [{ actor: actors.xinyao, kind: 'penalty_cover', amount: cny(10_000), reason: 'late fee' }],
    });
    await trip.executeUpdate(m.approveCompensationUpdate, {
      args: [{ actor: actors.zheng, compensationId: 'c1' }],
    });
    await trip.executeUpdate(m.cancelUpdate, { args: [{ actor: actors.app, reason: 'member rebooked' }] });
    await visa.result();
    return [{ workflowId: visa.workflowId }, { workflowId: trip.workflowId }];
  },

  async 'temporal-cancellation-refused'(ctx) {
    const h = await startCase(
      ctx.env.client.workflow,
      replayId(openInput({}), 'cancel-refused'),
      ctx.taskQueue,
    );
    await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
    // As the Web UI's button or `temporal workflow cancel` would: recorded, refused, nothing changes.
    await h.cancel();
    await h.executeUpdate(m.noteUpdate, { args: [{ actor: actors.xinyao, text: 'still open' }] });
    await h.executeUpdate(m.cancelUpdate, { args: [{ actor: actors.app, reason: 'member withdrew' }] });
    await h.result();
    return [{ workflowId: h.workflowId }];
  },

  async 'warning-past-due-skipped'(ctx) {
    const input = replayId(openInput(), 'late-warning');
    input.policy.tier.warnBeforeMs = { callback: 2 * 60_000 };
    // Accepted by the API longer ago than the callback SLA: warning and breach are both due at the first task.
    input.requestedAt = (await ctx.env.currentTimeMs()) - input.policy.tier.callbackSlaMs - 60_000;
    const h = await startCase(ctx.env.client.workflow, input, ctx.taskQueue);
    await ctx.env.sleep('1m');
    await h.executeUpdate(m.cancelUpdate, { args: [{ actor: actors.app, reason: 'done' }] });
    await h.result();
    return [{ workflowId: h.workflowId }];
  },

  /**
   * Since `v22`: the head hands a case to another team's manager, from the top of the ladder with its commitment
   * and the gift's approval spent there: back to level 0 with a fresh commitment and approval window, the new
   * supervisor asked.
   */
  async 'reassigned-from-the-top'(ctx) {
    const input = replayId(openInput(), 'from-top');
    const h = await startCase(ctx.env.client.workflow, input, ctx.taskQueue);
    await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
    for (const actor of [actors.xinyao, actors.app, actors.zheng]) {
      await h.executeUpdate(m.escalateUpdate, { args: [{ actor, reason: 'urgent' }] });
    }
    await h.executeUpdate(m.proposeCompensationUpdate, {
      args: [{ actor: actors.dai, kind: 'goodwill_gift', amount: cny(300_000), reason: 'a ruined evening' }],
    });
    await ctx.env.sleep('25h'); // the commitment and the gift's approval time out at the top: spent
    const qiu = devRoster.ladderFor('mgr-qiu');
    await h.executeUpdate(m.reassignUpdate, {
      args: [{ actor: actors.dai, manager: qiu[0]!, ladder: qiu, reason: 'Qiu knows the shop' }],
    });
    await h.executeUpdate(m.approveCompensationUpdate, {
      args: [{ actor: actors.wen, compensationId: 'c1' }],
    });
    await h.executeUpdate(m.cancelUpdate, { args: [{ actor: actors.app, reason: 'member withdrew' }] });
    await h.result();
    return [{ workflowId: h.workflowId }];
  },
};
