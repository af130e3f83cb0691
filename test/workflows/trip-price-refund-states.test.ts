/**
 * The trip's price refunded once (workflows/case-types/trip-price-refunds.ts), state by state of its settlement,
 * without a worker: a person's price refund is refused while the merchants are to refund the price, taken once a
 * merchant refused (the platform's advance) or the settlement failed with every request withdrawn; a waiting one
 * is rejected when the refunds are requested; and the visa case's refund is counted in the limit only where it
 * changes the outcome (its patch asked only then).
 */
import { actionHandler, checkAction } from '../../workflows/action-handlers';
import { caseTypeModule } from '../../workflows/case-types';
import type { CompensationView } from '../../workflows/domain';
import type { Acting } from '../../workflows/messages';
import { asHeldCheck } from '../../workflows/later-rules';
import {
  LIMIT_COUNTS_VISA_REFUNDS_PATCH,
  STANDING_REQUESTS_ANSWERED_PATCH,
  TRIP_PRICE_REFUNDED_ONCE_PATCH,
} from '../../workflows/patches';
import { RecordMeter } from '../../workflows/record-budget';
import { isRefusal } from '../../workflows/rejection';
import type { Versions } from '../../workflows/versions';
import { CaseEngine } from '../../workflows/case-engine';
import { openCase } from '../../workflows/case-opening';
import { actors, openInput } from '../support/cases';

const cny = (amount: number) => ({ amount, currency: 'CNY' as const });

/** A trip past its callback (its settlement saga started), reading the patches as `has` says; the asked ones. */
function calledBackTrip(
  o: { price?: number; refundedOnVisaCase?: number; has?: (id: string) => boolean } = {},
) {
  const asked: string[] = [];
  const versions: Versions = { has: (id) => (asked.push(id), o.has?.(id) ?? true) };
  const details = {
    bookingId: 'villa-1',
    merchantId: 'resort-1',
    price: cny(o.price ?? 200_000),
    departureDate: '2030-02-01T10:00:00Z',
    ...(o.refundedOnVisaCase ? { refundedOnVisaCase: cny(o.refundedOnVisaCase) } : {}),
  };
  const state = openCase(openInput({ type: 'travel_cancellation', details }), Date.now());
  const engine = new CaseEngine(state, caseTypeModule('travel_cancellation'), versions);
  actionHandler('callback').apply(engine, { actor: actors.xinyao } as Acting);
  asked.length = 0;
  return { engine, asked, meter: new RecordMeter(state) };
}

const settle = (engine: CaseEngine, settlement: string | undefined) =>
  ((engine.state.typeState as { settlement?: string }).settlement = settlement);
const refund = (kind: 'instant_refund' | 'advance_refund', amount = 1) =>
  ({ actor: actors.xinyao, kind, amount: cny(amount), reason: 'the trip is off' }) as unknown as Acting;

function refusalOf(check: () => void): string | undefined {
  try {
    check();
    return undefined;
  } catch (err) {
    if (!isRefusal(err)) throw err;
    return (err as Error).message;
  }
}

test.each([
  [undefined, /requested once the callback has cancelled the bookings/],
  ['running', /requested once the callback has cancelled the bookings/],
  ['requested', /have been asked to refund the bookings' price/],
  ['refunded', /the merchant confirmed the refund/],
  ['advanced', undefined],
  ['failed', undefined],
])('settlement %s: a person price refund is %s', (settlement, refused) => {
  const { engine, meter } = calledBackTrip();
  settle(engine, settlement);
  for (const kind of ['instant_refund', 'advance_refund'] as const) {
    const why = refusalOf(() => checkAction('compensations', engine, meter, refund(kind)));
    if (refused) expect(why).toMatch(refused);
    else expect(why).toBeUndefined();
  }
  // discretionary spend is not the price's
  expect(
    refusalOf(() =>
      checkAction('compensations', engine, meter, {
        ...refund('instant_refund'),
        kind: 'goodwill_gift',
      } as Acting),
    ),
  ).toBeUndefined();
});

test('a failed settlement whose refund request may stand keeps refusing price refunds', () => {
  const { engine, meter } = calledBackTrip();
  settle(engine, 'failed');
  const request = engine.state.sagas[0]!.steps.find((s) => s.op === 'requestMerchantRefund')!;
  const why = () => refusalOf(() => checkAction('compensations', engine, meter, refund('instant_refund')));
  request.status = 'undo_failed'; // the merchant refused its withdrawal
  expect(why()).toMatch(/the refund request of villa-1 may stand/);
  request.status = 'failed';
  request.unanswered = true; // it got no answer: the merchant may have it
  expect(why()).toMatch(/the refund request of villa-1 may stand/);
  delete request.unanswered; // refused for good: it never stood
  expect(why()).toBeUndefined();
  request.status = 'undone';
  expect(why()).toBeUndefined();
});

describe('a price refund waiting for approval when the refunds are requested', () => {
  const waiting: CompensationView = {
    id: 'c1',
    kind: 'instant_refund',
    amount: cny(150_000),
    reason: 'proposed before the rule',
    status: 'pending_approval',
    proposedBy: 'mgr-xinyao',
    proposedAt: new Date().toISOString(),
    approvedBy: null,
    rejectedBy: null,
    payee: 'member:m-1041',
    recovery: null,
    note: null,
    rule: 'over the limit',
    approvalDueAt: new Date(Date.now() + 1_800_000).toISOString(),
    steps: [],
  };
  const requested = (has?: (id: string) => boolean) => {
    const { engine, asked } = calledBackTrip({ has });
    engine.view.compensations.push({ ...waiting });
    const saga = engine.state.sagas[0]!;
    saga.status = 'completed';
    caseTypeModule('travel_cancellation').onSagaFinished!(engine, saga);
    return { comp: engine.view.compensations[0]!, asked };
  };

  test('is rejected by the platform: approved, it would pay beside the merchants', () => {
    const { comp, asked } = requested();
    expect(comp).toMatchObject({ status: 'rejected', rejectedBy: 'system' });
    expect(asked).toContain(TRIP_PRICE_REFUNDED_ONCE_PATCH);
  });

  test('stays waiting in a history recorded before the rule', () => {
    const { comp } = requested((id) => id !== TRIP_PRICE_REFUNDED_ONCE_PATCH);
    expect(comp.status).toBe('pending_approval');
  });
});

test("the visa case's refund counts in the limit, its patch asked only where that changes the outcome", () => {
  const limit = calledBackTrip().engine.state.policy.tier.instantRefundLimit;
  const within = calledBackTrip({ price: 2 * limit, refundedOnVisaCase: 1_000 });
  settle(within.engine, 'advanced');
  actionHandler('compensations').apply(within.engine, refund('instant_refund', 2_000));
  expect(within.engine.view.compensations[0]!.status).not.toBe('pending_approval');
  expect(within.asked).not.toContain(LIMIT_COUNTS_VISA_REFUNDS_PATCH);

  const over = calledBackTrip({ price: 2 * limit, refundedOnVisaCase: limit - 1_000 });
  settle(over.engine, 'advanced');
  actionHandler('compensations').apply(over.engine, refund('instant_refund', 2_000));
  expect(over.engine.view.compensations[0]!.status).toBe('pending_approval');
  expect(over.asked).toContain(LIMIT_COUNTS_VISA_REFUNDS_PATCH);
});

describe("the merchant's answer for a refund request that stood after the settlement failed", () => {
  const merchant = (outcome: 'accepted' | 'refused') =>
    ({ actor: actors.xinyao, party: 'merchant', outcome }) as unknown as Acting;
  /** A two-booking trip whose settlement failed with the villa's request standing (its withdrawal refused). */
  function standing(has?: (id: string) => boolean) {
    const trip = calledBackTrip({ has });
    const d = trip.engine.view.details as Record<string, unknown>;
    d.additionalBookings = [{ bookingId: 'flight-1', merchantId: 'air-1', price: cny(50_000) }];
    settle(trip.engine, 'failed');
    const request = trip.engine.state.sagas[0]!.steps.find((s) => s.op === 'requestMerchantRefund')!;
    request.status = 'undo_failed';
    return trip;
  }
  const refusal = (trip: ReturnType<typeof standing>, a: Acting, name = 'compensations' as const) =>
    refusalOf(() => checkAction(name, trip.engine, trip.meter, a));

  test('is taken; accepted, price refunds are taken within the price of the other bookings', () => {
    const trip = standing();
    expect(refusal(trip, refund('instant_refund'))).toMatch(/record its answer \(third-party-response/);
    expect(
      refusalOf(() => checkAction('third-party-response', trip.engine, trip.meter, merchant('accepted'))),
    ).toBeUndefined();
    actionHandler('third-party-response').apply(trip.engine, merchant('accepted'));
    expect(trip.engine.view.timeline.at(-1)!.text).toMatch(/confirmed the refund of villa-1 to the member/);
    expect(refusal(trip, refund('instant_refund', 50_000))).toBeUndefined();
    expect(refusal(trip, refund('instant_refund', 50_001))).toMatch(
      /more than the 500.00 CNY left of the price once the merchant refunded 2000.00 CNY of it/,
    );
    // answered: no merchant answer is expected any more
    expect(
      refusalOf(() => checkAction('third-party-response', trip.engine, trip.meter, merchant('refused'))),
    ).toMatch(/no merchant response is expected/);
  });

  test('refused, price refunds are taken within the whole price', () => {
    const trip = standing();
    actionHandler('third-party-response').apply(trip.engine, merchant('refused'));
    expect(trip.engine.view.timeline.at(-1)!.text).toMatch(/no refund of villa-1 will come/);
    expect(refusal(trip, refund('advance_refund', 250_000))).toBeUndefined();
    expect(refusal(trip, refund('advance_refund', 250_001))).toMatch(
      /more than the order price of 2500.00 CNY/,
    );
  });

  test('held for a run of a history recorded before, it is refused as it was then', () => {
    const held = (has?: (id: string) => boolean) => {
      const trip = standing(has);
      return refusalOf(() =>
        asHeldCheck(() => checkAction('third-party-response', trip.engine, trip.meter, merchant('accepted'))),
      );
    };
    expect(held((id) => id !== STANDING_REQUESTS_ANSWERED_PATCH)).toMatch(/no merchant response is expected/);
    expect(held()).toBeUndefined();
    // the handler of a run recorded before the held checks refused it too, and changes nothing
    const before = standing((id) => id !== STANDING_REQUESTS_ANSWERED_PATCH);
    const apply = () => actionHandler('third-party-response').apply(before.engine, merchant('accepted'));
    expect(refusalOf(apply)).toMatch(/no merchant response is expected/);
    expect((before.engine.state.typeState as { answeredRequests?: object }).answeredRequests).toBeUndefined();
  });

  test('one answer speaks for one merchant: with requests of two merchants standing, none is taken', () => {
    const trip = standing();
    const steps = trip.engine.state.sagas[0]!.steps;
    const villa = steps.find((s) => s.op === 'requestMerchantRefund')!;
    const flight = { ...villa.input, bookingId: 'flight-1', merchantId: 'air-1' } as typeof villa.input;
    steps.push({ ...villa, input: flight, status: 'undo_failed' }); // the airline's withdrawal refused too
    expect(
      refusalOf(() => checkAction('third-party-response', trip.engine, trip.meter, merchant('refused'))),
    ).toMatch(/villa-1 \(resort-1\), flight-1 \(air-1\) may stand with several merchants/);
    // and the price refund's refusal does not send the manager to record an answer that would be refused
    expect(refusal(trip, refund('instant_refund'))).toMatch(
      /they stand with several merchants, so settle them by hand$/,
    );
  });

  test('accepted: refunds with money maybe out count, and no advance is recovered from the merchant that refunded', () => {
    const trip = standing();
    actionHandler('third-party-response').apply(trip.engine, merchant('accepted'));
    expect(refusal(trip, refund('advance_refund', 1_000))).toMatch(/propose an instant_refund/);
    trip.engine.view.compensations.push({
      ...({} as CompensationView),
      id: 'c1',
      kind: 'instant_refund',
      amount: cny(30_000),
      status: 'failed',
      steps: [{ name: 'pay the member', status: 'unconfirmed', reference: null }],
    });
    expect(refusal(trip, refund('instant_refund', 20_000))).toBeUndefined();
    expect(refusal(trip, refund('instant_refund', 20_001))).toMatch(/would total 500.01 CNY/);
  });

  test('no answer is taken while no request stands', () => {
    const trip = calledBackTrip();
    settle(trip.engine, 'failed');
    expect(
      refusalOf(() => checkAction('third-party-response', trip.engine, trip.meter, merchant('accepted'))),
    ).toMatch(/no merchant response is expected/);
  });
});
