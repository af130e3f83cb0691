/**
 * A collection from a merchant (recovery.ts) that got no answer, even after its tries (the rail down for a while),
 * may have gone through: taken as failed, its advance would be absorbed at the case's end while the merchant had
 * paid it back. Like a saga step (saga-recheck.ts), it is asked again with the same idempotency key, which never
 * collects twice, after 15 min, 1 h, 4 h, 12 h, then a day three times; its recovery stays `collecting`
 * meanwhile, and the rail's answer settles it: a receipt, recovered; a refusal, it failed. A case that ends
 * meanwhile asks at once, and takes no other answer after. Only after the last try does it count as failed.
 */
import type { EngineContext } from './case-context';
import type { CollectionRecheck } from './case-state';
import type { Deadline } from './deadline';
import type { EdgeCall } from './edge-calls';
import { COLLECTION_RECHECK_KEY, dropLaterTry, laterTryDeadlines, tryAgainLater } from './later-tries';
import { RECHECK_UNANSWERED_COLLECTIONS_PATCH } from './patches';
import { RECHECK_AFTER_MS } from './saga-recheck';
import { iso } from './time';

const of = (purpose: string) => (r: CollectionRecheck) => r.purpose === purpose;

/**
 * After a collection got no answer: schedules its next try and returns true (its recovery keeps collecting), or
 * returns false when its tries are spent, the case has ended, or the case's version has no such rechecks.
 */
export function recheckCollectionLater(engine: EngineContext, purpose: string, call: EdgeCall): boolean {
  const next = tryAgainLater(
    engine,
    (engine.state.collectionRechecks ??= []),
    of(purpose),
    RECHECK_AFTER_MS,
    () => engine.versions.has(RECHECK_UNANSWERED_COLLECTIONS_PATCH),
    (count, at) => ({ purpose, call, count, at }),
  );
  if (!next) return false;
  engine.record(
    'recovery_unanswered',
    'system',
    `${call.name} got no answer${next.count === 1 ? ' in its tries' : ''}: asking again at ${iso(next.at)} (${next.count} of ${RECHECK_AFTER_MS.length})`,
  );
  return true;
}

/** The collection got its answer, or its last try: it is not asked again. */
export function collectionAnswered(engine: EngineContext, purpose: string): void {
  dropLaterTry(engine.state.collectionRechecks, of(purpose));
}

/** The collections' next tries, as the case's deadlines: each one asks its collection again. */
export function collectionRecheckDeadlines(engine: EngineContext): Deadline[] {
  return laterTryDeadlines(
    engine.state.collectionRechecks,
    COLLECTION_RECHECK_KEY,
    (r) => r.purpose,
    (r) => ({
      summary: `${r.call.name}: ask again whether it went through`,
      fire: () => askAgainNow(engine, r),
    }),
  );
}

function askAgainNow(engine: EngineContext, r: CollectionRecheck): void {
  if (r.at === undefined) return;
  delete r.at;
  engine.requestEdgeCall(r.call, r.purpose);
}

/** The case ends: each collection waiting to be asked again is asked now; its answer is the last it takes. */
export function askWaitingCollectionsNow(engine: EngineContext): void {
  for (const r of engine.state.collectionRechecks ?? []) askAgainNow(engine, r);
}
