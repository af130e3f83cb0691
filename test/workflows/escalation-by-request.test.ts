/**
 * The escalation ladder (DOMAIN.md), climbed on request: the assignee, the member (via the app) or a supervisor
 * climbs one level each, with the reason, never past level 3 and not on a resolved case; and a supervisor's
 * reassignment, after which the next breach climbs the new manager's ladder. Climbs on breached SLAs are in
 * escalation.test.ts.
 */
import type { CaseView } from '../../workflows/domain';
import * as m from '../../workflows/messages';
import { count, lastEntry, view } from '../support/case-views';
import { actors, devRoster } from '../support/cases';
import { rejectionOf } from '../support/update-rejections';
import { t } from '../support/clock';
import { APASS_SLA } from '../support/policy';
import { timeSkippingSuite, withWorker } from '../support/workflow-harness';
import { breachChecker } from './escalation-breach';

const suite = timeSkippingSuite();
const breach = breachChecker(suite);

describe('manual escalation', () => {
  test('the assignee, the member (via the app) and a supervisor climb one level each, with the reason; not past 3', () =>
    withWorker(suite.env, async (ctx) => {
      const h = await ctx.open();
      const before = await view(h);

      let v: CaseView = await h.executeUpdate(m.escalateUpdate, {
        args: [{ actor: actors.xinyao, reason: 'needs a second pair of hands' }],
      });
      expect(v.escalationLevel).toBe(1);
      expect(v.assignee.id).toBe('mgr-lin');
      expect(lastEntry(v, 'escalated')).toMatchObject({
        actor: 'mgr-xinyao',
        text: 'escalated to level 1, now owned by Lin (mgr-lin): requested by mgr-xinyao: needs a second pair of hands',
      });
      // A request is not a breach.
      expect(v.sla.callback.breached).toBe(false);
      expect(count(v, 'sla_breached')).toBe(0);
      expect(v.sla.callback.dueAt).toBe(before.sla.callback.dueAt);
      await ctx.notified(2);
      expect(ctx.notifications[1]).toMatchObject({ owner: { id: 'mgr-lin' }, escalationLevel: 1 });
      // the reason is free text: the timeline keeps it, the notification says who asked
      expect(ctx.notifications[1]?.reason).toBe('requested by mgr-xinyao');

      // The former assignee no longer owns it.
      await rejectionOf(
        h.executeUpdate(m.escalateUpdate, { args: [{ actor: actors.xinyao, reason: 'again' }] }),
        'forbidden',
      );

      v = await h.executeUpdate(m.escalateUpdate, {
        args: [{ actor: actors.app, reason: 'member asks for a supervisor' }],
      });
      expect(v.escalationLevel).toBe(2);
      expect(v.assignee.id).toBe('sup-zheng');
      expect(lastEntry(v, 'escalated')).toMatchObject({ actor: 'app' });
      expect(lastEntry(v, 'escalated').text).toContain('requested by app: member asks for a supervisor');

      v = await h.executeUpdate(m.escalateUpdate, {
        args: [{ actor: actors.zheng, reason: 'head must sign' }],
      });
      expect(v.escalationLevel).toBe(3);
      expect(v.assignee.id).toBe('head-dai');

      const atTop = v.timeline.length;
      const failure = await rejectionOf(
        h.executeUpdate(m.escalateUpdate, { args: [{ actor: actors.dai, reason: 'higher' }] }),
        'invalid_transition',
      );
      expect(failure.message).toContain('top escalation level');
      v = await view(h);
      expect(v.escalationLevel).toBe(3);
      expect(v.assignee.id).toBe('head-dai');
      expect(v.timeline).toHaveLength(atTop);

      await ctx.notified(4);
      expect(ctx.notifications.map((n) => [n.owner.id, n.escalationLevel])).toEqual([
        ['mgr-xinyao', 0],
        ['mgr-lin', 1],
        ['sup-zheng', 2],
        ['head-dai', 3],
      ]);
    }));

  test('a resolved case cannot be escalated', () =>
    withWorker(suite.env, async (ctx) => {
      const h = await ctx.open();
      await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
      await h.executeUpdate(m.resolveUpdate, {
        args: [{ actor: actors.xinyao, code: 'done', summary: 'ok' }],
      });
      await rejectionOf(
        h.executeUpdate(m.escalateUpdate, { args: [{ actor: actors.app, reason: 'x' }] }),
        'invalid_transition',
      );
    }));
});

describe('reassignment', () => {
  test("a supervisor reassigns; the next breach climbs the new manager's ladder", () =>
    withWorker(suite.env, async (ctx) => {
      const h = await ctx.open();
      const qiu = devRoster.ladderFor('mgr-qiu');
      expect(qiu.map((p) => p.id)).toEqual(['mgr-qiu', 'sup-wen', 'sup-wen', 'head-dai']);

      // A manager may not reassign; nor may anyone reassign to the current assignee.
      await rejectionOf(
        h.executeUpdate(m.reassignUpdate, {
          args: [{ actor: actors.xinyao, manager: qiu[0]!, ladder: qiu, reason: 'swap' }],
        }),
        'forbidden',
      );
      const xinyao = devRoster.ladderFor('mgr-xinyao');
      await rejectionOf(
        h.executeUpdate(m.reassignUpdate, {
          args: [{ actor: actors.zheng, manager: xinyao[0]!, ladder: xinyao, reason: 'same' }],
        }),
        'invalid_transition',
      );

      const v: CaseView = await h.executeUpdate(m.reassignUpdate, {
        args: [{ actor: actors.zheng, manager: qiu[0]!, ladder: qiu, reason: 'Xinyao is on leave' }],
      });
      expect(v.assignee.id).toBe('mgr-qiu');
      expect(v.manager.id).toBe('mgr-qiu');
      expect(v.escalationLevel).toBe(0);
      expect(lastEntry(v, 'reassigned')).toMatchObject({ actor: 'sup-zheng' });
      expect(lastEntry(v, 'reassigned').text).toContain('to Qiu (mgr-qiu): Xinyao is on leave');
      await ctx.notified(2);
      // the reason is free text: the notification says who reassigned
      expect(ctx.notifications[1]).toMatchObject({
        owner: { id: 'mgr-qiu' },
        escalationLevel: 0,
        reason: 'reassigned by sup-zheng',
      });

      // The old manager lost the case: it is no longer theirs even to see (answered as an unknown id).
      await rejectionOf(h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] }), 'not_found');

      // Breach: Qiu has no backup, so level 1 is his supervisor sup-wen (not Xinyao's backup mgr-lin).
      await breach(h, 'callback', { level: 1, assignee: 'sup-wen' });
      await breach(h, 'callback', { level: 2, assignee: 'sup-wen' });
      await breach(h, 'callback', { level: 3, assignee: 'head-dai' });
      await ctx.notified(5);
      expect(ctx.notifications.map((n) => [n.owner.id, n.escalationLevel])).toEqual([
        ['mgr-xinyao', 0],
        ['mgr-qiu', 0],
        ['sup-wen', 1],
        ['sup-wen', 2],
        ['head-dai', 3],
      ]);
    }));

  test("a case the head hands to a manager starts again at that manager's level 0, with a fresh window for a clock spent at the top", () =>
    withWorker(suite.env, async (ctx) => {
      const h = await ctx.open();
      await breach(h, 'callback', { level: 1, assignee: 'mgr-lin' });
      await breach(h, 'callback', { level: 2, assignee: 'sup-zheng' });
      await breach(h, 'callback', { level: 3, assignee: 'head-dai' });
      // At the top: recorded, nobody to climb to, no fresh window; the clock is spent.
      const top = await breach(h, 'callback', {
        level: 3,
        assignee: 'head-dai',
        from: 3,
        freshWindow: false,
      });
      expect(top.v.nextDueAt).toBe(top.v.sla.callback.dueAt);

      const qiu = devRoster.ladderFor('mgr-qiu');
      const v: CaseView = await h.executeUpdate(m.reassignUpdate, {
        args: [{ actor: actors.dai, manager: qiu[0]!, ladder: qiu, reason: 'Qiu knows the merchant' }],
      });
      const reassigned = lastEntry(v, 'reassigned');
      expect(v.escalationLevel).toBe(0);
      expect(v.assignee.id).toBe('mgr-qiu');
      expect(reassigned.text).toBe(
        'reassigned from Dai (head-dai) to Qiu (mgr-qiu): Qiu knows the merchant; back to level 0 from level 3; ' +
          'fresh callback SLA of 3m',
      );
      expect(t(v.sla.callback.dueAt)).toBe(t(reassigned.at) + APASS_SLA.callbackMs);
      expect(v.sla.callback.breached).toBe(true); // a breach stays recorded
      expect(v.nextDueAt).toBe(v.sla.callback.dueAt);

      // Qiu's ladder from its foot: his breach goes to his supervisor, not straight to the head.
      await breach(h, 'callback', { level: 1, assignee: 'sup-wen', from: 0 });
      await ctx.notified(6);
      expect(ctx.notifications.map((n) => [n.owner.id, n.escalationLevel, n.trigger])).toEqual([
        ['mgr-xinyao', 0, 'assigned'],
        ['mgr-lin', 1, 'escalation'],
        ['sup-zheng', 2, 'escalation'],
        ['head-dai', 3, 'escalation'],
        ['mgr-qiu', 0, 'reassignment'],
        ['sup-wen', 1, 'escalation'],
      ]);
    }));

  test('a case reassigned from level 2 keeps its running clock and climbs from the new manager', () =>
    withWorker(suite.env, async (ctx) => {
      const h = await ctx.open();
      await h.executeUpdate(m.escalateUpdate, { args: [{ actor: actors.app, reason: 'member asks' }] });
      const up = await h.executeUpdate(m.escalateUpdate, { args: [{ actor: actors.app, reason: 'again' }] });
      expect(up.escalationLevel).toBe(2);
      const qiu = devRoster.ladderFor('mgr-qiu');
      const v: CaseView = await h.executeUpdate(m.reassignUpdate, {
        args: [{ actor: actors.zheng, manager: qiu[0]!, ladder: qiu, reason: 'swap' }],
      });
      expect(v.escalationLevel).toBe(0);
      expect(lastEntry(v, 'reassigned').text).toMatch(/: swap; back to level 0 from level 2$/);
      expect(v.sla.callback.dueAt).toBe(up.sla.callback.dueAt);
      const escalated = await h.executeUpdate(m.escalateUpdate, {
        args: [{ actor: actors.app, reason: 'member asks once more' }],
      });
      expect([escalated.escalationLevel, escalated.assignee.id]).toEqual([1, 'sup-wen']);
    }));
});
