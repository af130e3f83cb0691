/**
 * DOMAIN.md, "Trust and segregation of duties": four eyes binds a person who opened a case. A trip case that the
 * platform's visa case opens is the platform's, like a trip case the platform opens itself: the advance refund
 * the platform then proposes follows the tier's rules (within the instant-refund limit with good credit it
 * executes at once), not four eyes against a `system` opener.
 */
import type { CaseView } from '../../workflows/domain';
import * as m from '../../workflows/messages';
import { actors } from '../support/cases';
import { caseDetails } from '../support/case-fixtures';
import { waitForView } from '../support/case-views';
import { eventually } from '../support/eventually';
import { HOUR } from '../support/clock';
import { oddPolicy } from '../support/odd-policy';
import { cny, timeSkippingSuite, withWorker } from '../support/workflow-harness';

const policy = oddPolicy(); // apass: instant-refund limit 1,234.57 CNY
const suite = timeSkippingSuite();

test("the platform's advance refund on a trip case its visa case opened executes within the tier's limit", () =>
  withWorker(suite.env, { name: 'linked-trip-trust' }, async (ctx) => {
    const departureDate = new Date((await suite.env.currentTimeMs()) + 9 * 24 * HOUR).toISOString();
    const h = await ctx.open({
      type: 'visa_help',
      policy,
      details: caseDetails('visa_help', {
        departureDate,
        trip: { bookingId: 'tour-7', merchantId: 'travel-4', price: cny(50_000) },
      }),
    });
    await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
    await h.executeUpdate(m.thirdPartyResponseUpdate, {
      args: [{ actor: actors.xinyao, party: 'consulate', outcome: 'denied' }],
    });

    const trip = suite.env.client.workflow.getHandle(`${h.workflowId}-trip`);
    await eventually('the linked trip case', () => trip.query(m.caseViewQuery));
    await trip.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
    await waitForView(trip, (v) => v.status === 'waiting_on_third_party', 'the refunds requested');
    const refused: CaseView = await trip.executeUpdate(m.thirdPartyResponseUpdate, {
      args: [{ actor: actors.xinyao, party: 'merchant', outcome: 'refused' }],
    });

    expect(refused.openedBy).toBe(actors.app.id);
    const [advance] = refused.compensations;
    expect(advance).toMatchObject({ kind: 'advance_refund', proposedBy: 'system', amount: cny(50_000) });
    expect(['executing', 'executed']).toContain(advance!.status);
    expect(advance!.rule).not.toContain('four eyes');
  }));
