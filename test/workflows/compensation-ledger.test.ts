/**
 * DOMAIN.md, "Compensation": the case keeps a ledger (what was paid, to whom, who approved), and every money step
 * is idempotent: a worker that "crashes" right after the payment went through is retried and pays once.
 */
import type { CaseView, CompensationKind } from '../../workflows/domain';
import * as m from '../../workflows/messages';
import { actors } from '../support/cases';
import { failForGood, faultsOf, journalRecord } from '../support/edges';
import { entriesOf } from '../support/case-views';
import { oddPolicy } from '../support/odd-policy';
import {
  cny,
  openDispute,
  timeSkippingSuite,
  withWorker,
  type CaseHandle,
  type WorkerContext,
} from '../support/workflow-harness';
import type { FaultInjector } from '../../activities/adapters/dev-edges';

const policy = oddPolicy(); // apass: refund limit 123,457 fen, authority 45,678 fen

const suite = timeSkippingSuite();

/** A dispute past its callback (waiting on the merchant). */
const dispute = (ctx: WorkerContext): Promise<CaseHandle> =>
  openDispute(ctx, {
    policy,
    details: { orderId: 'o-1618', merchantId: 'shop-77', price: cny(654_321), issue: 'missing_part' },
  });

const propose = (h: CaseHandle, kind: CompensationKind, amount: number) =>
  h.executeUpdate(m.proposeCompensationUpdate, {
    args: [{ actor: actors.xinyao, kind, amount: cny(amount), reason: `${kind}` }],
  });
const comp = (v: CaseView, id: string) => v.compensations.find((c) => c.id === id)!;

/** Throws a retryable error from `after` once per matching operation: the money moved, then the worker "crashed". */
function crashOnceAfter(...operations: string[]): FaultInjector {
  const crashed = new Set<string>();
  return {
    after(op, input) {
      if (operations.includes(op) && !crashed.has(input.idempotencyKey)) {
        crashed.add(input.idempotencyKey);
        throw new Error(`worker lost after ${op}`);
      }
    },
  };
}

test('the ledger: paid totals, one entry per money step with payee, approver and the rail reference', () =>
  withWorker(suite.env, { name: 'ledger' }, async (ctx) => {
    const h = await dispute(ctx);
    const id = h.workflowId;
    expect(comp(await propose(h, 'instant_refund', 12_345), 'c1').status).toBe('executed');
    expect(comp(await propose(h, 'goodwill_gift', 6_789), 'c2').status).toBe('executed');
    expect(comp(await propose(h, 'penalty_cover', 4_321), 'c3').status).toBe('executed');
    expect(comp(await propose(h, 'reship', 40_000), 'c4').status).toBe('pending_approval'); // 511.10 CNY > 456.78
    await h.executeUpdate(m.approveCompensationUpdate, {
      args: [{ actor: actors.zheng, compensationId: 'c4' }],
    });
    expect(comp(await propose(h, 'substitute_purchase', 1), 'c5').status).toBe('pending_approval');
    await h.executeUpdate(m.rejectCompensationUpdate, {
      args: [{ actor: actors.zheng, compensationId: 'c5', reason: 'no' }],
    });
    const v = await propose(h, 'advance_refund', 100_000); // price refunds 1,123.45 CNY <= 1,234.57
    expect(comp(v, 'c6').status).toBe('executed');

    expect(v.ledger.paid).toEqual(cny(12_345 + 6_789 + 4_321 + 40_000 + 100_000));
    expect(v.ledger.recovered).toEqual(cny(0));
    expect(v.ledger.absorbed).toEqual(cny(0));
    expect(
      v.ledger.entries.map((e) => [
        e.compensationId,
        e.kind,
        e.direction,
        e.amount.amount,
        e.payee,
        e.approvedBy,
      ]),
    ).toEqual([
      ['c1', 'instant_refund', 'paid', 12_345, 'member:m-1041', null],
      ['c2', 'goodwill_gift', 'paid', 6_789, 'vendor:gift-desk', null],
      ['c3', 'penalty_cover', 'paid', 4_321, 'merchant:shop-77', null],
      ['c4', 'reship', 'paid', 40_000, 'merchant:shop-77', 'sup-zheng'],
      ['c6', 'advance_refund', 'paid', 100_000, 'member:m-1041', null],
    ]);
    // Each compensation names the payee its ledger entry paid (c5, rejected, the one it would have paid).
    expect(v.compensations.map((c) => [c.id, c.payee])).toEqual([
      ['c1', 'member:m-1041'],
      ['c2', 'vendor:gift-desk'],
      ['c3', 'merchant:shop-77'],
      ['c4', 'merchant:shop-77'],
      ['c5', 'vendor:personal-shopper'],
      ['c6', 'member:m-1041'],
    ]);

    // exactly one pay per executed money step, each entry's reference is the rail's receipt for that key
    const stepKeys = [
      'c1/refund member',
      'c2/buy gift',
      'c3/cover penalty',
      'c4/pay reshipment',
      'c6/refund member',
    ];
    const pays = await ctx.edges.journals.payments.calls();
    expect(pays.map((c) => [c.operation, c.key, c.duplicate])).toEqual(
      stepKeys.map((k) => ['pay', `${id}/${k}`, false]),
    );
    v.ledger.entries.forEach((entry, i) => {
      const record = journalRecord(ctx.dataDir, 'payments', `${id}/${stepKeys[i]}`);
      expect(entry.reference).toBe(record.result.reference);
      expect(entry.reference).toBe(comp(v, entry.compensationId).steps[0]!.reference);
      expect(record.call).toMatchObject({ payee: entry.payee, amount: entry.amount });
    });
    expect((await ctx.edges.journals.carrier.calls()).map((c) => [c.operation, c.key])).toEqual([
      ['ship', `${id}/c2/ship`],
      ['ship', `${id}/c4/ship`],
    ]);
  }));

test('a worker that crashes right after paying is retried and pays once: one pay, one duplicate, one ledger entry', () =>
  withWorker(suite.env, { name: 'idem-pay', faults: crashOnceAfter('pay') }, async (ctx) => {
    const h = await dispute(ctx);
    const v = await propose(h, 'instant_refund', 77_777);
    expect(comp(v, 'c1').status).toBe('executed');
    const key = `${h.workflowId}/c1/refund member`;
    expect((await ctx.edges.journals.payments.calls()).map((c) => [c.operation, c.key, c.duplicate])).toEqual(
      [
        ['pay', key, false],
        ['pay', key, true],
      ],
    );
    expect(v.ledger.paid).toEqual(cny(77_777));
    expect(v.ledger.entries).toHaveLength(1);
    expect(v.ledger.entries[0]!.reference).toBe(journalRecord(ctx.dataDir, 'payments', key).result.reference);
    expect(entriesOf(v, 'saga_step_done')).toHaveLength(1);
  }));

test('every step of a gift survives a crash after acting: pay and ship each recorded once', () =>
  withWorker(suite.env, { name: 'idem-gift', faults: crashOnceAfter('pay', 'ship') }, async (ctx) => {
    const h = await dispute(ctx);
    const v = await propose(h, 'goodwill_gift', 23_456);
    expect(comp(v, 'c1').status).toBe('executed');
    expect((await ctx.edges.journals.payments.calls()).map((c) => [c.operation, c.duplicate])).toEqual([
      ['pay', false],
      ['pay', true],
    ]);
    expect((await ctx.edges.journals.carrier.calls()).map((c) => [c.operation, c.duplicate])).toEqual([
      ['ship', false],
      ['ship', true],
    ]);
    expect(v.ledger).toMatchObject({ paid: cny(23_456) });
    expect(v.ledger.entries).toHaveLength(1);
  }));

test('an undo that crashes after reversing is retried and reverses once; the ledger nets to zero', () =>
  withWorker(
    suite.env,
    { name: 'idem-undo', faults: faultsOf(failForGood('ship', '/c1/'), crashOnceAfter('reverse')) },
    async (ctx) => {
      const h = await dispute(ctx);
      const v = await propose(h, 'goodwill_gift', 34_567);
      expect(comp(v, 'c1').status).toBe('failed');
      const id = h.workflowId;
      expect(
        (await ctx.edges.journals.payments.calls()).map((c) => [c.operation, c.key, c.duplicate]),
      ).toEqual([
        ['pay', `${id}/c1/buy gift`, false],
        ['reverse', `${id}/c1/buy gift/reverse`, false],
        ['reverse', `${id}/c1/buy gift/reverse`, true],
      ]);
      expect(v.ledger.paid).toEqual(cny(0));
      expect(v.ledger.entries.map((e) => [e.direction, e.amount.amount])).toEqual([
        ['paid', 34_567],
        ['reversed', 34_567],
      ]);
    },
  ));
