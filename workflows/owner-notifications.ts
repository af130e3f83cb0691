/**
 * Telling people: the owner notification and the count of a breach at the top of the ladder.
 *
 * A notification that no caller waits for (a case opened for its owner, an SLA warning, an SLA breach that
 * escalates, a breach at the top) runs as a local activity: inside the workflow task that raised it, so it
 * costs no activity task and no second workflow task. Under a burst that is most of what an opening and a
 * breach cost the server. One that a manager's action raised (a reassignment, an escalation asked for, an
 * approval request) stays a normal activity: a workflow task waits for its local activities, and with it the
 * manager's answer, which must not wait on a slow pager.
 */
import { metricMeter, proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { CaseActivities } from '../activities';
import type { CaseEngine } from './case-engine';
import { failureMessage, retrying } from './effects';
import { recordRaised } from './case-metrics';
import { alreadyTried, noticeDelivered, notifyAgainLater } from './notice-retries';
import { ownerNotification, type OwnerChange, type SlaBreach } from './notices';
import { LOCAL_NOTIFICATIONS_PATCH } from './patches';
import { droppedAsStale } from './stale-notices';

type Notifications = Pick<CaseActivities, 'notifyOwner' | 'countSlaBreach'>;

const persistent = retrying(20);
const remote = proxyActivities<Notifications>(persistent);
// The webhook gives up after 5 s; a retry waits in the worker up to a minute, then on a server timer.
const local = proxyLocalActivities<Notifications>({ startToCloseTimeout: '10s', retry: persistent.retry });

/** A reopen's `assigned` (with the resolution clock) answers a person's action: it must not wait on the pager. */
function raisedByTimerOrOpening(change: OwnerChange): boolean {
  const opening = change.trigger === 'assigned' && change.sla?.clock !== 'resolution';
  return opening || change.trigger === 'sla_warning' || change.breach !== undefined;
}

export async function notifyOwner(engine: CaseEngine, change: OwnerChange): Promise<void> {
  // Counted as raised, once: a later try of the same notification (notice-retries.ts) is not another one.
  if (!alreadyTried(engine, change.key)) recordRaised(metricMeter, change);
  const via =
    raisedByTimerOrOpening(change) && engine.versions.has(LOCAL_NOTIFICATIONS_PATCH) ? local : remote;
  try {
    await via.notifyOwner.executeWithOptions(
      // Shown in the Temporal UI: ids and kinds only, never the reason (free text).
      {
        summary: `notify ${change.owner.id}: ${change.trigger ?? 'owner change'} at level ${change.escalationLevel}`,
      },
      [ownerNotification(engine.view.id, change)],
    );
    noticeDelivered(engine, change.key);
  } catch (err) {
    if (droppedAsStale(engine, change)) return noticeDelivered(engine, change.key);
    if (notifyAgainLater(engine, change, failureMessage(err))) return;
    noticeDelivered(engine, change.key);
    engine.record(
      'notification_failed',
      'system',
      `could not notify ${change.owner.id}: ${failureMessage(err)}`,
    );
  }
}

/** An SLA breached at the top of the ladder: counted in the metrics, like the breaches that escalate. */
export async function countBreach(engine: CaseEngine, breach: SlaBreach): Promise<void> {
  const via = engine.versions.has(LOCAL_NOTIFICATIONS_PATCH) ? local : remote;
  try {
    await via.countSlaBreach.executeWithOptions({ summary: `count ${breach.clock} SLA breach` }, [
      { caseId: engine.view.id, clock: breach.clock },
    ]);
  } catch {
    // A metric lost after every retry is not worth a timeline entry.
  }
}
