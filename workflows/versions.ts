/**
 * The version checks the case core asks for (Temporal's `patched()`), behind a plain interface: the workflow
 * shell answers with `patched`, unit tests of the core with a fixed answer, so the core runs without a server.
 */
import { foldedInto } from './patches';

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
