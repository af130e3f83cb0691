import type { CaseEngine } from '../case-engine';
import type { Money } from '../domain';
import { edge } from '../edge-calls';
import type { OpenCaseInput } from '../messages';
import { humanDuration, iso, ms } from '../time';
import type { CaseTypeModule } from './case-type';

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
}

const details = (e: CaseEngine) => e.view.details as unknown as VisaDetails;
const typeState = (e: CaseEngine) => e.state.typeState as VisaState;

/** The consulate must answer by departure minus the decision buffer. */
export function visaDecisionDeadline(engine: CaseEngine): number {
  return ms(details(engine).departureDate) - engine.state.policy.visaDecisionBufferMs;
}

/**
 * A trip is at risk because a traveller's visa is held. After the callback a credit endorsement goes to the
 * consulate; approved -> resolved `visa_granted`; denied, or no answer by the decision deadline -> a linked
 * travel_cancellation case protects the member's money.
 */
export const visaHelp: CaseTypeModule = {
  type: 'visa_help',

  onCallback(engine) {
    const d = details(engine);
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
      `credit endorsement prepared for the consulate; waiting for its decision until ${iso(visaDecisionDeadline(engine))} (departure minus ${humanDuration(engine.state.policy.visaDecisionBufferMs)})`,
    );
  },

  expectsResponse: (engine, a) => a.party === 'consulate' && typeState(engine).consulate === 'awaiting',

  applyThirdPartyResponse(engine, a) {
    engine.thirdPartyWaitOver();
    if (a.outcome === 'approved') {
      typeState(engine).consulate = 'approved';
      engine.markResolved(
        'visa_granted',
        `the consulate granted the visa${a.note ? `: ${a.note}` : ''}`,
        a.actor.id,
      );
    } else {
      typeState(engine).consulate = 'denied';
      protectTrip(engine, 'the consulate denied the visa');
    }
  },

  deadlines(engine) {
    const s = typeState(engine);
    if (s.tripProtected || s.consulate === 'approved' || s.consulate === 'denied') return [];
    if (engine.view.status === 'resolved') return [];
    return [
      {
        key: 'visa-decision',
        dueAt: visaDecisionDeadline(engine),
        summary: `visa decision deadline (departure minus ${humanDuration(engine.state.policy.visaDecisionBufferMs)})`,
        fire: () => {
          s.consulate = 'no_answer';
          engine.thirdPartyWaitOver();
          protectTrip(engine, 'no consulate decision by the deadline');
        },
      },
    ];
  },
};

function protectTrip(engine: CaseEngine, why: string): void {
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
    },
    manager: v.manager,
    ladder: engine.state.ladder,
    policy: engine.state.policy,
    openedBy: { id: 'system', role: 'system' },
    linkedCases: [{ id: v.id, type: 'visa_help', relation: 'opened_from' }],
  };
  engine.record(
    'trip_at_risk',
    'system',
    `${why}; opening a travel cancellation to protect the member's money`,
  );
  engine.openLinkedCase(input, 'trip_cancellation');
}
