/**
 * The narrow view of a case that the engine's helpers (SLA clocks, compensation, case types) work through,
 * instead of the whole engine: the state, the clock, the timeline, notifications and the escalation ladder.
 */
import type { CaseState, NotifyTrigger, SlaBreach, SlaDue } from './case-state';
import type { CaseView, Person } from './domain';
import type { Versions } from './versions';

export interface CaseContext {
  readonly state: CaseState;
  readonly view: CaseView;
  readonly versions: Versions;
  now(): number;
  record(kind: string, actor: string, text: string): void;
  notify(owner: Person, reason: string, trigger: NotifyTrigger, notice?: Notice): void;
  /** Climbs one level, hands the case to that level's owner and notifies them; false at the top. */
  climb(reason: string, actor: string, notice?: Notice): boolean;
}

/** What a notification says besides its reason: the breach behind it, the clock the owner must act on. */
export interface Notice {
  breach?: SlaBreach;
  sla?: SlaDue;
}
