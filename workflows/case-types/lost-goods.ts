import type { EngineContext } from '../case-context';
import type { Money } from '../domain';
import { edge } from '../edge-calls';
import type { CaseTypeModule, Details } from './case-type';
import { answerWait, awaiting, startWait, windowDeadline, type ThirdPartyWait } from './third-party-wait';
import { policyMs } from './type-policy';

interface LostGoodsDetails {
  orderId: string;
  merchantId: string;
  price: Money;
  carrier?: string;
  trackingNo?: string;
  neededBy?: string;
}
interface LostGoodsState {
  carrier?: ThirdPartyWait;
  outcome?: 'found' | 'lost';
}

const details = (e: EngineContext) => e.view.details as unknown as LostGoodsDetails;
const typeState = (e: EngineContext) => e.state.typeState as LostGoodsState;
const of = (d: Details) => d as unknown as LostGoodsDetails;

/**
 * An order did not arrive (or too late to be of use). After the callback the carrier traces the parcel within
 * the trace window; found -> deliver; lost (or no answer in time) -> reship, substitute purchase or refund.
 */
export const lostGoods: CaseTypeModule = {
  type: 'lost_goods',
  details: ({ z, id, positiveMoney, text, dateTime }) =>
    z.strictObject({
      orderId: id,
      merchantId: id,
      price: positiveMoney,
      carrier: text(100).optional(),
      trackingNo: text(100).optional(),
      neededBy: dateTime.optional(),
    }),
  policy: { carrierTraceWindow: '72h' },
  refundablePrice: (d) => of(d).price,
  payee: (d) => of(d).merchantId,
  orderRef: (d) => of(d).orderId,

  onCallback(engine) {
    const d = details(engine);
    engine.requestEdgeCall(
      edge.requestCarrierTrace(`ask ${d.carrier ?? 'the carrier'} to trace ${d.trackingNo ?? d.orderId}`, {
        idempotencyKey: `${engine.view.id}/carrier-trace`,
        orderId: d.orderId,
        ...(d.carrier ? { carrier: d.carrier } : {}),
        ...(d.trackingNo ? { trackingNo: d.trackingNo } : {}),
      }),
      'carrier-trace',
    );
    typeState(engine).carrier = startWait(
      engine,
      'carrier',
      policyMs(engine, 'carrierTraceWindow'),
      `trace requested for order ${d.orderId}`,
    );
  },

  expectsResponse: (engine, a) => a.party === 'carrier' && awaiting(typeState(engine).carrier, 'carrier'),

  applyThirdPartyResponse(engine, a) {
    answerWait(engine, typeState(engine).carrier!);
    if (a.outcome === 'found') {
      typeState(engine).outcome = 'found';
      const late = details(engine).neededBy;
      engine.record(
        'parcel_found',
        a.actor.id,
        `the carrier found the parcel: deliver it${late ? ` (needed by ${late}; if it cannot arrive in time, buy a substitute)` : ''}`,
      );
    } else {
      declareLost(engine, 'the carrier reports the parcel lost');
    }
  },

  deadlines: (engine) =>
    windowDeadline(engine, typeState(engine).carrier, policyMs(engine, 'carrierTraceWindow'), (window) =>
      declareLost(engine, `no trace result within ${window}`),
    ),
};

function declareLost(engine: EngineContext, why: string): void {
  typeState(engine).outcome = 'lost';
  const proof =
    engine.view.member.credit === 'good'
      ? 'good credit: no proof of non-receipt needed'
      : 'ask the member for proof of non-receipt before refunding';
  engine.record('parcel_lost', 'system', `${why}: reship, buy a substitute or refund the price; ${proof}`);
}
