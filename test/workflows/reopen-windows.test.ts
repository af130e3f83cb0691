/**
 * A case reopened after a type's window ended while it was resolved does not act on that window now: a dispute
 * whose merchant window passed while resolved advanced the whole price at once on the member's reopen (the manager
 * had resolved it, perhaps on a remedy delivered outside the case). The window is set aside on the timeline, and
 * the merchant's answer is still taken.
 */
import * as m from '../../workflows/messages';
import {
  REOPEN_SETS_ASIDE_PASSED_WINDOWS_PATCH,
  REOPEN_TELLS_OWNER_PATCH,
  SET_ASIDE_WINDOWS_NOT_DUE_PATCH,
} from '../../workflows/patches';
import { entriesOf, texts, waitForView } from '../support/case-views';
import { actors } from '../support/cases';
import { oddPolicy } from '../support/odd-policy';
import { patchMarkers } from '../support/patch-markers';
import { untilIdle } from '../support/timer-waits';
import { cny, openDispute, timeSkippingSuite, withWorker } from '../support/workflow-harness';

const policy = oddPolicy({ merchantResponseWindow: '19h', followUpWindow: '5d' });
const suite = timeSkippingSuite();

test('a dispute reopened after its merchant window passed while resolved: no advance on the reopen', () =>
  withWorker(suite.env, { name: 'reopen-passed-window' }, async (ctx) => {
    const h = await openDispute(ctx, { policy, details: { orderId: 'o-7070', price: cny(50_000) } });
    await waitForView(h, (x) => x.timeline.some((t) => t.kind === 'edge_done'), 'the remedy request');
    await h.executeUpdate(m.resolveUpdate, {
      args: [{ actor: actors.xinyao, code: 'remedy_delivered', summary: 'the shop sent a new chain' }],
    });
    await suite.env.sleep('20h'); // past the 19 h merchant window
    const reopened = await h.executeUpdate(m.reopenUpdate, {
      args: [{ actor: actors.app, reason: 'the chain did not arrive' }],
    });
    await untilIdle(h);
    const v = await h.query(m.caseViewQuery);
    expect(reopened.status).toBe('in_progress');
    expect(v.status).toBe('in_progress');
    expect(entriesOf(v, 'platform_decision')).toEqual([]);
    expect(v.compensations).toEqual([]);
    expect(await ctx.edges.journals.payments.calls()).toEqual([]);
    expect(texts(v, 'window_set_aside')).toEqual([
      expect.stringMatching(/ended at .+, while the case was resolved: not acted on; the manager decides$/),
    ]);
    // Nobody owes anything by the window set aside: the case's next due time is its fresh commitment's, not the
    // window's end, which would lead the owner's queue as overdue until the merchant answered.
    expect(v.nextDueAt).toBe(v.sla.resolution.dueAt);
    // The owner is told at once, with the fresh commitment's due time.
    await ctx.notified(2);
    expect(ctx.notifications[1]).toMatchObject({
      trigger: 'assigned',
      owner: { id: 'mgr-xinyao' },
      reason: 'reopened by app',
      clock: 'resolution',
      dueAt: v.sla.resolution.dueAt,
    });
    // the merchant's answer is still taken
    const answered = await h.executeUpdate(m.thirdPartyResponseUpdate, {
      args: [{ actor: actors.xinyao, party: 'merchant', outcome: 'accepted', note: 'resending' }],
    });
    expect(answered.status).toBe('in_progress');
    const { events } = await h.fetchHistory();
    // Sent by an activity task, not inside the reopen's workflow task: the reopen's answer never waits on the pager.
    const notifyTasks = (events ?? []).filter(
      (e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'notifyOwner',
    );
    expect(notifyTasks).toHaveLength(1);
    expect(patchMarkers(events ?? [])).toEqual(
      expect.arrayContaining([
        REOPEN_SETS_ASIDE_PASSED_WINDOWS_PATCH,
        SET_ASIDE_WINDOWS_NOT_DUE_PATCH,
        REOPEN_TELLS_OWNER_PATCH,
      ]),
    );
  }));
