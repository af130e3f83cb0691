/**
 * DOMAIN.md, "Compensation": discretionary spend follows the manager's authority, counted over the whole case.
 * A gift whose shipment failed for good and whose payment could not be reversed left its money with the vendor:
 * it still counts, so the next gift that takes the case above the authority waits for approval.
 */
import { ApplicationFailure } from '@temporalio/common';
import * as m from '../../workflows/messages';
import { UNRECOVERED_SPEND_PATCH } from '../../workflows/patches';
import { actors } from '../support/cases';
import { texts } from '../support/case-views';
import { oddPolicy } from '../support/odd-policy';
import { patchMarkers } from '../support/patch-markers';
import { cny, timeSkippingSuite, withWorker, type CaseHandle } from '../support/workflow-harness';

const policy = oddPolicy();
/** The `apass` tier's manager authority in the odd policy is 456.78 CNY: one gift fits, two do not. */
const GIFT = 25_252;

const suite = timeSkippingSuite();

/** c1's shipment fails for good, and so does the reversal of its payment. */
const c1StrandsItsPayment = {
  before(operation: string, input: { idempotencyKey: string }) {
    if (!input.idempotencyKey.includes('/c1/')) return;
    if (operation === 'ship')
      throw ApplicationFailure.nonRetryable('carrier refused the parcel', 'EdgeRefused');
    if (operation === 'reverse')
      throw ApplicationFailure.nonRetryable('vendor keeps the money', 'EdgeRefused');
  },
};

const proposeGift = (h: CaseHandle, reason: string) =>
  h.executeUpdate(m.proposeCompensationUpdate, {
    args: [{ actor: actors.xinyao, kind: 'goodwill_gift', amount: cny(GIFT), reason }],
  });

test('a gift whose payment could not be reversed still counts against the manager authority', () =>
  withWorker(suite.env, { name: 'unrecovered-spend', faults: c1StrandsItsPayment }, async (ctx) => {
    const h = await ctx.open({ type: 'concierge', policy, details: { request: 'a bow tie for tonight' } });
    await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });

    const first = await proposeGift(h, 'silk scarf');
    const c1 = first.compensations[0]!;
    expect(c1.status).toBe('failed');
    expect(c1.steps.map((s) => [s.name, s.status])).toEqual([
      ['buy gift', 'undo_failed'],
      ['ship to member', 'failed'],
    ]);
    expect(first.ledger.paid).toEqual(cny(GIFT));
    expect(texts(first, 'compensation_failed')).toEqual([
      'c1: failed; a completed step could not be undone: its money stays out and counts against the budgets',
    ]);

    const second = await proposeGift(h, 'flowers instead');
    const c2 = second.compensations[1]!;
    expect(c2.status).toBe('pending_approval');
    expect(c2.rule).toBe(
      'discretionary spend of the case (505.04 CNY) exceeds the manager authority of 456.78 CNY',
    );
    expect(second.ledger.paid).toEqual(cny(GIFT));
    // A new rule for running cases: recorded with its marker, which only a case with money out asks for.
    const { events } = await h.fetchHistory();
    expect(patchMarkers(events ?? [])).toEqual([UNRECOVERED_SPEND_PATCH]);
  }));

test('a case whose gifts executed records no marker for the rule', () =>
  withWorker(suite.env, { name: 'recovered-spend' }, async (ctx) => {
    const h = await ctx.open({ type: 'concierge', policy, details: { request: 'a bow tie for tonight' } });
    await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
    expect((await proposeGift(h, 'silk scarf')).compensations[0]!.status).toBe('executed');
    expect((await proposeGift(h, 'flowers too')).compensations[1]!.status).toBe('pending_approval');
    const { events } = await h.fetchHistory();
    expect(patchMarkers(events ?? [])).toEqual([]);
  }));
