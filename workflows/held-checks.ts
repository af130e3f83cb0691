/**
 * The checks of an action held for a run's first task (first-task-order.ts), asked as it applies. Its validator
 * only checked its seal; the handler's own checks replay as they ran, and so must these: each rule that was not
 * asked of held actions before is asked behind a patch, which is asked only when that rule refuses; so is each rule
 * added to a validator since (later-rules.ts).
 */
import { actionDefinition, type ActionName } from './actions';
import { checkAction } from './action-handlers';
import type { AppliedRequests } from './applied-requests';
import type { CaseEngine } from './case-engine';
import { asHeldCheck } from './later-rules';
import type { Acting } from './messages';
import { HELD_ACTIONS_BUDGET_PATCH, HELD_ACTIONS_CHECKED_PATCH } from './patches';
import type { RecordMeter } from './record-budget';
import { isRefusal } from './rejection';
import type { Versions } from './versions';

export function checkHeldAction(
  name: ActionName,
  args: Acting,
  c: { engine: CaseEngine; meter: RecordMeter; applied: AppliedRequests; versions: Versions },
): void {
  // A repeat or a conflict answers only a caller who may still read the case, as the validator does.
  if (c.applied.isRepeat(args.idempotency, undefined, () => c.engine.checkReader(args.actor))) return;
  const { update, grows } = actionDefinition(name);
  const growth = grows?.(args);
  if (growth && c.meter.exceeds(growth) && c.versions.has(HELD_ACTIONS_BUDGET_PATCH)) {
    c.meter.require(update.name, growth);
  }
  // Every rule of the validator (a head ceiling, four eyes, a type's own refusals), as for an action not held.
  try {
    asHeldCheck(() => checkAction(name, c.engine, c.meter, args));
  } catch (err) {
    if (isRefusal(err) && c.versions.has(HELD_ACTIONS_CHECKED_PATCH)) throw err;
  }
}
