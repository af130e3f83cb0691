/**
 * DOMAIN.md, "Trust and segregation of duties": a message that reaches a case without passing the API is refused
 * and changes nothing. A cancellation requested through Temporal (the Web UI's button, `temporal workflow
 * cancel`) while a refund is being paid: the payment completes once and is recorded, the case keeps running with
 * its timers, and it still ends the way the API ends a case, by its `cancel` action.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import * as m from '../../workflows/messages';
import { actors } from '../support/cases';
import { oddPolicy } from '../support/odd-policy';
import { cny, timeSkippingSuite, withWorker } from '../support/workflow-harness';

const policy = oddPolicy();
const suite = timeSkippingSuite();

test('a cancellation requested through Temporal changes nothing; the cancel action still ends the case', () =>
  withWorker(
    suite.env,
    {
      name: 'refused-cancellation',
      faults: {
        after: async (operation: string) => {
          if (operation === 'pay') await sleep(1_000);
        },
      },
    },
    async (ctx) => {
      const h = await ctx.open({ type: 'concierge', policy, details: { request: 'a table for two' } });
      await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
      const proposed = h.executeUpdate(m.proposeCompensationUpdate, {
        args: [{ actor: actors.xinyao, kind: 'instant_refund', amount: cny(12_300), reason: 'late car' }],
      });
      await sleep(300); // the payment is under way
      await h.cancel();

      const paid = await proposed;
      expect(paid.compensations[0]).toMatchObject({ id: 'c1', status: 'executed' });
      const pays = await ctx.edges.journals.payments.calls();
      expect(pays.map((c) => c.operation)).toEqual(['pay']);

      const after = await h.query(m.caseViewQuery);
      expect((await h.describe()).status.name).toBe('RUNNING');
      expect(after.status).toBe('in_progress');
      expect(after.nextDueAt).not.toBeNull();
      expect(after.timeline.map((t) => t.kind)).not.toContain('cancelled');

      const cancelled = await h.executeUpdate(m.cancelUpdate, {
        args: [{ actor: actors.app, reason: 'the member withdrew' }],
      });
      expect(cancelled.status).toBe('cancelled');
      expect((await h.result()).status).toBe('cancelled');
    },
  ));
