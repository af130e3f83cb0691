/**
 * A trip's penalty is paid to the merchant once: when the settlement finishes, the platform covers only what the
 * manager's covers do not, and a cover that failed with its money maybe out (its payment never answered) counts
 * as covering its part. Before, only live covers counted, and the platform could pay the penalty twice.
 */
import { coverPenalty } from '../../workflows/case-types/trip-penalty';
import type { CaseEngine } from '../../workflows/case-engine';
import { PENALTY_COUNTS_MONEY_OUT_PATCH } from '../../workflows/patches';
import { managerCover, tripEngine } from './trip-engine';

const PENALTY = { amount: 50_000, currency: 'CNY' as const };

function tripWithUnansweredCover(without: string[] = []) {
  const engine = tripEngine({ amount: 200_000, currency: 'CNY' }, PENALTY, without);
  const unanswered = managerCover(30_000, {
    status: 'failed',
    rule: 'within the manager authority',
    approvalDueAt: null,
    steps: [{ name: 'cover penalty', status: 'unconfirmed', reference: null }],
  });
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
