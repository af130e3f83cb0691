/**
 * DOMAIN.md, case type `travel_cancellation`: a late penalty becomes a `penalty_cover` proposed by `system` under
 * the approval rules once the refunds are requested, less what the manager covered of it meanwhile.
 */
import type { FaultInjector } from '../../activities/adapters/dev-edges';
import * as m from '../../workflows/messages';
import { actors } from '../support/cases';
import { texts } from '../support/case-views';
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

test('a penalty the manager covered in part while the trip settled is not paid twice: the platform covers the rest', () => {
  let release!: () => void;
  const settling = new Promise<void>((resolve) => (release = resolve));
  // the refund request waits until the manager's cover is in: the settlement is slow
  const faults: FaultInjector = {
    before: async (op) => void (op === 'requestRefund' && (await settling)),
  };
  return withWorker(suite.env, { name: 'trip-penalty-covered', faults }, async (ctx) => {
    const { h } = await openTrip(ctx, { member: { tier: 'apass_top' }, penalty: 2_000_001 });
    await h.executeUpdate(m.proposeCompensationUpdate, {
      args: [
        { actor: actors.xinyao, kind: 'penalty_cover', amount: cny(500_000), reason: 'the member asked' },
      ],
    });
    release();
    const v = await settlementDone(h);
    expect(v.compensations.map((c) => [c.id, c.kind, c.amount.amount, c.status, c.proposedBy])).toEqual([
      ['c1', 'penalty_cover', 500_000, 'executed', 'mgr-xinyao'],
      ['c2', 'penalty_cover', 1_500_001, 'executed', 'system'],
    ]);
    expect(v.ledger.paid).toEqual(cny(2_000_001));
    expect((await ctx.edges.journals.payments.calls()).map((c) => c.amount)).toEqual([
      cny(500_000),
      cny(1_500_001),
    ]);
  });
});

test('a penalty the manager covered in full while the trip settled: no second cover, unless the manager’s is rejected', () => {
  let release!: () => void;
  const settling = new Promise<void>((resolve) => (release = resolve));
  const faults: FaultInjector = {
    before: async (op) => void (op === 'requestRefund' && (await settling)),
  };
  return withWorker(suite.env, { name: 'trip-penalty-covered-all', faults }, async (ctx) => {
    const { h } = await openTrip(ctx, { penalty: AUTHORITY + 1 });
    await h.executeUpdate(m.proposeCompensationUpdate, {
      args: [
        { actor: actors.xinyao, kind: 'penalty_cover', amount: cny(AUTHORITY + 1), reason: 'as agreed' },
      ],
    });
    release();
    const v = await settlementDone(h);
    // the manager's waits for approval (above their authority); it is the penalty's cover all the same
    expect(v.compensations.map((c) => [c.id, c.status, c.proposedBy])).toEqual([
      ['c1', 'pending_approval', 'mgr-xinyao'],
    ]);
    expect(texts(v, 'platform_decision')).toEqual([
      'the late-cancellation penalty is covered already (c1); the platform proposes no other cover',
    ]);
    // the supervisor rejects the manager's cover: the platform proposes the penalty it had counted on c1 for
    const after = await h.executeUpdate(m.rejectCompensationUpdate, {
      args: [{ actor: actors.zheng, compensationId: 'c1', reason: 'the platform covers penalties itself' }],
    });
    expect(after.compensations.map((c) => [c.id, c.amount.amount, c.status, c.proposedBy])).toEqual([
      ['c1', AUTHORITY + 1, 'rejected', 'mgr-xinyao'],
      ['c2', AUTHORITY + 1, 'pending_approval', 'system'],
    ]);
  });
});
