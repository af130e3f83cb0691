/**
 * A travel_cancellation case's engine, opened with a stated penalty, for tests of the penalty's pure rules
 * (trip-penalty.ts) without a worker; `without` names patches the engine reads as not applied (an older history).
 */
import { CaseEngine } from '../../workflows/case-engine';
import { openCase } from '../../workflows/case-opening';
import { caseTypeModule } from '../../workflows/case-types';
import type { CompensationView, Money } from '../../workflows/domain';
import type { Versions } from '../../workflows/versions';
import { openInput } from '../support/cases';

export function tripEngine(price: Money, penalty: Money, without: string[] = []): CaseEngine {
  const details = {
    bookingId: 'villa-1',
    merchantId: 'resort-1',
    price,
    departureDate: '2030-02-01T10:00:00Z',
    penalty,
  };
  const versions: Versions = { has: (id) => !without.includes(id) };
  const state = openCase(openInput({ type: 'travel_cancellation', details }), Date.now());
  return new CaseEngine(state, caseTypeModule('travel_cancellation'), versions);
}

/** A penalty cover the manager proposed, in `status`, to the trip's merchant. */
export const managerCover = (
  amount: number,
  over: Pick<CompensationView, 'status' | 'rule' | 'approvalDueAt' | 'steps'>,
): CompensationView => ({
  id: 'c1',
  kind: 'penalty_cover',
  amount: { amount, currency: 'CNY' },
  reason: 'the member asked',
  proposedBy: 'mgr-xinyao',
  proposedAt: new Date().toISOString(),
  approvedBy: null,
  rejectedBy: null,
  payee: 'merchant:resort-1',
  recovery: null,
  note: null,
  ...over,
});
