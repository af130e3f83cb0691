/**
 * A notification whose webhook still fails after its tries (a pager down for more than a few minutes) is not given
 * up on: the owner would never hear of the case they must call back. It is sent again, under the same idempotency
 * key (the receiver drops a copy), after 5 minutes, 15 minutes, 1 hour and 4 hours, each wait a durable timer of the
 * case; only after the last is it `notification_failed`. A case that ends meanwhile drops it: nobody is owed a
 * call any more; so does one whose notification is no longer true (stale-notices.ts).
 */
import type { EngineContext } from './case-context';
import type { NoticeRetry } from './case-state';
import type { Deadline } from './deadline';
import { FINAL_STATUSES } from './domain';
import { dropLaterTry, laterTryDeadlines, NOTICE_RETRY_KEY, tryAgainLater } from './later-tries';
import type { OwnerChange } from './notices';
import { NOTIFY_AGAIN_AFTER_OUTAGE_PATCH } from './patches';
import { droppedAsStale } from './stale-notices';
import { iso } from './time';

const MINUTE = 60_000;
/** How long the case waits before each new try of a notification that failed: 5 min, 15 min, 1 h, 4 h. */
export const NOTIFY_AGAIN_AFTER_MS: readonly number[] = [5 * MINUTE, 15 * MINUTE, 60 * MINUTE, 240 * MINUTE];

const of = (key: string) => (r: NoticeRetry) => r.change.key === key;

/**
 * After a notification failed its tries: schedules its next one and returns true, or returns false when its tries
 * are spent, the case has ended, or the case's version does not send notifications again.
 */
export function notifyAgainLater(engine: EngineContext, change: OwnerChange, error: string): boolean {
  const next = tryAgainLater(
    engine,
    (engine.state.noticeRetries ??= []),
    of(change.key),
    NOTIFY_AGAIN_AFTER_MS,
    () => engine.versions.has(NOTIFY_AGAIN_AFTER_OUTAGE_PATCH),
    (count, at) => ({ change, count, at }),
  );
  if (!next) return false;
  engine.record(
    'notification_delayed',
    'system',
    `could not notify ${change.owner.id} yet: ${error}; trying again at ${iso(next.at)} (${next.count} of ${NOTIFY_AGAIN_AFTER_MS.length})`,
  );
  return true;
}

/** Whether the notification under `key` is a later try of one that failed before. */
export function alreadyTried(engine: EngineContext, key: string): boolean {
  return engine.state.noticeRetries?.some(of(key)) ?? false;
}

/** The notification went through, or failed for good: it is not sent again. */
export function noticeDelivered(engine: EngineContext, key: string): void {
  dropLaterTry(engine.state.noticeRetries, of(key));
}

/** The notifications' next tries, as the case's deadlines: each sends its notification again. */
export function noticeRetryDeadlines(engine: EngineContext): Deadline[] {
  if (FINAL_STATUSES.includes(engine.view.status)) return [];
  return laterTryDeadlines(
    engine.state.noticeRetries,
    NOTICE_RETRY_KEY,
    (r) => r.change.key,
    (r) => ({
      summary: `notify ${r.change.owner.id} again: ${r.change.trigger ?? 'owner change'}`,
      fire: () => {
        delete r.at;
        if (droppedAsStale(engine, r.change)) return noticeDelivered(engine, r.change.key);
        engine.state.outbox.push({ kind: 'notify', change: r.change });
      },
    }),
  );
}
