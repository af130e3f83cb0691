/**
 * Edge calls as typed data. A call names an edge activity of `activities/index.ts` (`op`) and carries exactly
 * the input that activity takes (`EdgeInputs`, activities/types.ts, a leaf: workflow code never imports the
 * activities themselves), so a plan with a wrong input does not compile. The calls stay plain data
 * (`{ name, op, input }`): saga steps are workflow state, carried across continue-as-new.
 *
 * Build them with `edge.<activity>(name, input)`; an undo with `undo.<activity>(name, input)`, whose input
 * leaves out `original` (the receipt of the step it undoes, added when the undo runs: see `runSaga`).
 * Go to the definition of `edge.pay` to land on the `pay` activity's input, which names the edge method it calls.
 */
import type { EdgeActivities, EdgeInputs, EdgeOperation } from '../activities/types';

/** What each edge activity takes. */
export type { EdgeInputs };

/**
 * What became of a one-off edge call: its receipt, or its error; `unanswered` when the edge did not refuse it (it
 * timed out or erred to its last try), so it may have acted.
 */
export type EdgeOutcome = { reference: string } | { error: string; unanswered?: boolean };

/** A call of the edge activity `op`, named for the timeline and the Temporal UI. */
export type EdgeCall<K extends EdgeOperation = EdgeOperation> = {
  [P in K]: { name: string; op: P; input: EdgeInputs[P] };
}[K];

/** The activities that undo an earlier call: they take its receipt as `original`. */
export type UndoOperation = {
  [K in EdgeOperation]: 'original' extends keyof EdgeInputs[K] ? K : never;
}[EdgeOperation];

/** An undo's input as planned: everything but `original`, which only exists once the step has run. */
export type UndoInputs = { [K in UndoOperation]: Omit<EdgeInputs[K], 'original'> };

/** An undo as planned (stored on its step); `runSaga` calls it with the step's receipt as `original`. */
export type UndoCall<K extends UndoOperation = UndoOperation> = {
  [P in K]: { name: string; op: P; input: UndoInputs[P] };
}[K];

function call<K extends EdgeOperation>(op: K) {
  return (name: string, input: EdgeInputs[K]): EdgeCall<K> => ({ name, op, input });
}

function undoCall<K extends UndoOperation>(op: K) {
  return (name: string, input: UndoInputs[K]): UndoCall<K> => ({ name, op, input });
}

type Builders = {
  [K in keyof Pick<EdgeActivities, EdgeOperation>]: (name: string, input: EdgeInputs[K]) => EdgeCall<K>;
};
type UndoBuilders = {
  [K in keyof Pick<EdgeActivities, UndoOperation>]: (name: string, input: UndoInputs[K]) => UndoCall<K>;
};

/** One constructor per edge activity: `edge.pay(name, input)` is a call of the `pay` activity. */
export const edge: Builders = {
  pay: call('pay'),
  reversePayment: call('reversePayment'),
  collectFromMerchant: call('collectFromMerchant'),
  requestMerchantRemedy: call('requestMerchantRemedy'),
  cancelBooking: call('cancelBooking'),
  reinstateBooking: call('reinstateBooking'),
  requestMerchantRefund: call('requestMerchantRefund'),
  withdrawMerchantRefund: call('withdrawMerchantRefund'),
  requestCarrierTrace: call('requestCarrierTrace'),
  shipToMember: call('shipToMember'),
  cancelShipment: call('cancelShipment'),
  submitConsulateEndorsement: call('submitConsulateEndorsement'),
};

/** One constructor per undo activity: `undo.reversePayment(name, input)`, input without `original`. */
export const undo: UndoBuilders = {
  reversePayment: undoCall('reversePayment'),
  reinstateBooking: undoCall('reinstateBooking'),
  withdrawMerchantRefund: undoCall('withdrawMerchantRefund'),
  cancelShipment: undoCall('cancelShipment'),
};

/** An undo as planned, ready to run: its input with `original`, the receipt of the step it undoes. */
export function withOriginal<K extends UndoOperation>(undo: UndoCall<K>, original: string): EdgeCall<K> {
  return { ...undo, input: addOriginal[undo.op](undo.input, original) };
}

const addOriginal: { [K in UndoOperation]: (input: UndoInputs[K], original: string) => EdgeInputs[K] } = {
  reversePayment: (input, original) => ({ ...input, original }),
  reinstateBooking: (input, original) => ({ ...input, original }),
  withdrawMerchantRefund: (input, original) => ({ ...input, original }),
  cancelShipment: (input, original) => ({ ...input, original }),
};

/**
 * The failure type of an edge lookup that found no call under its key (the edge never got it, and closed the key):
 * the one answer by which a person's check settles a step as not done (effects.ts). Any other failure leaves it
 * unconfirmed.
 */
export const EDGE_NEVER_GOT_IT = 'EdgeNeverGotIt';
