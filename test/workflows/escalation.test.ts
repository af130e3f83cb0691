/**
 * The escalation ladder (DOMAIN.md): level 0 dedicated manager -> 1 backup (else supervisor) -> 2 supervisor
 * -> 3 head. Climbs on a breached callback SLA or resolution commitment; each breach gives the new owner a fresh
 * window of the same length; never past level 3; breaches stay recorded. Escalation on request and
 * reassignment are in escalation-by-request.test.ts.
 */
import type { CaseView } from '../../workflows/domain';
import { iso } from '../../workflows/time';
import { SA } from '../../workflows/search-attributes';
import * as m from '../../workflows/messages';
import { actors } from '../support/cases';
import { APASS_SLA } from '../support/policy';
import { count, entriesOf, kinds, lastEntry, view } from '../support/case-views';
import { HOUR, MINUTE, SECOND, sleepUntil, t } from '../support/clock';
import { timeSkippingSuite, withWorker } from '../support/workflow-harness';
import { breachChecker } from './escalation-breach';

const suite = timeSkippingSuite();
const breach = breachChecker(suite);

const { callbackMs: CALLBACK_SLA, resolutionMs: RESOLUTION_SLA } = APASS_SLA;

describe('callback SLA breach', () => {
  test('climbs backup -> supervisor -> head with a fresh 3m window each time, and never past level 3', () =>
    withWorker(suite.env, async (ctx) => {
      const h = await ctx.open();
      let v: CaseView = await view(h);
      const openedAt = t(v.openedAt);
      expect(v.status).toBe('awaiting_callback');
      expect(v.escalationLevel).toBe(0);
      expect(v.assignee.id).toBe('mgr-xinyao');
      expect(t(v.sla.callback.dueAt)).toBe(openedAt + CALLBACK_SLA);
      expect(t(v.nextDueAt)).toBe(openedAt + CALLBACK_SLA);

      // Just before the SLA: nothing happens.
      await sleepUntil(suite.env, openedAt + CALLBACK_SLA - 5 * SECOND);
      v = await view(h);
      expect(v.escalationLevel).toBe(0);
      expect(v.sla.callback.breached).toBe(false);
      expect(kinds(v)).toEqual(['opened', 'assigned']);

      // Level 1: the manager's backup, mgr-lin, with a fresh window measured from the breach.
      const first = await breach(h, 'callback', { level: 1, assignee: 'mgr-lin' });
      v = first.v;
      expect(v.manager.id).toBe('mgr-xinyao');
      expect(v.status).toBe('awaiting_callback');
      expect(v.sla.callback.metAt).toBeNull();
      expect(kinds(v)).toEqual(['opened', 'assigned', 'sla_breached', 'escalated']);
      expect(lastEntry(v, 'escalated')).toMatchObject({ at: first.breach.at, actor: 'system' });
      expect(lastEntry(v, 'escalated').text).toContain('level 1, now owned by Lin (mgr-lin)');
      expect(v.nextDueAt).toBe(v.sla.callback.dueAt);
      await ctx.notified(2);
      // The dedicated manager was told at once, with the callback's due time.
      expect(ctx.notifications[0]).toMatchObject({
        caseId: v.id,
        trigger: 'assigned',
        owner: { id: 'mgr-xinyao' },
        escalationLevel: 0,
        clock: 'callback',
        dueAt: iso(first.due),
      });
      expect(ctx.notifications[1]).toMatchObject({
        caseId: v.id,
        owner: { id: 'mgr-lin', role: 'manager' },
        escalationLevel: 1,
        reason: 'callback SLA breached',
      });

      // Level 2: the supervisor.
      await breach(h, 'callback', { level: 2, assignee: 'sup-zheng' });

      // Level 3: the head.
      await breach(h, 'callback', { level: 3, assignee: 'head-dai' });

      // The head's window runs out: the breach is recorded, but there is nowhere to climb.
      ({ v } = await breach(h, 'callback', { level: 3, assignee: 'head-dai', from: 3, freshWindow: false }));
      const atTop = v.timeline.length;

      // Much later: still level 3, nothing new (no climb, no repeated breach).
      await suite.env.sleep(10 * CALLBACK_SLA);
      v = await view(h);
      expect(v.escalationLevel).toBe(3);
      expect(v.timeline).toHaveLength(atTop);
      expect(count(v, 'sla_breached')).toBe(4);
      expect(count(v, 'escalated')).toBe(3);
      expect(entriesOf(v, 'sla_breached').map((e) => e.text)).toEqual(
        [0, 1, 2, 3].map((l) => `callback SLA breached at level ${l}`),
      );

      await ctx.notified(4);
      expect(ctx.notifications.map((n) => [n.owner.id, n.escalationLevel])).toEqual([
        ['mgr-xinyao', 0],
        ['mgr-lin', 1],
        ['sup-zheng', 2],
        ['head-dai', 3],
      ]);
    }));

  test('a manager without a backup goes to the supervisor at level 1', () =>
    withWorker(suite.env, async (ctx) => {
      const h = await ctx.open({ member: { id: 'm-2001', managerId: 'mgr-qiu' } });
      expect((await view(h)).assignee.id).toBe('mgr-qiu');
      await breach(h, 'callback', { level: 1, assignee: 'sup-wen' });
      await ctx.notified(2);
      expect(ctx.notifications[1]).toMatchObject({ owner: { id: 'sup-wen' }, escalationLevel: 1 });
    }));

  test('search attributes follow the escalation', () =>
    withWorker(suite.env, async (ctx) => {
      const h = await ctx.open();
      let v: CaseView = await view(h); // the first workflow task has run
      let sa = (await h.describe()).typedSearchAttributes;
      expect(sa.get(SA.escalationLevel)).toBe(0);
      expect(sa.get(SA.assigneeId)).toBe('mgr-xinyao');
      expect(sa.get(SA.breached)).toBe(false);
      expect(sa.get(SA.status)).toBe('awaiting_callback');

      ({ v } = await breach(h, 'callback', { level: 1, assignee: 'mgr-lin' }));
      sa = (await h.describe()).typedSearchAttributes;
      expect(sa.get(SA.escalationLevel)).toBe(1);
      expect(sa.get(SA.assigneeId)).toBe('mgr-lin');
      expect(sa.get(SA.breached)).toBe(true);
      expect(sa.get(SA.status)).toBe('awaiting_callback');
      expect(sa.get(SA.nextDueAt)?.toISOString()).toBe(v.sla.callback.dueAt);

      v = await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.lin }] });
      sa = (await h.describe()).typedSearchAttributes;
      expect(sa.get(SA.status)).toBe('in_progress');
      expect(sa.get(SA.breached)).toBe(true);
      expect(sa.get(SA.nextDueAt)?.toISOString()).toBe(v.sla.resolution.dueAt);
    }));
});

describe('resolution commitment breach', () => {
  test('climbs after 24h with a fresh 24h window, and stays recorded after resolving', () =>
    withWorker(suite.env, async (ctx) => {
      const h = await ctx.open();
      let v: CaseView = await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
      const metAt = t(v.sla.callback.metAt);
      const due = t(v.sla.resolution.dueAt);
      expect(due).toBe(metAt + RESOLUTION_SLA);

      await sleepUntil(suite.env, due - MINUTE);
      v = await view(h);
      expect(v.sla.resolution.breached).toBe(false);
      expect(v.escalationLevel).toBe(0);

      const first = await breach(h, 'resolution', { level: 1, assignee: 'mgr-lin' });
      expect(first.due).toBe(due);
      v = first.v;
      expect(v.status).toBe('in_progress');
      expect(v.sla.callback.breached).toBe(false);
      expect(lastEntry(v, 'escalated').text).toContain(
        'level 1, now owned by Lin (mgr-lin): resolution commitment breached',
      );
      await ctx.notified(2);
      expect(ctx.notifications[1]).toMatchObject({
        owner: { id: 'mgr-lin' },
        escalationLevel: 1,
        reason: 'resolution commitment breached',
      });

      // The backup lets it run out too: supervisor.
      await breach(h, 'resolution', { level: 2, assignee: 'sup-zheng' });

      v = await h.executeUpdate(m.resolveUpdate, {
        args: [{ actor: actors.zheng, code: 'done', summary: 'sorted' }],
      });
      expect(v.status).toBe('resolved');
      expect(v.sla.resolution.breached).toBe(true);
      expect(v.sla.callback.breached).toBe(false);
      expect(v.escalationLevel).toBe(2);
      expect(count(v, 'sla_breached')).toBe(2);
    }));

  test('resolving an hour before the due time is not a breach', () =>
    withWorker(suite.env, async (ctx) => {
      const h = await ctx.open();
      let v: CaseView = await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
      await sleepUntil(suite.env, t(v.sla.resolution.dueAt) - HOUR);
      v = await h.executeUpdate(m.resolveUpdate, {
        args: [{ actor: actors.xinyao, code: 'done', summary: 'ok' }],
      });
      expect(v.sla.resolution.breached).toBe(false);
      expect(v.escalationLevel).toBe(0);
    }));
});
