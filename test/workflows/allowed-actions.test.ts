/**
 * `allowedActions` is computed by running the actions' own checks (action-handlers.ts) for the caller, without
 * Temporal: the engine is plain code. Each expectation here is what API.md's action table and the lifecycle
 * say the caller may do at that point.
 */
import { allowedActions, callerActions } from '../../workflows/action-handlers';
import { CaseEngine } from '../../workflows/case-engine';
import { openCase } from '../../workflows/case-opening';
import { propose } from '../../workflows/compensation';
import * as lifecycle from '../../workflows/lifecycle';
import { caseTypeModule } from '../../workflows/case-types';
import type { Actor } from '../../workflows/domain';
import { RecordMeter } from '../../workflows/record-budget';
import { actors, openInput } from '../support/cases';

const engineer: Actor = { id: 'eng-1', role: 'engineer' };

function freshCase(type: 'concierge' | 'dispute' = 'concierge') {
  const details =
    type === 'dispute'
      ? {
          orderId: 'o-77',
          merchantId: 'shop-9',
          price: { amount: 420_000, currency: 'CNY' },
          issue: 'missing_part',
        }
      : undefined;
  const state = openCase(openInput({ type, details }), Date.now());
  const engine = new CaseEngine(state, caseTypeModule(state.view.type));
  const meter = new RecordMeter(state);
  return {
    engine,
    allowed: (actor: Actor) => allowedActions(engine, meter, actor).sort(),
    choices: (actor: Actor) => callerActions(engine, meter, actor).actionChoices,
  };
}

describe('allowedActions', () => {
  it('on a case awaiting its callback: the assignee calls back, notes and escalates; others by role', () => {
    const { allowed } = freshCase();
    expect(allowed(actors.xinyao)).toEqual(['callback', 'escalate', 'notes']);
    expect(allowed(actors.lin)).toEqual([]);
    expect(allowed(actors.zheng)).toEqual(['callback', 'cancel', 'escalate', 'notes', 'reassign']);
    expect(allowed(actors.dai)).toEqual(['callback', 'cancel', 'escalate', 'notes', 'reassign']);
    expect(allowed(actors.app)).toEqual(['cancel', 'escalate']);
    expect(allowed(engineer)).toEqual([]);
  });

  it('a case that names no merchant offers only the kinds that pay no merchant', () => {
    const { engine, choices } = freshCase();
    lifecycle.callback(engine, { actor: actors.xinyao });
    expect(choices(actors.xinyao)['compensations']).toEqual(
      ['instant_refund', 'goodwill_gift', 'substitute_purchase'].map((kind) => ({ kind })),
    );
  });

  it('in progress: work actions appear; a wait offers resume only while waiting', () => {
    const { engine, allowed } = freshCase();
    lifecycle.callback(engine, { actor: actors.xinyao });
    expect(allowed(actors.xinyao)).toEqual(['compensations', 'escalate', 'notes', 'resolve', 'wait']);
    lifecycle.wait(engine, { actor: actors.xinyao, on: 'member', reason: 'needs the receipt' });
    expect(allowed(actors.xinyao)).toEqual([
      'compensations',
      'escalate',
      'notes',
      'resolve',
      'resume',
      'wait',
    ]);
    expect(allowed(actors.app)).toContain('resume');
  });

  it('a pending compensation adds approve and reject with its id, never approve for its proposer', () => {
    const { engine, allowed } = freshCase();
    lifecycle.callback(engine, { actor: actors.xinyao });
    propose(engine, 'goodwill_gift', { amount: 900_000, currency: 'CNY' }, 'a scarf', actors.zheng.id);
    expect(engine.view.compensations[0]!.status).toBe('pending_approval');
    expect(allowed(actors.dai)).toEqual(
      expect.arrayContaining(['compensations/c1/approve', 'compensations/c1/reject']),
    );
    expect(allowed(actors.zheng)).toContain('compensations/c1/reject');
    expect(allowed(actors.zheng)).not.toContain('compensations/c1/approve');
    expect(allowed(actors.xinyao).filter((a) => a.startsWith('compensations/'))).toEqual([]);
    // Outstanding money blocks resolution.
    expect(allowed(actors.xinyao)).not.toContain('resolve');
  });

  it('a dispute expects the merchant after the callback; a resolved case offers reopen and rate', () => {
    const { engine, allowed } = freshCase('dispute');
    lifecycle.callback(engine, { actor: actors.xinyao });
    expect(allowed(actors.xinyao)).toContain('third-party-response');
    lifecycle.resolve(engine, { actor: actors.xinyao, code: 'remedy', summary: 'merchant sent the chain' });
    expect(allowed(actors.app)).toEqual(['rate', 'reopen']);
    // The merchant's remedy step ended with the resolution: its answer waits for a reopening.
    expect(allowed(actors.zheng)).toEqual(['notes', 'reopen']);
    lifecycle.rate(engine, { actor: actors.app, score: 5 });
    expect(allowed(actors.app)).toEqual(['reopen']);
  });

  it('actionChoices lists the choices the checks accept: no wait on the member it waits on, only the party it expects', () => {
    const { engine, choices } = freshCase('dispute');
    expect(choices(actors.xinyao)).toEqual({});
    lifecycle.callback(engine, { actor: actors.xinyao });
    // The callback asked the merchant: the case already waits on it.
    expect(engine.view.status).toBe('waiting_on_third_party');
    expect(choices(actors.xinyao)['wait']).toEqual([{ on: 'member' }]);
    // A dispute waits for the merchant: a carrier's or a consulate's answer would be refused.
    expect(choices(actors.xinyao)['third-party-response']).toEqual([
      { party: 'merchant', outcome: 'accepted' },
      { party: 'merchant', outcome: 'refused' },
    ]);
    expect(choices(actors.xinyao)['compensations']).toEqual(
      [
        'instant_refund',
        'advance_refund',
        'goodwill_gift',
        'substitute_purchase',
        'penalty_cover',
        'reship',
      ].map((kind) => ({ kind })),
    );
    lifecycle.wait(engine, { actor: actors.xinyao, on: 'member', reason: 'needs the receipt' });
    expect(choices(actors.xinyao)['wait']).toEqual([{ on: 'third_party' }]);
    expect(choices(actors.zheng)['wait']).toEqual([{ on: 'third_party' }]);
    // Choices of actions the caller may not take are not listed.
    expect(choices(engineer)).toEqual({});
  });
});
