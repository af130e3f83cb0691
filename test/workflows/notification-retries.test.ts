/**
 * DOMAIN.md, "Notifications and warnings": the owner of a case is told at once. A pager that is down for longer
 * than a notification's tries (about nine minutes) does not leave the owner untold: the case sends it again,
 * under the same idempotency key, after 5 minutes, 15 minutes, 1 hour and 4 hours (workflows/notice-retries.ts),
 * and only then records `notification_failed`. Driven through a reassignment, whose notification is an activity
 * task of its own (its retries are the server's, so the test server skips them).
 */
import type { OwnerNotification } from '../../workflows/notices';
import * as m from '../../workflows/messages';
import { NOTIFY_AGAIN_AFTER_MS } from '../../workflows/notice-retries';
import { NOTIFY_AGAIN_AFTER_OUTAGE_PATCH } from '../../workflows/patches';
import { actors, devRoster } from '../support/cases';
import { texts } from '../support/case-views';
import { patchMarkers } from '../support/patch-markers';
import { timeSkippingSuite, withWorker } from '../support/workflow-harness';

const suite = timeSkippingSuite();
/** A notification's tries before it is sent again. */
const TRIES = 20;

/** A pager that answers 503 to the first `failures` reassignment notifications, recording what it takes. */
function pagerDownForReassignments(failures: number) {
  const state = { calls: 0, delivered: [] as OwnerNotification[] };
  return {
    state,
    notifyOwner: async (n: OwnerNotification) => {
      if (n.trigger === 'reassignment') {
        state.calls += 1;
        if (state.calls <= failures) throw new Error('notification webhook answered 503');
      }
      state.delivered.push(n);
    },
  };
}

test('a reassignment notification the pager refused through all its tries is sent again later, once, under its key', () => {
  const pager = pagerDownForReassignments(TRIES);
  return withWorker(
    suite.env,
    { name: 'notify-again', activities: { notifyOwner: pager.notifyOwner } },
    async (ctx) => {
      const h = await ctx.open();
      await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
      const qiu = devRoster.ladderFor('mgr-qiu');
      await h.executeUpdate(m.reassignUpdate, {
        args: [{ actor: actors.zheng, manager: qiu[0]!, ladder: qiu, reason: 'on leave' }],
      });
      await suite.env.sleep('12m'); // the twenty tries back off for about nine minutes
      const waiting = await h.query(m.caseViewQuery);
      expect(texts(waiting, 'notification_delayed')).toEqual([
        expect.stringMatching(
          /^could not notify mgr-qiu yet: notification webhook answered 503; trying again at .+ \(1 of 4\)$/,
        ),
      ]);
      expect(pager.state.delivered.filter((n) => n.trigger === 'reassignment')).toEqual([]);
      // Sending it again is the system's own business: the owner's next due time is still the resolution's.
      expect(waiting.nextDueAt).toBe(waiting.sla.resolution.dueAt);

      await suite.env.sleep('10m');
      const v = await h.query(m.caseViewQuery);
      const sent = pager.state.delivered.filter((n) => n.trigger === 'reassignment');
      expect(sent).toEqual([expect.objectContaining({ owner: expect.objectContaining({ id: 'mgr-qiu' }) })]);
      expect(sent[0]!.idempotencyKey).toMatch(new RegExp(`^${h.workflowId}/owner/\\d+$`));
      expect(pager.state.calls).toBe(TRIES + 1);
      expect(texts(v, 'notification_failed')).toEqual([]);
      const { events } = await h.fetchHistory();
      expect(patchMarkers(events ?? [])).toContain(NOTIFY_AGAIN_AFTER_OUTAGE_PATCH);
    },
  );
});

test('a pager down for good: the notification is sent again four times over about five hours, then notification_failed', () => {
  const pager = pagerDownForReassignments(Infinity);
  return withWorker(
    suite.env,
    { name: 'notify-never', activities: { notifyOwner: pager.notifyOwner } },
    async (ctx) => {
      const h = await ctx.open();
      // Called back, so that no breach climbs the case away from mgr-qiu over these hours (stale-notices.ts).
      await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
      const qiu = devRoster.ladderFor('mgr-qiu');
      await h.executeUpdate(m.reassignUpdate, {
        args: [{ actor: actors.zheng, manager: qiu[0]!, ladder: qiu, reason: 'on leave' }],
      });
      const waits = NOTIFY_AGAIN_AFTER_MS.reduce((sum, ms) => sum + ms, 0);
      await suite.env.sleep(waits + (NOTIFY_AGAIN_AFTER_MS.length + 1) * 12 * 60_000);
      const v = await h.query(m.caseViewQuery);
      expect(texts(v, 'notification_delayed')).toHaveLength(NOTIFY_AGAIN_AFTER_MS.length);
      expect(texts(v, 'notification_failed')).toEqual([
        'could not notify mgr-qiu: notification webhook answered 503',
      ]);
      expect(pager.state.calls).toBe(TRIES * (1 + NOTIFY_AGAIN_AFTER_MS.length));
    },
  );
});
