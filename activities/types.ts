/**
 * What each edge activity takes: the input types of the activities that call an edge (`activities/index.ts`),
 * named by the activity. A leaf: workflow code (the typed edge calls of workflows/edge-calls.ts) imports it
 * without importing the activities themselves, and `createActivities` is checked against it.
 */
import type { Edges } from './adapters/edges';

type Input<F> = F extends (input: infer I) => unknown ? I : never;
type Payments = Edges['payments'];
type Merchants = Edges['merchants'];
type Carrier = Edges['carrier'];
type Consulate = Edges['consulate'];

/** Each edge activity's input: the input of the edge method it calls. */
export interface EdgeInputs {
  pay: Input<Payments['pay']>;
  reversePayment: Input<Payments['reverse']>;
  collectFromMerchant: Input<Payments['collect']>;
  requestMerchantRemedy: Input<Merchants['requestRemedy']>;
  cancelBooking: Input<Merchants['cancelBooking']>;
  reinstateBooking: Input<Merchants['reinstateBooking']>;
  requestMerchantRefund: Input<Merchants['requestRefund']>;
  withdrawMerchantRefund: Input<Merchants['withdrawRefund']>;
  requestCarrierTrace: Input<Carrier['requestTrace']>;
  shipToMember: Input<Carrier['ship']>;
  cancelShipment: Input<Carrier['cancelShipment']>;
  submitConsulateEndorsement: Input<Consulate['submitEndorsement']>;
}

/** Activities that call an edge with a keyed input and return its receipt (saga steps and one-off calls). */
export type EdgeOperation = keyof EdgeInputs;

/** What the workflow gets back from an edge activity: the reference only. */
export interface EdgeResult {
  reference: string;
}

/** The edge activities, as the workflow calls them. */
export type EdgeActivities = { [K in EdgeOperation]: (input: EdgeInputs[K]) => Promise<EdgeResult> };
