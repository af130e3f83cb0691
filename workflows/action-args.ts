/**
 * What each case action's update takes: who acts, the request's identity when it carried an Idempotency-Key,
 * and the action's own fields. A leaf (types only): the catalogue (actions.ts), the engine's rules and the API
 * all import it, and it imports nothing of theirs.
 */
import type { Actor, CompensationKind, Money, Person, ThirdParty, ThirdPartyOutcome } from './domain';

/**
 * Who sent an action with an Idempotency-Key, and what exactly they asked: the case applies one request once
 * (api/cases/idempotency.ts derives both; the case only compares them).
 */
export interface RequestIdentity {
  /** Derived from (principal, Idempotency-Key): keys of different principals never meet. */
  keyId: string;
  /** Derived from the action, its path parameters and its body. */
  requestHash: string;
}

/**
 * What the API stamps into every action it sends, sealed with it: the update it was sent as, and when (its clock,
 * epoch milliseconds). A case refuses a message stamped for another update, or older than what it remembers.
 */
export interface SendStamp {
  as: string;
  at: number;
}

export interface Acting {
  actor: Actor;
  /** Present when the request carried an Idempotency-Key (absent in histories written before). */
  idempotency?: RequestIdentity;
  /** Absent in histories written before the API stamped its messages (sealed-input.ts). */
  sent?: SendStamp;
}

export interface CallbackArgs extends Acting {
  note?: string;
}
export interface NoteArgs extends Acting {
  text: string;
}
export interface WaitArgs extends Acting {
  on: 'member' | 'third_party';
  reason: string;
}
export interface ResumeArgs extends Acting {
  note?: string;
}
export interface ThirdPartyResponseArgs extends Acting {
  party: ThirdParty;
  outcome: ThirdPartyOutcome;
  note?: string;
}
export interface ProposeCompensationArgs extends Acting {
  kind: CompensationKind;
  amount: Money;
  reason: string;
}
export interface ApproveCompensationArgs extends Acting {
  compensationId: string;
  note?: string;
}
export interface RejectCompensationArgs extends Acting {
  compensationId: string;
  reason: string;
}
export interface RecheckStepArgs extends Acting {
  compensationId: string;
  note?: string;
}
export interface EscalateArgs extends Acting {
  reason: string;
}
export interface ReassignArgs extends Acting {
  manager: Person;
  ladder: Person[];
  reason: string;
}
export interface ResolveArgs extends Acting {
  code: string;
  summary: string;
}
export interface ReopenArgs extends Acting {
  reason: string;
}
export interface RateArgs extends Acting {
  score: number;
  comment?: string;
}
export interface CancelArgs extends Acting {
  reason: string;
}
