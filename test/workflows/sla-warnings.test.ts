/**
 * Telling owners in time (DOMAIN.md, "Notifications and warnings"): the dedicated manager is told when a case
 * opens for them; each clock warns its owner `warnBefore` ahead of its due time, once per window, moved by
 * pauses, never once the clock is met.
 */
import type { OpenCaseInput } from '../../workflows/messages';
import * as m from '../../workflows/messages';
import type { CaseView } from '../../workflows/domain';
import { iso } from '../../workflows/time';
import { actors, openInput } from '../support/cases';
import { count, entriesOf, view } from '../support/case-views';
import { HOUR, MINUTE, SECOND, sleepUntil, t } from '../support/clock';
import { oddPolicy } from '../support/odd-policy';
import { timeSkippingSuite, withWorker } from '../support/workflow-harness';

const suite = timeSkippingSuite();

const CALLBACK_SLA = 7 * MINUTE; // oddPolicy's apass
const RESOLUTION_SLA = 31 * HOUR;
const WARN_CALLBACK = 2 * MINUTE + 13 * SECOND;
const WARN_RESOLUTION = 3 * HOUR + 17 * MINUTE;

/** An apass case whose captured policy warns WARN_CALLBACK / WARN_RESOLUTION ahead. */
function warnedCase(): OpenCaseInput {
  const input = openInput({ policy: oddPolicy() });
  input.policy.tier.warnBeforeMs = { callback: WARN_CALLBACK, resolution: WARN_RESOLUTION };
  return input;
}

const warnings = (v: CaseView) => entriesOf(v, 'sla_warning');

describe('assigned', () => {
  test('the dedicated manager is told when the case opens, with the callback due time', () =>
    withWorker(suite.env, async (ctx) => {
      const h = await ctx.open();
      const v = await view(h);
      const [assigned] = await ctx.notified(1);
      expect(assigned).toEqual(
        expect.objectContaining({
          caseId: v.id,
          trigger: 'assigned',
          owner: expect.objectContaining({ id: 'mgr-xinyao' }),
          escalationLevel: 0,
          clock: 'callback',
          dueAt: v.sla.callback.dueAt,
        }),
      );
    }));
});

describe('sla_warning', () => {
  test('warns warnBefore ahead of the callback, again in the fresh window after a breach', () =>
    withWorker(suite.env, async (ctx) => {
      const h = await ctx.start(warnedCase());
      let v = await view(h);
      const due = t(v.sla.callback.dueAt);
      expect(due).toBe(t(v.openedAt) + CALLBACK_SLA);

      await sleepUntil(suite.env, due - WARN_CALLBACK - SECOND);
      expect(warnings(await view(h))).toHaveLength(0);

      await sleepUntil(suite.env, due - WARN_CALLBACK + SECOND);
      v = await view(h);
      const [warning] = warnings(v);
      expect(t(warning!.at)).toBeGreaterThanOrEqual(due - WARN_CALLBACK);
      expect(t(warning!.at)).toBeLessThan(due - WARN_CALLBACK + SECOND);
      expect(warning!.text).toContain(iso(due));
      const told = await ctx.notified(2);
      expect(told[1]).toMatchObject({
        trigger: 'sla_warning',
        owner: { id: 'mgr-xinyao' },
        clock: 'callback',
        dueAt: iso(due),
        escalationLevel: 0,
      });
      // The warning is not a deadline the owner must act on.
      expect(v.nextDueAt).toBe(iso(due));

      // Breach: the backup gets a fresh window, and a warning of its own ahead of it.
      await sleepUntil(suite.env, due + SECOND);
      v = await view(h);
      expect(v.escalationLevel).toBe(1);
      const due1 = t(v.sla.callback.dueAt);
      await sleepUntil(suite.env, due1 - WARN_CALLBACK + SECOND);
      v = await view(h);
      expect(warnings(v)).toHaveLength(2);
      expect(t(warnings(v)[1]!.at)).toBeGreaterThanOrEqual(due1 - WARN_CALLBACK);
      const all = await ctx.notified(4);
      expect(all.map((n) => [n.trigger, n.owner.id, n.clock])).toEqual([
        ['assigned', 'mgr-xinyao', 'callback'],
        ['sla_warning', 'mgr-xinyao', 'callback'],
        ['escalation', 'mgr-lin', 'callback'],
        ['sla_warning', 'mgr-lin', 'callback'],
      ]);
      expect(all[2]).toMatchObject({ dueAt: iso(due1), breach: { clock: 'callback', dueAt: iso(due) } });
    }));

  test('never for a met clock: a callback before the warning time warns nothing', () =>
    withWorker(suite.env, async (ctx) => {
      const h = await ctx.start(warnedCase());
      const opened = await view(h);
      await sleepUntil(suite.env, t(opened.sla.callback.dueAt) - WARN_CALLBACK - 10 * SECOND);
      await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
      await sleepUntil(suite.env, t(opened.sla.callback.dueAt) + MINUTE);
      const v = await view(h);
      expect(warnings(v)).toHaveLength(0);
      expect(v.sla.callback.breached).toBe(false);
    }));

  test('never once the clock is past due: a worker running the deadlines late sends the breach alone', () =>
    withWorker(suite.env, async (ctx) => {
      // Accepted by the API 8 minutes ago: the callback (7 min) and its warning fell due before the first task.
      const input = { ...warnedCase(), requestedAt: (await suite.env.currentTimeMs()) - 8 * MINUTE };
      const h = await ctx.start(input);
      const v = await view(h);
      expect(v.escalationLevel).toBe(1);
      expect(warnings(v)).toHaveLength(0);
      const told = await ctx.notified(2);
      expect(told.map((n) => [n.trigger, n.owner.id])).toEqual([
        ['assigned', 'mgr-xinyao'],
        ['escalation', 'mgr-lin'],
      ]);
    }));

  test('a pause moves the resolution warning with the due time; once warned, a pause does not warn again', () =>
    withWorker(suite.env, async (ctx) => {
      const h = await ctx.start(warnedCase());
      let v: CaseView = await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
      const due0 = t(v.sla.resolution.dueAt);
      expect(due0).toBe(t(v.sla.callback.metAt) + RESOLUTION_SLA);

      // A pause of P before the warning: the warning comes P later than it would have.
      await suite.env.sleep(HOUR);
      await h.executeUpdate(m.waitUpdate, {
        args: [{ actor: actors.xinyao, on: 'member', reason: 'receipt' }],
      });
      const P = 5 * HOUR + 7 * MINUTE;
      await suite.env.sleep(P);
      v = await h.executeUpdate(m.resumeUpdate, { args: [{ actor: actors.app }] });
      const due1 = t(v.sla.resolution.dueAt);
      expect(due1 - due0).toBe(v.sla.resolution.pausedMs);
      expect(v.sla.resolution.pausedMs).toBeGreaterThanOrEqual(P);

      await sleepUntil(suite.env, due0 - WARN_RESOLUTION + SECOND);
      expect(warnings(await view(h))).toHaveLength(0);
      await sleepUntil(suite.env, due1 - WARN_RESOLUTION + SECOND);
      v = await view(h);
      expect(warnings(v)).toHaveLength(1);
      expect(t(warnings(v)[0]!.at)).toBeGreaterThanOrEqual(due1 - WARN_RESOLUTION);
      expect(warnings(v)[0]!.text).toContain(iso(due1));

      // Warned in this window: a later pause moves the due time but gives no second warning.
      await h.executeUpdate(m.waitUpdate, {
        args: [{ actor: actors.xinyao, on: 'member', reason: 'again' }],
      });
      await suite.env.sleep(HOUR);
      v = await h.executeUpdate(m.resumeUpdate, { args: [{ actor: actors.app }] });
      await sleepUntil(suite.env, t(v.sla.resolution.dueAt) - SECOND);
      v = await view(h);
      expect(count(v, 'sla_warning')).toBe(1);
      expect(v.sla.resolution.breached).toBe(false);
    }));
});
