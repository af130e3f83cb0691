/**
 * The API's own call, sent again by its gRPC client after the case continued as new. Temporal answers a repeated
 * update id itself within a run, but not across runs: the new run got the same sealed message, already applied by
 * the run before, and refused it as a copy (sealed-input.ts). The caller was told "refused" for an action that had
 * happened, and might send it again, unkeyed, applying it twice. Such a retry carries the update id the message
 * was applied under; a copy sent around the API would need that id too and, to pass for a retry, arrive within
 * minutes. It is answered with the case's view and applies nothing.
 */
import { sealIdOf } from '../codec/sealed-payload-converter';
import type { CaseState } from './case-state';

/** How many of the newest messages answered with the view are remembered with their update ids (about 6 KB). */
export const RECENT_UPDATES_KEPT = 64;
/** How long after its message was accepted a retry is taken as one: a gRPC retry comes within seconds. */
export const RETRY_WINDOW_MS = 5 * 60 * 1000;

export class RetriedUpdates {
  constructor(private readonly state: CaseState) {}

  /** Whether `args`, sent as update `updateId`, is a message this case accepted as that update moments ago. */
  isRetry(args: unknown, updateId: string | undefined): boolean {
    const seal = sealIdOf(args);
    if (seal === undefined || updateId === undefined) return false;
    return (this.state.recentUpdates ?? []).some(
      ([s, u, at]) => s === seal && u === updateId && Date.now() - at <= RETRY_WINDOW_MS,
    );
  }

  /** Remembers an accepted message's seal with its update id and the time it was accepted. */
  remember(args: unknown, updateId: string | undefined): void {
    const seal = sealIdOf(args);
    if (seal === undefined || updateId === undefined) return;
    const recent = (this.state.recentUpdates ??= []);
    recent.push([seal, updateId, Date.now()]);
    if (recent.length > RECENT_UPDATES_KEPT) recent.splice(0, recent.length - RECENT_UPDATES_KEPT);
  }
}
