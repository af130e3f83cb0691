/**
 * DOMAIN.md, "Compensation": two budgets kept apart. Price refunds against the tier's instant-refund limit
 * (counted over all live price refunds of the case) and the member's credit; discretionary spend against the
 * manager authority (counted over the whole case; `apass_top`: never waits). Refunds never exceed the price.
 *
 * The policy is odd on purpose: apass refund limit 1,234.57 CNY, authority 456.78 CNY; super 333.33 / 77.77.
 */
import type { Actor, CaseView, CompensationKind, Member } from '../../workflows/domain';
import * as m from '../../workflows/messages';
import { actors } from '../support/cases';
import { oddPolicy } from '../support/odd-policy';
import { rejectionOf } from '../support/update-rejections';
import {
  cny,
  openDispute,
  timeSkippingSuite,
  withWorker,
  type CaseHandle,
  type WorkerContext,
} from '../support/workflow-harness';

const policy = oddPolicy();
const REFUND_LIMIT = 123_457; // apass
const AUTHORITY = 45_678; // apass
const PRICE = 400_000;

const suite = timeSkippingSuite();

/** A dispute past its callback (waiting on the merchant, which still allows compensation). */
const dispute = (ctx: WorkerContext, member: Partial<Member> = {}, price = PRICE): Promise<CaseHandle> =>
  openDispute(ctx, {
    policy,
    member,
    details: { orderId: 'o-3141', merchantId: 'shop-59', price: cny(price), issue: 'damaged' },
  });

function propose(h: CaseHandle, kind: CompensationKind, amount: number, actor: Actor = actors.xinyao) {
  return h.executeUpdate(m.proposeCompensationUpdate, {
    args: [{ actor, kind, amount: cny(amount), reason: `${kind} ${amount}` }],
  });
}

const statusOf = (v: CaseView, id: string) => v.compensations.find((c) => c.id === id)?.status;
const statuses = (v: CaseView) =>
  v.compensations.map((c) => `${c.id}:${c.kind}:${c.amount.amount}:${c.status}`);
const pays = async (ctx: WorkerContext) =>
  (await ctx.edges.journals.payments.calls()).filter((c) => c.operation === 'pay' && !c.duplicate);

describe('price refunds against the instant-refund limit', () => {
  test('good credit: exactly at the limit (over several refunds) executes, one fen above waits', () =>
    withWorker(suite.env, { name: 'budget-limit' }, async (ctx) => {
      const h = await dispute(ctx);
      let v = await propose(h, 'instant_refund', 100_001);
      expect(statusOf(v, 'c1')).toBe('executed');
      // advance refunds share the same budget: 100,001 + 23,456 = 123,457 = the limit exactly
      v = await propose(h, 'advance_refund', 23_456);
      expect(statusOf(v, 'c2')).toBe('executed');
      expect(v.ledger.paid.amount).toBe(REFUND_LIMIT);

      v = await propose(h, 'instant_refund', 1);
      const c3 = v.compensations.find((c) => c.id === 'c3')!;
      expect(c3.status).toBe('pending_approval');
      expect(c3.rule).toContain('1234.58 CNY');
      expect(c3.rule).toContain('1234.57 CNY');
      expect(Date.parse(c3.approvalDueAt!) - Date.parse(c3.proposedAt)).toBe(90_000);
      expect(v.ledger.paid.amount).toBe(REFUND_LIMIT);
      expect((await pays(ctx)).map((c) => (c.amount as { amount: number }).amount)).toEqual([
        100_001, 23_456,
      ]);
    }));

  test('a single refund one fen above the limit waits; pending refunds count, rejected ones stop counting', () =>
    withWorker(suite.env, { name: 'budget-live' }, async (ctx) => {
      const h = await dispute(ctx);
      let v = await propose(h, 'instant_refund', REFUND_LIMIT + 1);
      expect(statusOf(v, 'c1')).toBe('pending_approval');
      // c1 is live while it waits: even 1 fen more waits too
      v = await propose(h, 'instant_refund', 1);
      expect(statusOf(v, 'c2')).toBe('pending_approval');
      await h.executeUpdate(m.rejectCompensationUpdate, {
        args: [{ actor: actors.zheng, compensationId: 'c1', reason: 'too much' }],
      });
      v = await h.executeUpdate(m.rejectCompensationUpdate, {
        args: [{ actor: actors.zheng, compensationId: 'c2', reason: 'no' }],
      });
      expect(statuses(v)).toEqual([
        `c1:instant_refund:${REFUND_LIMIT + 1}:rejected`,
        'c2:instant_refund:1:rejected',
      ]);
      // nothing live any more: exactly the limit executes
      v = await propose(h, 'instant_refund', REFUND_LIMIT);
      expect(statusOf(v, 'c3')).toBe('executed');
      expect(v.ledger.paid.amount).toBe(REFUND_LIMIT);
      expect((await pays(ctx)).length).toBe(1);
    }));

  test('fair credit behaves like good credit', () =>
    withWorker(suite.env, { name: 'budget-fair' }, async (ctx) => {
      const h = await dispute(ctx, { credit: 'fair' });
      let v = await propose(h, 'instant_refund', REFUND_LIMIT);
      expect(statusOf(v, 'c1')).toBe('executed');
      expect(v.compensations[0]!.rule).toContain('fair credit');
      v = await propose(h, 'advance_refund', 1);
      expect(statusOf(v, 'c2')).toBe('pending_approval');
      expect(v.ledger.paid.amount).toBe(REFUND_LIMIT);
    }));

  test('restricted credit: even a 0.01 CNY refund waits for approval', () =>
    withWorker(suite.env, { name: 'budget-restricted' }, async (ctx) => {
      const h = await dispute(ctx, { credit: 'restricted' });
      let v = await propose(h, 'instant_refund', 1);
      expect(statusOf(v, 'c1')).toBe('pending_approval');
      expect(v.compensations[0]!.rule).toMatch(/restricted credit/);
      v = await propose(h, 'advance_refund', 3);
      expect(statusOf(v, 'c2')).toBe('pending_approval');
      // discretionary spend does not depend on credit
      v = await propose(h, 'goodwill_gift', 5);
      expect(statusOf(v, 'c3')).toBe('executed');
      expect(v.ledger.paid.amount).toBe(5);
      expect((await pays(ctx)).length).toBe(1);
    }));

  test('the tier decides the limit: super at 333.33 CNY', () =>
    withWorker(suite.env, { name: 'budget-super' }, async (ctx) => {
      const h = await dispute(ctx, { tier: 'super' });
      let v = await propose(h, 'instant_refund', 33_333);
      expect(statusOf(v, 'c1')).toBe('executed');
      v = await propose(h, 'instant_refund', 1);
      expect(statusOf(v, 'c2')).toBe('pending_approval');
      v = await propose(h, 'goodwill_gift', 7_777);
      expect(statusOf(v, 'c3')).toBe('executed');
      v = await propose(h, 'goodwill_gift', 1);
      expect(statusOf(v, 'c4')).toBe('pending_approval');
    }));

  test('refunds totalling more than the order price are refused with limit_exceeded, and change nothing', () =>
    withWorker(suite.env, { name: 'budget-price' }, async (ctx) => {
      const price = 98_765; // below the refund limit, so the price is what binds
      const h = await dispute(ctx, {}, price);
      let v: CaseView = await propose(h, 'instant_refund', 50_000);
      expect(statusOf(v, 'c1')).toBe('executed');
      const refused = await rejectionOf(propose(h, 'advance_refund', price - 50_000 + 1));
      expect(refused.type).toBe('limit_exceeded');
      expect(refused.message).toContain('987.66 CNY');
      v = await h.query(m.caseViewQuery);
      expect(v.compensations).toHaveLength(1);
      // exactly the price is fine
      v = await propose(h, 'advance_refund', price - 50_000);
      expect(statusOf(v, 'c2')).toBe('executed');
      expect(v.ledger.paid.amount).toBe(price);
      expect((await rejectionOf(propose(h, 'instant_refund', 1))).type).toBe('limit_exceeded');
      // discretionary spend is not capped by the price
      v = await propose(h, 'goodwill_gift', 12_345);
      expect(statusOf(v, 'c3')).toBe('executed');
      expect(v.compensations).toHaveLength(3);
    }));

  test('pending refunds count against the price too', () =>
    withWorker(suite.env, { name: 'budget-price-pending' }, async (ctx) => {
      const h = await dispute(ctx, { credit: 'restricted' }, 70_001);
      const v = await propose(h, 'instant_refund', 70_000);
      expect(statusOf(v, 'c1')).toBe('pending_approval');
      expect((await rejectionOf(propose(h, 'instant_refund', 2))).type).toBe('limit_exceeded');
      expect(statusOf(await propose(h, 'instant_refund', 1), 'c2')).toBe('pending_approval');
    }));
});

describe('discretionary spend against the manager authority', () => {
  test('two gifts that together cross the authority: the second waits; exactly at the authority executes', () =>
    withWorker(suite.env, { name: 'budget-authority' }, async (ctx) => {
      const h = await dispute(ctx);
      let v = await propose(h, 'goodwill_gift', 30_000);
      expect(statusOf(v, 'c1')).toBe('executed');
      v = await propose(h, 'goodwill_gift', AUTHORITY - 30_000 + 1);
      const c2 = v.compensations[1]!;
      expect(c2.status).toBe('pending_approval');
      expect(c2.rule).toContain('456.79 CNY');
      expect(c2.rule).toContain('456.78 CNY');
      await h.executeUpdate(m.rejectCompensationUpdate, {
        args: [{ actor: actors.zheng, compensationId: 'c2', reason: 'no' }],
      });
      v = await propose(h, 'goodwill_gift', AUTHORITY - 30_000);
      expect(statusOf(v, 'c3')).toBe('executed');
      expect(v.ledger.paid.amount).toBe(AUTHORITY);
    }));

  test('every discretionary kind shares the one authority of the case', () =>
    withWorker(suite.env, { name: 'budget-kinds' }, async (ctx) => {
      const h = await dispute(ctx);
      let v = await propose(h, 'substitute_purchase', 20_000);
      expect(statusOf(v, 'c1')).toBe('executed');
      v = await propose(h, 'reship', 15_000);
      expect(statusOf(v, 'c2')).toBe('executed');
      v = await propose(h, 'penalty_cover', AUTHORITY - 35_000);
      expect(statusOf(v, 'c3')).toBe('executed');
      v = await propose(h, 'goodwill_gift', 1);
      expect(statusOf(v, 'c4')).toBe('pending_approval');
      expect(v.ledger.paid.amount).toBe(AUTHORITY);
    }));

  test('apass_top: discretionary spend never waits, and is still recorded', () =>
    withWorker(suite.env, { name: 'budget-top' }, async (ctx) => {
      const h = await dispute(ctx, { tier: 'apass_top' });
      let v = await propose(h, 'goodwill_gift', 2_345_678);
      expect(statusOf(v, 'c1')).toBe('executed');
      expect(v.compensations[0]!.rule).toMatch(/unlimited/);
      v = await propose(h, 'penalty_cover', 3_456_789);
      expect(statusOf(v, 'c2')).toBe('executed');
      expect(v.ledger.paid.amount).toBe(2_345_678 + 3_456_789);
      expect(v.ledger.entries.map((e) => [e.kind, e.amount.amount])).toEqual([
        ['goodwill_gift', 2_345_678],
        ['penalty_cover', 3_456_789],
      ]);
      // price refunds of apass_top still follow its refund limit (12,345.67 CNY here)
      const big = await dispute(ctx, { tier: 'apass_top' }, 2_000_000);
      v = await propose(big, 'instant_refund', 1_234_568);
      expect(statusOf(v, 'c1')).toBe('pending_approval');
    }));
});

describe('the two budgets are kept apart', () => {
  test('refunds up to the limit leave the whole authority, and gifts up to the authority leave the whole limit', () =>
    withWorker(suite.env, { name: 'budget-apart' }, async (ctx) => {
      const h = await dispute(ctx);
      let v = await propose(h, 'instant_refund', REFUND_LIMIT);
      expect(statusOf(v, 'c1')).toBe('executed');
      v = await propose(h, 'goodwill_gift', AUTHORITY);
      expect(statusOf(v, 'c2')).toBe('executed');
      v = await propose(h, 'instant_refund', 1);
      expect(statusOf(v, 'c3')).toBe('pending_approval');
      v = await propose(h, 'reship', 1);
      expect(statusOf(v, 'c4')).toBe('pending_approval');
      expect(v.ledger.paid.amount).toBe(REFUND_LIMIT + AUTHORITY);
    }));

  test('a big pending refund does not consume the gift authority (and a gift does not consume the refund limit)', () =>
    withWorker(suite.env, { name: 'budget-apart-2' }, async (ctx) => {
      const h = await dispute(ctx);
      let v = await propose(h, 'advance_refund', 300_000);
      expect(statusOf(v, 'c1')).toBe('pending_approval');
      v = await propose(h, 'goodwill_gift', AUTHORITY);
      expect(statusOf(v, 'c2')).toBe('executed');

      const other = await dispute(ctx);
      v = await propose(other, 'goodwill_gift', 99_999);
      expect(statusOf(v, 'c1')).toBe('pending_approval');
      v = await propose(other, 'instant_refund', REFUND_LIMIT);
      expect(statusOf(v, 'c2')).toBe('executed');
    }));
});

describe('concurrent proposals', () => {
  test('two refunds proposed at the same moment are counted together: one executes, the other waits or is refused', () =>
    withWorker(suite.env, { name: 'budget-concurrent' }, async (ctx) => {
      const h = await dispute(ctx, {}, 150_000);
      const results = await Promise.allSettled([
        propose(h, 'instant_refund', 70_000),
        propose(h, 'instant_refund', 70_000),
        propose(h, 'instant_refund', 70_000),
      ]);
      // 140,000 > the 123,457 limit: the second waits; a third would take refunds to 210,000 > the 150,000 price
      expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'fulfilled', 'rejected']);
      const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect((await rejectionOf(Promise.reject(refused.reason))).type).toBe('limit_exceeded');
      const v = await h.query(m.caseViewQuery);
      expect(statuses(v)).toEqual([
        'c1:instant_refund:70000:executed',
        'c2:instant_refund:70000:pending_approval',
      ]);
      expect((await pays(ctx)).length).toBe(1);
    }));
});
