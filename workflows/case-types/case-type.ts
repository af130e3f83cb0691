import type { ThirdPartyResponseArgs } from '../action-args';
import type { EngineContext } from '../case-context';
import type { CompensationKind, CompensationView, Money } from '../domain';
import type { Deadline } from '../deadline';
import type { Saga } from '../saga';
import type { CaseTypeData } from './type-data';

export type { Deadline };
export type { CaseTypeData, Details, DetailsKit } from './type-data';

/**
 * What makes one case type different from another: the data the API, the policy and compensation read, and the
 * hooks the engine calls. A shipped type is one module plus its line in `./index.ts`; see
 * docs/adding-a-case-type.md.
 */
export interface CaseTypeModule extends CaseTypeData {
  /** After the callback is recorded: start the type's first step. */
  onCallback?(engine: EngineContext): void;
  /** Whether this type is waiting for this party's answer now. */
  expectsResponse?(engine: EngineContext, args: ThirdPartyResponseArgs): boolean;
  /**
   * Whether this type takes this party's answer though no step waits for it (a trip's merchant answering for a
   * refund request that may stand after its settlement failed); `applyThirdPartyResponse` applies it too.
   */
  takesLateAnswer?(engine: EngineContext, args: ThirdPartyResponseArgs): boolean;
  applyThirdPartyResponse?(engine: EngineContext, args: ThirdPartyResponseArgs): void;
  /**
   * Extra conditions before a person may resolve the case (throws a rejection). Checked by the update's validator
   * (and `allowedActions`), not again by its handler: the validator does not run on replay, so a rule added here
   * later leaves the histories recorded before it replaying as they were.
   */
  checkResolve?(engine: EngineContext): void;
  /**
   * Why this type takes no proposal of this kind now (undefined: it does). The validator refuses on it, and so does
   * the handler (behind a patch), for a deadline the handler fires first may have changed the answer.
   */
  compensationRefusal?(engine: EngineContext, kind: CompensationKind): string | undefined;
  /**
   * Extra conditions on a person's proposal (throws a rejection). Asked by the validator, and of a held action behind
   * `held-actions-proposal-rules` (later-rules.ts): a rule added here later needs a patch of its own there.
   */
  checkCompensation?(engine: EngineContext, kind: CompensationKind, amount: Money): void;
  /** Extra conditions before a third party's answer is taken (throws a rejection); validator-only, as above. */
  checkThirdPartyResponse?(engine: EngineContext, args: ThirdPartyResponseArgs): void;
  onCancel?(engine: EngineContext, actor: string): void;
  /** The type's own timers (response windows, decision deadlines). */
  deadlines?(engine: EngineContext): Deadline[];
  onSagaFinished?(engine: EngineContext, saga: Saga): void;
  /** A supervisor or the head rejected one of the case's proposals. */
  onCompensationRejected?(engine: EngineContext, comp: CompensationView): void;
  /** A one-off edge call this type asked for (see `CaseEngine.requestEdgeCall`) answered or failed for good. */
  onEdgeResult?(
    engine: EngineContext,
    purpose: string,
    outcome: { reference: string } | { error: string },
  ): void;
}
