import type { Money } from '../../workflows/domain';

/** Every call to an edge carries a key derived from the case and step, so a retry never acts twice. */
export interface Keyed {
  idempotencyKey: string;
}
export interface Receipt {
  reference: string;
  /** True when the edge had already acted on this idempotency key and only answered with the first outcome. */
  replayed?: boolean;
}

/**
 * Every edge answers whether it acted under a key, without acting: the receipt of what it did, or undefined when it
 * holds no call under that key (it never got one). Answering undefined, it closes the key: a call under it that
 * arrives later (one still on its way) is refused, never acted on; a payment rail's query of an order, then the
 * close of an unpaid one, say. The case asks it when a person checks a step that never answered
 * (workflows/unconfirmed-steps.ts): asked to act again instead, an edge that never got the step would act on it
 * then, days late.
 */
interface LooksUp {
  lookup(p: Keyed): Promise<Receipt | undefined>;
}

/** The platform's payment rail: money out to members, merchants and vendors, and back. */
export interface PaymentRail extends LooksUp {
  /** `kind`: the compensation kind paid, when the payment is one (for metrics). */
  pay(p: Keyed & { payee: string; amount: Money; memo: string; kind?: string }): Promise<Receipt>;
  reverse(p: Keyed & { original: string; payee: string; amount: Money; memo: string }): Promise<Receipt>;
  /** Recovers an advance refund from the merchant (deducted from its settlement). */
  collect(p: Keyed & { merchantId: string; amount: Money; memo: string }): Promise<Receipt>;
}

/** The merchant back end: remedy requests and the platform's back-end refund channel. */
export interface MerchantChannel extends LooksUp {
  requestRemedy(p: Keyed & { merchantId: string; orderId: string; issue: string }): Promise<Receipt>;
  cancelBooking(p: Keyed & { merchantId: string; bookingId: string }): Promise<Receipt>;
  reinstateBooking(p: Keyed & { merchantId: string; bookingId: string; original: string }): Promise<Receipt>;
  requestRefund(
    p: Keyed & { merchantId: string; bookingId: string; amount: Money; memberId: string },
  ): Promise<Receipt>;
  withdrawRefund(p: Keyed & { merchantId: string; bookingId: string; original: string }): Promise<Receipt>;
}

export interface Carrier extends LooksUp {
  requestTrace(p: Keyed & { orderId: string; carrier?: string; trackingNo?: string }): Promise<Receipt>;
  ship(p: Keyed & { memberId: string; item: string }): Promise<Receipt>;
  cancelShipment(p: Keyed & { original: string }): Promise<Receipt>;
}

export interface Consulate extends LooksUp {
  submitEndorsement(
    p: Keyed & { memberId: string; destination: string; travelers: unknown[] },
  ): Promise<Receipt>;
}

/**
 * The outside systems a case acts on. How an adapter answers decides what the case does with the money:
 * - a receipt: the edge acted (or had acted on this key already: `replayed`);
 * - a refusal, the edge saying for certain it did not act (insufficient funds, a merchant that declines): throw
 *   `ApplicationFailure.nonRetryable(message, type)` from `@temporalio/activity`; the saga undoes the steps before,
 *   and a collection refused so is asked again later under a new key. Never answer so for "this key is in use" or
 *   "still processing": the edge may yet act on that key, so throw a plain error (asked again with the key);
 * - anything else (a timeout, a 5xx, a plain `Error`) is taken as "may have acted": the step is asked again with
 *   the same key, for days for a payment (DOMAIN's "retries never pay twice"). A refusal thrown as a plain error
 *   leaves its compensation executing all that time, and then counting against the budgets as money maybe out.
 * A failure's message is sealed in the history like a payload (codec/failure-converter.ts), yet it still reaches
 * logs and metrics as the worker reports it: keep it to ids and codes, never a memo, an item, a traveller or a reason.
 */
export interface Edges {
  payments: PaymentRail;
  merchants: MerchantChannel;
  carrier: Carrier;
  consulate: Consulate;
}
