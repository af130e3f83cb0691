import type { CaseEngine } from '../case-engine';
import type { CaseType } from '../domain';
import type { ThirdPartyResponseArgs } from '../messages';
import type { Saga } from '../saga';

import type { Deadline } from '../deadline';

export type { Deadline };

/**
 * What makes one case type different from another. The engine calls these hooks; adding a case type means
 * adding one module implementing this and registering it in `./index.ts`.
 */
export interface CaseTypeModule {
  readonly type: CaseType;
  /** After the callback is recorded: start the type's first step. */
  onCallback?(engine: CaseEngine): void;
  /** Whether this type is waiting for this party's answer now. */
  expectsResponse?(engine: CaseEngine, args: ThirdPartyResponseArgs): boolean;
  applyThirdPartyResponse?(engine: CaseEngine, args: ThirdPartyResponseArgs): void;
  /** Extra conditions before a person may resolve the case (throws a rejection). */
  checkResolve?(engine: CaseEngine): void;
  onCancel?(engine: CaseEngine, actor: string): void;
  /** The type's own timers (response windows, decision deadlines). */
  deadlines?(engine: CaseEngine): Deadline[];
  onSagaFinished?(engine: CaseEngine, saga: Saga): void;
  /** A one-off edge call this type asked for (see `CaseEngine.requestEdgeCall`) answered or failed for good. */
  onEdgeResult?(
    engine: CaseEngine,
    purpose: string,
    outcome: { reference: string } | { error: string },
  ): void;
}
