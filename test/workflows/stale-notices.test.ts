/**
 * A notification the pager did not take is sent again later (notice-retries.ts), but only while it is still true
 * (stale-notices.ts): not to an owner the case has left since, and no "about to breach" warning once the clock
 * fell due (DOMAIN.md, "Notifications and warnings": none once the clock is met), and no approval request for a
 * compensation that no longer waits on that approver.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { OwnerNotification } from '../../workflows/notices';
import * as m from '../../workflows/messages';
import {
  DROP_STALE_APPROVAL_REQUESTS_PATCH,
  DROP_STALE_NOTICES_PATCH,
  REWARN_AFTER_DROPPED_WARNING_PATCH,
} from '../../workflows/patches';
import { actors, devRoster, openInput, reassignTo } from '../support/cases';
import { texts } from '../support/case-views';
import { HOUR, MINUTE, SECOND } from '../support/clock';
import { oddPolicy } from '../support/odd-policy';
import { patchMarkers } from '../support/patch-markers';
import { cny, openDispute, timeSkippingSuite, withWorker } from '../support/workflow-harness';

const suite = timeSkippingSuite();

/** A pager that refuses (a 4xx, not retried) the notifications `refuses` picks, recording what it refuses and takes. */
function pagerRefusing(refuses: (n: OwnerNotification, refusedSoFar: number) => boolean) {
  const state = { refused: 0, refusals: [] as OwnerNotification[], delivered: [] as OwnerNotification[] };
  return {
    state,
    notifyOwner: async (n: OwnerNotification) => {
      if (refuses(n, state.refused)) {
        state.refused += 1;
        state.refusals.push(n);
        throw ApplicationFailure.nonRetryable('notification webhook answered 404', 'notification_refused');
      }
      state.delivered.push(n);
    },
  };
}

/** A pager that refuses the first notification of `trigger`. */
const pagerRefusingFirst = (trigger: OwnerNotification['trigger']) =>
  pagerRefusing((n, refusedSoFar) => n.trigger === trigger && refusedSoFar === 0);

test('a warning the pager refused is not sent again once its clock fell due and the case climbed: the new owner is told of the breach instead', () => {
  const pager = pagerRefusingFirst('sla_warning');
  return withWorker(
    suite.env,
    { name: 'stale-warning', activities: { notifyOwner: pager.notifyOwner } },
    async (ctx) => {
      // oddPolicy's apass: the callback is due 7 minutes after the opening, the warning 2 minutes before it; the
      // warning's later try comes 5 minutes after it was refused, after the breach.
      const input = openInput({ policy: oddPolicy() });
      input.policy.tier.warnBeforeMs = { callback: 2 * MINUTE };
      const h = await ctx.start(input);
      await suite.env.sleep(5 * MINUTE + 30 * SECOND);
      const warned = await h.query(m.caseViewQuery);
      expect(pager.state.refused).toBe(1);
      expect(texts(warned, 'notification_delayed')).toHaveLength(1);

      await suite.env.sleep(6 * MINUTE);
      const v = await h.query(m.caseViewQuery);
      expect(v.sla.callback.breached).toBe(true);
      expect(pager.state.delivered.map((n) => n.trigger)).toEqual(['assigned', 'escalation']);
      expect(texts(v, 'notification_dropped')).toEqual([
        expect.stringMatching(
          /^did not send mgr-xinyao the sla_warning notification: mgr-xinyao no longer owns the case$/,
        ),
      ]);
      const { events } = await h.fetchHistory();
      expect(patchMarkers(events ?? [])).toContain(DROP_STALE_NOTICES_PATCH);
    },
  );
});

test('a reassignment notification sent again later does not reach a manager the case was reassigned away from since', () => {
  const pager = pagerRefusingFirst('reassignment');
  return withWorker(
    suite.env,
    { name: 'stale-reassignment', activities: { notifyOwner: pager.notifyOwner } },
    async (ctx) => {
      const h = await ctx.open();
      await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
      await h.executeUpdate(m.reassignUpdate, { args: [reassignTo('mgr-qiu', 'on leave')] });
      await h.executeUpdate(m.reassignUpdate, { args: [reassignTo('mgr-lin', 'back to the team')] });
      await suite.env.sleep(10 * MINUTE);
      const v = await h.query(m.caseViewQuery);
      const reassigned = pager.state.delivered.filter((n) => n.trigger === 'reassignment');
      expect(reassigned.map((n) => n.owner.id)).toEqual(['mgr-lin']);
      expect(texts(v, 'notification_dropped')).toEqual([
        'did not send mgr-qiu the reassignment notification: mgr-qiu no longer owns the case',
      ]);
    },
  );
});

test('a warning is still sent again while its clock runs to the same due time', () => {
  const pager = pagerRefusingFirst('sla_warning');
  return withWorker(
    suite.env,
    { name: 'live-warning', activities: { notifyOwner: pager.notifyOwner } },
    async (ctx) => {
      // The warning 10 minutes ahead of a 7-minute callback: raised at the opening, tried again 5 minutes later.
      const input = openInput({ policy: oddPolicy() });
      input.policy.tier.warnBeforeMs = { callback: 10 * MINUTE };
      const h = await ctx.start(input);
      await suite.env.sleep(5 * MINUTE + 30 * SECOND);
      const v = await h.query(m.caseViewQuery);
      const warnings = pager.state.delivered.filter((n) => n.trigger === 'sla_warning');
      expect(warnings).toEqual([expect.objectContaining({ dueAt: v.sla.callback.dueAt, clock: 'callback' })]);
      expect(texts(v, 'notification_dropped')).toEqual([]);
    },
  );
});

test('a warning refused before the callback was made is not sent again after it', () => {
  const pager = pagerRefusingFirst('sla_warning');
  return withWorker(
    suite.env,
    { name: 'met-warning', activities: { notifyOwner: pager.notifyOwner } },
    async (ctx) => {
      const input = openInput({ policy: oddPolicy() });
      input.policy.tier.warnBeforeMs = { callback: 6 * MINUTE };
      const h = await ctx.start(input);
      await suite.env.sleep(1 * MINUTE + 30 * SECOND);
      const opened = await h.query(m.caseViewQuery);
      expect(texts(opened, 'notification_delayed')).toHaveLength(1);
      await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
      await suite.env.sleep(6 * MINUTE);
      const v = await h.query(m.caseViewQuery);
      expect(pager.state.delivered.map((n) => n.trigger)).toEqual(['assigned']);
      expect(texts(v, 'notification_dropped')).toEqual([
        `did not send mgr-xinyao the sla_warning notification: the callback SLA due at ${opened.sla.callback.dueAt} is no longer ahead (it fell due, was met, paused or moved)`,
      ]);
    },
  );
});

test('at the top of the ladder, a refused warning is not sent again once its clock fell due: the same owner, no longer true', () => {
  const { state, notifyOwner } = pagerRefusing((n) => n.trigger === 'sla_warning' && n.escalationLevel === 3);
  const { refusals: refused, delivered } = state;
  return withWorker(suite.env, { name: 'top-warning', activities: { notifyOwner } }, async (ctx) => {
    // Every 7-minute window breaches and climbs, to the head at level 3; the top window's warning comes 2 minutes
    // ahead of its due time, its later try 5 minutes after, past the due time.
    const input = openInput({ policy: oddPolicy() });
    input.policy.tier.warnBeforeMs = { callback: 2 * MINUTE };
    const h = await ctx.start(input);
    await suite.env.sleep(40 * MINUTE);
    const v = await h.query(m.caseViewQuery);
    expect(v.escalationLevel).toBe(3);
    expect(refused).toHaveLength(1);
    expect(delivered.filter((n) => n.trigger === 'sla_warning' && n.escalationLevel === 3)).toEqual([]);
    expect(texts(v, 'notification_dropped')).toEqual([
      `did not send ${refused[0]!.owner.id} the sla_warning notification: the callback SLA due at ${refused[0]!.dueAt} is no longer ahead (it fell due, was met, paused or moved)`,
    ]);
  });
});

/** A dispute past its callback, with a 500.00 CNY gift waiting for sup-zheng (above oddPolicy's authority). */
async function giftWaitingForApproval(ctx: Parameters<typeof openDispute>[0]) {
  const h = await openDispute(ctx, {
    policy: oddPolicy(),
    details: { orderId: 'o-2718', merchantId: 'shop-28', price: cny(500_000), issue: 'not_as_described' },
  });
  await h.executeUpdate(m.proposeCompensationUpdate, {
    args: [{ actor: actors.xinyao, kind: 'goodwill_gift', amount: cny(50_000), reason: 'bouquet' }],
  });
  return h;
}

test('an approval request the pager refused is not sent again once the compensation was approved', () => {
  const pager = pagerRefusingFirst('approval_request');
  return withWorker(
    suite.env,
    { name: 'stale-approval-decided', activities: { notifyOwner: pager.notifyOwner } },
    async (ctx) => {
      const h = await giftWaitingForApproval(ctx);
      await h.executeUpdate(m.approveCompensationUpdate, {
        args: [{ actor: actors.zheng, compensationId: 'c1' }],
      });
      await suite.env.sleep(6 * MINUTE);
      const v = await h.query(m.caseViewQuery);
      expect(pager.state.refused).toBe(1);
      expect(pager.state.delivered.filter((n) => n.trigger === 'approval_request')).toEqual([]);
      expect(texts(v, 'notification_dropped')).toEqual([
        'did not send sup-zheng the approval_request notification: c1 no longer waits for approval',
      ]);
      const { events } = await h.fetchHistory();
      expect(patchMarkers(events ?? [])).toContain(DROP_STALE_APPROVAL_REQUESTS_PATCH);
    },
  );
});

test("an approval request the pager refused is not sent again to a supervisor the case's reassignment took it from", () => {
  const pager = pagerRefusingFirst('approval_request');
  return withWorker(
    suite.env,
    { name: 'stale-approval-handed', activities: { notifyOwner: pager.notifyOwner } },
    async (ctx) => {
      const h = await giftWaitingForApproval(ctx);
      const qiu = devRoster.ladderFor('mgr-qiu');
      await h.executeUpdate(m.reassignUpdate, {
        args: [{ actor: actors.zheng, manager: qiu[0]!, ladder: qiu, reason: 'Xinyao is on leave' }],
      });
      await suite.env.sleep(6 * MINUTE);
      const v = await h.query(m.caseViewQuery);
      const asked = pager.state.delivered.filter((n) => n.trigger === 'approval_request');
      expect(asked.map((n) => n.owner.id)).toEqual(['sup-wen']);
      expect(texts(v, 'notification_dropped')).toEqual([
        'did not send sup-zheng the approval_request notification: sup-zheng no longer approves c1',
      ]);
    },
  );
});

test('an approval request the pager refused is still sent again while its compensation waits on that approver', () => {
  const pager = pagerRefusingFirst('approval_request');
  return withWorker(
    suite.env,
    { name: 'live-approval', activities: { notifyOwner: pager.notifyOwner } },
    async (ctx) => {
      const h = await giftWaitingForApproval(ctx);
      await suite.env.sleep(6 * MINUTE);
      const v = await h.query(m.caseViewQuery);
      expect(
        pager.state.delivered.filter((n) => n.trigger === 'approval_request').map((n) => n.owner.id),
      ).toEqual(['sup-zheng']);
      expect(texts(v, 'notification_dropped')).toEqual([]);
    },
  );
});

test('a warning dropped because its clock was paused before the later try is given for the moved due time once the clock resumes', () => {
  const pager = pagerRefusingFirst('sla_warning');
  return withWorker(
    suite.env,
    { name: 'rewarn-after-pause', activities: { notifyOwner: pager.notifyOwner } },
    async (ctx) => {
      // oddPolicy's apass: the resolution is due 31 h after the callback, its warning 2 h before that.
      const input = openInput({ policy: oddPolicy() });
      input.policy.tier.warnBeforeMs = { resolution: 2 * HOUR };
      const h = await ctx.start(input);
      await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
      await suite.env.sleep(29 * HOUR + MINUTE);
      expect(pager.state.refused).toBe(1);
      await h.executeUpdate(m.waitUpdate, {
        args: [{ actor: actors.xinyao, on: 'member', reason: 'the receipt' }],
      });
      await suite.env.sleep(10 * MINUTE); // the later try comes while the clock is paused: dropped
      const paused = await h.query(m.caseViewQuery);
      expect(texts(paused, 'notification_dropped')).toHaveLength(1);
      const resumed = await h.executeUpdate(m.resumeUpdate, { args: [{ actor: actors.app }] });
      await suite.env.sleep(MINUTE);
      const warnings = pager.state.delivered.filter((n) => n.trigger === 'sla_warning');
      expect(warnings).toEqual([
        expect.objectContaining({
          owner: expect.objectContaining({ id: 'mgr-xinyao' }),
          clock: 'resolution',
          dueAt: resumed.sla.resolution.dueAt,
        }),
      ]);
      const { events } = await h.fetchHistory();
      expect(patchMarkers(events ?? [])).toContain(REWARN_AFTER_DROPPED_WARNING_PATCH);
    },
  );
});

test('a warning dropped because the case was escalated before its later try is given to the new owner for the same due time', () => {
  const pager = pagerRefusingFirst('sla_warning');
  return withWorker(
    suite.env,
    { name: 'rewarn-after-escalation', activities: { notifyOwner: pager.notifyOwner } },
    async (ctx) => {
      const input = openInput({ policy: oddPolicy() });
      input.policy.tier.warnBeforeMs = { resolution: 2 * HOUR };
      const h = await ctx.start(input);
      await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
      await suite.env.sleep(29 * HOUR + MINUTE);
      expect(pager.state.refused).toBe(1);
      const escalated = await h.executeUpdate(m.escalateUpdate, {
        args: [{ actor: actors.zheng, reason: 'the member called twice' }],
      });
      await suite.env.sleep(6 * MINUTE); // the later try finds another owner: dropped, and the new owner warned
      const v = await h.query(m.caseViewQuery);
      expect(texts(v, 'notification_dropped')).toEqual([
        'did not send mgr-xinyao the sla_warning notification: mgr-xinyao no longer owns the case',
      ]);
      const warnings = pager.state.delivered.filter((n) => n.trigger === 'sla_warning');
      expect(warnings).toEqual([
        expect.objectContaining({
          owner: expect.objectContaining({ id: escalated.assignee.id }),
          clock: 'resolution',
          dueAt: escalated.sla.resolution.dueAt,
        }),
      ]);
      expect(escalated.assignee.id).not.toBe('mgr-xinyao');
    },
  );
});

test('a warning dropped unsent after its paused clock passed its old due time is given once the clock resumes', () => {
  let refusing = true;
  const { state, notifyOwner } = pagerRefusing((n) => n.trigger === 'sla_warning' && refusing);
  const { delivered } = state;
  return withWorker(
    suite.env,
    { name: 'rewarn-paused-past-due', activities: { notifyOwner } },
    async (ctx) => {
      // Resolution due 31 h after the callback, warned at 29 h; the pager refuses the warning and its tries at
      // 29 h 05, 29 h 20 and 30 h 20; the next, 4 h later, comes while the clock is paused past its old due time.
      const input = openInput({ policy: oddPolicy() });
      input.policy.tier.warnBeforeMs = { resolution: 2 * HOUR };
      const h = await ctx.start(input);
      await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
      await suite.env.sleep(30 * HOUR + 55 * MINUTE);
      await h.executeUpdate(m.waitUpdate, {
        args: [{ actor: actors.xinyao, on: 'member', reason: 'the receipt' }],
      });
      await suite.env.sleep(3 * HOUR + 30 * MINUTE);
      const paused = await h.query(m.caseViewQuery);
      expect(texts(paused, 'notification_dropped')).toHaveLength(1);
      refusing = false;
      const resumed = await h.executeUpdate(m.resumeUpdate, { args: [{ actor: actors.app }] });
      await suite.env.sleep(MINUTE);
      expect(delivered.filter((n) => n.trigger === 'sla_warning')).toEqual([
        expect.objectContaining({ clock: 'resolution', dueAt: resumed.sla.resolution.dueAt }),
      ]);
    },
  );
});

test("a warning of an earlier window dropped late does not warn the current window's owner again", () => {
  const { state, notifyOwner } = pagerRefusing(
    (n) => n.trigger === 'sla_warning' && n.owner.id === 'mgr-xinyao',
  );
  const { delivered } = state;
  return withWorker(
    suite.env,
    { name: 'rewarn-once-per-window', activities: { notifyOwner } },
    async (ctx) => {
      // A 3 h resolution warned 2 h 50 before it: mgr-xinyao's warning at 10 min is refused, tried at 15 min,
      // 30 min and 1 h 30, then 4 h later, at 5 h 30; the breach at 3 h climbs, and the new owner's window (due 6 h)
      // is warned at 3 h 10. The late try at 5 h 30 is dropped: mgr-xinyao no longer owns the case.
      const input = openInput({ policy: oddPolicy({ tiers: { apass: { resolutionSla: '3h' } } }) });
      input.policy.tier.warnBeforeMs = { resolution: 2 * HOUR + 50 * MINUTE };
      const h = await ctx.start(input);
      await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
      await suite.env.sleep(5 * HOUR + 40 * MINUTE);
      const v = await h.query(m.caseViewQuery);
      expect(texts(v, 'notification_dropped')).toEqual([
        'did not send mgr-xinyao the sla_warning notification: mgr-xinyao no longer owns the case',
      ]);
      const warned = delivered.filter((n) => n.trigger === 'sla_warning');
      expect(warned.map((n) => n.owner.id)).toEqual([v.assignee.id]);
      expect(v.escalationLevel).toBe(1);
    },
  );
});
