/**
 * An advance refund paid while the merchant was still asked for a remedy waits to be paid back by the merchant
 * (DOMAIN.md: "to be recovered from the merchant"), also once the case is resolved (docs/domain.md). The merchant's
 * "accepted" then is about paying it back: the remedy's wait ended with the resolution. It was refused (409), and
 * the advance absorbed at the close.
 */
import * as m from '../../workflows/messages';
import { RESOLVED_CASE_ANSWERS_RECOVERY_PATCH } from '../../workflows/patches';
import { waitForView } from '../support/case-views';
import { actors } from '../support/cases';
import { oddPolicy } from '../support/odd-policy';
import { patchMarkers } from '../support/patch-markers';
import { cny, openDispute, timeSkippingSuite, withWorker } from '../support/workflow-harness';

const policy = oddPolicy({ merchantResponseWindow: '19h', followUpWindow: '5d' }); // apass refund limit 1,234.57 CNY
const suite = timeSkippingSuite();

test('a merchant agreeing to pay back after the case was resolved: the advance is recovered', () =>
  withWorker(suite.env, { name: 'resolved-recovery' }, async (ctx) => {
    const h = await openDispute(ctx, { policy, details: { orderId: 'o-6060', price: cny(50_000) } });
    await waitForView(h, (x) => x.timeline.some((t) => t.kind === 'edge_done'), 'the remedy request');
    await h.executeUpdate(m.proposeCompensationUpdate, {
      args: [{ actor: actors.xinyao, kind: 'advance_refund', amount: cny(50_000), reason: 'no chain yet' }],
    });
    const paid = await waitForView(
      h,
      (v) => v.compensations[0]?.status === 'executed',
      'the advance refund to be paid',
    );
    expect(paid.compensations[0]!.recovery?.status).toBe('awaiting_merchant');
    await h.executeUpdate(m.resolveUpdate, {
      args: [{ actor: actors.xinyao, code: 'refunded', summary: 'refunded in advance' }],
    });

    const answered = await h.executeUpdate(m.thirdPartyResponseUpdate, {
      args: [{ actor: actors.xinyao, party: 'merchant', outcome: 'accepted', note: 'will pay back' }],
    });
    expect(answered.status).toBe('resolved');
    const v = await waitForView(
      h,
      (x) => x.compensations[0]?.recovery?.status === 'recovered',
      'the collection from the merchant',
    );
    expect(v.ledger).toMatchObject({ paid: cny(50_000), recovered: cny(50_000), absorbed: cny(0) });
    expect((await ctx.edges.journals.payments.calls()).map((c) => c.operation)).toEqual(['pay', 'collect']);
    const { events } = await h.fetchHistory();
    expect(patchMarkers(events ?? [])).toContain(RESOLVED_CASE_ANSWERS_RECOVERY_PATCH);
  }));
