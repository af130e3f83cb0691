import type { EngineContext } from '../case-context';
import * as compensation from '../compensation';
import { makeUpAdvance, platformAdvance, type AdvanceState } from '../platform-refunds';
import type { Money } from '../domain';
import { edge } from '../edge-calls';
import { ADVANCE_BESIDE_MANAGERS_ADVANCE_PATCH } from '../patches';
import type { CaseTypeModule, Details } from './case-type';
import { answerWait, awaiting, startWait, windowDeadline, type ThirdPartyWait } from './third-party-wait';
import { policyMs } from './type-policy';

interface DisputeDetails {
  orderId: string;
  merchantId: string;
  price: Money;
  issue: string;
}
interface DisputeState extends AdvanceState {
  merchant?: ThirdPartyWait;
}

const details = (e: EngineContext) => e.view.details as unknown as DisputeDetails;
const typeState = (e: EngineContext) => e.state.typeState as DisputeState;
const of = (d: Details) => d as unknown as DisputeDetails;

/**
 * An order arrived wrong. After the callback the merchant is asked for a remedy; if it refuses or stays silent
 * past the response window, the platform decides for the member and advances a refund of the price.
 */
export const dispute: CaseTypeModule = {
  type: 'dispute',
  details: ({ z, id, positiveMoney }) =>
    z.strictObject({
      orderId: id,
      merchantId: id,
      price: positiveMoney,
      issue: z.enum(['missing_part', 'not_as_described', 'damaged', 'refused_repair', 'other']),
    }),
  policy: { merchantResponseWindow: '48h' },
  refundablePrice: (d) => of(d).price,
  payee: (d) => of(d).merchantId,
  orderRef: (d) => of(d).orderId,
  // A refund the platform's advance counted that ends without paying: the platform advances its part too.
  onCompensationRejected: (engine, comp) => makeUpAdvance(engine, comp, typeState(engine)),
  onSagaFinished(engine, saga) {
    const comp = engine.view.compensations.find((c) => c.id === saga.compensationId);
    if (comp) makeUpAdvance(engine, comp, typeState(engine));
  },

  onCallback(engine) {
    const d = details(engine);
    engine.requestEdgeCall(
      edge.requestMerchantRemedy(`ask merchant ${d.merchantId} for a remedy`, {
        idempotencyKey: `${engine.view.id}/merchant-remedy`,
        merchantId: d.merchantId,
        orderId: d.orderId,
        issue: d.issue,
      }),
      'merchant-remedy',
    );
    typeState(engine).merchant = startWait(
      engine,
      'merchant',
      policyMs(engine, 'merchantResponseWindow'),
      `merchant ${d.merchantId} asked for a remedy (${d.issue})`,
    );
  },

  expectsResponse: (engine, a) => a.party === 'merchant' && awaiting(typeState(engine).merchant, 'merchant'),

  applyThirdPartyResponse(engine, a) {
    answerWait(engine, typeState(engine).merchant!);
    if (a.outcome === 'accepted') {
      engine.record(
        'merchant_remedy',
        a.actor.id,
        'merchant accepted to remedy the order; resolve once the member has it',
      );
    } else {
      platformDecides(engine, 'the merchant refused a remedy');
    }
  },

  deadlines: (engine) =>
    windowDeadline(engine, typeState(engine).merchant, policyMs(engine, 'merchantResponseWindow'), (window) =>
      platformDecides(engine, `the merchant stayed silent for ${window}`),
    ),
};

function platformDecides(engine: EngineContext, why: string): void {
  const { credit } = engine.view.member;
  const price = details(engine).price;
  engine.record('platform_decision', 'system', `${why}: the platform decides for the member`);
  if (credit === 'restricted') {
    engine.record(
      'platform_decision',
      'system',
      'restricted credit: no automatic advance refund; the manager decides',
    );
    return;
  }
  const already = engine.view.compensations.some(
    (c) => c.kind === 'advance_refund' && c.status !== 'rejected' && c.status !== 'failed',
  );
  // The manager's own advance of part of the price left the platform's of the rest undone (platformAdvance counts it).
  if (already && !engine.versions.has(ADVANCE_BESIDE_MANAGERS_ADVANCE_PATCH)) return;
  const advance = platformAdvance(engine, price.amount, why, typeState(engine));
  if (!advance) return;
  try {
    compensation.propose(
      engine,
      'advance_refund',
      { amount: advance.amount, currency: price.currency },
      `${why}; advance refund of the price${advance.rest}, to be recovered from the merchant`,
      'system',
    );
  } catch (err) {
    engine.record('platform_decision', 'system', `no automatic advance refund: ${(err as Error).message}`);
  }
}
