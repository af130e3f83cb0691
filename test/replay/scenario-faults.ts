/**
 * The faults the history recorder injects into the dev edges for the replay scenarios (scenarios-main-paths.ts,
 * scenarios-continue-as-new.ts), and the holds by which a scenario makes its edge calls wait.
 */
import { ApplicationFailure } from '@temporalio/common';

/** A hold on one edge operation of the race scenario: its calls wait until the scenario releases them. */
interface Hold {
  calls: number;
  release: () => void;
  released: Promise<void>;
}
const holds: Record<string, Hold> = {};
/** Holds the calls of `operation` (in the race scenario) until the scenario releases them. */
export function hold(operation: string): Hold {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  holds[operation] = { calls: 0, release, released };
  return holds[operation];
}

/**
 * Faults the recorder injects: the gift shipment of `saga-undo` fails for good; so do the first gift's shipment
 * and its payment's reversal in `saga-unrecovered-spend`; the race scenario holds its remedy request and its
 * payment.
 */
export async function scenarioFaults(operation: string, input: { idempotencyKey: string }): Promise<void> {
  if (operation === 'ship' && input.idempotencyKey.includes('replay-concierge-undo')) {
    throw ApplicationFailure.nonRetryable('carrier refused the parcel', 'CarrierRefused');
  }
  const stranded =
    input.idempotencyKey.includes('replay-concierge-stranded') && input.idempotencyKey.includes('/c1/');
  if (stranded && operation === 'ship') {
    throw ApplicationFailure.nonRetryable('carrier refused the parcel', 'CarrierRefused');
  }
  if (stranded && operation === 'reverse') {
    throw ApplicationFailure.nonRetryable('the vendor keeps the money', 'ReversalRefused');
  }
  const held = input.idempotencyKey.includes('replay-dispute-race') ? holds[operation] : undefined;
  if (held) {
    held.calls += 1;
    await held.released;
  }
}
