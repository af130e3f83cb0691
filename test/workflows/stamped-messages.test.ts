/**
 * The API stamps every case action it sends with the update it is sent as and its time of sending, sealed with
 * the arguments (api/temporal/send-stamp.ts). A case refuses, and leaves untouched, a sealed message stamped for
 * another update, one not stamped at all, and one sent before the oldest message it remembers: the copy of a
 * message it has forgotten, which it could not otherwise tell from a new one.
 */
import { APPLIED_SEALS_KEPT } from '../../workflows/sealed-input';
import * as m from '../../workflows/messages';
import { actors, openInput } from '../support/cases';
import { view } from '../support/case-views';
import { copyingClient, firstPayload, outsiderOf } from '../support/copied-payloads';
import { sendNotes } from '../support/many-notes';
import { testDataConverter } from '../support/temporal';
import { rejectionOf } from '../support/update-rejections';
import { devServerSuite, withWorker } from '../support/workflow-harness';

const suite = devServerSuite();

/** A client with the payload keys that sends what it is given as it is: no stamp added. */
const sealingOnly = () => outsiderOf(suite.env, testDataConverter);

test('arguments stamped for a note and sent as cancel are refused; the case stays open', () =>
  withWorker(suite.env, async (ctx) => {
    const h = await ctx.open();
    const before = await view(h);
    const note = {
      actor: actors.zheng,
      text: 'called the hotel',
      sent: { as: m.noteUpdate.name, at: Date.now() },
    };
    const failure = await rejectionOf(
      sealingOnly()
        .workflow.getHandle(h.workflowId)
        .executeUpdate(m.cancelUpdate.name, { args: [note] }),
      'forbidden',
    );
    expect(failure.message).toContain(`not stamped by the API for the ${m.cancelUpdate.name} action`);
    expect(await view(h)).toEqual(before);
  }));

test('a sealed action without a stamp (not sent by this API) is refused', () =>
  withWorker(suite.env, async (ctx) => {
    const h = await ctx.open();
    const failure = await rejectionOf(
      sealingOnly()
        .workflow.getHandle(h.workflowId)
        .executeUpdate(m.noteUpdate, { args: [{ actor: actors.zheng, text: 'no stamp' }] }),
      'forbidden',
    );
    expect(failure.message).toContain('not stamped by the API');
    expect((await view(h)).timeline.map((e) => e.kind)).not.toContain('note');
  }));

test('a copy of a message the case has forgotten (1,000 newer ones) is refused, under its own name or another', () =>
  withWorker(suite.env, { name: 'forgotten-seal' }, async (ctx) => {
    const input = openInput({ type: 'concierge' });
    input.historyEventsPerRun = 50_000; // one run: updates in flight at a continue-as-new are retried, slowly
    const h = await ctx.start(input);
    await h.executeUpdate(m.noteUpdate, { args: [{ actor: actors.zheng, text: 'the first note' }] });
    await sendNotes(h, APPLIED_SEALS_KEPT, (i) => ({ actor: actors.zheng, text: `note ${i}` }));
    const first = await firstPayload(h, 'update');
    const before = await view(h);
    const copied = copyingClient(suite.env, first).workflow.getHandle(h.workflowId);

    for (const name of [m.noteUpdate.name, m.cancelUpdate.name]) {
      const failure = await rejectionOf(copied.executeUpdate(name, { args: [{}] }), 'forbidden');
      expect(failure.message).toContain('not sent through the API');
    }
    const after = await view(h);
    expect(after.status).toBe(before.status);
    expect(after.timeline).toHaveLength(before.timeline.length);
  }));
