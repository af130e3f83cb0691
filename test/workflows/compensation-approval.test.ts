/**
 * DOMAIN.md, "Compensation": approval by a supervisor or head who is not the proposer; an approval not given
 * within the approval timeout (90 s in this odd policy) escalates the case one level, with a fresh window.
 */
import type { CaseView } from '../../workflows/domain';
import * as m from '../../workflows/messages';
import { actors, devRoster } from '../support/cases';
import { entriesOf } from '../support/case-views';
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

const policy = oddPolicy(); // approval timeout 90s, apass refund limit 123,457 fen, authority 45,678 fen

const suite = timeSkippingSuite();

/** A dispute past its callback (waiting on the merchant). */
const dispute = (ctx: WorkerContext): Promise<CaseHandle> =>
  openDispute(ctx, {
    policy,
    details: { orderId: 'o-2718', merchantId: 'shop-28', price: cny(500_000), issue: 'not_as_described' },
  });

const comp = (v: CaseView, id = 'c1') => v.compensations.find((c) => c.id === id)!;
const pays = async (ctx: WorkerContext) =>
  (await ctx.edges.journals.payments.calls()).filter((c) => c.operation === 'pay');

test('the proposer, the assignee manager and other managers may not approve; a head who did not propose may', () =>
  withWorker(suite.env, { name: 'approve-who' }, async (ctx) => {
    const h = await dispute(ctx);
    // a supervisor proposes a gift above the manager authority
    let v: CaseView = await h.executeUpdate(m.proposeCompensationUpdate, {
      args: [{ actor: actors.zheng, kind: 'goodwill_gift', amount: cny(45_679), reason: 'silk scarf' }],
    });
    expect(comp(v).status).toBe('pending_approval');
    expect(comp(v).proposedBy).toBe('sup-zheng');

    const approve = (actor: (typeof actors)[keyof typeof actors], compensationId = 'c1') =>
      h.executeUpdate(m.approveCompensationUpdate, { args: [{ actor, compensationId }] });
    expect((await rejectionOf(approve(actors.xinyao))).type).toBe('forbidden'); // the assignee, a manager
    expect((await rejectionOf(approve(actors.lin))).type).toBe('forbidden'); // another manager
    const self = await rejectionOf(approve(actors.zheng)); // the proposer, although a supervisor
    expect(self.type).toBe('forbidden');
    expect(self.message).toContain('sup-zheng');
    expect((await rejectionOf(approve(actors.dai, 'c9'))).type).toBe('not_found');
    v = await h.query(m.caseViewQuery);
    expect(comp(v).status).toBe('pending_approval');
    expect(await pays(ctx)).toHaveLength(0);

    v = await approve(actors.dai);
    expect(comp(v)).toMatchObject({
      status: 'executed',
      approvedBy: 'head-dai',
      approvalDueAt: null,
      rejectedBy: null,
    });
    expect(v.ledger.paid.amount).toBe(45_679);
    expect(v.ledger.entries).toEqual([
      expect.objectContaining({
        compensationId: 'c1',
        kind: 'goodwill_gift',
        direction: 'paid',
        amount: cny(45_679),
        payee: 'vendor:gift-desk',
        approvedBy: 'head-dai',
        reference: comp(v).steps[0]!.reference,
      }),
    ]);
    expect(entriesOf(v, 'compensation_approved').map((e) => e.actor)).toEqual(['head-dai']);
    expect((await pays(ctx)).map((c) => c.key)).toEqual([`${h.workflowId}/c1/buy gift`]);
    expect((await ctx.edges.journals.carrier.calls()).map((c) => c.operation)).toEqual(['ship']);

    // an executed compensation cannot be approved or rejected again
    expect((await rejectionOf(approve(actors.wen))).type).toBe('invalid_transition');
    expect(
      (
        await rejectionOf(
          h.executeUpdate(m.rejectCompensationUpdate, {
            args: [{ actor: actors.wen, compensationId: 'c1', reason: 'late' }],
          }),
        )
      ).type,
    ).toBe('invalid_transition');
    expect(await pays(ctx)).toHaveLength(1);
  }));

test("a manager's refund above the limit, approved by the supervisor, executes with approvedBy in view and ledger", () =>
  withWorker(suite.env, { name: 'approve-sup' }, async (ctx) => {
    const h = await dispute(ctx);
    let v: CaseView = await h.executeUpdate(m.proposeCompensationUpdate, {
      args: [{ actor: actors.xinyao, kind: 'instant_refund', amount: cny(123_458), reason: 'broken clasp' }],
    });
    expect(comp(v).status).toBe('pending_approval');
    v = await h.executeUpdate(m.approveCompensationUpdate, {
      args: [{ actor: actors.zheng, compensationId: 'c1', note: 'ok, VIP' }],
    });
    expect(comp(v)).toMatchObject({ status: 'executed', approvedBy: 'sup-zheng', note: 'ok, VIP' });
    expect(v.ledger.entries).toEqual([
      expect.objectContaining({
        direction: 'paid',
        amount: cny(123_458),
        payee: 'member:m-1041',
        approvedBy: 'sup-zheng',
      }),
    ]);
    const paid = await pays(ctx);
    expect(paid).toHaveLength(1);
    expect(paid[0]).toMatchObject({ payee: 'member:m-1041', amount: cny(123_458), duplicate: false });
  }));

test('reject: status rejected, nothing paid, no approval timer left running', () =>
  withWorker(suite.env, { name: 'approve-reject' }, async (ctx) => {
    const h = await dispute(ctx);
    await h.executeUpdate(m.proposeCompensationUpdate, {
      args: [{ actor: actors.xinyao, kind: 'advance_refund', amount: cny(200_001), reason: 'whole price' }],
    });
    expect(
      (
        await rejectionOf(
          h.executeUpdate(m.rejectCompensationUpdate, {
            args: [{ actor: actors.xinyao, compensationId: 'c1', reason: 'mine' }],
          }),
        )
      ).type,
    ).toBe('forbidden');
    let v: CaseView = await h.executeUpdate(m.rejectCompensationUpdate, {
      args: [{ actor: actors.wen, compensationId: 'c1', reason: 'repair first' }],
    });
    expect(comp(v)).toMatchObject({
      status: 'rejected',
      rejectedBy: 'sup-wen',
      approvedBy: null,
      approvalDueAt: null,
      note: 'repair first',
    });
    expect(
      (
        await rejectionOf(
          h.executeUpdate(m.approveCompensationUpdate, {
            args: [{ actor: actors.dai, compensationId: 'c1' }],
          }),
        )
      ).type,
    ).toBe('invalid_transition');
    await suite.env.sleep('200s');
    v = await h.query(m.caseViewQuery);
    expect(v.escalationLevel).toBe(0);
    expect(entriesOf(v, 'approval_overdue')).toHaveLength(0);
    expect(v.ledger).toMatchObject({ paid: cny(0), entries: [] });
    expect(await pays(ctx)).toHaveLength(0);
  }));

test('an approval not given within 90 s escalates one level each window, with a fresh window, up to the head', () =>
  withWorker(suite.env, { name: 'approve-timeout' }, async (ctx) => {
    const h = await dispute(ctx);
    let v: CaseView = await h.executeUpdate(m.proposeCompensationUpdate, {
      args: [{ actor: actors.xinyao, kind: 'goodwill_gift', amount: cny(50_000), reason: 'bouquet' }],
    });
    const proposedAt = Date.parse(comp(v).proposedAt);
    expect(Date.parse(comp(v).approvalDueAt!)).toBe(proposedAt + 90_000);

    await suite.env.sleep('80s');
    v = await h.query(m.caseViewQuery);
    expect(v.escalationLevel).toBe(0);
    expect(entriesOf(v, 'approval_overdue')).toHaveLength(0);

    await suite.env.sleep('15s'); // past 90 s
    v = await h.query(m.caseViewQuery);
    expect(v.escalationLevel).toBe(1);
    expect(v.assignee.id).toBe('mgr-lin');
    expect(entriesOf(v, 'approval_overdue').map((e) => e.text)).toEqual(['c1 waited 90s for approval']);
    const first = entriesOf(v, 'escalated');
    expect(first.map((e) => e.text)).toEqual([
      'escalated to level 1, now owned by Lin (mgr-lin): approval of c1 not given within 90s',
    ]);
    const firstAt = Date.parse(first[0]!.at);
    expect(firstAt).toBeGreaterThanOrEqual(proposedAt + 90_000);
    expect(firstAt).toBeLessThan(proposedAt + 95_000);
    // a fresh window of the same length from the escalation
    expect(Date.parse(comp(v).approvalDueAt!)).toBe(firstAt + 90_000);
    expect(comp(v).status).toBe('pending_approval');

    await suite.env.sleep('80s'); // 85 s into the second window
    v = await h.query(m.caseViewQuery);
    expect(v.escalationLevel).toBe(1);

    await suite.env.sleep('10s');
    v = await h.query(m.caseViewQuery);
    expect(v.escalationLevel).toBe(2);
    expect(v.assignee.id).toBe('sup-zheng');

    await suite.env.sleep('95s');
    v = await h.query(m.caseViewQuery);
    expect(v.escalationLevel).toBe(3);
    expect(v.assignee.id).toBe('head-dai');

    await suite.env.sleep('300s'); // never past the head
    v = await h.query(m.caseViewQuery);
    expect(v.escalationLevel).toBe(3);
    expect(entriesOf(v, 'escalated').map((e) => e.text)).toEqual([
      'escalated to level 1, now owned by Lin (mgr-lin): approval of c1 not given within 90s',
      'escalated to level 2, now owned by Zheng (sup-zheng): approval of c1 not given within 90s',
      'escalated to level 3, now owned by Dai (head-dai): approval of c1 not given within 90s',
    ]);
    const at = entriesOf(v, 'escalated').map((e) => Date.parse(e.at));
    expect(at[1]! - at[0]!).toBeGreaterThanOrEqual(90_000);
    expect(at[1]! - at[0]!).toBeLessThan(95_000);
    expect(at[2]! - at[1]!).toBeGreaterThanOrEqual(90_000);
    expect(at[2]! - at[1]!).toBeLessThan(95_000);
    expect(ctx.notifications.map((n) => [n.owner.id, n.escalationLevel, n.reason])).toEqual([
      ['mgr-xinyao', 0, 'a dispute case was opened for you'],
      ['sup-zheng', 0, 'c1 (goodwill_gift of 500.00 CNY) waits for approval'], // the approver, when proposed
      ['mgr-lin', 1, 'approval of c1 not given within 90s'],
      ['sup-zheng', 2, 'approval of c1 not given within 90s'],
      ['head-dai', 3, 'approval of c1 not given within 90s'],
    ]);

    // still approvable at the top, and the approval stops the clock
    v = await h.executeUpdate(m.approveCompensationUpdate, {
      args: [{ actor: actors.dai, compensationId: 'c1' }],
    });
    expect(comp(v)).toMatchObject({ status: 'executed', approvedBy: 'head-dai' });
    expect(v.ledger.entries[0]).toMatchObject({ approvedBy: 'head-dai', amount: cny(50_000) });
  }));

test("a reassignment to another team asks that team's supervisor to approve what waits", () =>
  withWorker(suite.env, { name: 'approve-after-reassign' }, async (ctx) => {
    const h = await dispute(ctx);
    await h.executeUpdate(m.proposeCompensationUpdate, {
      args: [{ actor: actors.xinyao, kind: 'goodwill_gift', amount: cny(45_679), reason: 'silk scarf' }],
    });
    const qiu = devRoster.ladderFor('mgr-qiu');
    await h.executeUpdate(m.reassignUpdate, {
      args: [{ actor: actors.zheng, manager: qiu[0]!, ladder: qiu, reason: 'Xinyao is on leave' }],
    });
    await ctx.notified(4);
    // The reassignment and the new request go out side by side: in either order.
    expect(ctx.notifications.map((n) => [n.trigger, n.owner.id]).sort()).toEqual([
      ['approval_request', 'sup-wen'],
      ['approval_request', 'sup-zheng'],
      ['assigned', 'mgr-xinyao'],
      ['reassignment', 'mgr-qiu'],
    ]);
    const keys = ctx.notifications.map((n) => n.idempotencyKey);
    expect(new Set(keys).size).toBe(keys.length); // the new request is keyed apart from the reassignment's
    expect(ctx.notifications.find((n) => n.owner.id === 'sup-wen')?.reason).toBe(
      'c1 (goodwill_gift of 456.79 CNY) waits for approval',
    );
    const v: CaseView = await h.executeUpdate(m.approveCompensationUpdate, {
      args: [{ actor: actors.wen, compensationId: 'c1' }],
    });
    expect(comp(v)).toMatchObject({ status: 'executed', approvedBy: 'sup-wen', payee: 'vendor:gift-desk' });
  }));

test('an approval that timed out at the top climbs again on the ladder of the manager the case is handed to', () =>
  withWorker(suite.env, { name: 'approve-timeout-reassigned' }, async (ctx) => {
    const h = await dispute(ctx);
    await h.executeUpdate(m.proposeCompensationUpdate, {
      args: [{ actor: actors.xinyao, kind: 'goodwill_gift', amount: cny(50_000), reason: 'bouquet' }],
    });
    await suite.env.sleep('400s'); // three windows up to the head, and a fourth that climbs nowhere
    let v: CaseView = await h.query(m.caseViewQuery);
    expect(v.escalationLevel).toBe(3);
    expect(entriesOf(v, 'approval_overdue')).toHaveLength(4);

    const qiu = devRoster.ladderFor('mgr-qiu');
    v = await h.executeUpdate(m.reassignUpdate, {
      args: [{ actor: actors.dai, manager: qiu[0]!, ladder: qiu, reason: 'Qiu knows the shop' }],
    });
    const reassigned = entriesOf(v, 'reassigned').at(-1)!;
    expect(reassigned.text).toMatch(/back to level 0 from level 3; fresh approval window for c1$/);
    expect(v.escalationLevel).toBe(0);
    expect(Date.parse(comp(v).approvalDueAt!)).toBe(Date.parse(reassigned.at) + 90_000);
    expect(v.nextDueAt).toBe(comp(v).approvalDueAt);

    await suite.env.sleep('95s');
    v = await h.query(m.caseViewQuery);
    expect([v.escalationLevel, v.assignee.id]).toEqual([1, 'sup-wen']);
    // Each notification has a key of its own: the reassignment's and the new approver's came with no entry between.
    const keys = ctx.notifications.map((n) => n.idempotencyKey);
    expect(new Set(keys).size).toBe(keys.length);
    expect(ctx.notifications.filter((n) => n.owner.id === 'sup-wen').map((n) => n.trigger)).toEqual([
      'approval_request',
      'escalation',
    ]);
  }));
