/**
 * DOMAIN.md, case type `travel_cancellation`: a late penalty becomes a `penalty_cover` proposed by `system` under
 * the approval rules once the refunds are requested. A person's cover waits for the requests too.
 */
import type { FaultInjector } from '../../activities/adapters/dev-edges';
import * as m from '../../workflows/messages';
import { actors } from '../support/cases';
import { rejectionOf } from '../support/update-rejections';
import { cny, timeSkippingSuite, withWorker, type WorkerContext } from '../support/workflow-harness';
import { AUTHORITY, openTrip as openTripAt, settlementDone, type TripOptions } from './trip-cases';

const suite = timeSkippingSuite();
const openTrip = (ctx: WorkerContext, o: TripOptions = {}) =>
  openTripAt(ctx, () => suite.env.currentTimeMs(), o);

test('a penalty one fen above the apass authority: penalty_cover proposed by system waits; the supervisor approves', () =>
  withWorker(suite.env, { name: 'trip-penalty' }, async (ctx) => {
    const { h } = await openTrip(ctx, { penalty: AUTHORITY + 1 });
    let v = await settlementDone(h);
    expect(
      v.compensations.map((c) => [c.id, c.kind, c.amount.amount, c.status, c.proposedBy, c.payee]),
    ).toEqual([['c1', 'penalty_cover', AUTHORITY + 1, 'pending_approval', 'system', 'merchant:resort-8']]);
    expect(v.compensations[0]!.rule).toContain('exceeds the manager authority of 456.78 CNY');
    expect(await ctx.edges.journals.payments.calls()).toEqual([]);
    v = await h.executeUpdate(m.approveCompensationUpdate, {
      args: [{ actor: actors.zheng, compensationId: 'c1' }],
    });
    expect(v.compensations[0]).toMatchObject({ status: 'executed', approvedBy: 'sup-zheng' });
    expect(v.ledger.entries).toEqual([
      expect.objectContaining({
        kind: 'penalty_cover',
        amount: cny(AUTHORITY + 1),
        payee: 'merchant:resort-8',
        approvedBy: 'sup-zheng',
      }),
    ]);
  }));

test('a penalty exactly at the authority executes at once', () =>
  withWorker(suite.env, { name: 'trip-penalty-at' }, async (ctx) => {
    const { h } = await openTrip(ctx, { penalty: AUTHORITY });
    const v = await settlementDone(h);
    expect(v.compensations.map((c) => [c.kind, c.status, c.proposedBy])).toEqual([
      ['penalty_cover', 'executed', 'system'],
    ]);
    expect(v.ledger.paid).toEqual(cny(AUTHORITY));
    expect((await ctx.edges.journals.payments.calls()).map((c) => [c.operation, c.payee])).toEqual([
      ['pay', 'merchant:resort-8'],
    ]);
  }));

test('apass_top: a 20,000.01 CNY penalty is covered at once', () =>
  withWorker(suite.env, { name: 'trip-penalty-top' }, async (ctx) => {
    const { h } = await openTrip(ctx, { member: { tier: 'apass_top' }, penalty: 2_000_001 });
    const v = await settlementDone(h);
    expect(v.compensations.map((c) => [c.kind, c.amount.amount, c.status, c.proposedBy])).toEqual([
      ['penalty_cover', 2_000_001, 'executed', 'system'],
    ]);
    expect(v.compensations[0]!.rule).toMatch(/unlimited/);
    expect(v.ledger.paid).toEqual(cny(2_000_001));
  }));

/** A settlement whose refund request waits until the test releases it: the trip is being settled meanwhile. */
function slowSettlement() {
  let release!: () => void;
  const settling = new Promise<void>((resolve) => (release = resolve));
  const faults: FaultInjector = {
    before: async (op) => void (op === 'requestRefund' && (await settling)),
  };
  return { faults, release: () => release() };
}

test("a manager's penalty cover while the trip settles is refused (409), so a cancellation that undoes the settlement leaves no penalty paid; the platform covers it once the refunds are requested", () => {
  const slow = slowSettlement();
  return withWorker(suite.env, { name: 'trip-penalty-while-settling', faults: slow.faults }, async (ctx) => {
    const { h } = await openTrip(ctx, { member: { tier: 'apass_top' }, penalty: 2_000_001 });
    try {
      const refused = await rejectionOf(
        h.executeUpdate(m.proposeCompensationUpdate, {
          args: [
            { actor: actors.xinyao, kind: 'penalty_cover', amount: cny(500_000), reason: 'the member asked' },
          ],
        }),
        'invalid_transition',
      );
      expect(refused.message).toMatch(
        /^a penalty cover waits until the bookings are cancelled and the refunds requested/,
      );
      const settling = await h.query(m.caseViewQuery);
      expect(settling.compensations).toEqual([]);
    } finally {
      slow.release();
    }
    const v = await settlementDone(h);
    expect(v.compensations.map((c) => [c.id, c.kind, c.amount.amount, c.status, c.proposedBy])).toEqual([
      ['c1', 'penalty_cover', 2_000_001, 'executed', 'system'],
    ]);
    expect((await ctx.edges.journals.payments.calls()).map((c) => c.amount)).toEqual([cny(2_000_001)]);
  });
});

test('on a trip with no stated penalty, a manager covers one once the refunds are requested', () => {
  const slow = slowSettlement();
  return withWorker(suite.env, { name: 'trip-penalty-after-settling', faults: slow.faults }, async (ctx) => {
    const { h } = await openTrip(ctx);
    const cover = () =>
      h.executeUpdate(m.proposeCompensationUpdate, {
        args: [{ actor: actors.xinyao, kind: 'penalty_cover', amount: cny(AUTHORITY), reason: 'as agreed' }],
      });
    try {
      await rejectionOf(cover(), 'invalid_transition');
    } finally {
      slow.release();
    }
    await settlementDone(h);
    const v = await cover();
    expect(v.compensations.map((c) => [c.id, c.kind, c.status, c.proposedBy])).toEqual([
      ['c1', 'penalty_cover', 'executed', 'mgr-xinyao'],
    ]);
  });
});
