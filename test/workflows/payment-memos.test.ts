/**
 * DOMAIN.md, "Personal data": a compensation's reason is free text. A payment that only moves money (a refund to
 * the member, a penalty to the merchant) tells the rail which compensation of which case it pays, not why; a gift
 * or a substitute still tells the desk that buys it what to buy.
 */
import * as m from '../../workflows/messages';
import { actors } from '../support/cases';
import { waitForView } from '../support/case-views';
import { cny, timeSkippingSuite, withWorker } from '../support/workflow-harness';

const suite = timeSkippingSuite();

test("a refund's memo names the compensation and the case, not the member's story; a gift's says what to buy", () => {
  const memos: string[] = [];
  const faults = {
    after(op: string, input: { idempotencyKey: string; memo?: string }) {
      if (op === 'pay' && input.memo !== undefined) memos.push(input.memo);
    },
  };
  return withWorker(suite.env, { name: 'payment-memos', faults }, async (ctx) => {
    const h = await ctx.open({ type: 'concierge', details: { request: 'a pendant for the gala' } });
    await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
    const propose = (kind: string, reason: string) =>
      h.executeUpdate(m.proposeCompensationUpdate, {
        args: [{ actor: actors.xinyao, kind, amount: cny(10_000), reason } as never],
      });
    await propose('instant_refund', 'her mother could not travel');
    await propose('goodwill_gift', 'a silk scarf');
    await waitForView(h, (v) => v.compensations.every((c) => c.status === 'executed'), 'both paid');
    expect(memos).toEqual([
      `instant_refund c1 of case ${h.workflowId}`,
      expect.stringContaining('a silk scarf'),
    ]);
  });
});
