/**
 * The case's own tries of something again later, each wait a durable timer of the case: a merchant collection
 * that got no answer (collection-recheck.ts) and a notification whose webhook kept failing (notice-retries.ts)
 * keep a list of entries in the case state; a saga's unanswered step keeps its one entry on the saga
 * (saga-recheck.ts). None is a deadline an owner must act on, so none counts towards the case's `nextDueAt`.
 */
import type { EngineContext } from './case-context';
import type { Deadline } from './deadline';
import { FINAL_STATUSES } from './domain';
import { SAGA_RECHECK_KEY } from './saga-recheck';

/** An entry of a list of later tries: how many tries it has had, and its next (absent while it is being tried). */
export interface LaterTry {
  count: number;
  at?: number;
}

export const COLLECTION_RECHECK_KEY = 'collection-recheck:';
export const NOTICE_RETRY_KEY = 'notice-retry:';

const SYSTEM_TRY_KEYS = [SAGA_RECHECK_KEY, COLLECTION_RECHECK_KEY, NOTICE_RETRY_KEY];

/** Whether a deadline is one of the system's own later tries, not a deadline an owner must act on. */
export const isLaterTry = (d: Deadline) => SYSTEM_TRY_KEYS.some((key) => d.key.startsWith(key));

/**
 * Schedules the next try of the entry `matches` picks out of `list`, `waits[n]` after its n-th try: replaces the
 * entry with `make(count, at)` and returns that try's number and time. Returns undefined, changing nothing, when
 * its waits are spent, the case has ended, or `allowed()` (asked last, so a patch is asked only when it would
 * decide) says no.
 */
export function tryAgainLater<T extends LaterTry>(
  engine: EngineContext,
  list: T[],
  matches: (entry: T) => boolean,
  waits: readonly number[],
  allowed: () => boolean,
  make: (count: number, at: number) => T,
): { count: number; at: number } | undefined {
  const done = list.find(matches)?.count ?? 0;
  const after = waits[done];
  if (after === undefined || FINAL_STATUSES.includes(engine.view.status) || !allowed()) return undefined;
  dropLaterTry(list, matches);
  const next = { count: done + 1, at: engine.now() + after };
  list.push(make(next.count, next.at));
  return next;
}

/** The entry got its answer, or its last try: it is not tried again. */
export function dropLaterTry<T>(list: T[] | undefined, matches: (entry: T) => boolean): void {
  const i = list?.findIndex(matches) ?? -1;
  if (i >= 0) list!.splice(i, 1);
}

/** The waiting entries of `list` as the case's deadlines, keyed `prefix` + `keyOf(entry)`. */
export function laterTryDeadlines<T extends LaterTry>(
  list: readonly T[] | undefined,
  prefix: string,
  keyOf: (entry: T) => string,
  describe: (entry: T) => { summary: string; fire: () => void },
): Deadline[] {
  return (list ?? []).flatMap((entry) =>
    entry.at === undefined ? [] : [{ key: `${prefix}${keyOf(entry)}`, dueAt: entry.at, ...describe(entry) }],
  );
}
