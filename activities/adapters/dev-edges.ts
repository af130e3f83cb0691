import { createHash } from 'node:crypto';
import path from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import { CallJournal, KeyClosedError } from './call-journal';
import type { Edges, Keyed, Receipt } from './edges';

/**
 * Test hooks to make an edge call fail: `before` throws instead of acting; `after` throws once the call has been
 * recorded (the worker "crashed" after the money moved), so the retry must find the first record. A hook may
 * also return a promise, to hold the call open (a slow edge, or a process killed at that moment).
 */
export interface FaultInjector {
  before?(operation: string, input: Keyed): void | Promise<void>;
  after?(operation: string, input: Keyed): void | Promise<void>;
}

export interface DevEdges extends Edges {
  journals: Record<'payments' | 'merchants' | 'carrier' | 'consulate', CallJournal<Receipt>>;
}

/**
 * The fields of an edge call that carry personal data: a payment's memo and a shipment's item (free-text
 * reasons), the travellers named to a consulate and the destination they travel to, a lost parcel's tracking number (it
 * leads to the member's address). The real edges need them; the dev journal, under the DATA_DIR
 * that also holds the encrypted Temporal file, keeps a digest of each instead, enough to tell two calls apart.
 */
const PERSONAL_FIELDS = ['memo', 'item', 'travelers', 'destination', 'trackingNo'] as const;

/** How the journal writes a personal field's value: a digest of its JSON, the same for the same value. */
export const journalDigest = (value: unknown): string =>
  `personal data, sha256 ${createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 16)}`;

function journalled(input: Keyed): Record<string, unknown> {
  const call: Record<string, unknown> = { ...input };
  for (const field of PERSONAL_FIELDS) {
    if (call[field] !== undefined) call[field] = journalDigest(call[field]);
  }
  return call;
}

/**
 * Dev implementation of every edge: nothing leaves the machine, every call is recorded durably under
 * `<dataDir>/edges/<edge>/` (personal data as digests) and deduplicated by idempotency key.
 */
export function createDevEdges(dataDir: string, faults: FaultInjector = {}): DevEdges {
  const journal = (edge: string) => new CallJournal<Receipt>(path.join(dataDir, 'edges', edge));
  const journals = {
    payments: journal('payments'),
    merchants: journal('merchants'),
    carrier: journal('carrier'),
    consulate: journal('consulate'),
  };
  let counter = 0;
  const call =
    <I extends Keyed>(edge: keyof typeof journals, operation: string, prefix: string) =>
    async (input: I): Promise<Receipt> => {
      await faults.before?.(operation, input);
      const { result, duplicate } = await journals[edge]
        .once(input.idempotencyKey, { operation, ...journalled(input) }, () => ({
          reference: `${prefix}-${Date.now().toString(36)}-${(counter += 1)}`,
        }))
        .catch((err: unknown) => {
          // A refusal: the edge says for certain it did not act (edges.ts).
          if (err instanceof KeyClosedError)
            throw ApplicationFailure.nonRetryable(err.message, 'EdgeKeyClosed');
          throw err;
        });
      await faults.after?.(operation, input);
      return { reference: result.reference, replayed: duplicate };
    };
  const lookup = (edge: keyof typeof journals) => async (input: Keyed) => {
    await faults.before?.('lookup', input);
    const result = await journals[edge].close(input.idempotencyKey);
    return result && { reference: result.reference, replayed: true };
  };
  return {
    journals,
    payments: {
      pay: call('payments', 'pay', 'pay'),
      reverse: call('payments', 'reverse', 'rev'),
      collect: call('payments', 'collect', 'col'),
      lookup: lookup('payments'),
    },
    merchants: {
      requestRemedy: call('merchants', 'requestRemedy', 'rem'),
      cancelBooking: call('merchants', 'cancelBooking', 'cxl'),
      reinstateBooking: call('merchants', 'reinstateBooking', 'rei'),
      requestRefund: call('merchants', 'requestRefund', 'mrf'),
      withdrawRefund: call('merchants', 'withdrawRefund', 'wdr'),
      lookup: lookup('merchants'),
    },
    carrier: {
      requestTrace: call('carrier', 'requestTrace', 'trc'),
      ship: call('carrier', 'ship', 'shp'),
      cancelShipment: call('carrier', 'cancelShipment', 'csh'),
      lookup: lookup('carrier'),
    },
    consulate: {
      submitEndorsement: call('consulate', 'submitEndorsement', 'end'),
      lookup: lookup('consulate'),
    },
  };
}
