/**
 * A tier with a business-hours calendar counts its SLAs in open time, in the running workflow: the callback
 * from the next opening, the fresh window after a breach, and a pause across a closed night costing only the
 * open time it covered; a 24/7 tier beside it counts wall time. Expected instants are found here by walking
 * the calendar minute by minute with Intl, independently of the module under test.
 */
import { captureCalendar } from '../../config/calendars';
import type { CalendarDefinition } from '../../workflows/business-hours';
import type { CaseView } from '../../workflows/domain';
import * as m from '../../workflows/messages';
import { actors, openInput } from '../support/cases';
import { lastEntry, view } from '../support/case-views';
import { DAY, HOUR, MINUTE, SECOND, sleepUntil, t } from '../support/clock';
import { oddPolicy } from '../support/odd-policy';
import { timeSkippingSuite, withWorker } from '../support/workflow-harness';

const suite = timeSkippingSuite();

const SHANGHAI_OFFICE: CalendarDefinition = {
  timeZone: 'Asia/Shanghai',
  hours: {
    mon: ['09:00-12:00', '13:00-18:00'],
    tue: ['09:00-12:00', '13:00-18:00'],
    wed: ['09:00-12:00', '13:00-18:00'],
    thu: ['09:00-12:00', '13:00-18:00'],
    fri: ['09:00-12:00', '13:00-18:00'],
  },
  holidays: [],
};

const local = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Shanghai',
  weekday: 'short',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** Whether the Shanghai office is open during the minute starting at `ms`. */
function openMinute(ms: number): boolean {
  const parts = Object.fromEntries(local.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  if (parts.weekday === 'Sat' || parts.weekday === 'Sun') return false;
  const minute = Number(parts.hour) * 60 + Number(parts.minute);
  return (minute >= 9 * 60 && minute < 12 * 60) || (minute >= 13 * 60 && minute < 18 * 60);
}

/** `duration` of open time after `from` (both whole minutes apart from `from`'s own seconds). */
function expectedDue(from: number, duration: number): number {
  let t0 = from;
  let left = duration;
  // Up to the next minute boundary first, then minute by minute.
  const toBoundary = MINUTE - (t0 % MINUTE);
  if (openMinute(t0)) {
    if (left <= toBoundary) return t0 + left;
    left -= Math.min(left, toBoundary);
  }
  t0 += toBoundary;
  for (;;) {
    if (openMinute(t0)) {
      if (left <= MINUTE) return t0 + left;
      left -= MINUTE;
    }
    t0 += MINUTE;
  }
}

function openTimeBetween(from: number, to: number): number {
  let total = 0;
  for (let x = from; x < to; x = Math.min(to, x - (x % MINUTE) + MINUTE)) {
    if (openMinute(x)) total += Math.min(to, x - (x % MINUTE) + MINUTE) - x;
  }
  return total;
}

const CALLBACK = 4 * HOUR;

function officeHoursCase() {
  const input = openInput({
    member: { tier: 'standard' },
    policy: oddPolicy({ tiers: { standard: { callbackSla: '4h' } } }),
  });
  input.policy.tier.calendar = captureCalendar('shanghai-office', SHANGHAI_OFFICE, Date.now() - HOUR);
  return input;
}

describe('business-hours SLAs in a running case', () => {
  test('the callback counts open time; the fresh window after a breach too; a 24/7 tier beside it does not', () =>
    withWorker(suite.env, async (ctx) => {
      const h = await ctx.start(officeHoursCase());
      let v: CaseView = await view(h);
      const opened = t(v.openedAt);
      const due = expectedDue(opened, CALLBACK);
      expect(t(v.sla.callback.dueAt)).toBe(due);
      expect(lastEntry(v, 'assigned').text).toContain('4h of shanghai-office business hours');

      const apass = await view(await ctx.open({ policy: oddPolicy() }));
      expect(t(apass.sla.callback.dueAt)).toBe(t(apass.openedAt) + 7 * MINUTE);

      await sleepUntil(suite.env, due - SECOND);
      expect((await view(h)).escalationLevel).toBe(0);
      await sleepUntil(suite.env, due + SECOND);
      v = await view(h);
      expect(v.escalationLevel).toBe(1);
      const breachAt = t(lastEntry(v, 'sla_breached').at);
      expect(t(v.sla.callback.dueAt)).toBe(expectedDue(breachAt, CALLBACK));
    }));

  test('a pause across a closed night moves the resolution due time by the open time it covered', () =>
    withWorker(suite.env, async (ctx) => {
      const h = await ctx.start(officeHoursCase());
      let v: CaseView = await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
      const due0 = t(v.sla.resolution.dueAt);
      expect(due0).toBe(expectedDue(t(v.sla.callback.metAt), 79 * HOUR));

      v = await h.executeUpdate(m.waitUpdate, {
        args: [{ actor: actors.xinyao, on: 'member', reason: 'receipt' }],
      });
      const pausedAt = t(lastEntry(v, 'waiting').at);
      // What is left on the clock while it is paused: open time, not the wall time to the due time.
      expect(v.sla.resolution.leftWhenPausedMs).toBe(openTimeBetween(pausedAt, due0));
      expect(v.sla.resolution.leftWhenPausedMs).toBeLessThan(due0 - pausedAt);
      await suite.env.sleep(20 * HOUR); // at least one closed night
      v = await h.executeUpdate(m.resumeUpdate, { args: [{ actor: actors.app }] });
      const resumedAt = t(lastEntry(v, 'resumed').at);
      const open = openTimeBetween(pausedAt, resumedAt);
      expect(open).toBeLessThan(resumedAt - pausedAt);
      expect(v.sla.resolution.pausedMs).toBe(open);
      expect(t(v.sla.resolution.dueAt)).toBe(expectedDue(due0, open));
      expect(v.sla.resolution).not.toHaveProperty('leftWhenPausedMs');
    }));

  test('a case idle on the member for months keeps its calendar ahead: resumed, its due time is still in open time', () =>
    withWorker(suite.env, async (ctx) => {
      const input = officeHoursCase();
      input.policy.tier.calendar = captureCalendar(
        'shanghai-office',
        SHANGHAI_OFFICE,
        await suite.env.currentTimeMs(),
      );
      const h = await ctx.start(input);
      let v: CaseView = await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
      const due0 = t(v.sla.resolution.dueAt);
      v = await h.executeUpdate(m.waitUpdate, {
        args: [{ actor: actors.xinyao, on: 'member', reason: 'the member is abroad' }],
      });
      const pausedAt = t(lastEntry(v, 'waiting').at);
      // Past the calendar the case opened with (120 days): the due time after the pause lands beyond it.
      await suite.env.sleep(115 * DAY);
      v = await h.executeUpdate(m.resumeUpdate, { args: [{ actor: actors.app }] });
      const open = openTimeBetween(pausedAt, t(lastEntry(v, 'resumed').at));
      expect(v.sla.resolution.pausedMs).toBe(open);
      expect(t(v.sla.resolution.dueAt)).toBe(expectedDue(due0, open));
      expect(v.sla.resolution.breached).toBe(false);
    }));
});
