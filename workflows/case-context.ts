/**
 * The engine as its helpers see it, instead of the whole `CaseEngine` (case-engine.ts implements both):
 * - `CaseContext`: the state, the clock, the timeline, notifications and the escalation ladder (the SLA clocks);
 * - `EngineContext`: that, plus the case's type data, the guard, the approver and the effects a case asks for
 *   (compensation, approval, saga plans, merchant recovery and the case types' hooks).
 * A leaf of types: it imports nothing that imports the engine or its helpers, so they form no import cycle.
 */
import type { CaseState } from './case-state';
import type { CaseTypeData } from './case-types/type-data';
import type { Actor, CaseStatus, CaseView, Person } from './domain';
import type { Notice, NotifyTrigger } from './notices';
import type { OpenCaseInput } from './open-case-input';
import type { CaseAction } from './permissions';
import type { EdgeCall, Saga } from './saga';
import type { Versions } from './versions';

export type { Notice };

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

export interface EngineContext extends CaseContext {
  /** What the case's type says of its details (price, payee, order) and its policy keys. */
  readonly caseType: CaseTypeData;
  /** The person whose action is being applied now, if any: the platform's proposals it sets off name them. */
  readonly acting: Actor | undefined;
  /** Rejects an actor who may not take this action on this case, then a status that does not allow it. */
  guard(action: CaseAction, actor: Actor, allowed: readonly CaseStatus[]): void;
  /** Who approves spend on this case: the dedicated manager's supervisor (the ladder's level 2). */
  approver(): Person;
  /** Resolves the case (by a person or by the case type's own decision) and opens the follow-up window. */
  markResolved(code: string, summary: string, actor: string): void;
  /** Sets the member status back to work once a third party's wait is over. */
  thirdPartyWaitOver(): void;
  /** Records a saga and asks the workflow shell to run it. */
  startSaga(saga: Saga): void;
  /** The saga of this case with this id (throws if none). */
  saga(id: string): Saga;
  /** Asks for a one-off edge call; its outcome comes back to the case type's `onEdgeResult` with `purpose`. */
  requestEdgeCall(call: EdgeCall, purpose: string): void;
  /** Links a new case to this one and asks the workflow shell to open it. */
  openLinkedCase(input: OpenCaseInput, relation: string): void;
}
