/**
 * A notification whose webhook still fails after its tries (a pager down for more than a few minutes) is not given
 * up on: the owner would never hear of the case they must call back. It is sent again, under the same idempotency
 * key (the receiver drops a copy), after 5 minutes, 15 minutes, 1 hour and 4 hours, each wait a durable timer of the
 * case; only after the last is it `notification_failed`. A case that ends meanwhile drops it: nobody is owed a
 * call any more.
 */
import type { EngineContext } from './case-context';
import type { NoticeRetry } from './case-state';
import type { Deadline } from './deadline';
import { FINAL_STATUSES } from './domain';
import type { OwnerChange } from './notices';
import { NOTIFY_AGAIN_AFTER_OUTAGE_PATCH } from './patches';
import { iso } from './time';

const MINUTE = 60_000;
/** How long the case waits before each new try of a notification that failed: 5 min, 15 min, 1 h, 4 h. */
export const NOTIFY_AGAIN_AFTER_MS: readonly number[] = [5 * MINUTE, 15 * MINUTE, 60 * MINUTE, 240 * MINUTE];

const KEY = 'notice-retry:';

/** Whether a deadline is a notification's next try: the system's own, not one an owner must act on. */
export const isNoticeRetry = (d: Deadline) => d.key.startsWith(KEY);

/**
 * After a notification failed its tries: schedules its next one and returns true, or returns false when its tries
 * are spent, the case has ended, or the case's version does not send notifications again.
 */
export function notifyAgainLater(engine: EngineContext, change: OwnerChange, error: string): boolean {
  const done = engine.state.noticeRetries?.find((r) => r.change.key === change.key)?.count ?? 0;
  const after = NOTIFY_AGAIN_AFTER_MS[done];
  if (
    after === undefined ||
    FINAL_STATUSES.includes(engine.view.status) ||
    !engine.versions.has(NOTIFY_AGAIN_AFTER_OUTAGE_PATCH)
  )
    return false;
  const at = engine.now() + after;
  noticeDelivered(engine, change.key);
  (engine.state.noticeRetries ??= []).push({ change, count: done + 1, at });
  engine.record(
    'notification_delayed',
    'system',
    `could not notify ${change.owner.id} yet: ${error}; trying again at ${iso(at)} (${done + 1} of ${NOTIFY_AGAIN_AFTER_MS.length})`,
  );
  return true;
}

/** The notification went through, or failed for good: it is not sent again. */
export function noticeDelivered(engine: EngineContext, key: string): void {
  const list = engine.state.noticeRetries;
  const i = list?.findIndex((r) => r.change.key === key) ?? -1;
  if (i >= 0) list!.splice(i, 1);
}

/** The notifications' next tries, as the case's deadlines: each sends its notification again. */
export function noticeRetryDeadlines(engine: EngineContext): Deadline[] {
  if (FINAL_STATUSES.includes(engine.view.status)) return [];
  return (engine.state.noticeRetries ?? []).flatMap((r: NoticeRetry) =>
    r.at === undefined
      ? []
      : [
          {
            key: `${KEY}${r.change.key}`,
            dueAt: r.at,
            summary: `notify ${r.change.owner.id} again: ${r.change.trigger ?? 'owner change'}`,
            fire: () => {
              delete r.at;
              engine.state.outbox.push({ kind: 'notify', change: r.change });
            },
          },
        ],
  );
}
