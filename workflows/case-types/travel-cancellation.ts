import type { EngineContext } from '../case-context';
import * as compensation from '../compensation';
import { makeUpAdvance, platformAdvance, type AdvanceState } from '../platform-refunds';
import { PRICE_REFUND_KINDS } from '../domain';
import { edge, undo } from '../edge-calls';
import { laterRule } from '../later-rules';
import {
  DEPARTURE_CLIMBS_ONCE_PATCH,
  PENALTY_COVER_AFTER_REQUESTS_PATCH,
  TRIP_PRICE_REFUNDED_ONCE_PATCH,
} from '../patches';
import { invalidTransition } from '../rejection';
import { shareByWeight } from '../recovery-shares';
import { newSaga, step, type SagaStep } from '../saga';
import { iso, ms } from '../time';
import type { CaseTypeModule, Details } from './case-type';
import {
  advancedPerBooking,
  bookingRef,
  bookingsOf,
  tripDetails,
  unrefunded,
  type Booking,
  type TravelDetails,
} from './trip-bookings';
import { answerWait, awaiting, windowDeadline, type ThirdPartyWait } from './third-party-wait';
import { checkPenaltyCap, coverPenalty, makeUpPenalty, type PenaltyState } from './trip-penalty';
import {
  answerStandingRequests,
  answersStandingRequests,
  checkMerchantRefunded,
  checkStandingAnswer,
  priceRefundRefusal,
  standingRequests,
  type AnsweredRequests,
  type Settlement,
} from './trip-price-refunds';

interface TravelState extends PenaltyState, AdvanceState {
  settlement?: Settlement;
  /** The merchant's answers for refund requests that stood after the settlement failed. */
  answeredRequests?: AnsweredRequests;
  merchant?: ThirdPartyWait;
  departureHandled?: boolean;
}

const details = (e: EngineContext) => e.view.details as unknown as TravelDetails;

const typeState = (e: EngineContext) => e.state.typeState as TravelState;
const of = (d: Details) => d as unknown as TravelDetails;
const SETTLEMENT = 'trip-settlement';

/**
 * A booked trip must be cancelled. After the callback a saga cancels every booking and requests the refunds
 * through the merchants' back-end refund channel (undone newest first if a step fails for good); a late
 * penalty is proposed as `penalty_cover` under the approval rules; all of it is due before departure.
 */
export const travelCancellation: CaseTypeModule = {
  type: 'travel_cancellation',
  details: tripDetails,
  // Every booking of the trip: the first and the additional ones.
  refundablePrice: (d) => ({ amount: unrefunded(of(d)), currency: of(d).price.currency }),
  priceRefundedElsewhere: (d) => of(d).refundedOnVisaCase?.amount ?? 0,
  payee: (d) => of(d).merchantId,
  recoveryShares: (d, amount) => shareByWeight(amount, advancedPerBooking(of(d))),

  onCallback(engine) {
    typeState(engine).settlement = 'running';
    engine.startSaga(newSaga(SETTLEMENT, 'trip settlement', null, settlementPlan(engine)));
    engine.record(
      'settlement_started',
      'system',
      'cancelling the bookings and requesting the refunds through the back-end refund channel',
    );
  },

  onSagaFinished(engine, saga) {
    const s = typeState(engine);
    const comp = engine.view.compensations.find((c) => c.id === saga.compensationId);
    if (comp && (comp.status === 'failed' || comp.status === 'reversed')) makeUpPenalty(engine, comp, s);
    if (comp) makeUpAdvance(engine, comp, s);
    if (saga.id !== SETTLEMENT) return;
    if (saga.status === 'completed') {
      s.settlement = 'requested';
      const departure = ms(details(engine).departureDate);
      const now = engine.now();
      s.merchant = {
        party: 'merchant',
        state: 'awaiting',
        since: iso(now),
        windowEndsAt: iso(Math.max(departure, now + 1)),
      };
      if (engine.view.status === 'in_progress') engine.view.status = 'waiting_on_third_party';
      engine.record(
        'waiting',
        'system',
        `refunds requested; waiting on the merchant to confirm before departure (${details(engine).departureDate})`,
      );
      const penalty = details(engine).penalty;
      if (penalty && penalty.amount > 0 && engine.view.status !== 'cancelled')
        coverPenalty(engine, penalty, s);
      rejectWaitingPriceRefunds(engine);
    } else if (saga.status === 'failed') {
      s.settlement = 'failed';
      engine.record(
        'settlement_failed',
        'system',
        'the trip settlement failed; completed steps were undone; the manager settles by hand',
      );
    }
  },

  onCompensationRejected(engine, comp) {
    makeUpPenalty(engine, comp, typeState(engine));
    makeUpAdvance(engine, comp, typeState(engine));
  },

  checkCompensation(engine, kind, amount) {
    const penalty = details(engine).penalty;
    if (penalty) checkPenaltyCap(engine, penalty, kind, amount);
    // The platform's own cover waits for the refund requests too (onSagaFinished): a person's paid before them
    // stayed paid when a cancellation undid the settlement and the bookings stood, with no penalty owed.
    laterRule(engine.versions, PENALTY_COVER_AFTER_REQUESTS_PATCH, () => {
      if (kind === 'penalty_cover' && typeState(engine).settlement === 'running') {
        invalidTransition(
          'a penalty cover waits until the bookings are cancelled and the refunds requested (the trip is being ' +
            'settled): were the settlement undone, the bookings would stand and no penalty be owed',
        );
      }
    });
    // A person's price refund beside the merchants' own refund of the price (trip-price-refunds.ts).
    laterRule(engine.versions, TRIP_PRICE_REFUNDED_ONCE_PATCH, () => {
      const refusal = priceRefundRefusal(kind, typeState(engine).settlement, standing(engine));
      if (refusal) invalidTransition(refusal);
    });
    checkMerchantRefunded(engine, kind, amount, typeState(engine).answeredRequests ?? {});
  },

  expectsResponse: (engine, a) => a.party === 'merchant' && awaiting(typeState(engine).merchant, 'merchant'),
  takesLateAnswer: (engine, a) => answersStandingRequests(a, typeState(engine).settlement, standing(engine)),
  checkThirdPartyResponse: (engine, a) =>
    checkStandingAnswer(a, typeState(engine).settlement, standing(engine)),

  // The member's money first: a trip resolved while it settles would leave its penalty cover, and its advance
  // refund should the merchant refuse, to a case nobody works any more.
  checkResolve(engine) {
    const s = typeState(engine);
    if (s.settlement === 'running') {
      invalidTransition('the trip is still being settled (bookings cancelled, refunds requested)');
    }
    if (awaiting(s.merchant, 'merchant')) {
      invalidTransition('the merchant has not confirmed the refund yet (due before departure: see the case)');
    }
  },

  applyThirdPartyResponse(engine, a) {
    const s = typeState(engine);
    if (!awaiting(s.merchant, 'merchant'))
      return answerStandingRequests(engine, a, standing(engine), (s.answeredRequests ??= {}));
    answerWait(engine, typeState(engine).merchant!);
    if (a.outcome === 'accepted') {
      typeState(engine).settlement = 'refunded';
      engine.record(
        'merchant_refunded',
        a.actor.id,
        'the merchant confirmed the refund through the back-end channel',
      );
    } else {
      advanceRefund(engine, 'the merchant refused the refund');
    }
  },

  deadlines(engine) {
    const s = typeState(engine);
    const merchantWindow = windowDeadline(engine, s.merchant, 0, () => {
      // a departure that passed while the trip was settling has climbed the case already
      if (!s.departureHandled || !engine.versions.has(DEPARTURE_CLIMBS_ONCE_PATCH))
        engine.climb('the trip is not settled at departure', 'system');
      advanceRefund(engine, 'the merchant did not confirm the refund before departure');
    });
    if (merchantWindow.length > 0)
      return merchantWindow.map((d) => ({ ...d, summary: 'merchant refund confirmation, due at departure' }));
    if (
      s.departureHandled ||
      s.settlement === 'requested' ||
      s.settlement === 'refunded' ||
      s.settlement === 'advanced'
    )
      return [];
    if (['resolved', 'closed', 'cancelled'].includes(engine.view.status)) return [];
    return [
      {
        key: 'departure',
        dueAt: ms(details(engine).departureDate),
        summary: 'departure: everything settled before this',
        fire: () => {
          s.departureHandled = true;
          engine.record('departure_unsettled', 'system', 'departure reached and the trip is not settled');
          engine.climb('the trip is not settled at departure', 'system');
        },
      },
    ];
  },
};

const bookings = (engine: EngineContext): Booking[] => bookingsOf(details(engine));

/** The bookings whose refund request may stand after a failed settlement, the merchant's answer not recorded. */
const standing = (engine: EngineContext) =>
  standingRequests(
    engine.state.sagas.find((saga) => saga.id === SETTLEMENT),
    typeState(engine).answeredRequests,
  );

/** Cancel every booking, then request every refund; each step undone by its opposite. */
function settlementPlan(engine: EngineContext): SagaStep[] {
  const all = bookings(engine);
  const ref = bookingRef(engine, all);
  const key = (name: string) => `${engine.view.id}/${SETTLEMENT}/${name}`;
  const cancels = all.map((b) =>
    step(
      edge.cancelBooking(`cancel booking ${b.bookingId}`, {
        idempotencyKey: key(`cancel/${ref(b)}`),
        merchantId: b.merchantId,
        bookingId: b.bookingId,
      }),
      {
        undo: undo.reinstateBooking(`reinstate booking ${b.bookingId}`, {
          idempotencyKey: key(`reinstate/${ref(b)}`),
          merchantId: b.merchantId,
          bookingId: b.bookingId,
        }),
      },
    ),
  );
  const refunds = all.map((b) =>
    step(
      edge.requestMerchantRefund(`request refund of ${b.bookingId}`, {
        idempotencyKey: key(`refund/${ref(b)}`),
        merchantId: b.merchantId,
        bookingId: b.bookingId,
        amount: b.price,
        memberId: engine.view.member.id,
      }),
      {
        undo: undo.withdrawMerchantRefund(`withdraw refund of ${b.bookingId}`, {
          idempotencyKey: key(`withdraw/${ref(b)}`),
          merchantId: b.merchantId,
          bookingId: b.bookingId,
        }),
      },
    ),
  );
  return [...cancels, ...refunds];
}

/**
 * Price refunds still waiting for approval once the merchants are asked for the price (proposed before
 * trip-price-refunded-once refused them) are rejected: approved, they would pay beside the merchants' refund.
 * Asks its patch only when one waits.
 */
function rejectWaitingPriceRefunds(engine: EngineContext): void {
  const waiting = engine.view.compensations.some(
    (c) => c.status === 'pending_approval' && PRICE_REFUND_KINDS.includes(c.kind),
  );
  if (!waiting || !engine.versions.has(TRIP_PRICE_REFUNDED_ONCE_PATCH)) return;
  compensation.rejectWaiting(engine, {
    actor: 'system',
    why: "the merchants were asked to refund the trip's price through their back-end channel",
    kinds: PRICE_REFUND_KINDS,
  });
}

function advanceRefund(engine: EngineContext, why: string): void {
  typeState(engine).settlement = 'advanced';
  const total = unrefunded(details(engine));
  if (total === 0) {
    engine.record(
      'platform_decision',
      'system',
      `${why}: nothing to advance, the visa case refunded the trip's price already`,
    );
    return;
  }
  const advance = platformAdvance(engine, total, why, typeState(engine));
  if (!advance) return;
  engine.record('platform_decision', 'system', `${why}: the platform advances the refund to the member`);
  try {
    compensation.propose(
      engine,
      'advance_refund',
      { amount: advance.amount, currency: 'CNY' },
      `${why}; recovered from the merchant later${advance.rest}`,
      'system',
    );
  } catch (err) {
    engine.record('platform_decision', 'system', `no automatic advance refund: ${(err as Error).message}`);
  }
}
