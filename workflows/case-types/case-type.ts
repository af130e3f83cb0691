import type { z } from 'zod';
import type { CaseEngine } from '../case-engine';
import type { CaseTypeName, Money } from '../domain';
import type { ThirdPartyResponseArgs } from '../messages';
import type { Saga } from '../saga';

import type { Deadline } from '../deadline';

export type { Deadline };

/**
 * What a type's `details` schema is built from: the API's zod namespace and its shared field schemas, handed in
 * so that the module (workflow code) never imports zod at run time.
 */
export interface DetailsKit {
  z: typeof z;
  /** An id (orders, merchants, bookings...): safe inside visibility queries. */
  id: z.ZodType<string>;
  /** Free text a person typed: not blank, at most `max` characters, stored trimmed. */
  text(max: number): z.ZodType<string>;
  /** Integer minor units, 0 allowed. */
  money: z.ZodType<Money>;
  /** Integer minor units, greater than 0. */
  positiveMoney: z.ZodType<Money>;
  /** An instant with Z or an offset, stored as UTC. */
  dateTime: z.ZodType<string>;
  /** A calendar date (kept as given) or an instant (stored as UTC). */
  dateOrDateTime: z.ZodType<string>;
}

/** Details as the workflow holds them (validated by the type's `details` schema when the case opened). */
export type Details = Record<string, unknown>;

/**
 * What makes one case type different from another: the data the API, the policy and compensation read, and the
 * hooks the engine calls. A shipped type is one module plus its line in `./index.ts`; see
 * docs/adding-a-case-type.md.
 */
export interface CaseTypeModule {
  readonly type: CaseTypeName;
  /** The `details` of POST /v1/cases for this type (API.md "Opening a case"); the API validates with it. */
  details(kit: DetailsKit): z.ZodType<Details>;
  /**
   * The type's own policy numbers and their defaults, as durations ("48h"): `caseTypes.<type>.<key>` in the
   * policy file, each optional there. Read them with `policyMs(engine, key)` (./type-policy.ts).
   */
  readonly policy?: Readonly<Record<string, string>>;
  /** The price the case's price refunds may not exceed in total; absent or null: no cap. */
  refundablePrice?(details: Details): Money | null;
  /**
   * The merchant on the case: paid for penalty covers and reshipments, asked to pay back advance refunds.
   * Absent or undefined: `merchant:unknown`.
   */
  payee?(details: Details): string | undefined;
  /** What payment memos call the thing bought (an order id); absent or undefined: "order". */
  orderRef?(details: Details): string | undefined;

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
