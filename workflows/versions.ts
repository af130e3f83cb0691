/**
 * The version checks the case core asks for (Temporal's `patched()`), behind a plain interface: the workflow
 * shell answers with `patched`, unit tests of the core with a fixed answer, so the core runs without a server.
 */
import { ENGINE_GENERATION, foldedInto } from './engine-generation';

export interface Versions {
  /** Whether the behaviour added under `patchId` applies (true for new cases; false replaying older ones). */
  has(patchId: string): boolean;
}

/** Every change applies: a new case, as unit tests of the core see it. */
export const CURRENT_VERSIONS: Versions = { has: () => true };

/**
 * A case's versions: a patch folded into its generation applies without asking (no marker); any other is asked
 * of `patched` (the workflow's), which records its marker the first time a run asks (patches.ts).
 */
export function versionsOf(generation: number | undefined, patched: (patchId: string) => boolean): Versions {
  return { has: (patchId) => foldedInto(generation, patchId) || patched(patchId) };
}

/**
 * Refuses to run a case of a generation newer than this code's: an API released before its worker would open
 * cases that a worker of the release before runs without the newer behaviour, and whose histories the new worker
 * then cannot replay. Thrown from workflow code, a plain error fails the workflow task, which Temporal retries
 * until a worker of that release takes it: the case waits instead of running the wrong code. Deploy workers first.
 */
export function requireKnownGeneration(generation: number | undefined): void {
  if (generation !== undefined && generation > ENGINE_GENERATION) {
    throw new Error(
      `this case was opened with engine generation ${generation} and this worker runs generation ` +
        `${ENGINE_GENERATION}: its workflow task waits for a worker of the newer release`,
    );
  }
}
