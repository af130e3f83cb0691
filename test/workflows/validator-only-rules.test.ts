/**
 * A rule added after histories were recorded lives in the update's validator only: the handler, which runs again
 * on replay, must apply what an older history shows applied. The price cap's count of refunds that failed with
 * their money maybe out is such a rule (workflows/approval.ts, checkAmount).
 */
import { actionHandler, checkAction } from '../../workflows/action-handlers';
import { CaseEngine } from '../../workflows/case-engine';
import { openCase } from '../../workflows/case-opening';
import { propose } from '../../workflows/compensation';
import { caseTypeModule } from '../../workflows/case-types';
import type { CompensationView } from '../../workflows/domain';
import type { Acting } from '../../workflows/messages';
import { RecordMeter } from '../../workflows/record-budget';
import { isRefusal } from '../../workflows/rejection';
import { actors, openInput } from '../support/cases';

const PRICE = 30_000;

/** A lost-goods case past its callback, with a full-price refund that failed, its payment never answered. */
function caseWithUnansweredRefund() {
  const input = openInput({
    type: 'lost_goods',
    details: { orderId: 'o-1', merchantId: 'shop-1', price: { amount: PRICE, currency: 'CNY' } },
  });
  const state = openCase(input, Date.now());
  const engine = new CaseEngine(state, caseTypeModule('lost_goods'));
  actionHandler('callback').apply(engine, { actor: actors.xinyao } as Acting);
  const failed: CompensationView = {
    id: 'c1',
    kind: 'instant_refund',
    amount: { amount: PRICE, currency: 'CNY' },
    reason: 'never arrived',
    status: 'failed',
    proposedBy: 'mgr-xinyao',
    proposedAt: new Date().toISOString(),
    approvedBy: null,
    rejectedBy: null,
    payee: 'member:m-1041',
    recovery: null,
    note: null,
    rule: 'within the instant-refund limit',
    approvalDueAt: null,
    steps: [{ name: 'refund member', status: 'unconfirmed', reference: null }],
  };
  engine.view.compensations.push(failed);
  return { engine, meter: new RecordMeter(state) };
}

const secondRefund = {
  actor: actors.xinyao,
  kind: 'instant_refund',
  amount: { amount: PRICE, currency: 'CNY' },
  reason: 'asked again',
} as unknown as Acting;

test('the validator refuses a second refund of the whole price after one whose payment never answered', () => {
  const { engine, meter } = caseWithUnansweredRefund();
  let refusal: unknown;
  try {
    checkAction('compensations', engine, meter, secondRefund);
  } catch (err) {
    refusal = err;
  }
  expect(isRefusal(refusal)).toBe(true);
  expect((refusal as Error).message).toContain('more than the order price');
});

test('the handler applies it, as a history recorded before the rule shows it applied', () => {
  const { engine } = caseWithUnansweredRefund();
  actionHandler('compensations').apply(engine, secondRefund);
  expect(engine.view.compensations.map((c) => [c.id, c.status])).toEqual([
    ['c1', 'failed'],
    ['c2', 'executing'],
  ]);
});

describe('a kind that pays or recovers from the merchant, on a case that names none', () => {
  const callbackMet = (type: 'concierge' | 'visa_help') => {
    const state = openCase(openInput({ type }), Date.now());
    const engine = new CaseEngine(state, caseTypeModule(type));
    actionHandler('callback').apply(engine, { actor: actors.xinyao } as Acting);
    return { engine, meter: new RecordMeter(state) };
  };
  const proposal = (kind: string) =>
    ({
      actor: actors.xinyao,
      kind,
      amount: { amount: 10_000, currency: 'CNY' },
      reason: 'late fee',
    }) as unknown as Acting;

  test.each([
    ['concierge', 'penalty_cover'],
    ['concierge', 'reship'],
    ['concierge', 'advance_refund'],
    ['visa_help', 'penalty_cover'],
  ] as const)('the validator refuses %s %s: no rail pays merchant:unknown', (type, kind) => {
    const { engine, meter } = callbackMet(type);
    let refusal: unknown;
    try {
      checkAction('compensations', engine, meter, proposal(kind));
    } catch (err) {
      refusal = err;
    }
    expect(isRefusal(refusal)).toBe(true);
    expect((refusal as Error).message).toContain('names none');
    expect(engine.view.compensations).toEqual([]);
  });

  test('the validator takes a goodwill gift on the same case', () => {
    const { engine, meter } = callbackMet('concierge');
    expect(() => checkAction('compensations', engine, meter, proposal('goodwill_gift'))).not.toThrow();
  });

  test('the handler applies one, as a history recorded before the rule shows it applied', () => {
    const { engine } = callbackMet('concierge');
    actionHandler('compensations').apply(engine, proposal('penalty_cover'));
    expect(engine.view.compensations.map((c) => [c.kind, c.payee])).toEqual([
      ['penalty_cover', 'merchant:unknown'],
    ]);
  });
});

describe("a person's penalty cover beyond a trip's stated penalty", () => {
  const PENALTY = 50_000;
  const tripWithPlatformCover = () => {
    const details = {
      bookingId: 'villa-1',
      merchantId: 'resort-1',
      price: { amount: 200_000, currency: 'CNY' },
      departureDate: '2030-02-01T10:00:00Z',
      penalty: { amount: PENALTY, currency: 'CNY' },
    };
    const state = openCase(openInput({ type: 'travel_cancellation', details }), Date.now());
    const engine = new CaseEngine(state, caseTypeModule('travel_cancellation'));
    actionHandler('callback').apply(engine, { actor: actors.xinyao } as Acting);
    (state.typeState as { settlement?: string }).settlement = 'requested'; // as once the refunds are requested
    propose(engine, 'penalty_cover', { amount: PENALTY - 10_000, currency: 'CNY' }, 'platform', 'system');
    return { engine, meter: new RecordMeter(state) };
  };
  const cover = (amount: number) =>
    ({
      actor: actors.xinyao,
      kind: 'penalty_cover',
      amount: { amount, currency: 'CNY' },
      reason: 'the rest',
    }) as unknown as Acting;

  test('the validator takes covers up to the penalty, and refuses one fen more', () => {
    const { engine, meter } = tripWithPlatformCover();
    expect(() => checkAction('compensations', engine, meter, cover(10_000))).not.toThrow();
    let refusal: unknown;
    try {
      checkAction('compensations', engine, meter, cover(10_001));
    } catch (err) {
      refusal = err;
    }
    expect(isRefusal(refusal)).toBe(true);
    expect((refusal as Error).message).toBe(
      "penalty covers would total 500.01 CNY, more than the trip's late-cancellation penalty of 500.00 CNY",
    );
  });

  test('the handler applies one, as a history recorded before the rule shows it applied', () => {
    const { engine } = tripWithPlatformCover();
    actionHandler('compensations').apply(engine, cover(10_001));
    expect(engine.view.compensations.map((c) => c.amount.amount)).toEqual([PENALTY - 10_000, 10_001]);
  });
});
