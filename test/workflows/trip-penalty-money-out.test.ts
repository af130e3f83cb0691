/**
 * A trip's penalty is paid to the merchant once: when the settlement finishes, the platform covers only what the
 * manager's covers do not, and a cover that failed with its money maybe out (its payment never answered) counts
 * as covering its part. Before, only live covers counted, and the platform could pay the penalty twice.
 */
import { CaseEngine } from '../../workflows/case-engine';
import { openCase } from '../../workflows/case-opening';
import { caseTypeModule } from '../../workflows/case-types';
import { coverPenalty } from '../../workflows/case-types/trip-penalty';
import type { CompensationView } from '../../workflows/domain';
import { PENALTY_COUNTS_MONEY_OUT_PATCH } from '../../workflows/patches';
import type { Versions } from '../../workflows/versions';
import { openInput } from '../support/cases';

const PENALTY = { amount: 50_000, currency: 'CNY' as const };

function tripWithUnansweredCover(without: string[] = []) {
  const details = {
    bookingId: 'villa-1',
    merchantId: 'resort-1',
    price: { amount: 200_000, currency: 'CNY' },
    departureDate: '2030-02-01T10:00:00Z',
    penalty: PENALTY,
  };
  const versions: Versions = { has: (id) => !without.includes(id) };
  const state = openCase(openInput({ type: 'travel_cancellation', details }), Date.now());
  const engine = new CaseEngine(state, caseTypeModule('travel_cancellation'), versions);
  const unanswered: CompensationView = {
    id: 'c1',
    kind: 'penalty_cover',
    amount: { amount: 30_000, currency: 'CNY' },
    reason: 'the member asked',
    status: 'failed',
    proposedBy: 'mgr-xinyao',
    proposedAt: new Date().toISOString(),
    approvedBy: null,
    rejectedBy: null,
    payee: 'merchant:resort-1',
    recovery: null,
    note: null,
    rule: 'within the manager authority',
    approvalDueAt: null,
    steps: [{ name: 'cover penalty', status: 'unconfirmed', reference: null }],
  };
  engine.view.compensations.push(unanswered);
  return engine;
}

const platformCovers = (engine: CaseEngine) =>
  engine.view.compensations.filter((c) => c.proposedBy === 'system').map((c) => c.amount.amount);

test('a cover whose payment never answered counts: the platform covers only the rest', () => {
  const engine = tripWithUnansweredCover();
  coverPenalty(engine, PENALTY, {});
  expect(platformCovers(engine)).toEqual([20_000]);
});

test('a history recorded before it replays as it ran: the whole penalty', () => {
  const engine = tripWithUnansweredCover([PENALTY_COUNTS_MONEY_OUT_PATCH]);
  coverPenalty(engine, PENALTY, {});
  expect(platformCovers(engine)).toEqual([50_000]);
});
