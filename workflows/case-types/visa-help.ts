import type { EngineContext } from '../case-context';
import type { Actor, Money } from '../domain';
import { edge } from '../edge-calls';
import type { OpenCaseInput } from '../open-case-input';
import { budgetTotal } from '../approval';
import { rejectWaiting, undecidedCompensation } from '../compensation';
import { OPEN_STATUSES, PRICE_REFUND_KINDS } from '../domain';
import { laterRule, relaxedRule } from '../later-rules';
import {
  LINKED_TRIP_REFUNDS_PATCH,
  VISA_GRANTED_WHILE_MONEY_OPEN_PATCH,
  VISA_LATE_CALLBACK_PATCH,
  VISA_RESOLVED_AFTER_DECISION_PATCH,
} from '../patches';
import { invalidTransition } from '../rejection';
import { humanDuration, iso, ms } from '../time';
import type { CaseTypeModule, Details } from './case-type';
import { bookingDetails } from './trip-bookings';
import { policyMs } from './type-policy';

interface VisaDetails {
  destination: string;
  travelers: { name: string; relation: string }[];
  departureDate: string;
  visaStatus: string;
  trip?: { bookingId: string; merchantId: string; price: Money };
}
interface VisaState {
  consulate?: 'awaiting' | 'approved' | 'denied' | 'no_answer';
  tripProtected?: boolean;
  /** Granted while a compensation was undecided (the timeline's length then): resolved once none is. */
  grantedAwaitingMoney?: number;
}

const details = (e: EngineContext) => e.view.details as unknown as VisaDetails;
const typeState = (e: EngineContext) => e.state.typeState as VisaState;
const of = (d: Details) => d as unknown as VisaDetails;

/** A visa granted while a compensation was undecided is resolved `visa_granted` once none is. */
function resolveGrantedOnceSettled(engine: EngineContext): void {
  const s = typeState(engine);
  if (
    s.grantedAwaitingMoney === undefined ||
    undecidedCompensation(engine) ||
    !OPEN_STATUSES.includes(engine.view.status)
  )
    return;
  const since = engine.view.timeline.slice(s.grantedAwaitingMoney);
  delete s.grantedAwaitingMoney;
  // Resolved meanwhile by a person (then perhaps reopened): that resolution stands.
  if (since.some((e) => e.kind === 'resolved')) return;
  engine.markResolved(
    'visa_granted',
    'the consulate granted the visa; its compensations are settled',
    'system',
  );
}

/** The consulate must answer by departure minus the decision buffer. */
export function visaDecisionDeadline(engine: EngineContext): number {
  return ms(details(engine).departureDate) - policyMs(engine, 'decisionBuffer');
}

/**
 * A trip is at risk because a traveller's visa is held. After the callback a credit endorsement goes to the
 * consulate; approved -> resolved `visa_granted`; denied, or no answer by the decision deadline -> a linked
 * travel_cancellation case protects the member's money.
 */
export const visaHelp: CaseTypeModule = {
  type: 'visa_help',
  details: (kit) =>
    kit.z.strictObject({
      destination: kit.text(100),
      travelers: kit.z
        .array(kit.z.strictObject({ name: kit.text(200), relation: kit.text(50) }))
        .min(1)
        .max(20),
      departureDate: kit.dateOrDateTime,
      visaStatus: kit.z.enum(['administrative_review', 'refused', 'pending']),
      trip: bookingDetails(kit).optional(),
    }),
  policy: { decisionBuffer: '48h' },
  // The booked trip's price, when there is one; its merchant is not the case's payee (the linked cancellation's).
  refundablePrice: (d) => of(d).trip?.price ?? null,

  onCallback(engine) {
    const d = details(engine);
    const s = typeState(engine);
    // the deadline fell before the callback: the trip is already being cancelled, the consulate no longer asked
    if (s.consulate === 'no_answer' && engine.versions.has(VISA_LATE_CALLBACK_PATCH)) {
      engine.record(
        'endorsement_skipped',
        'system',
        `no credit endorsement sent: the consulate's decision deadline (${iso(visaDecisionDeadline(engine))}) passed before the callback${d.trip ? ` and the trip is being cancelled in ${engine.view.id}-trip` : ''}`,
      );
      return;
    }
    engine.requestEdgeCall(
      edge.submitConsulateEndorsement(`send credit endorsement to the ${d.destination} consulate`, {
        idempotencyKey: `${engine.view.id}/endorsement`,
        memberId: engine.view.member.id,
        destination: d.destination,
        travelers: d.travelers,
      }),
      'endorsement',
    );
    typeState(engine).consulate = 'awaiting';
    engine.view.status = 'waiting_on_third_party';
    engine.record(
      'waiting',
      'system',
      `credit endorsement prepared for the consulate; waiting for its decision until ${iso(visaDecisionDeadline(engine))} (departure minus ${humanDuration(policyMs(engine, 'decisionBuffer'))})`,
    );
  },

  // Once the trip case is open, the trip's money is settled there (it counts what this case refunded already).
  compensationRefusal(engine, kind) {
    if (!PRICE_REFUND_KINDS.includes(kind) || !typeState(engine).tripProtected || !details(engine).trip)
      return;
    return `the trip's price is refunded in its travel cancellation case ${engine.view.id}-trip, not on this case`;
  },

  expectsResponse: (engine, a) => a.party === 'consulate' && typeState(engine).consulate === 'awaiting',

  // Resolved, the case would no longer act on a denial or the deadline, and the trip it protects would stay booked.
  checkResolve(engine) {
    if (typeState(engine).consulate !== 'awaiting' || !details(engine).trip) return;
    // past it (a case reopened after its window was set aside), nothing will act any more: resolving is the way on
    if (engine.now() >= visaDecisionDeadline(engine)) return;
    laterRule(engine.versions, VISA_RESOLVED_AFTER_DECISION_PATCH, () =>
      invalidTransition(
        `the consulate's decision is awaited until ${iso(visaDecisionDeadline(engine))}: a denial, or no decision by then, cancels the booked trip in a linked case, so the case is resolved after it`,
      ),
    );
  },

  // Once refused while a compensation was undecided: meanwhile the deadline cancelled the trip of a granted visa.
  checkThirdPartyResponse(engine, a) {
    if (a.party !== 'consulate' || a.outcome !== 'approved') return;
    const open = undecidedCompensation(engine);
    if (!open) return;
    relaxedRule(engine.versions, VISA_GRANTED_WHILE_MONEY_OPEN_PATCH, () =>
      invalidTransition(
        `the visa's approval resolves the case, and compensation ${open.id} is still ${open.status}: settle it first`,
      ),
    );
  },

  applyThirdPartyResponse(engine, a) {
    engine.thirdPartyWaitOver();
    if (a.outcome === 'approved') {
      typeState(engine).consulate = 'approved';
      const granted = `the consulate granted the visa${a.note ? `: ${a.note}` : ''}`;
      const open = undecidedCompensation(engine);
      if (open && engine.versions.has(VISA_GRANTED_WHILE_MONEY_OPEN_PATCH)) {
        typeState(engine).grantedAwaitingMoney = engine.view.timeline.length;
        engine.record(
          'visa_granted',
          a.actor.id,
          `${granted}; the case is resolved visa_granted once compensation ${open.id} (${open.status}) is settled`,
        );
        return;
      }
      engine.markResolved('visa_granted', granted, a.actor.id);
    } else {
      typeState(engine).consulate = 'denied';
      protectTrip(engine, 'the consulate denied the visa');
    }
  },

  onSagaFinished: (engine) => resolveGrantedOnceSettled(engine),
  onCompensationRejected: (engine) => resolveGrantedOnceSettled(engine),

  deadlines(engine) {
    const s = typeState(engine);
    if (s.tripProtected || s.consulate === 'approved' || s.consulate === 'denied') return [];
    if (engine.view.status === 'resolved') return [];
    return [
      {
        key: 'visa-decision',
        dueAt: visaDecisionDeadline(engine),
        summary: `visa decision deadline (departure minus ${humanDuration(policyMs(engine, 'decisionBuffer'))})`,
        fire: () => {
          s.consulate = 'no_answer';
          engine.thirdPartyWaitOver();
          protectTrip(engine, 'no consulate decision by the deadline');
        },
      },
    ];
  },
};

/**
 * Who opened the trip case: whoever opened this visa case (DOMAIN.md, four eyes). A person: otherwise the manager
 * who opened the visa case could have money paid on its trip case without anyone else's approval. The platform:
 * its principal, as on the trip cases it opens itself, so that the platform's own proposals there (an advance
 * refund, a penalty cover) follow the tier's rules as they do on those, not four eyes against `system`.
 */
function linkedCaseOpener(engine: EngineContext): Actor {
  const role = engine.state.openedByRole;
  // states from before the opener's role was kept open it as the system, as they did
  return role === undefined ? { id: 'system', role: 'system' } : { id: engine.view.openedBy, role };
}

/**
 * The trip's price refunds this case paid or is paying (a payment still running, or one whose rail never
 * answered, counts: better refunded short, and told so, than twice), for the trip case to count. Those still
 * waiting for approval are rejected: the trip case decides on the rest of the price.
 */
function refundedHere(engine: EngineContext): { refundedOnVisaCase?: Money } {
  const priceRefunds = engine.view.compensations.filter((c) => PRICE_REFUND_KINDS.includes(c.kind));
  if (priceRefunds.length === 0 || !engine.versions.has(LINKED_TRIP_REFUNDS_PATCH)) return {};
  rejectWaiting(engine, {
    actor: 'system',
    why: `the trip's refunds are decided in its travel cancellation case ${engine.view.id}-trip`,
    kinds: PRICE_REFUND_KINDS,
  });
  const amount = budgetTotal(engine, true);
  return amount === 0 ? {} : { refundedOnVisaCase: { amount, currency: 'CNY' } };
}

function protectTrip(engine: EngineContext, why: string): void {
  const s = typeState(engine);
  if (s.tripProtected) return;
  s.tripProtected = true;
  const d = details(engine);
  if (!d.trip) {
    engine.record('trip_at_risk', 'system', `${why}; no booked trip on record to protect`);
    return;
  }
  const v = engine.view;
  const input: OpenCaseInput = {
    id: `${v.id}-trip`,
    type: 'travel_cancellation',
    member: v.member,
    summary: `Cancel the trip to ${d.destination}: ${why}`,
    details: {
      bookingId: d.trip.bookingId,
      merchantId: d.trip.merchantId,
      price: d.trip.price,
      departureDate: d.departureDate,
      reason: why,
      ...refundedHere(engine),
    },
    manager: v.manager,
    ladder: engine.state.ladder,
    policy: engine.state.policy,
    openedBy: linkedCaseOpener(engine),
    linkedCases: [{ id: v.id, type: 'visa_help', relation: 'opened_from' }],
    // the generation this case runs with (its own, not the code's: the same on every replay)
    ...(engine.state.generation === undefined ? {} : { generation: engine.state.generation }),
  };
  engine.record(
    'trip_at_risk',
    'system',
    `${why}; opening a travel cancellation to protect the member's money`,
  );
  engine.openLinkedCase(input, 'trip_cancellation');
}
