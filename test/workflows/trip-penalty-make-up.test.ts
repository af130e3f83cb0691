/**
 * A trip's penalty cover the platform counted, rejected later: the platform proposes its part again
 * (trip-penalty.ts, `makeUpPenalty`), and that proposal stands on the people whose actions set it off, the
 * cover's proposer and whoever rejected it (set-off.ts). Neither may approve it: a supervisor who rejected the
 * manager's cover could otherwise approve the platform's copy of it, moving the money alone.
 */
import { ACTION_HANDLERS } from '../../workflows/action-handlers';
import { approverFor } from '../../workflows/approval';
import type { CaseEngine } from '../../workflows/case-engine';
import { coverPenalty, type PenaltyState } from '../../workflows/case-types/trip-penalty';
import { checkApprove, propose } from '../../workflows/compensation';
import type { Actor } from '../../workflows/domain';
import { PLATFORM_PROPOSALS_NAME_SETTERS_PATCH } from '../../workflows/patches';
import { actingAs } from '../../workflows/set-off';
import { actors } from '../support/cases';
import { managerCover, tripEngine } from './trip-engine';

/** Above the apass manager authority of 2,000.00 CNY (the shipped policy), both the cover and the rest. */
const PENALTY = { amount: 600_000, currency: 'CNY' as const };

/** A trip whose settlement finished while the manager's cover of 3,000.00 of its 6,000.00 penalty waited. */
function tripWithCountedCover(without: string[] = []) {
  const engine = tripEngine({ amount: 900_000, currency: 'CNY' }, PENALTY, without);
  engine.view.status = 'waiting_on_third_party'; // called back, refunds requested
  const waiting = managerCover(300_000, {
    status: 'pending_approval',
    rule: 'exceeds the manager authority',
    approvalDueAt: new Date(Date.now() + 3_600_000).toISOString(),
    steps: [],
  });
  engine.view.compensations.push(waiting);
  coverPenalty(engine, PENALTY, engine.state.typeState as PenaltyState);
  return engine;
}

const rejectAs = (engine: CaseEngine, actor: Actor, compensationId: string) =>
  actingAs(engine, actor, () =>
    ACTION_HANDLERS.reject.apply(engine, { actor, compensationId, reason: 'not this way' }),
  );

const find = (engine: CaseEngine, id: string) => engine.view.compensations.find((c) => c.id === id)!;

test("the supervisor who rejected the manager's counted cover may not approve the platform's make-up of it; the head may", () => {
  const engine = tripWithCountedCover();
  expect(find(engine, 'c2')).toMatchObject({ proposedBy: 'system', amount: { amount: 300_000 } });
  rejectAs(engine, actors.zheng, 'c1');
  const makeUp = find(engine, 'c3');
  expect(makeUp).toMatchObject({
    kind: 'penalty_cover',
    amount: { amount: 300_000, currency: 'CNY' },
    status: 'pending_approval',
    proposedBy: 'system',
    setOffBy: ['mgr-xinyao', 'sup-zheng'],
  });
  expect(() => checkApprove(engine, { actor: actors.zheng, compensationId: 'c3' })).toThrow(
    /set off by sup-zheng's own action.*four eyes/,
  );
  expect(approverFor(engine, makeUp).id).toBe('head-dai');
  expect(() => checkApprove(engine, { actor: actors.dai, compensationId: 'c3' })).not.toThrow();
});

test('a history recorded before proposals named who set them off replays as it ran: no one kept out', () => {
  const engine = tripWithCountedCover([PLATFORM_PROPOSALS_NAME_SETTERS_PATCH]);
  rejectAs(engine, actors.zheng, 'c1');
  expect(find(engine, 'c3').setOffBy).toBeUndefined();
  expect(() => checkApprove(engine, { actor: actors.zheng, compensationId: 'c3' })).not.toThrow();
});

/**
 * Where the cover's payment never answered, it may have paid the merchant: it stays counted at its failure, and
 * only the rail's refusal, when a supervisor asks again (unconfirmed-steps.ts), makes its part up. The saga's
 * outcomes are set here as the saga runner (effects.ts) sets them; unconfirmed-recheck.test.ts runs the same on
 * a worker for a dispute's advance. (Today a cover cannot be proposed before a trip's settlement ends, so only a
 * case carried over from a history before that rule holds such a counted cover.)
 */
test("a counted cover whose payment never answered stays counted; the rail's refusal when asked again makes up its part", () => {
  const engine = tripEngine({ amount: 900_000, currency: 'CNY' }, PENALTY);
  engine.view.status = 'in_progress';
  propose(engine, 'penalty_cover', { amount: 150_000, currency: 'CNY' }, 'the member asked', 'mgr-xinyao');
  expect(find(engine, 'c1').status).toBe('executing');
  const s = engine.state.typeState as PenaltyState;
  coverPenalty(engine, PENALTY, s);
  expect(find(engine, 'c2').amount.amount).toBe(450_000);
  const saga = engine.state.sagas.find((x) => x.compensationId === 'c1')!;
  const ends = (status: 'unconfirmed' | 'failed') => {
    saga.steps[0]!.status = status;
    saga.status = 'failed';
    engine.onSagaFinished(saga);
  };

  ends('unconfirmed');
  expect(find(engine, 'c1').status).toBe('failed');
  expect(engine.view.compensations).toHaveLength(2); // it may have paid: nothing made up
  expect(s.penaltyCountedCovers).toContain('c1');

  ACTION_HANDLERS.recheck.apply(engine, { actor: actors.zheng, compensationId: 'c1' });
  expect(find(engine, 'c1').status).toBe('executing');
  ends('failed'); // the rail: it never paid
  expect(find(engine, 'c3')).toMatchObject({
    kind: 'penalty_cover',
    amount: { amount: 150_000 },
    proposedBy: 'system',
  });
  expect(s.penaltyCountedCovers).not.toContain('c1');
});
