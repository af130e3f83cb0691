/**
 * Engine generations: the patches each generation made unconditional. A case opened with a generation
 * (`generation` in its sealed start input, carried across continue-as-new and into linked cases) takes every
 * patch folded into it without asking, so it carries no marker for them (patches.ts lists every patch).
 */
import {
  COUNT_TOP_BREACH_PATCH,
  DEADLINES_BEFORE_ACTIONS_PATCH,
  FOUR_EYES_PATCH,
  IDLE_CONTINUE_AS_NEW_PATCH,
  LOCAL_NOTIFICATIONS_PATCH,
  NOTIFY_APPROVER_PATCH,
  NOTIFY_ASSIGNED_PATCH,
  OPEN_AT_REQUESTED_TIME_PATCH,
  PAYEE_AS_PAID_PATCH,
  PENDING_APPROVALS_INDEX_PATCH,
} from './patches';

/** The generation the API opens new cases with. Raise it when folding newer patches (and record a new label). */
export const ENGINE_GENERATION = 3;

/** The patches each generation made unconditional. */
const FOLDED_INTO: ReadonlyMap<string, number> = new Map([
  [IDLE_CONTINUE_AS_NEW_PATCH, 1],
  [DEADLINES_BEFORE_ACTIONS_PATCH, 1],
  [NOTIFY_ASSIGNED_PATCH, 1],
  [LOCAL_NOTIFICATIONS_PATCH, 1],
  [COUNT_TOP_BREACH_PATCH, 1],
  [NOTIFY_APPROVER_PATCH, 1],
  [FOUR_EYES_PATCH, 1],
  [OPEN_AT_REQUESTED_TIME_PATCH, 1],
  [PENDING_APPROVALS_INDEX_PATCH, 2],
  // Asked at every gift, substitute or reshipment proposed: a marker in most cases that spend.
  [PAYEE_AS_PAID_PATCH, 3],
]);

/** Whether a case of `generation` has the patch without asking (false for a case without a generation). */
export function foldedInto(generation: number | undefined, patchId: string): boolean {
  const since = FOLDED_INTO.get(patchId);
  return generation !== undefined && since !== undefined && since <= generation;
}
