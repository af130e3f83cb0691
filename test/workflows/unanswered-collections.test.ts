/**
 * DOMAIN.md, "Compensation": every advance refund paid ends recovered or absorbed, and the ledger says which. A
 * collection from the merchant whose rail collects but never answers (the answer lost) is not taken for one that
 * failed: it is asked again with the same idempotency key for nearly four days (workflows/collection-recheck.ts),
 * its recovery `collecting` meanwhile, and its receipt books the money recovered. A case that ends meanwhile asks
 * at once, so it does not absorb an advance the merchant paid back.
 */
import * as m from '../../workflows/messages';
import { RECHECK_UNANSWERED_COLLECTIONS_PATCH } from '../../workflows/patches';
import { RECHECK_AFTER_MS } from '../../workflows/saga-recheck';
import { actors } from '../support/cases';
import { texts, waitForView } from '../support/case-views';
import { eventually } from '../support/eventually';
import { oddPolicy } from '../support/odd-policy';
import { patchMarkers } from '../support/patch-markers';
import { ALL_RECHECKS, answerLost } from '../support/unanswered-edges';
import {
  cny,
  openDispute,
  timeSkippingSuite,
  withWorker,
  type CaseHandle,
  type WorkerContext,
} from '../support/workflow-harness';

const policy = oddPolicy({ merchantResponseWindow: '19h', followUpWindow: '5d' });
const PRICE = 50_000;
/** A collection's tries: twenty at first, twenty at each recheck. */
const TRIES = 20;

const suite = timeSkippingSuite();

/** A dispute whose advance refund was paid, and whose merchant then agreed to pay it back: the collection runs. */
async function collecting(ctx: WorkerContext, tries: { tries: number }): Promise<CaseHandle> {
  const h = await openDispute(ctx, { policy, details: { orderId: 'o-5151', price: cny(PRICE) } });
  await waitForView(h, (x) => x.timeline.some((t) => t.kind === 'edge_done'), 'the remedy request');
  const answer = (outcome: 'accepted' | 'refused') =>
    h.executeUpdate(m.thirdPartyResponseUpdate, {
      args: [{ actor: actors.xinyao, party: 'merchant', outcome }],
    });
  await answer('refused'); // the platform decides: an advance refund within the limit, paid at once
  await waitForView(h, (v) => v.compensations[0]?.status === 'executed', 'the advance refund');
  await answer('accepted');
  await eventually('the collection to be tried', () => tries.tries > 0);
  await suite.env.sleep('15m'); // its twenty tries back off for minutes
  return h;
}

test('a collection whose answer is lost is asked again later; its receipt at a recheck books the advance recovered', () => {
  const lost = answerLost(2 * TRIES, 'collect'); // lost until the second recheck
  return withWorker(suite.env, { name: 'collect-answers-later', faults: lost.faults }, async (ctx) => {
    const h = await collecting(ctx, lost.state);
    const waiting = await h.query(m.caseViewQuery);
    expect(waiting.compensations[0]!.recovery?.status).toBe('collecting');
    expect(texts(waiting, 'recovery_unanswered')).toEqual([
      expect.stringMatching(
        /^recover c1 from merchant got no answer in its tries: asking again at .+ \(1 of 7\)$/,
      ),
    ]);
    expect(texts(waiting, 'recovery_failed')).toEqual([]);
    expect(lost.state.tries).toBe(TRIES);

    await suite.env.sleep('2h');
    const v = await h.query(m.caseViewQuery);
    expect(v.compensations[0]!.recovery).toMatchObject({ status: 'recovered', amount: cny(PRICE) });
    expect(v.ledger).toMatchObject({ paid: cny(PRICE), recovered: cny(PRICE), absorbed: cny(0) });
    expect(lost.state.tries).toBe(2 * TRIES + 1);
    expect(texts(v, 'recovery_unanswered')).toHaveLength(2);
    const { events } = await h.fetchHistory();
    expect(patchMarkers(events ?? [])).toContain(RECHECK_UNANSWERED_COLLECTIONS_PATCH);
  });
});

test('a cancellation while a collection waits to be asked again asks at once: the merchant paid, so nothing is absorbed', () => {
  const lost = answerLost(TRIES, 'collect');
  return withWorker(suite.env, { name: 'collect-cancelled', faults: lost.faults }, async (ctx) => {
    const h = await collecting(ctx, lost.state);
    await h.executeUpdate(m.cancelUpdate, { args: [{ actor: actors.zheng, reason: 'the member withdrew' }] });
    await h.result();
    const v = await h.query(m.caseViewQuery);
    expect(v.status).toBe('cancelled');
    expect(v.compensations[0]!.recovery?.status).toBe('recovered');
    expect(v.ledger).toMatchObject({ paid: cny(PRICE), recovered: cny(PRICE), absorbed: cny(0) });
    expect(texts(v, 'absorbed')).toEqual([]);
    expect(lost.state.tries).toBe(TRIES + 1);
  });
});

test('a collection that never answers is asked again for days, then failed: it awaits the merchant, and the case end absorbs it', () => {
  const lost = answerLost(Infinity, 'collect');
  return withWorker(suite.env, { name: 'collect-never-answers', faults: lost.faults }, async (ctx) => {
    const h = await collecting(ctx, lost.state);
    await suite.env.sleep(ALL_RECHECKS);
    const first = await h.query(m.caseViewQuery);
    expect(first.compensations[0]!.recovery?.status).toBe('awaiting_merchant');
    expect(texts(first, 'recovery_unanswered')).toHaveLength(RECHECK_AFTER_MS.length);
    expect(texts(first, 'recovery_failed')).toEqual([
      expect.stringMatching(/^collecting c1 from the merchant failed: /),
    ]);
    expect(lost.state.tries).toBe(TRIES * (1 + RECHECK_AFTER_MS.length));

    // The merchant agrees again: asked under the same key, which may have collected already (never a new one).
    await h.executeUpdate(m.thirdPartyResponseUpdate, {
      args: [{ actor: actors.zheng, party: 'merchant', outcome: 'accepted' }], // the case climbed meanwhile
    });
    await eventually(
      'the collection asked again',
      () => lost.state.tries > TRIES * (1 + RECHECK_AFTER_MS.length),
    );
    const keys = new Set(
      (await ctx.edges.journals.payments.calls()).filter((c) => c.operation === 'collect').map((c) => c.key),
    );
    expect([...keys]).toEqual([`${h.workflowId}/c1/recover`]);

    await h.executeUpdate(m.cancelUpdate, { args: [{ actor: actors.zheng, reason: 'the member withdrew' }] });
    await h.result();
    const v = await h.query(m.caseViewQuery);
    expect(v.ledger).toMatchObject({ paid: cny(PRICE), recovered: cny(0), absorbed: cny(PRICE) });
  });
});

test('a cancellation while a collection waits asks at once; still unanswered, the advance is absorbed: the ledger balances', () => {
  const lost = answerLost(Infinity, 'collect');
  return withWorker(suite.env, { name: 'collect-cancel-unanswered', faults: lost.faults }, async (ctx) => {
    const h = await collecting(ctx, lost.state);
    await h.executeUpdate(m.cancelUpdate, { args: [{ actor: actors.zheng, reason: 'the member withdrew' }] });
    await h.result();
    const v = await h.query(m.caseViewQuery);
    expect(v.compensations[0]!.recovery?.status).toBe('absorbed');
    expect(v.ledger).toMatchObject({ paid: cny(PRICE), recovered: cny(0), absorbed: cny(PRICE) });
    expect(texts(v, 'absorbed')).toEqual([
      'platform absorbs 500.00 CNY of c1: collecting from the merchant failed after the case had ended',
    ]);
    expect(lost.state.tries).toBe(2 * TRIES);
  });
});
