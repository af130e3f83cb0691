/**
 * The resolution clock: waiting on the member pauses it (the due time moves by exactly the paused time);
 * waiting on a merchant, carrier or consulate does not.
 */
import type { CaseView } from '../../workflows/domain';
import * as m from '../../workflows/messages';
import { actors } from '../support/cases';
import { count, lastEntry, view } from '../support/case-views';
import { HOUR, MINUTE, SECOND, sleepUntil, t } from '../support/clock';
import { type CaseHandle, timeSkippingSuite, withWorker } from '../support/workflow-harness';

const suite = timeSkippingSuite();

const RESOLUTION_SLA = 24 * HOUR;

async function calledBack(h: CaseHandle): Promise<CaseView> {
  const v = await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
  expect(t(v.sla.resolution.dueAt)).toBe(t(v.sla.callback.metAt) + RESOLUTION_SLA);
  return v;
}

const waitOnMember = (h: CaseHandle, reason = 'needs the SD card') =>
  h.executeUpdate(m.waitUpdate, { args: [{ actor: actors.xinyao, on: 'member', reason }] });

describe('waiting on the member', () => {
  test('pauses the clock; resume moves the due time by exactly the paused time; two pauses add up', () =>
    withWorker(suite.env, async (ctx) => {
      const h = await ctx.open();
      let v = await calledBack(h);
      const due0 = t(v.sla.resolution.dueAt);
      await suite.env.sleep(HOUR);

      v = await waitOnMember(h);
      expect(v.status).toBe('waiting_on_member');
      const pause1Start = t(lastEntry(v, 'waiting').at);
      expect(t(v.sla.resolution.pausedSince)).toBe(pause1Start);
      expect(v.sla.resolution.pausedMs).toBe(0);
      expect(t(v.sla.resolution.dueAt)).toBe(due0);
      expect(v.nextDueAt).toBeNull(); // nothing is owed while the member has the ball
      expect(lastEntry(v, 'waiting').text).toBe(
        'waiting on the member (resolution clock paused): needs the SD card',
      );

      const N = 2 * HOUR + 34 * MINUTE + 56 * SECOND + 789;
      await suite.env.sleep(N);
      v = await view(h);
      expect(v.status).toBe('waiting_on_member');
      expect(t(v.sla.resolution.pausedSince)).toBe(pause1Start);

      v = await h.executeUpdate(m.resumeUpdate, { args: [{ actor: actors.app, note: 'card posted' }] });
      expect(v.status).toBe('in_progress');
      expect(v.sla.resolution.pausedSince).toBeNull();
      const p1 = v.sla.resolution.pausedMs;
      // Exactly the time between the two recorded actions; at least the sleep (the locked clock only adds ms).
      expect(p1).toBe(t(lastEntry(v, 'resumed').at) - pause1Start);
      expect(p1).toBeGreaterThanOrEqual(N);
      expect(p1).toBeLessThan(N + 2 * SECOND);
      expect(t(v.sla.resolution.dueAt)).toBe(due0 + p1);
      expect(v.nextDueAt).toBe(v.sla.resolution.dueAt);
      expect(lastEntry(v, 'resumed')).toMatchObject({ actor: 'app' });
      expect(lastEntry(v, 'resumed').text).toMatch(
        /^back in progress; resolution due moved by .+ paused: card posted$/,
      );

      // Second pause.
      v = await waitOnMember(h, 'needs the hotel receipt');
      const pause2Start = t(v.sla.resolution.pausedSince);
      const M = 45 * MINUTE;
      await suite.env.sleep(M);
      v = await h.executeUpdate(m.resumeUpdate, { args: [{ actor: actors.xinyao }] });
      const p2 = t(lastEntry(v, 'resumed').at) - pause2Start;
      expect(p2).toBeGreaterThanOrEqual(M);
      expect(p2).toBeLessThan(M + 2 * SECOND);
      expect(v.sla.resolution.pausedMs).toBe(p1 + p2);
      const due2 = t(v.sla.resolution.dueAt);
      expect(due2).toBe(due0 + p1 + p2);

      // The breach follows the moved due time, not the original one.
      await sleepUntil(suite.env, due2 - MINUTE);
      v = await view(h);
      expect(t(v.sla.resolution.dueAt)).toBe(due2);
      expect(v.sla.resolution.breached).toBe(false);
      expect(v.escalationLevel).toBe(0);
      await sleepUntil(suite.env, due2 + SECOND);
      v = await view(h);
      expect(v.sla.resolution.breached).toBe(true);
      expect(v.escalationLevel).toBe(1);
      const breachAt = t(lastEntry(v, 'sla_breached').at);
      expect(breachAt).toBeGreaterThanOrEqual(due2);
      expect(breachAt).toBeLessThan(due2 + SECOND);
      // The fresh window after a breach is the full 24h; the pauses belong to the old window.
      expect(t(v.sla.resolution.dueAt)).toBe(breachAt + RESOLUTION_SLA);
    }));

  test('no resolution breach fires while paused, even long past the original due time', () =>
    withWorker(suite.env, async (ctx) => {
      const h = await ctx.open();
      let v = await calledBack(h);
      const due0 = t(v.sla.resolution.dueAt);
      await suite.env.sleep(4 * HOUR);
      v = await waitOnMember(h);
      const pausedSince = v.sla.resolution.pausedSince;
      const pauseStart = t(pausedSince);
      const usedBeforePause = pauseStart - t(v.sla.callback.metAt);

      await sleepUntil(suite.env, due0 + 6 * HOUR);
      v = await view(h);
      expect(v.status).toBe('waiting_on_member');
      expect(v.sla.resolution.breached).toBe(false);
      expect(v.escalationLevel).toBe(0);
      expect(v.assignee.id).toBe('mgr-xinyao');
      expect(count(v, 'sla_breached')).toBe(0);
      expect(v.sla.resolution.pausedSince).toBe(pausedSince);

      v = await h.executeUpdate(m.resumeUpdate, { args: [{ actor: actors.app }] });
      const resumedAt = t(lastEntry(v, 'resumed').at);
      expect(v.sla.resolution.pausedMs).toBe(resumedAt - pauseStart);
      const due1 = t(v.sla.resolution.dueAt);
      expect(due1).toBe(due0 + (resumedAt - pauseStart));
      // What is left of the commitment is what was left when the pause began.
      expect(due1 - resumedAt).toBe(RESOLUTION_SLA - usedBeforePause);

      await sleepUntil(suite.env, due1 + SECOND);
      v = await view(h);
      expect(v.sla.resolution.breached).toBe(true);
      expect(v.escalationLevel).toBe(1);
      expect(t(lastEntry(v, 'sla_breached').at)).toBeGreaterThanOrEqual(due1);
    }));

  test('switching to a third-party wait ends the pause; resolving while paused counts the pause too', () =>
    withWorker(suite.env, async (ctx) => {
      const h = await ctx.open();
      let v = await calledBack(h);
      const due0 = t(v.sla.resolution.dueAt);

      v = await waitOnMember(h);
      const start1 = t(v.sla.resolution.pausedSince);
      await suite.env.sleep(HOUR);
      v = await h.executeUpdate(m.waitUpdate, {
        args: [{ actor: actors.xinyao, on: 'third_party', reason: 'lab' }],
      });
      expect(v.status).toBe('waiting_on_third_party');
      expect(v.sla.resolution.pausedSince).toBeNull();
      const p1 = t(lastEntry(v, 'waiting').at) - start1;
      expect(p1).toBeGreaterThanOrEqual(HOUR);
      expect(v.sla.resolution.pausedMs).toBe(p1);
      expect(t(v.sla.resolution.dueAt)).toBe(due0 + p1);

      // The third-party wait does not pause: resuming from it moves nothing.
      await suite.env.sleep(HOUR);
      v = await h.executeUpdate(m.resumeUpdate, { args: [{ actor: actors.xinyao }] });
      expect(v.sla.resolution.pausedMs).toBe(p1);
      expect(t(v.sla.resolution.dueAt)).toBe(due0 + p1);
      expect(lastEntry(v, 'resumed').text).toBe('back in progress');

      v = await waitOnMember(h);
      const start2 = t(v.sla.resolution.pausedSince);
      await suite.env.sleep(30 * MINUTE);
      v = await h.executeUpdate(m.resolveUpdate, {
        args: [{ actor: actors.xinyao, code: 'done', summary: 'ok' }],
      });
      expect(v.status).toBe('resolved');
      expect(v.sla.resolution.pausedSince).toBeNull();
      const p2 = t(v.resolution?.resolvedAt) - start2;
      expect(p2).toBeGreaterThanOrEqual(30 * MINUTE);
      expect(v.sla.resolution.pausedMs).toBe(p1 + p2);
      expect(t(v.sla.resolution.dueAt)).toBe(due0 + p1 + p2);
    }));
});

describe('waiting on a third party', () => {
  test('does not pause: the breach fires at the original due time', () =>
    withWorker(suite.env, async (ctx) => {
      const h = await ctx.open();
      let v: CaseView = await calledBack(h);
      const due0 = t(v.sla.resolution.dueAt);
      v = await h.executeUpdate(m.waitUpdate, {
        args: [{ actor: actors.xinyao, on: 'third_party', reason: 'photo lab is looking' }],
      });
      expect(v.status).toBe('waiting_on_third_party');
      expect(v.sla.resolution.pausedSince).toBeNull();
      expect(t(v.nextDueAt)).toBe(due0);
      expect(lastEntry(v, 'waiting').text).toBe(
        'waiting on a third party (resolution clock runs): photo lab is looking',
      );

      await sleepUntil(suite.env, due0 - MINUTE);
      v = await view(h);
      expect(v.sla.resolution.breached).toBe(false);

      await sleepUntil(suite.env, due0 + SECOND);
      v = await view(h);
      expect(v.status).toBe('waiting_on_third_party');
      expect(v.sla.resolution.breached).toBe(true);
      expect(v.sla.resolution.pausedMs).toBe(0);
      expect(v.escalationLevel).toBe(1);
      expect(v.assignee.id).toBe('mgr-lin');
      const breachAt = t(lastEntry(v, 'sla_breached').at);
      expect(breachAt).toBeGreaterThanOrEqual(due0);
      expect(breachAt).toBeLessThan(due0 + SECOND);
      expect(t(v.sla.resolution.dueAt)).toBe(breachAt + RESOLUTION_SLA);
    }));
});

describe('at the top of the ladder', () => {
  /*
   * At level 3 a resolution breach cannot climb: its due time stays the breached one, and a pause for the member
   * moves it by the paused time. The breach is marked spent (sla-clocks.ts, `SPENT`), not matched by its due time,
   * so a resume does not fire it again; before that marker every wait-and-resume cycle added another breach.
   */
  test('a resolution breach at level 3 is recorded once, even after pausing for the member', () =>
    withWorker(suite.env, async (ctx) => {
      const h = await ctx.open();
      for (const actor of [actors.xinyao, actors.lin, actors.zheng]) {
        await h.executeUpdate(m.escalateUpdate, { args: [{ actor, reason: 'urgent' }] });
      }
      let v: CaseView = await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.dai }] });
      expect(v.escalationLevel).toBe(3);
      await sleepUntil(suite.env, t(v.sla.resolution.dueAt) + SECOND);
      v = await view(h);
      expect(v.sla.resolution.breached).toBe(true);
      expect(count(v, 'sla_breached')).toBe(1);

      for (let i = 0; i < 2; i += 1) {
        await h.executeUpdate(m.waitUpdate, {
          args: [{ actor: actors.dai, on: 'member', reason: 'documents' }],
        });
        await suite.env.sleep(10 * MINUTE);
        await h.executeUpdate(m.resumeUpdate, { args: [{ actor: actors.app }] });
      }
      v = await view(h);
      expect(v.escalationLevel).toBe(3);
      expect(count(v, 'sla_breached')).toBe(1);
    }));
});
