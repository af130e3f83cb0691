/**
 * A case type's data: its name, its `details` schema, its policy keys, and what compensation reads of its
 * details (price, payee, order). A leaf: the engine's helpers read a case's type through it
 * (`EngineContext.caseType`), and the module's hooks (case-type.ts) extend it.
 */
import type { z } from 'zod';
import type { CaseTypeName, Money } from '../domain';
import type { RecoveryShare } from '../recovery-shares';

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
  /**
   * A calendar date or an instant; the case holds either as a UTC instant (a date: the first instant of that day
   * in the policy's `dateTimeZone`, resolved by the API after validation).
   */
  dateOrDateTime: z.ZodType<string | { toJSON(): string }>;
}

/** Details as the workflow holds them (validated by the type's `details` schema when the case opened). */
export type Details = Record<string, unknown>;

/** What the engine and its helpers read of a case type; `CaseTypeModule` (case-type.ts) adds its hooks. */
export interface CaseTypeData {
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
   * What another case refunded of this case's price already (a trip case: its visa case's refunds), which the
   * tier's instant-refund limit counts with this case's own price refunds. Absent: 0.
   */
  priceRefundedElsewhere?(details: Details): number;
  /**
   * The merchant on the case: paid for penalty covers and reshipments, asked to pay back advance refunds.
   * Absent or undefined: `merchant:unknown`.
   */
  payee?(details: Details): string | undefined;
  /**
   * Who pays back an advance refund of `amount`, and how much each, when the case has several merchants.
   * Absent: the payee alone, for all of it.
   */
  recoveryShares?(details: Details, amount: Money): RecoveryShare[];
  /** What payment memos call the thing bought (an order id); absent or undefined: "order". */
  orderRef?(details: Details): string | undefined;
}
