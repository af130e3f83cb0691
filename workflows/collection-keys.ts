/**
 * A collection's idempotency key. A payment rail keeps the answer it gave a key, a refusal too: asked again under
 * a key it declined (the merchant agreeing again once its frozen account is freed), it declines again without
 * trying, and the advance is absorbed at the case's end though the merchant would pay. So each collection after
 * a refusal the rail answered goes under a new key. One that failed unanswered (its rechecks spent) keeps its
 * key: it may have gone through, and only that key, asked again, can tell without collecting twice.
 */
import type { EngineContext } from './case-context';
import { NEW_KEY_AFTER_REFUSED_COLLECTION_PATCH } from './patches';

/** The key of the next collection for `purpose` (its edge purpose), built on `base` (the first try's key). */
export function collectionKey(engine: EngineContext, purpose: string, base: string): string {
  const refused = engine.state.collectionRefusals?.[purpose] ?? 0;
  return refused === 0 ? base : `${base}/after-refusal-${refused}`;
}

/** The rail refused this collection for certain. Counted in cases of a version that keys by it (asked then). */
export function collectionRefused(engine: EngineContext, purpose: string): void {
  if (!engine.versions.has(NEW_KEY_AFTER_REFUSED_COLLECTION_PATCH)) return;
  const refusals = (engine.state.collectionRefusals ??= {});
  refusals[purpose] = (refusals[purpose] ?? 0) + 1;
}
