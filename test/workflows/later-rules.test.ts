/**
 * A held action (one that reached a run's first task) is asked its validator's rules in the handler, which runs
 * again on replay. A rule added to a validator since held actions were first asked them (a merchant's kind on a
 * case naming no merchant) refuses a held action only behind its own patch: a history recorded before the rule,
 * whose run had recorded `held-actions-checked-as-sent` for another refusal, replays as it ran.
 */
import { AppliedRequests } from '../../workflows/applied-requests';
import { actionHandler } from '../../workflows/action-handlers';
import { CaseEngine } from '../../workflows/case-engine';
import { openCase } from '../../workflows/case-opening';
import { caseTypeModule } from '../../workflows/case-types';
import { checkHeldAction } from '../../workflows/held-checks';
import type { Acting } from '../../workflows/messages';
import { HELD_PROPOSAL_RULES_PATCH, TRIP_PRICE_REFUNDED_ONCE_PATCH } from '../../workflows/patches';
import { RecordMeter } from '../../workflows/record-budget';
import { isRefusal } from '../../workflows/rejection';
import type { Versions } from '../../workflows/versions';
import { actors, openInput } from '../support/cases';

const penaltyCover = {
  actor: actors.xinyao,
  kind: 'penalty_cover',
  amount: { amount: 10_000, currency: 'CNY' },
  reason: 'late fee',
} as unknown as Acting;

/** A concierge case past its callback, and the patches a replayed run recorded (every other one: recorded). */
function heldOn(without: string[]) {
  const asked: string[] = [];
  const versions: Versions = {
    has: (id) => {
      asked.push(id);
      return !without.includes(id);
    },
  };
  const state = openCase(openInput({ type: 'concierge' }), Date.now());
  const engine = new CaseEngine(state, caseTypeModule('concierge'), versions);
  actionHandler('callback').apply(engine, { actor: actors.xinyao } as Acting);
  asked.length = 0;
  const c = { engine, meter: new RecordMeter(state), applied: new AppliedRequests(state), versions };
  return { c, asked, check: () => checkHeldAction('compensations', penaltyCover, c) };
}

test('a run recorded before the merchant rules: the held cover passes its check, as it ran', () => {
  const { check, asked } = heldOn([HELD_PROPOSAL_RULES_PATCH]);
  expect(check).not.toThrow();
  expect(asked).toContain(HELD_PROPOSAL_RULES_PATCH);
});

test('a run of today: the held cover is refused, as its validator refuses it', () => {
  const { check } = heldOn([]);
  let refusal: unknown;
  try {
    check();
  } catch (err) {
    refusal = err;
  }
  expect(isRefusal(refusal)).toBe(true);
  expect((refusal as Error).message).toContain('names none');
});

test('the validator asks the rule as it is, and no patch', () => {
  const { c, asked } = heldOn([HELD_PROPOSAL_RULES_PATCH]);
  expect(() => actionHandler('compensations').check(c.engine, penaltyCover)).toThrow(/names none/);
  expect(asked).toEqual([]);
});

describe('a held price refund on a trip whose merchants refund the price (trip-price-refunded-once)', () => {
  const refund = {
    actor: actors.xinyao,
    kind: 'instant_refund',
    amount: { amount: 10_000, currency: 'CNY' },
    reason: 'the trip is off',
  } as unknown as Acting;
  const heldOnTrip = (without: string[]) => {
    const asked: string[] = [];
    const versions: Versions = { has: (id) => (asked.push(id), !without.includes(id)) };
    const details = {
      bookingId: 'villa-1',
      merchantId: 'resort-1',
      price: { amount: 200_000, currency: 'CNY' },
      departureDate: '2030-02-01T10:00:00Z',
    };
    const state = openCase(openInput({ type: 'travel_cancellation', details }), Date.now());
    const engine = new CaseEngine(state, caseTypeModule('travel_cancellation'), versions);
    actionHandler('callback').apply(engine, { actor: actors.xinyao } as Acting);
    (state.typeState as { settlement?: string }).settlement = 'requested'; // as once the refunds are requested
    asked.length = 0;
    const c = { engine, meter: new RecordMeter(state), applied: new AppliedRequests(state), versions };
    return { asked, check: () => checkHeldAction('compensations', refund, c) };
  };

  test('a run recorded before the rule takes it, as it ran', () => {
    const { check, asked } = heldOnTrip([TRIP_PRICE_REFUNDED_ONCE_PATCH]);
    expect(check).not.toThrow();
    expect(asked).toContain(TRIP_PRICE_REFUNDED_ONCE_PATCH);
  });

  test('a run of today refuses it, as the validator does', () => {
    const { check } = heldOnTrip([]);
    expect(check).toThrow(/have been asked to refund the bookings' price/);
  });
});
