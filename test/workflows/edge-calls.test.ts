/**
 * Edge calls are typed data: `edge.<activity>(name, input)` builds `{ name, op, input }` with the activity's own
 * input type, so a wrong input does not compile (the `@ts-expect-error` lines below fail `tsc` if it ever does).
 * The data keeps the shape saga steps have always had in workflow state (carried across continue-as-new).
 */
import { CaseEngine } from '../../workflows/case-engine';
import { openCase } from '../../workflows/case-opening';
import { caseTypeModule } from '../../workflows/case-types';
import { compensationPlan } from '../../workflows/compensation-plan';
import type { CompensationView } from '../../workflows/domain';
import { edge, undo, withOriginal, type EdgeCall } from '../../workflows/edge-calls';
import { openInput } from '../support/cases';

const cny = (amount: number) => ({ amount, currency: 'CNY' as const });

describe('edge calls', () => {
  it('are plain { name, op, input } data, named after their activity', () => {
    const call = edge.pay('refund member', {
      idempotencyKey: 'c/k',
      payee: 'member:m-1',
      amount: cny(100),
      memo: 'refund',
    });
    expect(JSON.parse(JSON.stringify(call))).toEqual({
      name: 'refund member',
      op: 'pay',
      input: { idempotencyKey: 'c/k', payee: 'member:m-1', amount: cny(100), memo: 'refund' },
    });
    expect(undo.cancelShipment('cancel shipment', { idempotencyKey: 'c/s' })).toEqual({
      name: 'cancel shipment',
      op: 'cancelShipment',
      input: { idempotencyKey: 'c/s' },
    });
  });

  it("an undo runs with the step's receipt as `original`, and its plan stays without it", () => {
    const planned = undo.reinstateBooking('reinstate booking b-1', {
      idempotencyKey: 'c/r',
      merchantId: 'shop-9',
      bookingId: 'b-1',
    });
    const run: EdgeCall<'reinstateBooking'> = withOriginal(planned, 'ref-7');
    expect(run).toEqual({
      name: 'reinstate booking b-1',
      op: 'reinstateBooking',
      input: { idempotencyKey: 'c/r', merchantId: 'shop-9', bookingId: 'b-1', original: 'ref-7' },
    });
    expect(planned.input).not.toHaveProperty('original');
  });

  it('a wrong input for an operation does not compile', () => {
    const bad: unknown[] = [
      // @ts-expect-error `pay` takes an amount as Money (minor units and currency), not a number.
      edge.pay('pay', { idempotencyKey: 'k', payee: 'p', amount: 100, memo: 'm' }),
      // @ts-expect-error `pay` needs a payee.
      edge.pay('pay', { idempotencyKey: 'k', amount: cny(1), memo: 'm' }),
      // @ts-expect-error `shipToMember` takes no booking.
      edge.shipToMember('ship', { idempotencyKey: 'k', memberId: 'm', item: 'i', bookingId: 'b' }),
      // @ts-expect-error the undo's `original` is the step's receipt, added when it runs.
      undo.cancelShipment('cancel', { idempotencyKey: 'k', original: 'r' }),
      {
        name: 'n',
        op: 'pay',
        // @ts-expect-error a call's input must match its op.
        input: { idempotencyKey: 'k', merchantId: 'm', bookingId: 'b' },
      } satisfies EdgeCall,
      // @ts-expect-error `pay` is not an undo: nothing to give it an `original`.
      undo.pay,
    ];
    expect(bad).toHaveLength(6);
  });
});

describe('compensationPlan', () => {
  it('a goodwill gift: pay the vendor (undo: reverse), then ship (undo: cancel), in the stored shape', () => {
    const state = openCase(openInput({ type: 'concierge' }), Date.now());
    const engine = new CaseEngine(state, caseTypeModule(state.view.type));
    const comp: CompensationView = {
      id: 'comp-1',
      kind: 'goodwill_gift',
      amount: cny(25_252),
      reason: 'silk scarf',
      status: 'executing',
      proposedBy: 'mgr-xinyao',
      proposedAt: '2026-12-02T10:00:00.000Z',
      approvedBy: 'sup-zheng',
      rejectedBy: null,
      payee: 'vendor:gift-desk',
      recovery: null,
      note: null,
      rule: 'within the manager limit',
      approvalDueAt: null,
      steps: [],
    };
    const steps = compensationPlan(engine, comp);
    const key = (name: string) => `${state.view.id}/comp-1/${name}`;
    const memberId = state.view.member.id;
    const memo = `gift for ${memberId}: silk scarf`;
    expect(JSON.parse(JSON.stringify(steps))).toEqual([
      {
        name: 'buy gift',
        op: 'pay',
        input: {
          idempotencyKey: key('buy gift'),
          payee: 'vendor:gift-desk',
          amount: cny(25_252),
          memo,
          kind: 'goodwill_gift',
        },
        undo: {
          name: 'reverse buy gift',
          op: 'reversePayment',
          input: {
            idempotencyKey: key('buy gift/reverse'),
            payee: 'vendor:gift-desk',
            amount: cny(25_252),
            memo: `reverse: ${memo}`,
          },
        },
        money: { payee: 'vendor:gift-desk', amount: cny(25_252) },
        status: 'pending',
        reference: null,
        error: null,
      },
      {
        name: 'ship to member',
        op: 'shipToMember',
        input: { idempotencyKey: key('ship'), memberId, item: 'gift: silk scarf' },
        undo: {
          name: 'cancel shipment',
          op: 'cancelShipment',
          input: { idempotencyKey: key('ship/cancel') },
        },
        status: 'pending',
        reference: null,
        error: null,
      },
    ]);
  });
});
