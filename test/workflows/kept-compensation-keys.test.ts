/**
 * A keyed proposal of compensation is applied once for the case's whole life: its key outlives the memory of the
 * newest 1,000 keys (applied-requests.ts), so a platform retrying it late pays nothing a second time.
 */
import { actionIdentity } from '../../api/cases/idempotency';
import { APPLIED_REQUESTS_KEPT } from '../../workflows/applied-requests';
import * as m from '../../workflows/messages';
import { actors, openInput } from '../support/cases';
import { operations } from '../support/edges';
import { sendNotes } from '../support/many-notes';
import { oddPolicy } from '../support/odd-policy';
import { cny, devServerSuite, withWorker } from '../support/workflow-harness';

const suite = devServerSuite();

// within the odd policy's apass instant refund limit and manager authority: executes at once
const refund = { kind: 'instant_refund' as const, amount: cny(12_345), reason: 'the car was late' };
const withKey = <B extends object>(key: string, action: string, body: B) => ({
  ...body,
  actor: actors.xinyao,
  idempotency: actionIdentity(actors.xinyao.id, key, { action, body })!,
});

test('a keyed proposal repeated after 1,000 newer keyed actions answers with its compensation and pays once', () =>
  withWorker(suite.env, { name: 'kept-keys' }, async (ctx) => {
    const input = openInput({ type: 'concierge', policy: oddPolicy() });
    input.historyEventsPerRun = 50_000; // one run: updates in flight at a continue-as-new are retried, slowly
    const h = await ctx.start(input);
    await h.executeUpdate(m.callbackUpdate, { args: [{ actor: actors.xinyao }] });
    const proposal = withKey('refund-1', 'compensations', refund);
    await h.executeUpdate(m.proposeCompensationUpdate, { args: [proposal], updateId: 'refund-first' });

    await sendNotes(h, APPLIED_REQUESTS_KEPT, (i) => withKey(`note-${i}`, 'notes', { text: 'called' }));

    const late = await h.executeUpdate(m.proposeCompensationUpdate, {
      args: [proposal],
      updateId: 'refund-late-retry',
    });
    expect(late.compensations).toEqual([expect.objectContaining({ id: 'c1', status: 'executed' })]);
    expect(late.ledger.paid).toEqual(cny(12_345));
    expect(await operations(ctx.edges.journals.payments)).toEqual(['pay']);
  }));
