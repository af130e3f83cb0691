/**
 * Validator rules added after held actions began to be asked every rule of their validator (held-checks.ts,
 * `held-actions-checked-as-sent`). A validator does not run on replay, so it asks such a rule as it is. A held
 * action is checked in the handler, which does run on replay: there each later rule is asked behind a patch of
 * its own, asked only when the rule refuses, so a history recorded before the rule replays as it ran.
 */
import { isRefusal } from './rejection';
import type { Versions } from './versions';

let checkingHeld = 0;

/** Runs `check` as a held action's check. Synchronous only (module state, as `probingRefusals`). */
export function asHeldCheck<T>(check: () => T): T {
  checkingHeld += 1;
  try {
    return check();
  } finally {
    checkingHeld -= 1;
  }
}

/** Asks `rule`; in a held action's check, its refusal counts only behind `patchId`. */
export function laterRule(versions: Versions, patchId: string, rule: () => void): void {
  if (checkingHeld === 0) return rule();
  try {
    rule();
  } catch (err) {
    if (!isRefusal(err) || versions.has(patchId)) throw err;
  }
}

/**
 * A validator rule relaxed later: the validator no longer refuses on it; a held action's check still does, unless
 * `patchId` says the case runs the relaxed rule (asked only when the old rule refuses), so a history recorded
 * before replays as it ran.
 */
export function relaxedRule(versions: Versions, patchId: string, oldRule: () => void): void {
  try {
    oldRule();
  } catch (err) {
    if (!isRefusal(err) || (checkingHeld > 0 && !versions.has(patchId))) throw err;
  }
}
