/**
 * DOMAIN.md, case type `travel_cancellation`: everything is settled before the departure date; the departure
 * passing unsettled climbs the case once. A trip whose departure passed before its callback (a standard member's
 * 5 h callback, departure in 1 h) climbed then; when its settlement completes afterwards, the merchant has no
 * window left and the platform advances the refund at once, without climbing the case a second time for the same
 * departure.
 */
import type { CaseView } from '../../workflows/domain';
import * as m from '../../workflows/messages';
import { actors } from '../support/cases';
import { texts, waitForView } from '../support/case-views';
import { oddPolicy } from '../support/odd-policy';
import { cny, timeSkippingSuite, withWorker } from '../support/workflow-harness';

const policy = oddPolicy({ tiers: { standard: { resolutionSla: '101h' } } });
const suite = timeSkippingSuite();

test('a departure that passed before the callback climbs the case once, not again when the settlement ends', () =>
  withWorker(suite.env, { name: 'trip-departure-once' }, async (ctx) => {
    const departure = (await suite.env.currentTimeMs()) + 60 * 60_000;
    const h = await ctx.open({
      type: 'travel_cancellation',
      member: { tier: 'standard', credit: 'good' },
      policy,
      details: {
        bookingId: 'villa-5',
        merchantId: 'resort-8',
        price: cny(10_000),
        departureDate: new Date(departure).toISOString(),
        reason: 'typhoon warning',
      },
    });
    await suite.env.sleep('70m'); // past departure, within the 5 h callback SLA
    let v: CaseView = await h.query(m.caseViewQuery);
    expect(v.escalationLevel).toBe(1);
    expect(texts(v, 'departure_unsettled')).toEqual(['departure reached and the trip is not settled']);

    await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.zheng }] }); // the case is the backup's now
    v = await waitForView(h, (x) => x.compensations.length > 0, 'the advance refund');
    expect(v.compensations[0]).toMatchObject({ kind: 'advance_refund', amount: cny(10_000) });
    expect(texts(v, 'platform_decision')).toEqual([
      'the merchant did not confirm the refund before departure: the platform advances the refund to the member',
    ]);
    expect(v.escalationLevel).toBe(1);
  }));
