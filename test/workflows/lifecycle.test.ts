/**
 * The common case lifecycle (DOMAIN.md): opened -> callback -> working -> resolved -> follow-up window ->
 * closed; the policy in force at open travels with the case. Cancelling and the transitions the lifecycle
 * refuses are in lifecycle-cancel-and-invalid-transitions.test.ts.
 */
import type { CaseView } from '../../workflows/domain';
import { SA } from '../../workflows/search-attributes';
import * as m from '../../workflows/messages';
import { actors } from '../support/cases';
import { APASS_SLA, testPolicy } from '../support/policy';
import { count, kinds, lastEntry, view } from '../support/case-views';
import { DAY, HOUR, MINUTE, SECOND, sleepUntil, t } from '../support/clock';
import { rejectionOf } from '../support/update-rejections';
import { timeSkippingSuite, withWorker } from '../support/workflow-harness';

const suite = timeSkippingSuite();

const { callbackMs: CALLBACK_SLA, resolutionMs: RESOLUTION_SLA } = APASS_SLA;
const FOLLOW_UP = 7 * DAY;

describe('callback', () => {
  test('in time: in progress, SLA met, resolution clock starts at the callback; the callback timer is gone', () =>
    withWorker(suite.env, async (ctx) => {
      const h = await ctx.open();
      let v = await view(h);
      const openedAt = t(v.openedAt);
      expect(kinds(v)).toEqual(['opened', 'assigned']);
      expect(lastEntry(v, 'assigned').text).toBe(
        'assigned to dedicated manager Xinyao (mgr-xinyao); callback due within 3m',
      );
      expect(v.sla.resolution).toEqual({ dueAt: null, pausedMs: 0, pausedSince: null, breached: false });

      await sleepUntil(suite.env, openedAt + 2 * MINUTE);
      v = await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao, note: 'reached Lily' }] });
      expect(v.status).toBe('in_progress');
      const metAt = t(v.sla.callback.metAt);
      expect(metAt).toBe(t(lastEntry(v, 'callback').at));
      expect(metAt).toBeGreaterThanOrEqual(openedAt + 2 * MINUTE);
      expect(metAt).toBeLessThan(openedAt + CALLBACK_SLA);
      expect(t(v.sla.callback.dueAt)).toBe(openedAt + CALLBACK_SLA);
      expect(v.sla.callback.breached).toBe(false);
      expect(t(v.sla.resolution.dueAt)).toBe(metAt + RESOLUTION_SLA);
      expect(v.sla.resolution.pausedMs).toBe(0);
      expect(v.sla.resolution.breached).toBe(false);
      expect(v.nextDueAt).toBe(v.sla.resolution.dueAt);
      expect(kinds(v)).toEqual(['opened', 'assigned', 'callback']);
      expect(lastEntry(v, 'callback')).toMatchObject({
        actor: 'mgr-xinyao',
        text: 'member reached; resolution due within 24h: reached Lily',
      });

      // Past the old callback due time nothing fires.
      await sleepUntil(suite.env, openedAt + 4 * CALLBACK_SLA);
      v = await view(h);
      expect(v.escalationLevel).toBe(0);
      expect(v.sla.callback.breached).toBe(false);
      expect(count(v, 'sla_breached')).toBe(0);
      // Only the `assigned` at the opening: no escalation.
      expect(ctx.notifications.map((n) => n.trigger)).toEqual(['assigned']);
    }));

  test('after the breach, by the new owner (the backup): met, but the breach stays recorded', () =>
    withWorker(suite.env, async (ctx) => {
      const h = await ctx.open();
      let v: CaseView = await view(h);
      await sleepUntil(suite.env, t(v.sla.callback.dueAt) + SECOND);
      v = await view(h);
      expect(v.escalationLevel).toBe(1);
      expect(v.assignee.id).toBe('mgr-lin');

      // The dedicated manager no longer owns the case at level 1.
      await rejectionOf(h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] }), 'forbidden');

      await suite.env.sleep(MINUTE);
      v = await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.lin }] });
      expect(v.status).toBe('in_progress');
      expect(v.sla.callback.breached).toBe(true);
      const metAt = t(v.sla.callback.metAt);
      expect(metAt).toBe(t(lastEntry(v, 'callback').at));
      expect(t(v.sla.resolution.dueAt)).toBe(metAt + RESOLUTION_SLA);
      expect(v.escalationLevel).toBe(1);
      expect(v.assignee.id).toBe('mgr-lin');
      expect(lastEntry(v, 'callback')).toMatchObject({ actor: 'mgr-lin' });
      expect(lastEntry(v, 'callback').text).toContain('(after the callback SLA)');

      // No further callback breach once met.
      await suite.env.sleep(4 * CALLBACK_SLA);
      v = await view(h);
      expect(v.escalationLevel).toBe(1);
      expect(count(v, 'sla_breached')).toBe(1);
    }));
});

describe('resolve, follow-up window, close', () => {
  test('resolve opens 7d; rate once; reopen inside the window gives a fresh clock; the window closes the case', () =>
    withWorker(suite.env, async (ctx) => {
      const h = await ctx.open();
      await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
      // A paused hour, so the reopen visibly resets pausedMs.
      await h.executeUpdate(m.waitUpdate, {
        args: [{ actor: actors.xinyao, on: 'member', reason: 'SD card' }],
      });
      await suite.env.sleep(HOUR);
      let v: CaseView = await h.executeUpdate(m.resumeUpdate, { args: [{ actor: actors.app }] });
      expect(v.sla.resolution.pausedMs).toBeGreaterThanOrEqual(HOUR);

      v = await h.executeUpdate(m.resolveUpdate, {
        args: [{ actor: actors.xinyao, code: 'photos_recovered', summary: 'lab recovered 212 photos' }],
      });
      expect(v.status).toBe('resolved');
      const resolvedAt = t(lastEntry(v, 'resolved').at);
      expect(v.resolution).toEqual({
        code: 'photos_recovered',
        summary: 'lab recovered 212 photos',
        resolvedAt: new Date(resolvedAt).toISOString(),
        resolvedBy: 'mgr-xinyao',
      });
      expect(t(v.followUpEndsAt)).toBe(resolvedAt + FOLLOW_UP);
      expect(v.sla.resolution.breached).toBe(false);
      expect(v.closedAt).toBeNull();
      expect(v.nextDueAt).toBeNull(); // the follow-up window is not something the owner owes
      expect(lastEntry(v, 'resolved').text).toBe(
        'resolved (photos_recovered): lab recovered 212 photos; follow-up window open for 7d',
      );
      const resolvedSa = (await h.describe()).typedSearchAttributes;
      expect(resolvedSa.get(SA.status)).toBe('resolved');
      expect(resolvedSa.get(SA.nextDueAt)).toBeUndefined(); // cleared, not left at the old resolution due

      v = await h.executeUpdate(m.rateUpdate, { args: [{ actor: actors.app, score: 5, comment: 'superb' }] });
      expect(v.rating).toEqual({ score: 5, comment: 'superb', at: lastEntry(v, 'rated').at });
      const rated = v.timeline.length;
      await rejectionOf(
        h.executeUpdate(m.rateUpdate, { args: [{ actor: actors.app, score: 1 }] }),
        'invalid_transition',
      );
      v = await view(h);
      expect(v.rating?.score).toBe(5);
      expect(v.timeline).toHaveLength(rated);

      // Six days on, the window is still open.
      await sleepUntil(suite.env, resolvedAt + 6 * DAY);
      v = await view(h);
      expect(v.status).toBe('resolved');

      v = await h.executeUpdate(m.reopenUpdate, {
        args: [{ actor: actors.app, reason: 'ten photos are missing' }],
      });
      expect(v.status).toBe('in_progress');
      const reopenedAt = t(lastEntry(v, 'reopened').at);
      expect(reopenedAt).toBeGreaterThanOrEqual(resolvedAt + 6 * DAY);
      expect(t(v.sla.resolution.dueAt)).toBe(reopenedAt + RESOLUTION_SLA);
      expect(v.sla.resolution.pausedMs).toBe(0);
      expect(v.sla.resolution.pausedSince).toBeNull();
      expect(v.resolution).toBeNull();
      expect(v.followUpEndsAt).toBeNull();
      expect(v.nextDueAt).toBe(v.sla.resolution.dueAt);
      expect(lastEntry(v, 'reopened').text).toBe(
        'reopened: ten photos are missing; fresh resolution clock of 24h',
      );

      v = await h.executeUpdate(m.resolveUpdate, {
        args: [{ actor: actors.xinyao, code: 'done', summary: 'all found' }],
      });
      const resolvedAgainAt = t(v.resolution?.resolvedAt);
      expect(t(v.followUpEndsAt)).toBe(resolvedAgainAt + FOLLOW_UP);

      // result() lets the server skip time until the workflow completes. Closing at the new window's end (and
      // not at the first one's, which comes a day earlier) shows that the reopen dropped the old timer.
      const final = await h.result();
      expect(final.status).toBe('closed');
      expect(t(final.closedAt)).toBeGreaterThanOrEqual(resolvedAgainAt + FOLLOW_UP);
      expect(t(final.closedAt)).toBeLessThan(resolvedAgainAt + FOLLOW_UP + SECOND);
      expect(final.timeline.at(-1)).toMatchObject({
        kind: 'closed',
        actor: 'system',
        at: final.closedAt,
        text: 'follow-up window ended; case closed',
      });
      expect(final.rating?.score).toBe(5);
      expect(final.nextDueAt).toBeNull();

      const described = await h.describe();
      expect(described.status.name).toBe('COMPLETED');
      expect(described.typedSearchAttributes.get(SA.status)).toBe('closed');

      // The member cannot reopen a closed case: the workflow is over (the test server answers
      // WorkflowNotFoundError, a real server "workflow execution already completed").
      await expect(
        h.executeUpdate(m.reopenUpdate, { args: [{ actor: actors.app, reason: 'one more thing' }] }),
      ).rejects.toThrow();
      expect((await h.describe()).status.name).toBe('COMPLETED');
    }));
});

describe('policy captured at open', () => {
  const shortPolicy = testPolicy({
    tiers: { apass: { callbackSla: '5s', resolutionSla: '30s' } },
    followUpWindow: '1m',
  });

  test('a case opened with short timers runs on them; a default-policy case beside it does not', () =>
    withWorker(suite.env, async (ctx) => {
      const fast = await ctx.open({ policy: shortPolicy });
      const normal = await ctx.open();
      let f = await view(fast);
      const n0 = await view(normal);
      expect(t(f.sla.callback.dueAt)).toBe(t(f.openedAt) + 5 * SECOND);
      expect(t(n0.sla.callback.dueAt)).toBe(t(n0.openedAt) + CALLBACK_SLA);
      expect(lastEntry(f, 'assigned').text).toContain('callback due within 5s');

      await sleepUntil(suite.env, t(f.sla.callback.dueAt) + SECOND);
      f = await view(fast);
      expect(f.escalationLevel).toBe(1);
      expect(f.sla.callback.breached).toBe(true);
      expect(t(f.sla.callback.dueAt)).toBe(t(lastEntry(f, 'sla_breached').at) + 5 * SECOND);
      const n1 = await view(normal);
      expect(n1.escalationLevel).toBe(0);
      expect(n1.sla.callback.breached).toBe(false);

      f = await fast.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.lin }] });
      expect(t(f.sla.resolution.dueAt)).toBe(t(f.sla.callback.metAt) + 30 * SECOND);
      expect(lastEntry(f, 'callback').text).toContain('resolution due within 30s');

      await sleepUntil(suite.env, t(f.sla.resolution.dueAt) + SECOND);
      f = await view(fast);
      expect(f.sla.resolution.breached).toBe(true);
      expect(f.escalationLevel).toBe(2);
      expect(t(f.sla.resolution.dueAt)).toBe(t(lastEntry(f, 'sla_breached').at) + 30 * SECOND);

      f = await fast.executeUpdate(m.resolveUpdate, {
        args: [{ actor: actors.zheng, code: 'done', summary: 'ok' }],
      });
      expect(t(f.followUpEndsAt)).toBe(t(f.resolution?.resolvedAt) + MINUTE);
      expect(lastEntry(f, 'resolved').text).toContain('follow-up window open for 1m');
      // About 40s in: the default-policy case is still inside its 3m callback window.
      const n2 = await view(normal);
      expect(n2.status).toBe('awaiting_callback');
      expect(n2.escalationLevel).toBe(0);
      expect(n2.sla.callback.breached).toBe(false);

      const final = await fast.result();
      expect(final.status).toBe('closed');
      expect(t(final.closedAt)).toBeGreaterThanOrEqual(t(f.followUpEndsAt));
      expect(t(final.closedAt)).toBeLessThan(t(f.followUpEndsAt) + SECOND);
    }));
});
